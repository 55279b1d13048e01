"""The Sessions tab: list, new session dialog with attendance, repair on open, audio import."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from echo_fieldwork.audio.wavfile import WavAppender
from echo_fieldwork.i18n import set_language
from echo_fieldwork.sessions.sessions import list_sessions
from echo_fieldwork.ui.sessions.new_session_dialog import NewSessionDialog
from echo_fieldwork.ui.sessions.sessions_widget import SessionsWidget
from tests.conftest import REPO_ROOT
from tests.sessions_helpers import consented, make_session, speech

GUIDE = REPO_ROOT / "interview_guides" / "telementoring-leaders-en.yaml"


def test_new_session_dialog_creates_a_session_with_attendance(qtbot, study, settings):
    consented(study, "P01")
    consented(study, "P02")
    consented(study, "M1", role="interviewer")
    widget = SessionsWidget(study, settings)
    qtbot.addWidget(widget)
    dialog = widget.new_session()
    assert dialog.add_guide_file(GUIDE)
    assert dialog.code_edit.text() == "FG1"                   # a free code is suggested for the kind
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("interview"))
    assert dialog.code_edit.text() == "I1"
    dialog.set_checked(["P02", "M1"])
    dialog.accept()
    assert dialog.result() == NewSessionDialog.DialogCode.Accepted
    [session] = list_sessions(study)
    assert (session.code, session.kind, session.guide_id) == ("I1", "interview", dialog.guide_combo.currentData())
    assert widget.table.rowCount() == 1 and widget.table.item(0, 0).text() == "I1"
    assert widget.table.item(0, 5).text() == "none"
    window = widget.open_selected()
    assert window.windowTitle().startswith("Session I1")
    assert window.speakers.isHidden()  # the speaker row is for focus groups
    widget.close()
    assert not window.isVisible()


def test_new_session_refused_without_consent_keeps_the_dialog_open(qtbot, study, settings):
    consented(study, "P01")
    from echo_fieldwork.people.participants import add_participant

    add_participant(study, "P02")
    dialog = NewSessionDialog(study)
    qtbot.addWidget(dialog)
    assert "no consent" in dialog.attendee_list.item(1).text()
    dialog.code_edit.setText("FG1")
    dialog.set_checked(["P01", "P02"])
    dialog.accept()
    box = dialog.findChild(QMessageBox, "errorMessageBox")
    assert box is not None and "P02" in box.text()
    assert dialog.result() != NewSessionDialog.DialogCode.Accepted and list_sessions(study) == []
    bad = dialog.add_guide_file(Path(__file__))   # not a guide
    assert not bad and dialog.guide_combo.count() == 1


def test_interrupted_recording_is_repaired_when_the_tab_opens(qtbot, study, settings):
    session = make_session(study)
    writer = WavAppender(study.audio_dir / "FG1.wav", 16000)
    writer.write(b"\x00\x01" * 32000)
    writer._file.flush()   # two seconds on disk, header never updated: a power cut
    study.db.execute("INSERT INTO recordings (session_id, path, source, status, sample_rate, channels, started_at) "
                     "VALUES (?, 'audio/FG1.wav', 'recorded', 'recording', 16000, 1, 'x')", [session.id])
    set_language("fr")
    widget = SessionsWidget(study, settings)
    qtbot.addWidget(widget)
    box = widget.findChild(QMessageBox, "repairMessageBox")
    assert box is not None and "FG1" in box.text() and "00:00:02" in box.text() and "réparé" in box.text()
    assert widget.table.item(0, 4).text() == "00:00:02" and widget.table.item(0, 5).text() == "réparé"


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")
def test_import_audio_from_the_tab(qtbot, study, settings, tmp_path):
    make_session(study)
    widget = SessionsWidget(study, settings)
    qtbot.addWidget(widget)
    ogg = tmp_path / "visio.ogg"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(speech(tmp_path / "s.wav")), "-c:a", "libvorbis", str(ogg)],
                   check=True)
    task = widget.import_audio_file(str(ogg))
    assert not widget.import_button.isEnabled()   # one import at a time
    with qtbot.waitSignal(task.import_finished, timeout=30_000):
        pass
    assert widget.table.item(0, 5).text() == "imported" and widget.table.item(0, 4).text() != "00:00:00"
    assert "visio.ogg" in widget.status_label.text() and widget.import_button.isEnabled()
    garbage = tmp_path / "broken.m4a"
    garbage.write_bytes(b"\x00" * 5000)
    task = widget.import_audio_file(str(garbage))
    with qtbot.waitSignal(task.import_failed, timeout=30_000):
        pass
    assert "broken.m4a" in widget.findChild(QMessageBox, "errorMessageBox").text()
    assert study.db["recordings"].count == 1 and len(list(study.audio_dir.iterdir())) == 1
    assert widget.import_audio_file(str(tmp_path / "missing.mp3")) is None


def answer_modals(answers: list[str]) -> list[str]:
    """Click each of `answers`, in order, in the modal boxes that come up (each exec() runs its own event loop,
    where this timer keeps firing); returns what the boxes said."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    said: list[str] = []
    answered: list[QMessageBox] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box not in answered and answers:
            answered.append(box)
            said.append(box.text())
            text = answers.pop(0)
            next(b for b in box.buttons() if b.text().replace("&", "") == text).click()
        if answers:
            QTimer.singleShot(10, click)

    QTimer.singleShot(0, click)
    return said


