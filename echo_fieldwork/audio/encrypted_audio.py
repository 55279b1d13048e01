"""A recording file as the study stores it: plain WAV, or sealed (`study.sealed_audio`) when the study is
encrypted. Recording, import and repair go through here, so no path writes plain audio into an
encrypted study."""

from __future__ import annotations

from pathlib import Path

from echo_fieldwork.audio.wavfile import WavAppender, repair_wav
from echo_fieldwork.study.sealed_audio import SUFFIX, SealedAppender, is_sealed, repair_sealed
from echo_fieldwork.study.study import Study


def recording_suffix(study: Study) -> str:
    return SUFFIX if study.encrypted else ".wav"


def open_appender(study: Study, path: Path, sample_rate: int, channels: int = 1) -> WavAppender | SealedAppender:
    """A new recording file at `path` (which must not exist), sealed in an encrypted study."""
    if study.keys is not None:
        return SealedAppender(path, study.keys, sample_rate, channels)
    return WavAppender(path, sample_rate, channels)


def repair_recording(study: Study, path: Path) -> int:
    """Repair an interrupted recording, plain or sealed; return the duration kept in ms."""
    if is_sealed(path):
        if study.keys is None:
            raise ValueError("a sealed recording in a plaintext study")
        return repair_sealed(path, study.keys)
    return repair_wav(path)
