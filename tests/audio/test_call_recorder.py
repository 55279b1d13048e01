"""Recording a video call: the microphone and what the computer plays, each on its own track, in step.

The audio test loads two PulseAudio null sinks of its own (other engineers' runs share the server and its
`echo_test` sink): one stands for the microphone, the other for the computer's output, whose monitor is
what the call recorder records. espeak-ng speaks into each at a different time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

from echo_fieldwork.audio.call_recorder import MAX_SKEW_MS, Aligner, CallRecorder, track_speakers
from echo_fieldwork.audio.loopback import (
    CallSource,
    no_call_source_reason,
    pulse_monitor_sources,
    virtual_input_devices,
)
from echo_fieldwork.audio.recorder import RecorderCallbacks
from echo_fieldwork.audio.recovery import interrupted_recordings
from echo_fieldwork.errors import UserError
from echo_fieldwork.sessions.sessions import session_duration_ms, speaker_tracks
from echo_fieldwork.study import crypto
from echo_fieldwork.study.sealed_audio import SealedReader
from echo_fieldwork.study.study import Study
from tests.conftest import REPO_ROOT
from tests.sessions_helpers import locate, make_session, play_and_wait, read_wav, speech, wait_until
from tests.study.encrypted_helpers import PASSPHRASE, fast_scrypt, leaks  # noqa: F401

RATE = 16000


def _rows(study):
    return list(study.db.query("SELECT id, path, status, duration_ms, track_of, speaker FROM recordings ORDER BY id"))


def _envelope_db(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """Level of each 50 ms window in dBFS."""
    window = rate // 20
    count = len(samples) // window
    frames = samples[: count * window].astype(np.float64).reshape(count, window)
    return 20 * np.log10(np.maximum(np.sqrt(np.mean(frames * frames, axis=1)), 1e-9) / 32768)


# -- through PulseAudio ---------------------------------------------------------------------------------
@pytest.fixture
def call_sinks(pulse, monkeypatch):
    """Two null sinks of this test: (the microphone's, the call's); the microphone is PortAudio's pulse device
    on the first one's monitor."""
    suffix = f"{os.getpid()}_{threading.get_ident() % 10000}"
    names = (f"echo_c19_mic_{suffix}", f"echo_c19_call_{suffix}")
    modules = []
    try:
        for name in names:
            out = subprocess.run(["pactl", "load-module", "module-null-sink", f"sink_name={name}",
                                  "rate=16000", "channels=1"], capture_output=True, text=True, timeout=10)
            assert out.returncode == 0, out.stderr
            modules.append(out.stdout.strip())
        monkeypatch.setenv("PULSE_SOURCE", f"{names[0]}.monitor")
        yield names
    finally:
        for module in modules:
            subprocess.run(["pactl", "unload-module", module], capture_output=True, timeout=10)


