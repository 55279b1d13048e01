"""Re-transcribing a stretch from the editor with the real base model on real French speech (espeak-ng
voices, sox to 16 kHz mono): the stretch is replaced, the rest of the transcript is byte for byte the
same, undo brings the old text back, cancel leaves everything as it was."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMessageBox

from echo_fieldwork.transcript.segments import load_segments
from echo_fieldwork.ui.correction.editor_window import EditorWindow
from tests.editor_data import make_session, make_speech

os.environ.setdefault("PULSE_RUNTIME_PATH", "/tmp/echo-fieldwork-pulse")
RUN_TIMEOUT_MS = 180_000


def _rows(study, session_id):
    """Every column of every segment, as stored."""
    return {row[0]: row for row in study.db.execute("SELECT * FROM segments WHERE session_id = ?", [session_id])}


def _visible(study, session_id):
    return [(s.id, s.start_ms, s.end_ms, s.speaker, s.text) for s in load_segments(study, session_id)]


def _model(window):
    return [(s.id, s.start_ms, s.end_ms, s.speaker, s.text) for s in window.model.segments]


@pytest.fixture
def window(qtbot, study, settings):
    session = make_session(study)
    make_speech(study, session.id)
    editor = EditorWindow(study, settings, session.id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    yield editor
    editor.retranscription.stop()


def _select_rows(window, first, last):
    selection = window.view.selectionModel()
    window.go_to_row(first)
    for row in range(first, last + 1):
        selection.select(window.model.index(row), QItemSelectionModel.SelectionFlag.Select)


def test_retranscribe_selection_replaces_only_that_stretch_and_undo_restores(qtbot, window, study):
    sid = window.session_id
    original = _visible(study, sid)
    all_before = _rows(study, sid)
    _select_rows(window, 4, 5)
    chosen = window.model.segments[4:6]
    span = window.retranscription.span()
    assert span == (chosen[0].start_ms, chosen[1].end_ms)
    outside = {i: row for i, row in all_before.items() if i not in {s.id for s in chosen}}

    box = window.retranscription.ask()
    assert box.objectName() == "retranscribeQuestion" and "2 segments" in box.text() and "Undo" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert window.retranscription.running and window.retranscription.progress_bar.isVisible()
    assert window.editor.text_edit.isReadOnly()
    qtbot.waitUntil(lambda: not window.retranscription.running, timeout=RUN_TIMEOUT_MS)
    assert not window.retranscription.progress_bar.isVisible() and not window.editor.text_edit.isReadOnly()

    after = _rows(study, sid)
    for seg_id, row in outside.items():  # ids, times, texts, words, timestamps: byte for byte
        assert after[seg_id] == row
    new = [s for s in load_segments(study, sid) if s.id not in outside]
    assert new, "the stretch came back empty"
    assert all(span[0] <= s.start_ms and s.end_ms <= span[1] + 50 for s in new)
    heard = " ".join(s.text for s in new).lower()
    assert any(word in heard for word in ("connexion", "urgence", "temps", "gagner", "coupait"))
    assert all(s.model == "fake" for s in new)  # the fake engine, through the real child process
    assert _model(window) == _visible(study, sid)  # the view shows exactly the database
    job = study.db.execute("SELECT status, range_start_ms, range_end_ms FROM transcription_jobs").fetchone()
    assert job == ("done", span[0], span[1])

    window.undo()
    assert _visible(study, sid) == original and _model(window) == original
    for seg_id, row in outside.items():
        assert _rows(study, sid)[seg_id] == row
    window.redo()
    assert [s.text for s in load_segments(study, sid) if s.id not in outside] == [s.text for s in new]
    assert _model(window) == _visible(study, sid)


def test_cancel_puts_the_stretch_back(qtbot, window, study):
    sid = window.session_id
    original = _visible(study, sid)
    window.go_to_row(2)
    seg = window.model.segments[2]
    assert window.retranscription.start(window.retranscription.span()) is not None
    # The job has started: the old segment is deleted (the model takes seconds to load after that).
    qtbot.waitUntil(lambda: study.db.execute("SELECT 1 FROM segments WHERE id = ?", [seg.id]).fetchone() is None,
                    timeout=RUN_TIMEOUT_MS)
    window.retranscription.cancel_button.click()
    qtbot.waitUntil(lambda: not window.retranscription.running, timeout=RUN_TIMEOUT_MS)
    assert _visible(study, sid) == original and _model(window) == original
    assert window.model.segments[2].id == seg.id
    assert "left as it was" in window.statusBar().currentMessage()
    assert study.db.execute("SELECT status FROM transcription_jobs").fetchone()[0] == "cancelled"
    assert not window.undo_stack.canUndo()


def test_refused_while_the_session_is_queued(qtbot, window, study):
    from echo_fieldwork.transcription.job_queue import enqueue

    enqueue(study.db, [window.session_id])
    window.go_to_row(1)
    assert window.retranscription.start(window.retranscription.span()) is None
    box = window.findChild(QMessageBox, "errorMessageBox")
    assert box is not None and "being transcribed" in box.text()
    assert not window.retranscription.running


def test_the_action_is_in_the_transcription_menu_and_remappable(qtbot, study, settings):
    session = make_session(study)
    settings.set("transcriber_keys", {"retranscribe": "Ctrl+Shift+R"})
    editor = EditorWindow(study, settings, session.id)
    qtbot.addWidget(editor)
    action = editor.actions_by_name["retranscribe"]
    assert [k.toString() for k in action.shortcuts()] == ["Ctrl+Shift+R"]
    menus = {m.title(): m for m in (a.menu() for a in editor.menuBar().actions()) if m}
    assert action in menus["T&ranscription"].actions()
    assert action.text() == "Re-transcribe selection…"


def test_closing_the_editor_mid_run_puts_the_stretch_back(qtbot, window, study):
    sid = window.session_id
    original = _visible(study, sid)
    window.go_to_row(6)
    seg = window.model.segments[6]
    window.retranscription.start(window.retranscription.span())
    qtbot.waitUntil(lambda: study.db.execute("SELECT 1 FROM segments WHERE id = ?", [seg.id]).fetchone() is None,
                    timeout=RUN_TIMEOUT_MS)
    window.close()
    assert not window.retranscription.running
    assert _visible(study, sid) == original


def test_a_missing_recording_is_reported_and_nothing_changes(qtbot, window, study):
    sid = window.session_id
    original = _visible(study, sid)
    for path in study.audio_dir.iterdir():
        path.unlink()
    window.go_to_row(3)
    window.retranscription.start(window.retranscription.span())
    qtbot.waitUntil(lambda: not window.retranscription.running, timeout=RUN_TIMEOUT_MS)
    box = window.findChild(QMessageBox, "errorMessageBox")
    assert box is not None and "missing" in box.text()
    assert _visible(study, sid) == original and _model(window) == original


def test_closing_the_study_mid_run_puts_the_stretch_back(qtbot, study, settings):
    from echo_fieldwork.ui.correction.transcripts_widget import TranscriptsWidget

    session = make_session(study)
    make_speech(study, session.id)
    original = _visible(study, session.id)
    tab = TranscriptsWidget(study, settings)
    qtbot.addWidget(tab)
    window = tab.open_editor(session.id)
    window.go_to_row(6)
    seg = window.model.segments[6]
    window.retranscription.start(window.retranscription.span())
    qtbot.waitUntil(lambda: study.db.execute("SELECT 1 FROM segments WHERE id = ?", [seg.id]).fetchone() is None,
                    timeout=RUN_TIMEOUT_MS)
    tab.shutdown()  # what the main window does before closing the study
    assert _visible(study, session.id) == original
    assert study.db.execute("SELECT status FROM transcription_jobs").fetchone()[0] == "cancelled"
