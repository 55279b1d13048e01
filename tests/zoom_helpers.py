"""A Zoom-like recording folder made here: espeak-ng speech for three people, one AAC track each in
`Audio Record/` named as Zoom names them, their mix as `audio_only.m4a`, in a folder named with the date and
time, as Zoom's local recording writes it."""

from __future__ import annotations

import shutil
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.sessions_helpers import speech

FOLDER_NAME = "2026-03-05 14.30.22 Groupe de discussion 81234567890"
STARTED_AT_LOCAL = (2026, 3, 5, 14, 30, 22)
RATE = 22050   # espeak-ng's rate
LENGTH_S = 9.0

# Who says what, when (seconds from the start of the call); M1 and P01 overlap at 2.5 s.
LINES = {
    "audioSophieMartin11234567890.m4a": ("M1", "fr+f2", [(0.2, "Bienvenue à tous."), (3.0, "Merci beaucoup.")]),
    "audioMarieTremblay21234567890.m4a": ("P01", "fr+f4", [(1.6, "Je suis infirmière depuis dix ans.")]),
    "audioJeanDupuis31234567890.m4a": ("P02", "fr+m3", [(5.5, "Moi je travaille en région.")]),
}
NAMES = {"M1": "Sophie Martin", "P01": "Marie Tremblay", "P02": "Jean Dupuis"}


@dataclass
class ZoomFixture:
    folder: Path
    # per track file name: (speaker code, [(start ms, end ms, text)]) with the true times of the speech
    script: dict[str, tuple[str, list[tuple[int, int, str]]]]


def _encode(samples: np.ndarray, out: Path, tmp: Path) -> None:
    raw = tmp / (out.stem + ".wav")
    with wave.open(str(raw), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(np.clip(samples, -32768, 32767).astype("<i2").tobytes())
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(raw), "-ar", "48000", "-ac", "1", "-c:a", "aac",
                    str(out)], check=True)


def make_zoom_folder(parent: Path) -> ZoomFixture:
    if not shutil.which("ffmpeg"):
        pytest.skip("ffmpeg is not installed")
    tmp = parent / "work"
    tmp.mkdir(parents=True)
    folder = parent / FOLDER_NAME
    (folder / "Audio Record").mkdir(parents=True)
    mix = np.zeros(int(LENGTH_S * RATE), dtype=np.float64)
    script = {}
    for index, (file, (code, voice, lines)) in enumerate(LINES.items()):
        track = np.zeros_like(mix)
        timed = []
        for number, (at, text) in enumerate(lines):
            path = speech(tmp / f"{index}-{number}.wav", text, voice)
            with wave.open(str(path), "rb") as w:
                assert w.getframerate() == RATE
                voice_samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
            start = int(at * RATE)
            track[start:start + len(voice_samples)] += voice_samples[: len(track) - start]
            timed.append((int(at * 1000), int((at + len(voice_samples) / RATE) * 1000), text))
        mix += track
        _encode(track, folder / "Audio Record" / file, tmp)
        script[file] = (code, timed)
    _encode(mix * 0.6, folder / "audio_only.m4a", tmp)
    (folder / "playback.m3u").write_text("#EXTM3U\naudio_only.m4a\n", encoding="utf-8")
    shutil.rmtree(tmp)
    return ZoomFixture(folder, script)


def zoom_study(study):
    """The study's three people with their real names, and a videoconference focus group FG1."""
    from echo_fieldwork.people.identity import Identity, set_identity
    from echo_fieldwork.people.participants import get_by_code
    from echo_fieldwork.sessions.sessions import create_session
    from tests.sessions_helpers import consented

    consented(study, "P01")
    consented(study, "P02")
    consented(study, "M1", role="interviewer")
    for code, name in NAMES.items():
        set_identity(study, Identity(get_by_code(study, code).id, full_name=name))
    return create_session(study, "FG1", "focus_group", "2026-03-05", "videoconference",
                          attendees=["P01", "P02"], interviewers=["M1"])
