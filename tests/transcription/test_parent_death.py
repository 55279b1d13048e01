"""The transcription child dies with its parent: after `kill -9` of a real `echo-fieldwork transcribe`
(real base model), no decoder is left running; and chunks are handed out only as workers become free."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from echo_fieldwork.transcription import engine
from echo_fieldwork.transcription.protocol import ChunkDone, EngineOptions, Request, SegmentDecoded
from tests.conftest import REPO_ROOT
from tests.transcription.helpers import add_audio, make_session


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_killing_the_parent_ends_the_decoding_child(study, use_base_model, long_speech):
    session_id = make_session(study)
    add_audio(study, session_id, long_speech)
    folder = study.folder
    study.close()
    # After its first segment the child sleeps 40 s (the test hook standing for a long chunk being decoded,
    # when it sends nothing): only watching its parent can end it sooner.
    env = {**os.environ, "ECHO_FIELDWORK_TEST_CHILD_STALL": "slow:40"}
    parent = subprocess.Popen([sys.executable, "-m", "echo_fieldwork", "transcribe", str(folder), "E01",
                               "--language", "fr"], cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: _stored_segments(folder) > 0 or parent.poll() is not None, 300)
        assert parent.poll() is None, "the transcription ended before it could be killed"
        children = _children(parent.pid)
        assert children and all(_alive(child) for child in children)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
        # The child watches its parent every 0.2 s; the bound is generous for a loaded machine.
        assert _wait_for(lambda: not any(_alive(child) for child in children), 15), children
    finally:
        if parent.poll() is None:
            parent.kill()
        for child in _children(parent.pid):
            os.kill(child, signal.SIGKILL)


def _stored_segments(folder: Path) -> int:
    import sqlite3

    try:
        connection = sqlite3.connect(f"file:{folder / 'study.sqlite'}?mode=ro", uri=True, timeout=1)
        try:
            return connection.execute("SELECT count(*) FROM segments").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


class _Recorder:
    def __init__(self):
        self.sent = []

    def send(self, message):
        self.sent.append(message)


CHUNKED = Request((), "", "fr", 0, None, "", EngineOptions(workers=2, chunk_seconds=30))


class _CountingDecoder:
    """Stands for the Whisper model (the edge): records how many chunks are decoded at once."""

    def __init__(self, fail_at: int | None = None):
        self.active = 0
        self.most = 0
        self.started: list[int] = []
        self.fail_at = fail_at
        self.lock = __import__("threading").Lock()

    def decode_guarded(self, audio, spans, offset):
        with self.lock:
            self.active += 1
            self.most = max(self.most, self.active)
            self.started.append(offset)
        try:
            time.sleep(0.02)   # long enough for the others to start if they were queued
            if self.fail_at is not None and len(self.started) > self.fail_at:
                raise RuntimeError("decoder failed")
            yield SegmentDecoded(offset // 16, offset // 16, "")
        finally:
            with self.lock:
                self.active -= 1


@pytest.fixture
def speech_everywhere(monkeypatch):
    """Voice activity on every second of 10 minutes of audio, so the plan has many chunks."""
    import faster_whisper.vad

    spans = [{"start": s * engine.SAMPLE_RATE, "end": s * engine.SAMPLE_RATE + 12000} for s in range(600)]
    monkeypatch.setattr(faster_whisper.vad, "get_speech_timestamps", lambda audio, options: spans)
    return np.zeros(600 * engine.SAMPLE_RATE, dtype=np.float32)


def test_chunks_are_handed_out_only_to_free_workers(speech_everywhere):
    decoder, conn = _CountingDecoder(), _Recorder()
    engine._run_chunks(conn, decoder, CHUNKED, speech_everywhere, 0)
    chunks = [m for m in conn.sent if isinstance(m, ChunkDone)]
    assert len(chunks) >= 10 and len(decoder.started) == len(chunks)
    assert decoder.most <= 2
    segments = [m.start_ms for m in conn.sent if isinstance(m, SegmentDecoded)]
    assert segments == sorted(segments)


def test_no_chunk_is_started_after_a_failure(speech_everywhere):
    decoder, conn = _CountingDecoder(fail_at=1), _Recorder()
    with pytest.raises(RuntimeError):
        engine._run_chunks(conn, decoder, CHUNKED, speech_everywhere, 0)
    assert len(decoder.started) <= 4   # the two failing ones, and at most one more per worker
