"""The recording engine, end to end through PortAudio from the PulseAudio null sink."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import wave

import numpy as np
import pytest

from echo_fieldwork.audio import recorder as recorder_module
from echo_fieldwork.audio.recorder import Recorder, RecorderCallbacks
from echo_fieldwork.audio.recovery import interrupted_recordings, repair_interrupted
from echo_fieldwork.audio.wavfile import WavAppender, repair_wav, wav_info
from echo_fieldwork.errors import UserError
from echo_fieldwork.sessions.sessions import session_duration_ms, session_timeline
from echo_fieldwork.study.study import Study
from tests.conftest import REPO_ROOT
from tests.sessions_helpers import (
    consented,
    locate,
    make_session,
    play_and_wait,
    read_wav,
    rms_dbfs,
    speech,
    voiced_span_s,
    wait_until,
)

REPO = REPO_ROOT


def _recording_row(study, recording_id):
    return next(study.db.query("SELECT * FROM recordings WHERE id = ?", [recording_id]))


@pytest.mark.audio
def test_french_speech_played_into_the_sink_is_in_the_file(study, pulse, tmp_path):
    session = make_session(study)
    spoken = speech(tmp_path / "speech.wav")
    reference, reference_rate = read_wav(spoken)
    levels: list[float] = []
    rec = Recorder(study, session.id, device=pulse, callbacks=RecorderCallbacks(on_level=lambda r, p, c: levels.append(r)))
    rec.start()
    assert _recording_row(study, rec.recording_id)["status"] == "recording"
    assert rec.wait_for_audio(15), "no audio block arrived from the null sink monitor"
    play_and_wait(spoken)
    after_speech = rec.recorded_ms
    wait_until(lambda: rec.recorded_ms >= after_speech + 600, what="half a second after the speech")
    result = rec.stop()

    samples, rate = read_wav(result.path)
    assert rate == 16000
    row = _recording_row(study, rec.recording_id)
    assert row["status"] == "complete" and row["duration_ms"] == result.duration_ms == len(samples) * 1000 // rate
    assert session_duration_ms(study, session.id) == result.duration_ms
    assert result.overruns == row["overruns"]
    # The whole utterance is in the file, at full length, and it is that speech (not noise or silence).
    offset_s, score = locate(reference, reference_rate, samples, rate)
    assert score > 0.6, f"the speech was not found in the recording (correlation {score:.2f})"
    speech_s = len(reference) / reference_rate
    assert 0 <= offset_s and offset_s + speech_s <= len(samples) / rate
    start = int(offset_s * rate)
    heard = samples[start:start + int(speech_s * rate)]
    assert abs(voiced_span_s(heard, rate) - voiced_span_s(reference, reference_rate)) < 0.3
    assert rms_dbfs(heard) > -40, "the recording is (nearly) silent"
    assert max(levels) > -30


@pytest.mark.audio
def test_pause_writes_nothing_and_keeps_one_timeline(study, pulse):
    session = make_session(study)
    rec = Recorder(study, session.id, device=pulse)
    levels = threading.Semaphore(0)
    rec.callbacks.on_level = lambda *args: levels.release()
    rec.start()
    assert rec.wait_for_audio(15)
    wait_until(lambda: rec.recorded_ms >= 500, what="some audio")
    rec.pause()
    paused_at = rec.position_ms()
    for _ in range(8):  # blocks keep arriving (the meter stays live) but none is recorded
        assert levels.acquire(timeout=10)
    assert rec.position_ms() - paused_at <= 100  # at most the block in flight when pausing
    rec.resume()
    wait_until(lambda: rec.recorded_ms >= 1000, what="more audio")
    result = rec.stop()
    assert abs(result.duration_ms - rec.recorded_ms) <= 1
    assert wav_info(result.path)[2] == result.duration_ms
    # A second recording continues the session timeline after the first.
    second = Recorder(study, session.id, device=pulse)
    second.start()
    assert second.position_ms() == result.duration_ms
    assert second.wait_for_audio(15)
    second_result = second.stop()
    assert second_result.path != result.path
    assert session_duration_ms(study, session.id) == result.duration_ms + second_result.duration_ms
    assert [(start, duration) for _id, _path, start, duration in session_timeline(study, session.id)] == [
        (0, result.duration_ms), (result.duration_ms, second_result.duration_ms)]


@pytest.mark.audio
def test_sigkill_during_recording_is_repaired_by_check(study, pulse, tmp_path):
    session = make_session(study, attendees=("P01",))
    folder = study.folder
    study.close()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-m", "echo_fieldwork", "record", str(folder), "--session", session.code, "--device", pulse,
         "--seconds", "120"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()   # printed once the first audio block arrived
        assert "FG1" in line, process.stderr.read() if process.poll() is not None else line
        started = time.monotonic()
        audio_file = folder / "audio" / "FG1.wav"
        wait_until(lambda: audio_file.stat().st_size > 16000 * 2 * 4, what="four seconds on disk")
        process.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    recorded_s = killed - started
    result = subprocess.run([sys.executable, "-m", "echo_fieldwork", "check", str(folder)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "FG1" in result.stdout and "repaired" in result.stdout
    rate, channels, duration_ms = wav_info(audio_file)
    assert (rate, channels) == (16000, 1)
    assert duration_ms / 1000 >= recorded_s - 1.5, (duration_ms, recorded_s)
    with Study.open(folder) as reopened:
        rows = list(reopened.db.query("SELECT status, duration_ms FROM recordings"))
        assert rows == [{"status": "repaired", "duration_ms": duration_ms}]
        assert interrupted_recordings(reopened) == []
        assert repair_interrupted(reopened) == []


def test_recording_is_refused_when_an_attendee_did_not_consent_to_audio(study):
    consented(study, "P01")
    consented(study, "P02", agreed=("quotes",))
    session = make_session(study, attendees=("P01", "P02"))
    with pytest.raises(UserError) as error:
        Recorder(study, session.id, stream_factory=lambda **kw: pytest.fail("stream opened")).start()
    assert "P02" in str(error.value) and "audio" in str(error.value)
    assert list(study.audio_dir.iterdir()) == []
    assert study.db["recordings"].count == 0


class _VanishingStream:
    """A device that delivers a few blocks then goes silent forever, as when a USB microphone is unplugged
    (cannot be done to the shared null sink)."""

    def __init__(self, callback, blocksize, **kwargs):
        self.callback, self.blocksize = callback, blocksize
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        for _ in range(5):
            self.callback(np.full((self.blocksize, 1), 1000, dtype=np.int16), self.blocksize, None, None)

    def start(self):
        self.thread.start()

    def stop(self):
        raise OSError("device gone")

    def close(self):
        pass


def test_unplugged_device_stops_cleanly_and_keeps_the_audio(study, monkeypatch):
    monkeypatch.setattr(recorder_module, "STALL_SECONDS", 0.5)
    session = make_session(study)
    failures: list[str] = []
    rec = Recorder(study, session.id, stream_factory=_VanishingStream,
                   callbacks=RecorderCallbacks(on_failed=failures.append))
    rec.start()
    assert rec.wait(10)
    assert failures and "unplugged" in failures[0]
    result = rec.stop()
    assert result.duration_ms == 500 and result.failure
    assert wav_info(result.path)[2] == 500
    assert _recording_row(study, rec.recording_id)["status"] == "complete"


def test_wav_header_repair_after_a_crash(tmp_path):
    path = tmp_path / "x.wav"
    writer = WavAppender(path, 16000)
    writer.write(b"\x01\x00" * 16000)
    writer.flush()
    writer.write(b"\x02\x00" * 8000 + b"\x03")   # written after the last flush, half a sample at the end
    writer._file.flush()                          # on disk, header not updated: what a kill -9 leaves
    assert wav_info(path)[2] == 1000
    assert repair_wav(path) == 1500
    with wave.open(str(path)) as reader:
        assert reader.getnframes() == 24000
    bogus = tmp_path / "bogus.wav"
    bogus.write_bytes(b"not a wav file at all, not even close to one............")
    with pytest.raises(ValueError):
        repair_wav(bogus)


class _ScriptedStream:
    """Delivers a fixed list of blocks at once (deterministic levels; the real device is tested above)."""

    def __init__(self, blocks, callback, blocksize, **kwargs):
        self.blocks, self.callback = blocks, callback

    def start(self):
        for block in self.blocks:
            self.callback(block.reshape(-1, 1), len(block), None, None)

    def stop(self):
        pass

    def close(self):
        pass


def test_clipping_and_silence_warnings(study):
    session = make_session(study)
    loud = np.full(1600, 32767, dtype=np.int16)
    quiet = np.zeros(1600, dtype=np.int16)
    speech_like = (3000 * np.sin(np.arange(1600) / 5)).astype(np.int16)
    blocks = [loud] + [quiet] * 101 + [speech_like]   # 10.1 s of silence, then sound again
    levels, silence = [], []
    rec = Recorder(study, session.id, stream_factory=lambda callback, blocksize, **kw: _ScriptedStream(
        blocks, callback, blocksize), callbacks=RecorderCallbacks(
        on_level=lambda rms, peak, clipped: levels.append((round(rms), clipped)), on_silence=silence.append))
    rec.start()
    wait_until(lambda: len(levels) == len(blocks), what="all blocks measured")
    result = rec.stop()
    assert levels[0] == (0, True) and levels[1] == (-120, False)
    assert silence == [True, False]
    assert result.duration_ms == len(blocks) * 100


@pytest.mark.audio
def test_level_monitor_hears_the_sink_without_writing_anything(study, pulse, tmp_path):
    from echo_fieldwork.audio.recorder import LevelMonitor

    levels: list[float] = []
    monitor = LevelMonitor(device=pulse, callbacks=RecorderCallbacks(on_level=lambda r, p, c: levels.append(r)))
    monitor.start()
    try:
        wait_until(lambda: levels, what="a first level")
        play_and_wait(speech(tmp_path / "hello.wav", "Un, deux, trois, essai du microphone."))
    finally:
        monitor.stop()
    assert max(levels) > -30
    assert list(study.audio_dir.iterdir()) == []


def test_a_device_that_fails_to_start_leaves_nothing_behind(study):
    session = make_session(study)

    class BusyStream(_ScriptedStream):
        def start(self):
            raise OSError("Device unavailable")

    with pytest.raises(UserError, match="Device unavailable"):
        Recorder(study, session.id, stream_factory=lambda callback, blocksize, **kw: BusyStream(
            [], callback, blocksize)).start()
    assert study.db["recordings"].count == 0 and list(study.audio_dir.iterdir()) == []


@pytest.mark.audio
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_record_command_stops_cleanly_on_sigterm_and_ctrl_c(study, pulse, stop_signal):
    session = make_session(study, attendees=("P01",))
    folder = study.folder
    study.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "echo_fieldwork", "record", str(folder), "--session", session.code, "--device", pulse],
        env=dict(os.environ, PYTHONPATH=str(REPO)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "FG1" in process.stdout.readline()
        audio_file = folder / "audio" / "FG1.wav"
        wait_until(lambda: audio_file.stat().st_size > 16000 * 2, what="a second on disk")
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Recorded" in out
    with Study.open(folder) as reopened:
        row = next(reopened.db.query("SELECT status, duration_ms FROM recordings"))
    assert row["status"] == "complete" and row["duration_ms"] == wav_info(audio_file)[2] >= 1000
