"""Recording into an encrypted study: sealed as it is written, and a `kill -9` repaired by `check`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from echo_fieldwork.audio.recovery import interrupted_recordings
from echo_fieldwork.study import crypto
from echo_fieldwork.study.sealed_audio import CHUNK_SIZE, HEADER_SIZE, SLOT_SIZE, SealedReader
from echo_fieldwork.study.study import Study
from tests.audio.test_recorder import wait_until
from tests.conftest import REPO_ROOT
from tests.sessions_helpers import make_session
from tests.study.encrypted_helpers import PASSPHRASE, fast_scrypt, leaks  # noqa: F401

# A child that records from a synthetic endless device (a tone, 100 ms blocks in real time) until killed.
RECORD = textwrap.dedent("""
    import sys, time
    from echo_fieldwork.audio.recorder import Recorder
    from echo_fieldwork.study import crypto
    from echo_fieldwork.study.study import Study

    from tests.audio.tone_stream import Tone

    folder, session = sys.argv[1], int(sys.argv[2])
    crypto.unlock(folder, crypto.read_passphrase(None))
    study = Study.open(folder)
    recorder = Recorder(study, session, stream_factory=Tone(0.1))
    recorder.start()
    print(recorder.path, flush=True)
    time.sleep(600)
""")


def test_sigkill_during_an_encrypted_recording_is_repaired_by_check(tmp_path):
    study = Study.create(tmp_path / "enc", "Chiffrée", "fr", passphrase=PASSPHRASE)
    session = make_session(study, attendees=("P01",))
    folder = study.folder
    study.close()
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), **{crypto.PASSPHRASE_ENV: PASSPHRASE})
    process = subprocess.Popen([sys.executable, "-c", RECORD, str(folder), str(session.id)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip()
        assert line.endswith("FG1.efa"), process.stderr.read() if process.poll() is not None else line
        audio = folder / "audio" / "FG1.efa"
        # more than two full chunks and a flushed partial one on disk
        wait_until(lambda: audio.stat().st_size > HEADER_SIZE + 2 * SLOT_SIZE + 1000, what="audio on disk")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        on_disk = audio.stat().st_size
    finally:
        if process.poll() is None:
            process.kill()
    assert leaks(folder) == []
    crypto.forget()
    no_passphrase = {k: v for k, v in env.items() if k != crypto.PASSPHRASE_ENV}
    refused = subprocess.run([sys.executable, "-m", "echo_fieldwork", "check", str(folder)], env=no_passphrase,
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "encrypted" in refused.stderr and "Traceback" not in refused.stderr
    result = subprocess.run([sys.executable, "-m", "echo_fieldwork", "check", str(folder)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "FG1" in result.stdout and "repaired" in result.stdout
    crypto.unlock(folder, PASSPHRASE)
    with Study.open(folder) as reopened:
        status, duration_ms = reopened.db.execute("SELECT status, duration_ms FROM recordings").fetchone()
        assert status == "repaired" and interrupted_recordings(reopened) == []
        with SealedReader(audio, reopened.keys) as reader:
            assert reader.duration_ms == duration_ms
            assert reader.read_all()          # every chunk kept authenticates
        # every full chunk on disk when killed is kept (a kill, unlike a power cut, tears nothing)
        assert reader.data_bytes >= (on_disk - HEADER_SIZE) // SLOT_SIZE * CHUNK_SIZE >= 2 * CHUNK_SIZE
