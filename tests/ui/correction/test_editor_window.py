"""The editor offscreen with a real focus-group transcript and real audio (espeak-ng speech played by
QMediaPlayer into the PulseAudio null sink); every check reads the study database back."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from echo_fieldwork.correction import edits as te
from echo_fieldwork.people import participants
from echo_fieldwork.timeutil import utc_now_iso
from echo_fieldwork.transcript.segments import load_segments
from echo_fieldwork.ui.correction.editor_window import EditorWindow
from echo_fieldwork.ui.correction.segment_delegate import word_spans
from tests.editor_data import SCRIPT, make_session, make_speech

os.environ.setdefault("PULSE_RUNTIME_PATH", "/tmp/echo-fieldwork-pulse")


def _db(study, session_id):
    return [(s.id, s.start_ms, s.end_ms, s.speaker, s.text) for s in load_segments(study, session_id)]


@pytest.fixture
def session(study):
    session = make_session(study)
    make_speech(study, session.id)
    return session


@pytest.fixture
def window(qtbot, study, settings, session):
    editor = EditorWindow(study, settings, session.id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.waitUntil(lambda: editor.player.player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadedMedia,
                                                                    QMediaPlayer.MediaStatus.BufferedMedia))
    yield editor
    editor.player.pause()


def _key(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.editor.text_edit, key, modifier)


def test_play_pause_rewind_on_resume_and_skip(qtbot, window):
    player = window.player
    assert player.pitch_preserved()  # Qt's FFmpeg backend keeps the pitch when the speed changes
    window.editor.text_edit.setFocus()
    _key(qtbot, window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: player.is_playing() and player.position() > 2600, timeout=15000)
    _key(qtbot, window, Qt.Key.Key_Escape)  # Esc pauses too
    qtbot.waitUntil(lambda: not player.is_playing())
    paused_at = player.position()
    seen = []
    player.position_changed.connect(seen.append)
    _key(qtbot, window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: bool(seen))
    assert paused_at - 2000 - 100 <= seen[0] <= paused_at - 2000 + 300  # rewound 2 s (setting rewind_seconds)
    _key(qtbot, window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: not player.is_playing())
    player.seek(10000)
    qtbot.waitUntil(lambda: player.position() == 10000)
    _key(qtbot, window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: player.position() == 15000)
    _key(qtbot, window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: player.position() == 10000)
    _key(qtbot, window, Qt.Key.Key_F8)
    assert player.speed() == pytest.approx(1.1)


def test_click_a_word_plays_from_it_and_the_list_follows(qtbot, window):
    row = 4
    seg = window.model.segments[row]
    index = window.model.index(row)
    window.view.scrollTo(index)
    rect = window.view.visualRect(index)
    text_rect = window.delegate.text_rect(rect, True)
    # Click on the third word ("la connexion…": "Pour ma part," → third is "part,").
    a, _b = word_spans(seg)[2]
    x = text_rect.left() + window.view.fontMetrics().horizontalAdvance(seg.text[:a]) + 3
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft().__class__(x, text_rect.top() + 5))
    qtbot.waitUntil(lambda: window.player.is_playing())
    qtbot.waitUntil(lambda: window.player.position() >= seg.words[2].start_ms, timeout=10000)
    assert window.player.position() < seg.end_ms
    assert window.model.playing_row == row and window.current_row() == row
    window.player.pause()


def test_split_merge_undo_redo_write_at_once(qtbot, study, window, session):
    original = _db(study, session.id)
    window.go_to_row(2)
    window.editor.text_edit.setFocus()
    window.editor.set_cursor_offset(len("Moi, au début,"))
    _key(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    after_split = _db(study, session.id)
    assert len(after_split) == 11
    assert [r[4] for r in after_split[2:4]] == ["Moi, au début,", "j’étais assez stressée par la caméra."]
    assert after_split[2][2] == after_split[3][1] and after_split[2][1] == original[2][1]
    assert window.model.rowCount() == 11
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _db(study, session.id) == original and window.model.rowCount() == 10
    window.redo()
    assert _db(study, session.id) == after_split
    window.go_to_row(2)
    _key(qtbot, window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    merged = _db(study, session.id)
    assert len(merged) == 10 and merged[2][4] == original[2][4] and merged[2][1:3] == original[2][1:3]
    window.undo()
    window.undo()
    assert _db(study, session.id) == original


def test_typing_markers_nudge_and_speaker_keys(qtbot, study, window, session):
    window.go_to_row(7)
    edit = window.editor.text_edit
    edit.setFocus()
    window.editor.set_cursor_offset(len(SCRIPT[7][1]))
    qtbot.keyClicks(edit, " Vraiment")
    qtbot.waitUntil(lambda: _db(study, session.id)[7][4].endswith(" Vraiment"))  # saved without any "Save"
    _key(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert _db(study, session.id)[7][4] == SCRIPT[7][1] + " Vraiment [inaudible]"
    start = _db(study, session.id)[7][1]
    _key(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert _db(study, session.id)[7][1] == start + 100
    speakers = window.speakers
    assert speakers[:6] == ["P01", "P02", "P03", "P04", "P05", "M1"]
    _key(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert _db(study, session.id)[7][3] == "P03"
    for _ in range(4):
        window.undo()
    assert _db(study, session.id)[7][3:] == ("M1", SCRIPT[7][1])


def test_relabel_from_the_speaker_log(qtbot, study, settings, session):
    study.db.execute("UPDATE segments SET speaker = '', flags = '' WHERE session_id = ?", [session.id])
    segments = load_segments(study, session.id)
    for seg in segments:  # the note-taker clicked each speaker about half a second late
        pid = participants.require(study, SCRIPT[segments.index(seg)][0]).id
        study.db.execute("INSERT INTO speaker_events (session_id, participant_id, recording_ms, wall_at) "
                         "VALUES (?, ?, ?, ?)", [session.id, pid, seg.start_ms + 500, utc_now_iso()])
    editor = EditorWindow(study, settings, session.id)  # first opening pre-labels from the log
    qtbot.addWidget(editor)
    assert [r[3] for r in _db(study, session.id)] == [s for s, _t in SCRIPT]
    editor.relabel_speaker("P02", "P06")
    assert [r[3] for r in _db(study, session.id)].count("P06") == 2
    assert "P02" not in [s.speaker for s in editor.model.segments]
    editor.undo()
    assert [r[3] for r in _db(study, session.id)] == [s for s, _t in SCRIPT]


def test_search_and_replace_here_and_study_wide(qtbot, study, window, session):
    other = make_session(study, "GD02")
    from echo_fieldwork.transcript.segments import Segment, insert_segments
    insert_segments(study, [Segment(None, other.id, 0, 1000, "La connexion était lente.", "P01")])
    window.search.show()
    assert window.search.find_next("connexion")
    assert window.current_row() == 4 and window.editor.selected_text()[0] == "connexion"
    assert window.search.replace_all("connexion", "liaison") == 1
    assert _db(study, session.id)[4][4] == "Pour ma part, la liaison coupait souvent à l’urgence."
    assert load_segments(study, other.id)[0].text == "La connexion était lente."
    window.undo()
    assert window.search.replace_all("connexion", "liaison", study_wide=True) == 2
    assert load_segments(study, other.id)[0].text == "La liaison était lente."
    assert "2 replacements in 2 transcripts" in window.search.dialog.result_label.text()
    window.undo()
    assert load_segments(study, other.id)[0].text == "La connexion était lente."
    assert _db(study, session.id)[4][4] == SCRIPT[4][1]


def test_next_uncertain_word_selection_and_status(qtbot, study, window, session):
    seg = window.model.segments[5]
    study.db.execute("UPDATE segments SET words = json_set(words, '$[3].probability', 0.2) WHERE id = ?", [seg.id])
    window.model.segments[5] = load_segments(study, session.id)[5]
    window.go_to_row(0)
    window.editor.text_edit.setFocus()
    _key(qtbot, window, Qt.Key.Key_F9)
    assert window.current_row() == 5 and window.editor.selected_text()[0] == seg.text.split()[3]
    selected = window.selection()
    assert selected.segment_ids == [seg.id] and selected.text == seg.text.split()[3]
    assert seg.start_ms <= selected.start_ms < selected.end_ms <= seg.end_ms
    window.set_review_status("corrected")
    assert te.review_status(study, session.id).status == "corrected"
    assert window.status_actions.checkedAction().data() == "corrected"


def test_keys_can_be_remapped(qtbot, study, settings, session):
    settings.set("transcriber_keys", {"play_pause": "F2", "split": ["Ctrl+J"]})
    editor = EditorWindow(study, settings, session.id)
    qtbot.addWidget(editor)
    assert [k.toString() for k in editor.actions_by_name["play_pause"].shortcuts()] == ["F2"]
    assert [k.toString() for k in editor.actions_by_name["split"].shortcuts()] == ["Ctrl+J"]
    table = editor.keys_help.table
    assert any(table.item(r, 1).text() == "F2" for r in range(table.rowCount()))


def test_play_segment_stops_at_its_end_loop_and_timestamp(qtbot, study, window, session):
    seg = window.model.segments[1]
    window.go_to_row(1)
    window.editor.text_edit.setFocus()
    _key(qtbot, window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: window.player.is_playing())
    qtbot.waitUntil(lambda: not window.player.is_playing(), timeout=15000)
    assert seg.end_ms <= window.player.position() <= seg.end_ms + 400
    window.go_to_row(0)
    first = window.model.segments[0]
    _key(qtbot, window, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)  # loop the first segment
    looped = []
    window.player.position_changed.connect(lambda ms: looped.append(ms))
    qtbot.waitUntil(lambda: any(b < a for a, b in zip(looped, looped[1:])), timeout=15000)  # jumped back
    assert max(looped) <= first.end_ms + 300
    _key(qtbot, window, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert window.player.loop_range() is None
    window.player.pause()
    window.player.seek(83_000 // 10)
    qtbot.waitUntil(lambda: window.player.position() == 8300)
    window.editor.set_cursor_offset(0)
    _key(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    window.editor.flush()
    assert _db(study, session.id)[0][4] == "[00:00:08] " + first.text


def test_save_selection_as_quote_through_the_quote_bank(qtbot, study, window, session):
    from echo_fieldwork.reports import quotes

    window.go_to_row(5)  # P03: "Je trouve que ça nous a fait gagner beaucoup de temps."
    window.editor.set_cursor_offset(len("Je trouve que "), len("ça nous a fait gagner beaucoup de temps"))
    selected = window.selection()
    assert (selected.speaker, selected.segment_ids) == ("P03", [window.model.segments[5].id])
    dialog = window.save_quote()
    assert dialog.speaker() == "P03" and "gagner beaucoup de temps" in dialog.text_edit.toPlainText()
    dialog.role_edit.setCurrentText("Infirmière")
    dialog.accept()
    [quote] = quotes.list_quotes(study)
    assert (quote.start_ms, quote.end_ms) == (selected.start_ms, selected.end_ms)


def test_redo_refused_when_the_transcript_changed_meanwhile(qtbot, study, window, session):
    from PySide6.QtWidgets import QMessageBox

    window.go_to_row(2)
    window.editor.set_cursor_offset(len("Moi, au début,"))
    window.split()
    new_id = window.model.segments[3].id
    window.undo()
    study.db.execute("INSERT INTO segments (id, session_id, start_ms, end_ms, text, created_at, updated_at) "
                     "VALUES (?, ?, 90000, 91000, 'écrit en parallèle', 'x', 'x')", [new_id, session.id])
    before = _db(study, session.id)
    window.redo()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorMessageBox") is not None)
    assert "can no longer be redone" in window.findChild(QMessageBox, "errorMessageBox").text()
    assert _db(study, session.id) == before and window.model.rowCount() == 10


def test_cursor_follows_the_audio_unless_off_or_typing(qtbot, settings, window):
    segs = window.model.segments
    window.go_to_row(0)
    window.follow_action.setChecked(False)
    window.player.play_from(segs[3].start_ms)
    qtbot.waitUntil(lambda: window.model.playing_row == 3, timeout=10000)
    assert window.current_row() == 0  # highlighted, but the cursor stays put
    window.follow_action.setChecked(True)
    window.player.play_from(segs[6].start_ms)
    qtbot.waitUntil(lambda: window.current_row() == 6, timeout=10000)
    qtbot.keyClicks(window.editor.text_edit, "x")  # typing: the cursor must not be pulled away
    window.player.play_from(segs[8].start_ms)
    qtbot.waitUntil(lambda: window.model.playing_row == 8, timeout=10000)
    assert window.current_row() == 6
    window.player.pause()
    window.uncertain_action.setChecked(False)
    assert settings.get("show_uncertain_words") is False and not window.delegate.show_uncertain
