"""Fixtures for the transcription tests (`from tests.transcription.fixtures import *`). The costly
material (the assembled base model, espeak speech) is built once per test run, whichever test file
asks first, and removed at exit."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from tests.transcription.helpers import PHRASES, espeak_wav, long_wav, wav_duration_ms


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


FAKE_SPEED = 20.0  # the fake engine plays scripts twenty times faster than real time


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _short_script() -> list[dict]:
    """The two phrases of the short clip, splitting its time by their length (as heard)."""
    total = wav_duration_ms(short_speech_path())
    first, second = PHRASES[0], PHRASES[1]
    cut = total * len(first) // (len(first) + len(second))
    return [{"start_ms": 0, "end_ms": cut, "text": first}, {"start_ms": cut, "end_ms": total, "text": second}]


def _long_script() -> list[dict]:
    """The long clip: each phrase's own duration, then the 0.8-s pause `long_wav` puts after it."""
    folder, segments, start = _work_dir() / "long", [], 0
    long_speech_path()
    for index, phrase in enumerate(PHRASES * 2):
        duration = wav_duration_ms(folder / f"p{index}.wav")
        segments.append({"start_ms": start, "end_ms": start + duration, "text": phrase})
        start += duration + 800
    return segments


@lru_cache(maxsize=None)
def _speech_scripts() -> dict[str, list[dict]]:
    """What the fake engine "hears" in the test speech: the phrases that made it, at their times."""
    return {_digest(short_speech_path()): _short_script(), _digest(long_speech_path()): _long_script()}


def fake_engine_hears(audio: Path, segments: list[dict]) -> None:
    """Teach this test's fake engine what `audio` says ({"start_ms", "end_ms", "text"} from its start)."""
    script_path = Path(os.environ["ECHO_FIELDWORK_FAKE_SCRIPT"])
    script = json.loads(script_path.read_text(encoding="utf-8"))
    script["recordings"][_digest(audio)] = segments
    script_path.write_text(json.dumps(script, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(autouse=True)
def transcription_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
                         tmp_path_factory: pytest.TempPathFactory) -> str:
    """Tests marked `slow` decode with the real Whisper model; every other test gets the fake engine,
    through the same child process and protocol, playing a script of what the test speech says."""
    if request.node.get_closest_marker("slow"):
        monkeypatch.delenv("ECHO_FIELDWORK_ENGINE", raising=False)
        monkeypatch.delenv("ECHO_FIELDWORK_FAKE_SCRIPT", raising=False)
        return "whisper"
    known = _speech_scripts() if {"short_speech", "long_speech"} & set(request.fixturenames) else {}
    script = tmp_path_factory.mktemp("fake-engine") / "script.json"
    script.write_text(json.dumps({"speed": FAKE_SPEED, "recordings": known}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("ECHO_FIELDWORK_ENGINE", "fake")
    monkeypatch.setenv("ECHO_FIELDWORK_FAKE_SCRIPT", str(script))
    return "fake"


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


__all__ = ["use_base_model", "short_speech", "long_speech", "base_model_path", "transcription_engine"]
