"""Fixtures for the transcription tests (`from tests.transcription.fixtures import *`). The costly
material (the assembled base model, espeak speech) is built once per test run, whichever test file
asks first, and removed at exit."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from tests.transcription.helpers import PHRASES, espeak_wav, long_wav


@lru_cache(maxsize=None)
def _work_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="echo-transcription-tests-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@lru_cache(maxsize=None)
def base_model_path() -> Path:
    from echo_fieldwork.transcription.models import assemble_default_model

    return assemble_default_model(_work_dir() / "model-store")


@lru_cache(maxsize=None)
def short_speech_path() -> Path:
    folder = _work_dir() / "short"
    folder.mkdir()
    return espeak_wav(PHRASES[0] + " " + PHRASES[1], folder / "short.wav", folder)


@lru_cache(maxsize=None)
def long_speech_path() -> Path:
    """About 50 s: the phrases twice, separated by silences as in an interview."""
    folder = _work_dir() / "long"
    folder.mkdir()
    return long_wav(folder / "long.wav", folder, PHRASES * 2)


@pytest.fixture
def use_base_model(app_home) -> Path:
    """This test's model store holds the real base model (a symlink to the one assembled copy)."""
    from echo_fieldwork.paths import model_store_dir

    link = model_store_dir() / "base"
    link.symlink_to(base_model_path(), target_is_directory=True)
    return link


@pytest.fixture
def short_speech() -> Path:
    return short_speech_path()


@pytest.fixture
def long_speech() -> Path:
    return long_speech_path()


__all__ = ["use_base_model", "short_speech", "long_speech", "base_model_path"]
