"""The model picker benchmarks a model in a worker thread (the fake engine plays the sample's child run):
added folders are benchmarked at once, the result is shown beside the model, Stop ends the run."""

from __future__ import annotations

from echo_fieldwork.settings import Settings
from echo_fieldwork.transcription import benchmark
from echo_fieldwork.ui.transcription.model_picker_widget import ModelPickerWidget
from tests.transcription.fixtures import fake_engine_hears
from tests.transcription.helpers import fake_model_folder


def _row(picker: ModelPickerWidget, name: str):
    for index in range(picker.tree.topLevelItemCount()):
        item = picker.tree.topLevelItem(index)
        if item.text(0).split()[0] == name:
            return item
    raise AssertionError(f"{name} not listed")


def test_an_added_model_is_benchmarked_and_the_result_shown(qtbot, settings, tmp_path) -> None:
    lines = benchmark.sample_reference().splitlines()
    fake_engine_hears(benchmark.sample_audio(), [
        {"start_ms": i * 5000, "end_ms": i * 5000 + 4000, "text": line} for i, line in enumerate(lines)])
    picker = ModelPickerWidget(settings)
    qtbot.addWidget(picker)
    picker.show()
    assert picker.add_folder(fake_model_folder(tmp_path / "large-v3")) is not None
    assert picker.benchmark_running() and picker.stop_button.isVisible()
    assert not picker.benchmark_button.isEnabled()
    assert "Benchmarking large-v3" in picker.benchmark_label.text()
    qtbot.waitUntil(lambda: not picker.benchmark_running() and "real time" in picker.benchmark_label.text(),
                    timeout=60_000)
    assert "0 % of words wrong" in picker.benchmark_label.text()
    assert "× real time, 0 % errors" in _row(picker, "large-v3").text(3)
    assert _row(picker, "base").text(3) == "not measured"
    assert "large-v3" in Settings().get("model_benchmarks")   # remembered in the settings file
    assert not picker.stop_button.isVisible()


def test_benchmark_the_selected_model_and_stop_it(qtbot, settings, tmp_path) -> None:
    picker = ModelPickerWidget(settings)
    qtbot.addWidget(picker)
    picker.show()
    picker.add_folder(fake_model_folder(tmp_path / "medium"), benchmark=False)
    assert not picker.benchmark_running() and not picker.benchmark_button.isEnabled()   # nothing selected
    _row(picker, "medium").setSelected(True)
    picker.benchmark_button.click()
    assert picker.benchmark_running()
    qtbot.waitUntil(lambda: picker.benchmark_progress.value() > 0, timeout=60_000)   # segments are arriving
    picker.stop_button.click()
    qtbot.waitUntil(lambda: not picker.benchmark_running() and "stopped" in picker.benchmark_label.text(),
                    timeout=30_000)
    assert settings.get("model_benchmarks") == {}
    assert _row(picker, "medium").text(3) == "not measured"
    assert picker.benchmark_button.isEnabled()
