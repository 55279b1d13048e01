"""The editor follows its transcript when it changes elsewhere: segments stored by the app's transcription
queue (real base model, real French speech) appear while the user keeps typing; changes written by
another process are picked up by the poll, row by row, without rebuilding the list."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from echo_fieldwork.correction import watch as tw
from echo_fieldwork.timeutil import utc_now_iso
from echo_fieldwork.transcript.segments import Segment, insert_segments, load_segments
from echo_fieldwork.transcription.job_queue import enqueue
from echo_fieldwork.ui.correction import editor_sync
from echo_fieldwork.ui.correction.editor_window import EditorWindow
from echo_fieldwork.ui.transcription.runner import TranscriptionRunner
from tests.editor_data import make_session, make_speech
from tests.transcription.helpers import add_audio
from tests.transcription.helpers import make_session as make_interview

os.environ.setdefault("PULSE_RUNTIME_PATH", "/tmp/echo-fieldwork-pulse")


def _model(window):
    return [(s.id, s.start_ms, s.end_ms, s.speaker, s.text) for s in window.model.segments]


def _db(study, session_id):
    return [(s.id, s.start_ms, s.end_ms, s.speaker, s.text) for s in load_segments(study, session_id)]


def _open(qtbot, study, settings, session_id):
    editor = EditorWindow(study, settings, session_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_segments_from_the_running_queue_appear_while_the_user_types(
        qtbot, study, settings, short_speech):
    sid = make_interview(study)
    add_audio(study, sid, short_speech)
    insert_segments(study, [Segment(None, sid, 0, 1500, "Bonjour,", "P01")])  # what was decoded before a stop
    window = _open(qtbot, study, settings, sid)
    window.sync.poll_timer.stop()  # prove that the queue's signal alone brings the segments
    first = window.model.segments[0]
    window.editor.text_edit.setFocus()
    window.editor.set_cursor_offset(len("Bonjour,"))
    qtbot.keyClicks(window.editor.text_edit, " madame")
    window.editor._idle.stop()  # keep the typing unsaved while segments arrive
    assert window.editor.has_unsaved()

    runner = TranscriptionRunner(study, settings)
    enqueue(study.db, [sid])
    runner.start()
    qtbot.waitUntil(lambda: len(window.model.segments) > 1, timeout=180_000)
    qtbot.waitUntil(lambda: not runner.running, timeout=180_000)
    qtbot.waitUntil(lambda: _model(window) == _db(study, sid))  # the last stored segments too
    assert window.current_segment().id == first.id
    assert window.editor.text_edit.toPlainText() == "Bonjour, madame"
    assert window.editor.cursor_offset() == len("Bonjour, madame")
    added = " ".join(s.text for s in window.model.segments[1:]).lower()
    assert "infirmière" in added or "hôpital" in added or "télémentorat" in added
    window.editor.flush()
    assert load_segments(study, sid)[0].text == "Bonjour, madame"
    runner.shutdown()


@pytest.fixture
def window(qtbot, study, settings):
    session = make_session(study)
    make_speech(study, session.id)
    return _open(qtbot, study, settings, session.id)


def _other_process(study, session_id):
    """Edits as another program would make them: its own connection, its own transaction."""
    db = study.extra_connection()
    rows = [r[0] for r in db.execute("SELECT id FROM segments WHERE session_id = ? ORDER BY start_ms", [session_id])]
    with db.atomic():
        db.execute("UPDATE segments SET text = 'Texte corrigé ailleurs.', updated_at = ? WHERE id = ?",
                   [utc_now_iso(), rows[7]])
        db.execute("DELETE FROM segments WHERE id = ?", [rows[8]])
        db.execute("INSERT INTO segments (session_id, start_ms, end_ms, speaker, text, created_at, updated_at) "
                   "VALUES (?, 60000, 61000, 'P01', 'Une dernière chose.', ?, ?)",
                   [session_id, utc_now_iso(), utc_now_iso()])
    db.close()
    return rows


def test_changes_from_another_process_are_picked_up_row_by_row(qtbot, window, study):
    sid = window.session_id
    window.go_to_row(3)
    window.editor.set_cursor_offset(5)
    objects = list(window.model.segments)
    resets = []
    window.model.modelReset.connect(lambda: resets.append(1))
    rows = _other_process(study, sid)
    qtbot.waitUntil(lambda: _model(window) == _db(study, sid), timeout=10_000)  # the 2-s poll
    assert not resets
    untouched = [i for i, s in enumerate(objects) if s.id not in (rows[7], rows[8])]
    assert all(window.model.segments[window.model.row_of(objects[i].id)] is objects[i] for i in untouched)
    assert window.model.segments[7].text == "Texte corrigé ailleurs."
    assert window.model.segments[-1].text == "Une dernière chose."
    assert window.current_segment().id == objects[3].id and window.editor.cursor_offset() == 5
    assert not window.undo_stack.canUndo()  # not the user's edits


def test_typing_in_a_segment_changed_elsewhere_is_saved_not_lost(qtbot, window, study):
    sid = window.session_id
    window.go_to_row(7)
    window.editor.text_edit.setFocus()
    window.editor.set_cursor_offset(0)
    qtbot.keyClicks(window.editor.text_edit, "Alors, ")
    window.editor._idle.stop()
    typed = window.editor.text_edit.toPlainText()
    _other_process(study, sid)
    window.sync.sync_from_db()
    assert window.editor.text_edit.toPlainText() == typed
    assert load_segments(study, sid)[7].text == typed  # the typing was saved (last writer wins)
    assert _model(window) == _db(study, sid)
    assert window.undo_stack.canUndo()


def test_the_poll_reads_rows_only_when_the_fingerprint_moved(qtbot, window, study, monkeypatch):
    reads = []
    real = tw.segment_stamps
    monkeypatch.setattr(tw, "segment_stamps", lambda *a: reads.append(1) or real(*a))
    window.sync.poll_transcript()
    assert reads == []
    window.editor.text_edit.setFocus()
    qtbot.keyClick(window.editor.text_edit, Qt.Key.Key_X)
    window.editor.flush()  # our own edit moves the fingerprint: read, compared, nothing to redo
    before = list(window.model.segments)
    window.sync.poll_transcript()
    assert reads == [1] and all(a is b for a, b in zip(before, window.model.segments))
    assert editor_sync.POLL_MS == window.sync.poll_timer.interval() == 2000


def test_an_editor_opened_before_the_first_segment_shows_it(qtbot, study, settings):
    session = make_session(study)
    window = _open(qtbot, study, settings, session.id)
    assert window.current_segment() is None and not window.editor.isEnabled()
    with study.worker_study() as worker:  # the transcription worker's own connection
        insert_segments(worker, [Segment(None, session.id, 0, 1200, "Bonjour à tous.", "")])
    from echo_fieldwork.ui.transcription.runner import transcription_events

    transcription_events().segments_stored.emit(session.id)
    qtbot.waitUntil(lambda: window.current_segment() is not None)
    assert window.editor.text_edit.toPlainText() == "Bonjour à tous." and window.editor.isEnabled()
    assert "1 segment" in window.status_label.text()
