"""`echo-fieldwork transcribe` and `models`, run as the user would (a real process)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript.segments import load_segments
from tests.conftest import REPO_ROOT
from tests.transcription.helpers import add_audio, make_session

REPO = REPO_ROOT


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "LANGUAGE": "en"}
    return subprocess.run([sys.executable, "-m", "echo_fieldwork", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_transcribe_command_shows_progress_and_stores_segments(study, short_speech) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, short_speech)
    folder = study.folder
    study.close()
    done = _cli("transcribe", str(folder), "E01", "--language", "fr")
    assert done.returncode == 0, done.stderr
    assert "100%" in done.stderr and "E01" in done.stdout
    with Study.open(folder) as reopened:
        assert load_segments(reopened, session_id)
    again = _cli("transcribe", str(folder))
    assert again.returncode == 0 and "Nothing to transcribe" in again.stdout
    with Study.open(folder) as reopened:
        before = load_segments(reopened, session_id)
    stretch = _cli("transcribe", str(folder), "E01", "--range", "0:00-0:02")
    assert stretch.returncode == 0, stretch.stderr
    with Study.open(folder) as reopened:
        after = load_segments(reopened, session_id)
    assert after and {s.id for s in after}.isdisjoint({s.id for s in before if s.start_ms < 2000})
    bad = _cli("transcribe", str(folder), "E01", "--range", "later")
    assert bad.returncode == 1 and "Cannot read the time range" in bad.stderr


def test_transcribe_command_fails_clearly(study, short_speech, tmp_path) -> None:
    make_session(study)
    folder = study.folder
    study.close()
    missing = _cli("transcribe", str(folder), "E99")
    assert missing.returncode == 1 and "No session with the code E99" in missing.stderr
    no_audio = _cli("transcribe", str(folder), "E01")
    assert no_audio.returncode == 1 and "no recording" in no_audio.stderr
    bad_model = _cli("models", "add", str(tmp_path))
    assert bad_model.returncode == 1 and "not a Whisper model folder" in bad_model.stderr


def test_models_list_shows_the_default_model(use_base_model) -> None:
    listed = _cli("models", "list")
    assert listed.returncode == 0
    assert listed.stdout.startswith("base\t") and "multilingual" in listed.stdout


def test_models_add_benchmarks_the_folder(tmp_path) -> None:
    from tests.transcription.helpers import fake_model_folder

    folder = fake_model_folder(tmp_path / "large-v3")
    added = _cli("models", "add", str(folder))   # the fake engine decodes the sample
    assert added.returncode == 0, added.stderr
    assert "Model large-v3 added" in added.stdout and "Benchmarking large-v3" in added.stderr
    assert "large-v3: Transcribes 61 s of French speech in" in added.stdout
    listed = _cli("models", "list")
    assert "× real time" in listed.stdout.split("large-v3\t", 1)[1].splitlines()[0]
    assert "not measured" in listed.stdout.split("base\t", 1)[1].splitlines()[0]
    quiet = _cli("models", "add", str(fake_model_folder(tmp_path / "medium")), "--no-benchmark")
    assert quiet.returncode == 0 and "Benchmarking" not in quiet.stderr
    unknown = _cli("models", "benchmark", "huge")
    assert unknown.returncode == 1 and "No Whisper model named huge" in unknown.stderr


@pytest.mark.slow
def test_models_benchmark_with_the_base_model(use_base_model) -> None:
    done = _cli("models", "benchmark")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("base: Transcribes 61 s of French speech in") and "CPU" in done.stdout
    listed = _cli("models", "list")
    assert "× real time" in listed.stdout.split("base\t", 1)[1].splitlines()[0]