def test_edit_a_session_after_the_fact(qtbot, study, settings):
    session = make_session(study, attendees=("P01", "P02"))
    consented(study, "P03")
    consented(study, "P04", agreed=("quotes",))
    widget = SessionsWidget(study, settings)
    qtbot.addWidget(widget)
    dialog = widget.edit_selected()
    assert dialog.windowTitle() == "Edit session FG1" and dialog.code_edit.text() == "FG1"
    assert dialog._checked(dialog.attendee_list) == ["P01", "P02"]
    labels = [dialog.attendee_list.item(i).text() for i in range(dialog.attendee_list.count())]
    assert "P04 (consent recorded, no audio)" in labels   # the session could not be recorded with P04
    dialog.set_checked(["P01", "P03", "M1"])              # P02 did not come, P03 arrived late
    dialog.code_edit.setText("FG1b")
    dialog.accept()
    assert dialog.result() == NewSessionDialog.DialogCode.Accepted
    [edited] = list_sessions(study)
    assert edited.id == session.id and edited.code == "FG1b" and widget.table.item(0, 0).text() == "FG1b"
    from echo_fieldwork.sessions.sessions import attendance

    assert [c for _p, c, _r in attendance(study, session.id)] == ["P01", "P03", "M1"]


def test_delete_an_empty_session_then_one_with_audio_only_on_the_second_confirmation(qtbot, study, settings):
    from echo_fieldwork.sessions.sessions import add_recording_row

    make_session(study, "FG1")
    second = make_session(study, "FG2")
    (study.folder / "audio" / "FG2.wav").write_bytes(b"RIFF")
    add_recording_row(study, second.id, "audio/FG2.wav", source="recorded", status="complete", sample_rate=16000,
                      duration_ms=754_000)
    widget = SessionsWidget(study, settings)
    qtbot.addWidget(widget)
    widget.table.selectRow(0)
    said = answer_modals(["Yes"])
    assert widget.delete_selected()
    assert said == ["Delete session FG1?"] and [s.code for s in list_sessions(study)] == ["FG2"]
    widget.table.selectRow(0)
    said = answer_modals(["Yes", "Cancel"])
    assert not widget.delete_selected()                 # the second, explicit confirmation was refused
    assert said[0] == "Delete session FG2?" and "00:12:34 of audio" in said[1]
    assert (study.folder / "audio" / "FG2.wav").exists() and len(list_sessions(study)) == 1
    answer_modals(["Yes", "Delete FG2 and its recordings"])
    assert widget.delete_selected()
    assert list_sessions(study) == [] and not (study.folder / "audio" / "FG2.wav").exists()
    assert widget.table.rowCount() == 0 and not widget.delete_button.isEnabled()