@pytest.mark.audio
def test_the_interviewer_and_the_call_are_each_on_their_own_track(study, call_sinks, tmp_path, monkeypatch):
    import tests.sessions_helpers as helpers

    mic_sink, call_sink = call_sinks
    assert CallSource("pulse", f"{call_sink}.monitor") in pulse_monitor_sources()
    session = make_session(study, "I1", "interview", attendees=("P01",), interviewers=("M1",))
    remote = speech(tmp_path / "remote.wav", "Bonjour, je travaille en région depuis dix ans.", voice="fr+f2")
    interviewer = speech(tmp_path / "interviewer.wav", "Parlez-moi du programme de télémentorat.", voice="fr+m3")
    mic_levels, call_levels = [], []
    rec = CallRecorder(study, session.id, CallSource("pulse", f"{call_sink}.monitor"), device="pulse",
                       callbacks=RecorderCallbacks(on_level=lambda r, p, c: mic_levels.append(r),
                                                   on_call_level=lambda r, p, c: call_levels.append(r)))
    rec.start()
    assert rec.wait_for_audio(15), "no audio block arrived"
    wait_until(lambda: rec.recorded_ms >= 500, what="half a second recorded")
    monkeypatch.setattr(helpers, "SINK", call_sink)
    play_and_wait(remote)                  # the participant, heard through the computer
    after_remote = rec.recorded_ms
    wait_until(lambda: rec.recorded_ms >= after_remote + 1000, what="a second between the voices")
    monkeypatch.setattr(helpers, "SINK", mic_sink)
    play_and_wait(interviewer)             # the interviewer, into the microphone
    after_interviewer = rec.recorded_ms
    wait_until(lambda: rec.recorded_ms >= after_interviewer + 1500, what="the end of the speech on disk")
    result = rec.stop()

    rows = _rows(study)
    assert [(r["track_of"], r["speaker"], r["status"]) for r in rows] == [
        (None, "", "complete"), (result.recording_id, "M1", "complete"), (result.recording_id, "P01", "complete")]
    assert [r["path"] for r in rows] == ["audio/I1.wav", "audio/I1-mic.wav", "audio/I1-call.wav"]
    assert session_duration_ms(study, session.id) == result.duration_ms   # the tracks add nothing
    assert [t.speaker for t in speaker_tracks(study, session.id)] == ["M1", "P01"]
    mix, _ = read_wav(study.folder / "audio/I1.wav")
    mic, _ = read_wav(study.folder / "audio/I1-mic.wav")
    call, _ = read_wav(study.folder / "audio/I1-call.wav")
    assert len(mix) == len(mic) == len(call) and all(r["duration_ms"] == result.duration_ms for r in rows)

    remote_ref, remote_rate = read_wav(remote)
    interviewer_ref, interviewer_rate = read_wav(interviewer)
    remote_at, remote_score = locate(remote_ref, remote_rate, call, RATE)
    interviewer_at, interviewer_score = locate(interviewer_ref, interviewer_rate, mic, RATE)
    assert remote_score > 0.6, f"the remote voice is not on the call track ({remote_score:.2f})"
    assert interviewer_score > 0.6, f"the interviewer is not on the microphone track ({interviewer_score:.2f})"
    remote_end = remote_at + len(remote_ref) / remote_rate
    assert remote_end <= interviewer_at, "the voices are not in the order they were spoken"

    # Each voice is on its own track only: energy over time, 50 ms windows.
    mic_env, call_env = _envelope_db(mic), _envelope_db(call)
    remote_span = slice(int(remote_at * 20), int(remote_end * 20))
    interviewer_span = slice(int(interviewer_at * 20), int((interviewer_at + len(interviewer_ref) / interviewer_rate) * 20))
    assert np.percentile(call_env[remote_span], 75) > -40 and mic_env[remote_span].max() < -60
    assert np.percentile(mic_env[interviewer_span], 75) > -40 and call_env[interviewer_span].max() < -60
    # The mix holds both, where they were spoken on the tracks.
    for reference, rate, at in ((remote_ref, remote_rate, remote_at), (interviewer_ref, interviewer_rate,
                                                                        interviewer_at)):
        mix_at, score = locate(reference, rate, mix, RATE)
        assert score > 0.6 and abs(mix_at - at) < 0.01
    assert max(mic_levels) > -30 and max(call_levels) > -30


