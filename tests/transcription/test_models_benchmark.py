"""Benchmarking a model on the built-in French sample: through the real child process, timed, compared with
the sample's reference text, remembered in the settings."""

from __future__ import annotations

import threading

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.settings import Settings
from echo_fieldwork.transcription import benchmark
from echo_fieldwork.transcription.models import add_model_folder, resolve_model
from tests.transcription.fixtures import fake_engine_hears
from tests.transcription.helpers import fake_model_folder


def _sample_heard_as(text_lines: list[str]) -> None:
    """The fake engine "hears" these lines in the benchmark sample, spread over its minute."""
    step = 60_000 // len(text_lines)
    fake_engine_hears(benchmark.sample_audio(), [
        {"start_ms": i * step, "end_ms": (i + 1) * step - 500, "text": line} for i, line in enumerate(text_lines)])


def test_the_sample_ships_with_its_reference() -> None:
    from faster_whisper import decode_audio

    audio = decode_audio(str(benchmark.sample_audio()), sampling_rate=16000)
    assert 55 <= len(audio) / 16000 <= 70                       # about one minute
    assert benchmark.sample_audio().stat().st_size < 500_000     # small enough to ship
    assert len(benchmark.normalise(benchmark.sample_reference())) > 120


def test_word_error_rate() -> None:
    assert benchmark.word_error_rate("L'équipe arrive, demain.", "l équipe arrive demain") == 0
    assert benchmark.word_error_rate("un deux trois quatre", "un deux trois") == 0.25
    assert benchmark.word_error_rate("un deux trois quatre", "un deux cinq quatre six") == 0.5
    assert benchmark.word_error_rate("un deux", "") == 1.0


def test_benchmark_runs_the_child_and_remembers_the_result(settings, tmp_path) -> None:
    info = add_model_folder(settings, fake_model_folder(tmp_path / "large-v3"))
    lines = benchmark.sample_reference().splitlines()
    _sample_heard_as(lines[:-1] + ["Il faudrait autre chose."])  # the last line heard wrong
    seen: list[float] = []
    result = benchmark.benchmark_model("large-v3", settings, on_progress=seen.append)
    assert result.model == "large-v3" and result.device == "cpu"
    assert 55 <= result.audio_s <= 70 and result.decode_s > 0 and result.speed > 0
    last = benchmark.normalise(lines[-1])
    expected = (len(last) - 3 + 1) / len(benchmark.normalise(benchmark.sample_reference()))  # "il faudrait" kept
    assert result.wer == pytest.approx(expected)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    from echo_fieldwork import __version__

    again = benchmark.remembered(Settings(), info)  # read back from the settings file
    assert again == result and again.app_version == __version__ and again.date[:4] >= "2026"
    assert "real time" in result.summary() and "% of words wrong" in result.summary()


def test_a_result_is_not_shown_for_another_folder_of_the_same_name(settings, tmp_path) -> None:
    add_model_folder(settings, fake_model_folder(tmp_path / "a" / "medium"))
    benchmark.benchmark_model("medium", settings)
    assert benchmark.remembered(settings, resolve_model("medium", settings)) is not None
    replaced = add_model_folder(settings, fake_model_folder(tmp_path / "b" / "medium"))
    assert benchmark.remembered(settings, replaced) is None


def test_cancel_stops_the_benchmark_and_remembers_nothing(settings, tmp_path) -> None:
    add_model_folder(settings, fake_model_folder(tmp_path / "small"))
    _sample_heard_as(benchmark.sample_reference().splitlines())
    cancel = threading.Event()
    with pytest.raises(benchmark.BenchmarkCancelled, match="cancelled"):
        benchmark.benchmark_model("small", settings, cancel=cancel, on_progress=lambda _f: cancel.set())
    assert settings.get("model_benchmarks") == {}


def test_an_unknown_model_is_a_sentence(settings) -> None:
    with pytest.raises(UserError, match="No Whisper model named huge"):
        benchmark.benchmark_model("huge", settings)


@pytest.mark.slow
def test_benchmark_of_the_base_model(settings, use_base_model) -> None:
    result = benchmark.benchmark_model(None, settings)
    assert result.model == "base" and result.device == "cpu"
    # espeak-ng speech is hard for base (about half the words right); no words at all would be 1.0
    assert result.wer < 0.7
    assert result.speed > 0.5
    assert benchmark.remembered(settings, resolve_model("base", settings)) == result
