"""The session window driven offscreen while really recording from the PulseAudio null sink."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from echo_fieldwork.audio.wavfile import wav_info
from echo_fieldwork.people.participants import get_by_code
from echo_fieldwork.sessions import fieldnotes
from echo_fieldwork.sessions.guides import import_guide_file
from echo_fieldwork.ui.sessions.session_window import SessionWindow
from tests.conftest import REPO_ROOT
from tests.sessions_helpers import make_session

GUIDE = REPO_ROOT / "interview_guides" / "telementoring-leaders-fr.yaml"


@pytest.fixture
def window(qtbot, study, settings):
    guide = import_guide_file(study, GUIDE)
    session = make_session(study, attendees=("P01", "P02", "P03"), guide_id=guide.id)
    win = SessionWindow(study, session.id, settings)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    return win


def test_navigation_and_notes_without_recording(qtbot, window, study):
    panel = window.guide_panel
    assert panel.current_key == "ouverture.presentation"
    assert "rôle actuel" in panel.question_label.text()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert panel.current_key == "ouverture.connaissance"
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert panel.current_key == "interet.besoins" and "Section 2 of 6" in panel.section_label.text()
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert panel.current_key == "ouverture.connaissance"
    assert "ECHO" in panel.probes_label.text()
    # a note before recording carries no recording time but keeps the question
    window.notes_panel.entry.setFocus()
    qtbot.keyClicks(window.notes_panel.entry, "Participant en retard de cinq minutes")
    with qtbot.waitSignal(window.note_stored):
        qtbot.keyClick(window.notes_panel.entry, Qt.Key.Key_Return)
    note = fieldnotes.list_notes(study, window.session.id)[0]
    assert (note.recording_ms, note.question_key) == (None, "ouverture.connaissance")
    assert window.notes_panel.entry.text() == ""
    # speaker log needs a running recording
    window.speakers.choose_number(1)
    assert fieldnotes.speaker_events(study, window.session.id) == []


@pytest.mark.audio
def test_a_recorded_focus_group_keeps_notes_marks_and_speakers_on_the_audio_timeline(qtbot, window, study, pulse):
    session_id = window.session.id
    panel = window.recording_panel
    panel.device_combo.setCurrentIndex(panel.device_combo.findData(pulse))
    with qtbot.waitSignal(panel.recording_started):
        panel.record_button.click()
    assert study.db.execute("SELECT status FROM recordings").fetchone()[0] == "recording"
    qtbot.waitUntil(lambda: (window.position_ms() or 0) >= 800, timeout=20_000)
    qtbot.waitUntil(lambda: panel.meter.rms_dbfs > -60 or panel.elapsed_label.text() != "00:00:00", timeout=5_000)

    # mark the first question covered and move on (Ctrl+Enter)
    before = window.position_ms()
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    mark = fieldnotes.guide_progress(study, session_id)["ouverture.presentation"]
    assert mark.covered and before <= mark.recording_ms <= window.position_ms()
    assert window.guide_panel.current_key == "ouverture.connaissance"
    assert "Covered" not in window.guide_panel.covered_label.text()

    # a note is stamped when its first character is typed, with the question on screen
    window.notes_panel.entry.setFocus()
    typed_at = window.position_ms()
    qtbot.keyClicks(window.notes_panel.entry, "P02 parle du manque de remplacement")
    qtbot.waitUntil(lambda: window.position_ms() >= typed_at + 300, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F8)      # key quote
    with qtbot.waitSignal(window.note_stored):
        qtbot.keyClick(window.notes_panel.entry, Qt.Key.Key_Return)

    # speaker log: buttons and digit keys (when not typing)
    p2 = get_by_code(study, "P02")
    window.speakers.buttons[1].click()
    qtbot.keyClick(window.notes_panel.entry, Qt.Key.Key_Escape)
    assert not window.notes_panel.entry.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_3)
    qtbot.keyClick(window.notes_panel.entry, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)

    # pause: time stands still, a note taken while paused lands at the pause point
    panel.pause_button.click()
    paused_at = window.position_ms()
    qtbot.keyClicks(window.notes_panel.entry, "Pause demandee par P01")
    with qtbot.waitSignal(window.note_stored):
        qtbot.keyClick(window.notes_panel.entry, Qt.Key.Key_Return)
    panel.pause_button.click()
    qtbot.waitUntil(lambda: window.position_ms() >= paused_at + 500, timeout=10_000)
    panel.stop_button.click()                                   # Stop asks first
    with qtbot.waitSignal(panel.recording_stopped) as stopped:
        next(b for b in panel.stop_box.buttons() if b.objectName() == "confirmStopButton").click()
    result = stopped.args[0]

    # the DB and the file agree on the times
    rate, channels, duration_ms = wav_info(result.path)
    row = next(study.db.query("SELECT * FROM recordings"))
    assert row["status"] == "complete" and row["duration_ms"] == duration_ms == result.duration_ms
    notes = fieldnotes.list_notes(study, session_id)
    assert [n.text for n in notes] == ["P02 parle du manque de remplacement", "Pause demandee par P01"]
    first, second = notes
    assert typed_at <= first.recording_ms < typed_at + 300
    assert first.tags == ("key_quote",) and first.question_key == "ouverture.connaissance"
    assert abs(second.recording_ms - paused_at) <= 100
    events = fieldnotes.speaker_events(study, session_id)
    assert [e.participant_code for e in events] == ["P02", "P03", "P01"]
    assert events[0].participant_id == p2.id
    times = [mark.recording_ms, first.recording_ms, *[e.recording_ms for e in events], second.recording_ms]
    assert times == sorted(times) and times[-1] <= duration_ms
    assert sum(window.guide_panel.section_elapsed_ms.values()) <= duration_ms
    assert panel.elapsed_label.text() != "00:00:00"
    # editing a note keeps its time
    item = window.notes_panel.table.item(0, 2)
    item.setText("P02 parle du manque de remplacement (infirmières)")
    edited = fieldnotes.get_note(study, first.id)
    assert edited.text.endswith("(infirmières)") and edited.recording_ms == first.recording_ms


def test_closing_the_window_while_recording_keeps_the_audio(qtbot, window, study, monkeypatch):
    from tests.sessions_helpers import fake_stream

    fake_stream(monkeypatch)  # the close path only; real capture is covered above
    assert window.recording_panel.start_recording()
    window.close()
    row = next(study.db.query("SELECT status, duration_ms FROM recordings"))
    assert row == {"status": "complete", "duration_ms": 100}


def test_recording_refused_without_audio_consent_is_explained(qtbot, study, settings):
    from PySide6.QtWidgets import QMessageBox

    from tests.sessions_helpers import consented

    consented(study, "P07", agreed=("quotes",))
    session = make_session(study, code="I2", kind="interview", attendees=("P07",))
    win = SessionWindow(study, session.id, settings)
    qtbot.addWidget(win)
    assert not win.recording_panel.start_recording()
    box = win.recording_panel.findChild(QMessageBox, "recordingRefusedBox")
    assert box is not None and "P07 did not consent to audio recording." in box.text()
    assert {b.text() for b in box.buttons()} >= {"Remove P07 from the session", "Record a new consent for P07…"}
    box.close()
    assert win.recording_panel.record_button.isEnabled() and study.db["recordings"].count == 0
    assert win.guide_panel is None   # no guide: the window still works for notes
    assert win.speakers.isHidden()


def test_the_ways_forward_when_someone_did_not_consent_to_audio(qtbot, study, settings, monkeypatch):
    """P04 did not consent to audio: remove P04 from the session (the speaker buttons follow, the change is
    audited, recording can start), or record a new consent for P04."""
    from PySide6.QtWidgets import QMessageBox

    from echo_fieldwork.sessions.sessions import attendance
    from echo_fieldwork.ui.people.consent_dialog import ConsentDialog
    from tests.sessions_helpers import consented, fake_stream

    fake_stream(monkeypatch)  # this test is about the refusal; capture itself is tested on the null sink
    consented(study, "P04", agreed=("quotes",))
    session = make_session(study, attendees=("P01", "P02", "P04"))
    win = SessionWindow(study, session.id, settings)
    qtbot.addWidget(win)
    assert [b.text() for b in win.speakers.buttons] == ["1 · P01", "2 · P02", "3 · P04"]
    assert not win.recording_panel.start_recording()
    box = win.recording_panel.findChild(QMessageBox, "recordingRefusedBox")
    consent_button = next(b for b in box.buttons() if b.text() == "Record a new consent for P04…")
    consent_button.click()
    dialog = win.recording_panel.findChild(ConsentDialog)
    assert dialog is not None and dialog.isVisible() and "P04" in dialog.windowTitle()
    dialog.reject()
    assert not win.recording_panel.start_recording()
    box = win.recording_panel.refused_box
    next(b for b in box.buttons() if b.text() == "Remove P04 from the session").click()
    assert [code for _pid, code, _role in attendance(study, session.id)] == ["P01", "P02", "M1"]
    assert [b.text() for b in win.speakers.buttons] == ["1 · P01", "2 · P02"]
    assert "P04" not in win.header.text()
    assert study.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'session.update'").fetchone()[0] == 1
    assert win.recording_panel.start_recording()
    win.recording_panel.stop_recording()


def test_low_disk_space_and_section_time_are_shown(qtbot, window, monkeypatch):
    from collections import namedtuple

    from echo_fieldwork.audio import recorder

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(recorder.shutil, "disk_usage", lambda path: usage(10**11, 10**11 - 10**8, 10**8))
    window.recording_panel.refresh_disk_space()
    assert window.recording_panel.disk_label.text().startswith("⚠") and "2 hours" in window.recording_panel.disk_label.text()
    panel = window.guide_panel
    panel.add_elapsed(4 * 60_000)
    assert panel.section_time_label.text() == "04:00 of 5 min" and not panel.section_time_label.property("over")
    panel.add_elapsed(2 * 60_000)
    assert panel.section_time_label.property("over")
    panel.next_question()
    panel.next_question()          # next section: its own clock
    assert panel.section_time_label.text() == "00:00 of 10 min"


def test_closing_by_hand_while_recording_asks_first(qtbot, window, study, monkeypatch):
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMessageBox

    class UserClose(QCloseEvent):  # what the title bar's close button sends (a spontaneous close event)
        def spontaneous(self):
            return True

    panel = window.recording_panel
    monkeypatch.setattr(panel, "_recording_fake", True, raising=False)
    monkeypatch.setattr(type(panel), "recording", property(lambda self: getattr(self, "_recording_fake", False)))
    stopped = []
    monkeypatch.setattr(panel, "stop_recording", lambda: stopped.append(True))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: asked.append(args[2]) or QMessageBox.StandardButton.No)
    event = UserClose()
    window.closeEvent(event)
    assert asked and "recording is in progress" in asked[0]
    assert not event.isAccepted() and not stopped          # "No": the session goes on
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: QMessageBox.StandardButton.Yes)
    panel._recording_fake = True
    window.closeEvent(UserClose())
    assert stopped == [True]
    panel._recording_fake = False


def test_speaker_keys_log_who_speaks_whatever_has_the_focus(qtbot, window, study, monkeypatch):
    """Digits log speakers (0: the moderator) while the window holds the focus, even after a click on a button
    or the microphone list; typing a letter starts a note, whose digits are text; Enter gives the keys back."""
    from tests.sessions_helpers import fake_stream

    fake_stream(monkeypatch)  # speaker keys, not capture: the null-sink test records for real
    session_id = window.session.id
    assert [b.text() for b in window.speakers.moderator_buttons] == ["0 · M1"]
    assert window.recording_panel.start_recording()

    def logged() -> list[str]:
        return [e.participant_code for e in fieldnotes.speaker_events(study, session_id)]

    assert not window.notes_panel.entry.hasFocus()          # the window holds the focus from the start
    qtbot.keyClick(window, Qt.Key.Key_2)
    window.guide_panel.next_button.click()                  # a click does not take the keys away
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_0)
    window.recording_panel.device_combo.setFocus()
    qtbot.keyClick(window.recording_panel.device_combo, Qt.Key.Key_3)
    assert logged() == ["P02", "M1", "P03"]

    window.setFocus()
    qtbot.keyClicks(window, "Arrive")                        # typing starts a note
    assert window.notes_panel.entry.hasFocus() and window.notes_panel.entry.text() == "Arrive"
    qtbot.keyClicks(window.notes_panel.entry, " 3 min")     # digits in a note are text
    qtbot.keyClick(window.notes_panel.entry, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # Alt+digit: speaker
    assert logged() == ["P02", "M1", "P03", "P01"]
    with qtbot.waitSignal(window.note_stored):
        qtbot.keyClick(window.notes_panel.entry, Qt.Key.Key_Return)
    assert fieldnotes.list_notes(study, session_id)[-1].text == "Arrive 3 min"
    assert not window.notes_panel.entry.hasFocus()          # stored: digits log speakers again
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert logged()[-1] == "P01" and len(logged()) == 5
    window.recording_panel.stop_recording()


def test_recording_paused_and_stopped_are_unmistakable(qtbot, window, study, monkeypatch):
    from tests.sessions_helpers import fake_stream

    fake_stream(monkeypatch)
    panel = window.recording_panel
    assert window.banner_state() == "idle" and window.banner.text() == "Not recording"
    assert panel.start_recording()
    assert window.banner_state() == "recording" and "RECORDING" in window.banner.text()
    assert "#c62828" in window.banner.styleSheet()            # red
    qtbot.keyClick(window, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert window.banner_state() == "paused" and window.banner.text().startswith("PAUSED")
    assert not panel.pause_button.icon().isNull() and panel.pause_button.text() == "Resume"
    panel._paused_at -= 61                                   # a minute later (no waiting in tests)
    window.update_banner()
    assert window.banner_state() == "paused_long"
    assert window.banner.text().startswith("Still PAUSED for 1 minute:")
    # Stop asks first; "Keep recording" keeps it
    panel.stop_button.click()
    box = panel.stop_box
    assert box is not None and box.isVisible() and box.objectName() == "confirmStopBox"
    next(b for b in box.buttons() if b.text() == "Keep recording").click()
    assert panel.recording
    panel.stop_button.click()
    with qtbot.waitSignal(panel.recording_stopped):
        next(b for b in panel.stop_box.buttons() if b.objectName() == "confirmStopButton").click()
    assert not panel.recording and window.banner_state() == "idle"
    assert window.banner.text().startswith("Not recording · recorded so far")


def test_reopened_the_window_shows_the_session_time_and_the_guide_reads_from_afar(qtbot, study, settings):
    from echo_fieldwork.sessions.sessions import add_recording_row

    guide = import_guide_file(study, GUIDE)
    session = make_session(study, attendees=("P01", "P02"), guide_id=guide.id)
    add_recording_row(study, session.id, "audio/FG1.wav", source="recorded", status="complete", sample_rate=16000,
                      duration_ms=45 * 60_000)
    add_recording_row(study, session.id, "audio/FG1-2.wav", source="recorded", status="complete",
                      sample_rate=16000, duration_ms=12 * 60_000)
    win = SessionWindow(study, session.id, settings)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # window shortcuts (Ctrl +) act in the active window
    assert win.recording_panel.elapsed_label.text() == "00:57:00"
    assert win.banner.text() == "Not recording · recorded so far: 00:57:00"
    panel = win.guide_panel
    assert panel.reminders_label.isVisible() and "peut refuser de répondre" in panel.reminders_label.text()
    base = win.font().pointSizeF()
    probes = panel.probes_label.font().pointSizeF()
    assert probes >= 1.5 * base and panel.question_label.font().pointSizeF() >= 2 * base
    qtbot.keyClick(win, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert panel.probes_label.font().pointSizeF() > probes
    qtbot.keyClick(win, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(win, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert panel.probes_label.font().pointSizeF() < probes
    qtbot.keyClick(win, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert panel.probes_label.font().pointSizeF() == probes


def test_free_disk_space_is_written_with_a_decimal_comma_in_french(qtbot, window, monkeypatch):
    from collections import namedtuple

    from echo_fieldwork.audio import recorder
    from echo_fieldwork.i18n import set_language

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(recorder.shutil, "disk_usage", lambda path: usage(10**12, 10**12 - 72_300_000_000,
                                                                          72_300_000_000))
    window.recording_panel.refresh_disk_space()
    assert window.recording_panel.disk_label.text().startswith("Free disk space: 72.3 GB (about ")
    set_language("fr")
    window.recording_panel.refresh_disk_space()
    assert window.recording_panel.disk_label.text().startswith("Espace libre : 72,3 Go (environ ")
