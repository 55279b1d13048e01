from __future__ import annotations

from pathlib import Path

import pytest

from tests.transcription.helpers import PHRASES, espeak_wav, long_wav


@pytest.fixture(scope="session")
def base_model_dir(tmp_path_factory) -> Path:
    """The real default model, assembled from its two packages once per test run."""
    from echo_fieldwork.models import assemble_default_model

    return assemble_default_model(tmp_path_factory.mktemp("model-store"))


@pytest.fixture
def use_base_model(base_model_dir, app_home, monkeypatch) -> Path:
    """Make this test's model store hold the assembled base model (a symlink, no copy)."""
    from echo_fieldwork.paths import model_store_dir

    link = model_store_dir() / "base"
    link.symlink_to(base_model_dir, target_is_directory=True)
    return link


@pytest.fixture(scope="session")
def short_speech(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("speech-short")
    return espeak_wav(PHRASES[0] + " " + PHRASES[1], tmp / "short.wav", tmp)


@pytest.fixture(scope="session")
def long_speech(tmp_path_factory) -> Path:
    """About 40 s of speech in phrases separated by silences."""
    tmp = tmp_path_factory.mktemp("speech-long")
    return long_wav(tmp / "long.wav", tmp, PHRASES * 2)
