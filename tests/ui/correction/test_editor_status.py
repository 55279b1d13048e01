"""The editor's status line ("N segments · review status") follows every change of its rows at once:
segments written by another connection (as a transcription worker or another process writes them),
split, merge, undo and redo. Through the real window and a real study file."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from echo_fieldwork.timeutil import utc_now_iso
from echo_fieldwork.transcript.segments import load_segments
from echo_fieldwork.ui.correction.editor_window import EditorWindow
from tests.editor_data import make_session


def _open(qtbot, study, settings, session_id):
    editor = EditorWindow(study, settings, session_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _write_elsewhere(study, session_id, texts, start_ms=0):
    """Segments stored as another process stores them: its own connection, its own transaction."""
    db = study.extra_connection()
    try:
        with db.atomic():
            for n, text in enumerate(texts):
                at = start_ms + n * 2000
                db.execute("INSERT INTO segments (session_id, start_ms, end_ms, speaker, text, created_at, "
                           "updated_at) VALUES (?, ?, ?, 'P01', ?, ?, ?)",
                           [session_id, at, at + 1800, text, utc_now_iso(), utc_now_iso()])
    finally:
        db.close()


def _delete_elsewhere(study, segment_id):
    db = study.extra_connection()
    try:
        with db.atomic():
            db.execute("DELETE FROM segments WHERE id = ?", [segment_id])
    finally:
        db.close()


def _status(window) -> str:
    return window.status_label.text()


def test_segments_written_by_another_connection_show_in_the_status(qtbot, study, settings):
    session = make_session(study)
    window = _open(qtbot, study, settings, session.id)
    assert _status(window) == "0 segments · Draft"
    _write_elsewhere(study, session.id, ["Bonjour à tous.", "Merci d’être là.", "On commence."])
    qtbot.waitUntil(lambda: _status(window) == "3 segments · Draft", timeout=10_000)  # the 2-s poll
    assert [s.text for s in window.model.segments] == ["Bonjour à tous.", "Merci d’être là.", "On commence."]
    _delete_elsewhere(study, window.model.segments[1].id)
    qtbot.waitUntil(lambda: _status(window) == "2 segments · Draft", timeout=10_000)
    assert len(window.model.segments) == 2


def test_the_status_is_right_as_soon_as_the_rows_are(qtbot, study, settings):
    """The flaky CI failure: rows shown, status still "0 segments". No event may be needed in between."""
    session = make_session(study)
    window = _open(qtbot, study, settings, session.id)
    window.sync.poll_timer.stop()  # this test drives the sync itself
    _write_elsewhere(study, session.id, ["Bonjour à tous."])
    assert window.sync.sync_from_db() == 1  # what the sync timer runs
    assert window.current_segment() is not None and _status(window) == "1 segment · Draft"
    _write_elsewhere(study, session.id, ["Merci.", "On commence."], start_ms=5000)
    window.sync.sync_from_db()
    assert _status(window) == "3 segments · Draft"


def test_split_merge_undo_and_redo_update_the_status_at_once(qtbot, study, settings):
    session = make_session(study)
    _write_elsewhere(study, session.id, ["Bonjour à tous et merci.", "On commence."])
    window = _open(qtbot, study, settings, session.id)
    assert _status(window) == "2 segments · Draft"
    window.go_to_row(0)
    window.editor.set_cursor_offset(len("Bonjour à tous"))
    window.split()
    assert _status(window) == "3 segments · Draft"
    window.undo()
    assert _status(window) == "2 segments · Draft"
    window.redo()
    assert _status(window) == "3 segments · Draft"
    window.go_to_row(1)
    window.merge()
    assert _status(window) == "2 segments · Draft"
    window.undo()
    assert _status(window) == "3 segments · Draft"
    assert len(load_segments(study, session.id)) == 3  # what the status says is what is stored
    QCoreApplication.processEvents()  # the coalesced refresh after the edits leaves it as it is
    assert _status(window) == "3 segments · Draft"


def test_ctrl_y_redoes_as_well_as_ctrl_shift_z(qtbot, study, settings):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    session = make_session(study)
    _write_elsewhere(study, session.id, ["Bonjour à tous et merci.", "On commence."])
    window = _open(qtbot, study, settings, session.id)
    shortcuts = {s.toString() for s in window.redo_action.shortcuts()}
    assert {"Ctrl+Y", QKeySequence(QKeySequence.StandardKey.Redo).toString()} <= shortcuts
    window.go_to_row(0)
    window.editor.set_cursor_offset(len("Bonjour à tous"))
    window.split()
    window.undo()
    assert _status(window) == "2 segments · Draft"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _status(window) == "3 segments · Draft"


def test_the_unknown_speaker_and_the_correction_status_read_in_french(qtbot, study, settings):
    """The provisional "unknown" label is stored in English but shown in the interface language; the
    transcript's status is its correction status, never a "review" (that word is the deidentification's)."""
    from echo_fieldwork.i18n import set_language
    from echo_fieldwork.transcript.segments import Segment, insert_segments

    set_language("fr")
    session = make_session(study)
    insert_segments(study, [Segment(None, session.id, 0, 1500, "Bonjour.", "unknown"),
                            Segment(None, session.id, 1600, 3000, "Oui.", "M1")])
    window = _open(qtbot, study, settings, session.id)
    window.view.setCurrentIndex(window.model.index(0, 0))
    box = window.editor.speaker_box
    shown = [box.itemText(i) for i in range(box.count())]
    assert any(text.startswith("inconnu") for text in shown) and not any("unknown" in text for text in shown)
    qtbot.waitUntil(lambda: box.currentData() == "unknown")
    assert box.currentText().startswith("inconnu")
    menu_texts = [a.text() for a in window.speakers_menu.actions()]
    assert any("inconnu" in t for t in menu_texts) and not any("unknown" in t for t in menu_texts)
    help_texts = [window.keys_help.table.item(r, 0).text() for r in range(window.keys_help.table.rowCount())]
    assert any("inconnu" in t for t in help_texts) and not any("unknown" in t for t in help_texts)
    transcript_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Transcription")
    assert "État de la correction" in [a.text() for a in transcript_menu.actions()]
    assert "Brouillon" in window.status_label.text()
