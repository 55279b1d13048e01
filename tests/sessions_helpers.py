"""Helpers for the sessions/recording tests: consented participants, the PulseAudio null sink, speech.

Audio tests record from the real PulseAudio null sink `echo_test` (started by dev.sh) through PortAudio's
"pulse" device; `paplay` plays espeak-ng French speech into the sink while the app records its monitor.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.consent_helpers import ready_form

PULSE_RUNTIME_PATH = "/tmp/echo-fieldwork-pulse"
SINK = "echo_test"
DEVICE = "pulse"


def consented(study, code: str, agreed=("audio", "quotes", "contact"), role: str = "participant"):
    from echo_fieldwork.people import consent
    from echo_fieldwork.people.participants import add_participant

    participant = add_participant(study, code, role)
    if role != "interviewer":
        form = ready_form(study, "fr")
        consent.record_consent(study, participant.id, form.id, "paper", set(agreed))
    return participant


def make_session(study, code: str = "FG1", kind: str = "focus_group", attendees=("P01", "P02"),
                 interviewers=("M1",), guide_id=None):
    from echo_fieldwork.people.participants import get_by_code
    from echo_fieldwork.sessions.sessions import create_session

    for c in attendees:
        if get_by_code(study, c) is None:
            consented(study, c)
    for c in interviewers:
        if get_by_code(study, c) is None:
            consented(study, c, role="interviewer")
    return create_session(study, code, kind, "2026-11-20", "in_person", attendees=list(attendees),
                          interviewers=list(interviewers), guide_id=guide_id)


def _pulse_reachable() -> str:
    if not shutil.which("pactl") or not shutil.which("paplay"):
        return "pactl/paplay are not installed"
    env = dict(os.environ, PULSE_RUNTIME_PATH=os.environ.get("PULSE_RUNTIME_PATH", PULSE_RUNTIME_PATH))
    try:
        out = subprocess.run(["pactl", "list", "short", "sinks"], env=env, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"pactl failed: {error}"
    if out.returncode != 0:
        return "no PulseAudio server is reachable (start it with ./dev.sh test)"
    if SINK not in out.stdout:
        return f"the PulseAudio null sink {SINK!r} does not exist (start it with ./dev.sh test)"
    return ""


@pytest.fixture
def pulse(monkeypatch: pytest.MonkeyPatch) -> str:
    """Point PortAudio's pulse device at the null sink's monitor; skip when no server is reachable."""
    monkeypatch.setenv("PULSE_RUNTIME_PATH", os.environ.get("PULSE_RUNTIME_PATH", PULSE_RUNTIME_PATH))
    reason = _pulse_reachable()
    if reason:
        pytest.skip(reason)
    monkeypatch.setenv("PULSE_SOURCE", f"{SINK}.monitor")
    return DEVICE


def speech(path: Path, text: str = "Bonjour. Nous parlons aujourd’hui du programme de télémentorat, "
           "de son financement et de sa pérennité.", voice: str = "fr+m3") -> Path:
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed")
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True, capture_output=True)
    return path


def play(path: Path) -> subprocess.Popen:
    """Start playing a file into the null sink; the caller waits on the process."""
    return subprocess.Popen(["paplay", f"--device={SINK}", str(path)], stderr=subprocess.PIPE)


def play_and_wait(path: Path, attempts: int = 4) -> None:
    """Play into the null sink; the shared server may refuse a connection when busy, so try again."""
    for attempt in range(attempts):
        process = play(path)
        _out, err = process.communicate(timeout=60)
        if process.returncode == 0:
            return
        time.sleep(0.3 * (attempt + 1))  # back off before retrying a refused connection
    raise AssertionError(f"paplay failed: {err.decode(errors='replace')}")


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as reader:
        assert reader.getsampwidth() == 2 and reader.getnchannels() == 1
        return np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16), reader.getframerate()


def voiced_span_s(samples: np.ndarray, rate: int, threshold_dbfs: float = -40.0) -> float:
    """Seconds from the first to the last 20 ms window louder than the threshold."""
    window = rate // 50
    count = len(samples) // window
    if count == 0:
        return 0.0
    frames = samples[: count * window].astype(np.float32).reshape(count, window)
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    loud = np.nonzero(20 * np.log10(np.maximum(rms, 1e-9) / 32768) > threshold_dbfs)[0]
    return 0.0 if loud.size == 0 else (loud[-1] - loud[0] + 1) / 50


def rms_dbfs(samples: np.ndarray) -> float:
    x = samples.astype(np.float64)
    return 20 * np.log10(max(np.sqrt(np.mean(x * x)), 1e-9) / 32768)


def wait_until(predicate, timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def locate(reference: np.ndarray, reference_rate: int, recording: np.ndarray, rate: int) -> tuple[float, float]:
    """Where `reference` lies in `recording`: (offset in seconds, normalized correlation 0..1).

    Robust to other sound mixed in (the null sink is shared on a developer machine): a score above ~0.5
    means the recording holds that very speech, at that offset."""
    ref = np.interp(np.arange(0, len(reference), reference_rate / rate), np.arange(len(reference)),
                    reference.astype(np.float64))
    rec = recording.astype(np.float64)
    if len(rec) < len(ref):
        return 0.0, 0.0
    size = 1 << int(np.ceil(np.log2(len(rec) + len(ref))))
    corr = np.fft.irfft(np.fft.rfft(rec, size) * np.conj(np.fft.rfft(ref, size)), size)[: len(rec) - len(ref) + 1]
    energy = np.concatenate([[0.0], np.cumsum(rec * rec)])
    window = np.sqrt(np.maximum(energy[len(ref):] - energy[: len(rec) - len(ref) + 1], 1e-9))
    score = np.abs(corr) / (window * np.sqrt(np.sum(ref * ref)))
    best = int(np.argmax(score))
    return best / rate, float(score[best])


def fake_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace PortAudio's input stream by one that delivers 100 ms of silence at start: for tests about what
    happens around a recording (closing, asking); the real capture is tested with the null sink."""
    from echo_fieldwork.audio import recorder

    class FakeStream:
        def __init__(self, callback, blocksize):
            self.callback, self.blocksize = callback, blocksize

        def start(self):
            self.callback(np.zeros((self.blocksize, 1), dtype=np.int16), self.blocksize, None, None)

        def stop(self):
            pass

        def close(self):
            pass

    monkeypatch.setattr(recorder.Recorder, "_open_stream",
                        lambda self: FakeStream(self._audio_callback, self.sample_rate // 10))