# -- synthetic inputs -----------------------------------------------------------------------------------
def test_the_aligner_keeps_two_inputs_in_step_and_fills_a_stalled_one_with_silence():
    aligner = Aligner(max_skew_frames=RATE * MAX_SKEW_MS // 1000)
    block = RATE // 10
    mic, call = aligner.add(0, np.full(block, 1, np.int16))
    assert mic.size == call.size == 0                  # nothing from the call yet: held back
    mic, call = aligner.add(1, np.full(block * 2, 2, np.int16))
    assert mic.tolist() == [1] * block and call.tolist() == [2] * block
    # The microphone stops delivering: the call goes on, the microphone is filled with silence past the skew.
    out_mic, out_call = [], []
    for _ in range(20):
        m, c = aligner.add(1, np.full(block, 2, np.int16))
        out_mic.append(m)
        out_call.append(c)
    mic, call = np.concatenate(out_mic), np.concatenate(out_call)
    assert mic.size == call.size and (call == 2).all()
    assert (mic == 0).all() and mic.size >= 20 * block - RATE * MAX_SKEW_MS // 1000 - block
    assert aligner.padded_frames[0] > 0 and aligner.padded_frames[1] == 0
    mic, call = aligner.drain()
    assert mic.size == call.size


class Blocks:
    """A stream delivering `count` blocks of a constant value when started, then nothing."""

    def __init__(self, value: int, count: int = 10, fail_on_start: bool = False):
        self.value, self.count, self.fail_on_start = value, count, fail_on_start

    def __call__(self, callback, blocksize, **kwargs):
        self.callback, self.blocksize = callback, blocksize
        return self

    def start(self):
        if self.fail_on_start:
            raise OSError("device busy")
        for _ in range(self.count):
            self.callback(np.full((self.blocksize, 1), self.value, np.int16), self.blocksize, None, None)

    def stop(self):
        pass

    def close(self):
        pass


def _mic_factory(stream: Blocks):
    def factory(samplerate, channels, dtype, device, blocksize, callback):
        return stream(callback, blocksize)
    return factory


def test_a_focus_group_call_keeps_the_mix_on_the_timeline_and_leaves_remote_speakers_to_attribute(study):
    session = make_session(study, "FG1", attendees=("P01", "P02"), interviewers=("M1",))
    assert track_speakers(study, session.id) == ("M1", "")
    rec = CallRecorder(study, session.id, CallSource("pulse", "x.monitor"), stream_factory=_mic_factory(Blocks(300)),
                       call_stream_factory=Blocks(-100))
    rec.start()
    result = rec.stop()
    rows = _rows(study)
    assert [(r["track_of"], r["speaker"]) for r in rows] == [(None, ""), (result.recording_id, "M1"),
                                                              (result.recording_id, "")]
    mix, _ = read_wav(study.folder / rows[0]["path"])
    mic, _ = read_wav(study.folder / rows[1]["path"])
    call, _ = read_wav(study.folder / rows[2]["path"])
    assert len(mix) == len(mic) == len(call) == RATE        # ten 100 ms blocks from each
    assert (mic == 300).all() and (call == -100).all() and (mix == 200).all()


def test_a_call_source_that_cannot_start_leaves_nothing_behind(study):
    session = make_session(study, attendees=("P01",))
    rec = CallRecorder(study, session.id, CallSource("pulse", "x.monitor"), stream_factory=_mic_factory(Blocks(1)),
                       call_stream_factory=Blocks(1, fail_on_start=True))
    with pytest.raises(UserError):
        rec.start()
    assert _rows(study) == [] and list(study.audio_dir.iterdir()) == []

    def no_device(**kwargs):
        raise OSError("no such source")

    rec = CallRecorder(study, session.id, CallSource("pulse", "gone.monitor"), stream_factory=_mic_factory(Blocks(1)),
                       call_stream_factory=no_device)
    with pytest.raises(UserError, match="computer's sound"):
        rec.start()
    assert _rows(study) == [] and list(study.audio_dir.iterdir()) == []


def test_virtual_devices_are_offered_on_macos_and_the_other_platforms_explain():
    found = virtual_input_devices(["MacBook Pro Microphone", "BlackHole 2ch", "Loopback Audio", "USB Mic"])
    assert [s.name for s in found] == ["BlackHole 2ch", "Loopback Audio"]
    assert "BlackHole" in no_call_source_reason("darwin")
    assert "Windows" in no_call_source_reason("win32")


# A child that records a call from two synthetic endless inputs (two tones, 100 ms blocks in real time).
RECORD_CALL = textwrap.dedent("""
    import sys, time
    from echo_fieldwork.audio.call_recorder import CallRecorder
    from echo_fieldwork.audio.loopback import CallSource
    from echo_fieldwork.study import crypto
    from echo_fieldwork.study.study import Study

    from tests.audio.tone_stream import Tone

    folder, session = sys.argv[1], int(sys.argv[2])
    crypto.unlock(folder, crypto.read_passphrase(None))
    study = Study.open(folder)
    recorder = CallRecorder(study, session, CallSource("pulse", "x.monitor"), stream_factory=Tone(0.1),
                            call_stream_factory=Tone(0.3))
    recorder.start()
    print(recorder.path, flush=True)
    time.sleep(600)
""")


def _dominant_step(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    return 2 * np.pi * int(np.argmax(spectrum)) / len(samples)


def test_a_killed_encrypted_call_recording_is_repaired_with_both_tracks_sealed(tmp_path):
    study = Study.create(tmp_path / "enc", "Chiffrée", "fr", passphrase=PASSPHRASE)
    session = make_session(study, "I1", "interview", attendees=("P01",), interviewers=("M1",))
    folder = study.folder
    study.close()
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), **{crypto.PASSPHRASE_ENV: PASSPHRASE})
    process = subprocess.Popen([sys.executable, "-c", RECORD_CALL, str(folder), str(session.id)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip()
        assert line.endswith("I1.efa"), process.stderr.read() if process.poll() is not None else line
        call_file = folder / "audio" / "I1-call.efa"
        wait_until(lambda: call_file.exists() and call_file.stat().st_size > 200_000, what="audio on disk")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert leaks(folder) == []
    result = subprocess.run([sys.executable, "-m", "echo_fieldwork", "check", str(folder)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("repaired") == 3, result.stdout
    crypto.unlock(folder, PASSPHRASE)
    with Study.open(folder) as reopened:
        rows = _rows(reopened)
        assert [r["path"] for r in rows] == ["audio/I1.efa", "audio/I1-mic.efa", "audio/I1-call.efa"]
        assert {r["status"] for r in rows} == {"repaired"} and interrupted_recordings(reopened) == []
        audio = {}
        for row in rows:
            with SealedReader(folder / row["path"], reopened.keys) as reader:
                assert reader.duration_ms == row["duration_ms"] > 1000
                audio[row["path"]] = np.frombuffer(reader.read_all(), np.int16)
    mic, call = audio["audio/I1-mic.efa"][:RATE], audio["audio/I1-call.efa"][:RATE]
    assert abs(_dominant_step(mic) - 0.1) < 0.01 and abs(_dominant_step(call) - 0.3) < 0.01
