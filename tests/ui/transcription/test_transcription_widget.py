"""The Transcription tab, offscreen, with the real engine and the real base model."""

from __future__ import annotations

import json
import os

from PySide6.QtWidgets import QMessageBox

from echo_fieldwork.transcript.segments import load_segments
from echo_fieldwork.transcription.job_queue import list_jobs
from echo_fieldwork.ui.transcription.model_picker_widget import ModelPickerWidget
from echo_fieldwork.ui.transcription.transcription_widget import TranscriptionWidget
from tests.conftest import REPO_ROOT
from tests.transcription.helpers import add_audio, make_session

DOCS = REPO_ROOT / "docs"


def _statuses(study) -> list[str]:
    return [job.status for job in list_jobs(study.db)]


def test_queue_several_sessions_and_follow_progress(qtbot, study, settings, short_speech) -> None:
    first, second = make_session(study, "E01"), make_session(study, "E02")
    add_audio(study, first, short_speech, "e01.wav")
    add_audio(study, second, short_speech, "e02.wav")
    widget = TranscriptionWidget(study, settings)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    assert widget.session_list.count() == 2
    seen = []
    widget.runner.progress_changed.connect(seen.append)
    for index in range(widget.session_list.count()):
        widget.session_list.item(index).setSelected(True)
    widget.add_button.click()
    assert widget.queue_table.rowCount() == 2
    qtbot.waitUntil(lambda: _statuses(study) == ["done", "done"] and not widget.runner.running, timeout=60_000)
    assert load_segments(study, first) and load_segments(study, second)
    assert any(p.last_lines for p in seen) and seen[-1].fraction == 1.0
    assert widget.progress_bar.value() == 1000
    assert "bonjour" in widget.lines_view.toPlainText().lower()
    assert "of audio" in widget.timing_label.text()
    qtbot.waitUntil(lambda: widget.queue_table.item(0, 1).text() == "Done")
    assert [widget.queue_table.item(r, 2).text() for r in range(2)] == ["100%", "100%"]


def test_cancel_a_running_job_from_the_tab(qtbot, study, settings, long_speech) -> None:
    session_id = make_session(study)
    add_audio(study, session_id, long_speech)
    widget = TranscriptionWidget(study, settings)
    qtbot.addWidget(widget)
    # Wait on what the tab shows, not with waitSignal on signals emitted from the worker thread: the
    # temporary receiver pytest-qt connects and disconnects races the queued emissions (a segfault seen).
    widget.add_sessions([session_id])
    qtbot.waitUntil(lambda: widget.lines_view.toPlainText().strip() != "", timeout=60_000)
    widget.queue_table.selectRow(0)
    assert widget.cancel_button.isEnabled()
    widget.cancel_button.click()
    qtbot.waitUntil(lambda: not widget.runner.running and _statuses(study) == ["cancelled"], timeout=30_000)
    qtbot.waitUntil(lambda: widget.queue_table.item(0, 1).text() == "Cancelled")
    assert _statuses(study) == ["cancelled"] and load_segments(study, session_id)
    assert "cancelled" in widget.timing_label.text().lower()


def test_model_picker_validates_folders(qtbot, settings, use_base_model, tmp_path) -> None:
    picker = ModelPickerWidget(settings)
    qtbot.addWidget(picker)
    assert picker.tree.topLevelItemCount() == 1 and picker.tree.topLevelItem(0).text(0).startswith("base")
    assert picker.add_folder(tmp_path) is None
    boxes = [w for w in picker.findChildren(QMessageBox) if w.objectName() == "errorMessageBox"]
    assert boxes and "not a Whisper model folder" in boxes[-1].text()
    folder = tmp_path / "large-v3"
    folder.mkdir()
    for name in ("model.bin", "tokenizer.json", "vocabulary.json"):
        (folder / name).write_text("x")
    (folder / "config.json").write_text(json.dumps({"alignment_heads": [], "lang_ids": [1, 2, 3]}))
    with qtbot.waitSignal(picker.model_added):
        assert picker.add_folder(folder) is not None
    assert picker.tree.topLevelItemCount() == 2
    picker.tree.topLevelItem(1).setSelected(True)
    picker.use_button.click()
    assert settings.get("model") == "large-v3"


def test_screenshot_in_french(qtbot, study, settings, short_speech, tmp_path) -> None:
    from echo_fieldwork.i18n import set_language

    set_language("fr")
    session_id = make_session(study, "E01")
    add_audio(study, session_id, short_speech, "e01.wav")
    make_session(study, "G02", "P02")
    widget = TranscriptionWidget(study, settings)
    qtbot.addWidget(widget)
    widget.resize(1000, 720)
    widget.show()
    widget.add_sessions([session_id])
    qtbot.waitUntil(lambda: _statuses(study) == ["done"] and not widget.runner.running, timeout=60_000)
    widget.refresh()
    # The docs screenshot is refreshed only on request, so the test run leaves the repository as it was.
    target = DOCS if os.environ.get("ECHO_FIELDWORK_SCREENSHOTS") else tmp_path
    target.mkdir(exist_ok=True)
    assert widget.grab().save(str(target / "screenshot-transcription.png"))


def test_between_two_reports_the_time_left_counts_down(qtbot, study, settings) -> None:
    """Progress comes in bursts tens of seconds apart on a long file: the label moves on each second from the
    last report (elapsed up, time left down, never below zero), and stops when the job ends."""
    import time

    from echo_fieldwork.transcription.runner import Progress

    widget = TranscriptionWidget(study, settings)
    qtbot.addWidget(widget)
    widget.show_progress(Progress(1, 1, 600_000, 1_800_000, 120.0, 100.0))
    assert widget.clock.isActive()
    received = widget.last_progress[1]
    assert "elapsed 00:02:00 · remaining about 00:01:40" in widget.timing_label.text()
    widget.show_timing(now=received + 30)
    assert "elapsed 00:02:30 · remaining about 00:01:10" in widget.timing_label.text()
    widget.show_timing(now=received + 500)
    assert "remaining about 00:00:00" in widget.timing_label.text()
    widget.show_progress(Progress(1, 1, 900_000, 1_800_000, 200.0, None))   # no estimate yet: a dash
    assert "remaining about —" in widget.timing_label.text()
    widget._job_finished(1, "done", "")
    assert not widget.clock.isActive()
    assert time.monotonic() >= received
