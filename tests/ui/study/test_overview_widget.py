"""The study overview driven like a user would, offscreen; the database must hold exactly what was entered."""

import datetime as dt
import json
import subprocess
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QPoint, Qt, QTime
from PySide6.QtWidgets import QLabel, QMessageBox, QTextBrowser

from echo_fieldwork.ui.main_window import MainWindow
from echo_fieldwork.ui.people.consent_badge import ConsentBadgeWidget
from echo_fieldwork.ui.study.overview_widget import OverviewWidget
from tests.consent_helpers import filled_body, ready_form
from tests.people.participant_data import BAD_CSV, GOOD_CSV


def _open_overview(qtbot, settings, tmp_path: Path) -> tuple[MainWindow, OverviewWidget]:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.create_study(tmp_path / "pilot", "Pilot study", "en", questionnaire="telementoring")
    overview = window.tabs.widget(0)
    assert isinstance(overview, OverviewWidget)
    return window, overview


def _badges(overview: OverviewWidget) -> dict[str, str]:
    result = {}
    for row in range(overview.table.rowCount()):
        badge = overview.table.cellWidget(row, 2).findChild(ConsentBadgeWidget)
        result[overview.table.item(row, 0).text()] = badge.status
    return result


def _click_box(qtbot, button) -> None:
    # A check box only reacts on its indicator and text, not on the empty end of a wide row.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def _utc(qdatetime: QDateTime) -> str:
    return qdatetime.toPython().astimezone().astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def test_enrol_consent_withdraw_and_questionnaire(qtbot, settings, tmp_path):
    window, overview = _open_overview(qtbot, settings, tmp_path)
    study = window.study
    menu_texts = [a.text() for a in window.study_menu.actions()]
    assert "Record &consent…" in menu_texts and "&Import from CSV…" in menu_texts
    assert not overview.consent_action.isEnabled()  # nothing selected yet

    # Add a participant: the code is suggested and editable.
    dialog = overview.add_participant()
    assert dialog.code_edit.text() == "P01"
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, "P07")
    dialog.accept()
    assert study.db.execute("SELECT code, study_role FROM participants").fetchall() == [("P07", "participant")]
    assert overview.selected_participant().code == "P07"
    assert _badges(overview) == {"P07": "missing"}

    # Identity: the only screen with names; the audit log keeps field names only.
    dialog = overview.edit_identity()
    dialog.edits["full_name"].insert("Hélène Bouchard")  # keyClicks only types ASCII
    qtbot.keyClicks(dialog.edits["email"], "helene@example.org")
    dialog.accept()
    assert study.db.execute("SELECT full_name, email, phone FROM identities").fetchall() == [
        ("Hélène Bouchard", "helene@example.org", "")]
    assert "Hélène" not in json.dumps(study.db.execute("SELECT * FROM audit_log").fetchall(), ensure_ascii=False)
    assert all("Hélène" not in overview.table.item(r, c).text() for r in range(overview.table.rowCount())
               for c in range(2))

    # Consent: the bundled form still has fields to fill in, so it cannot be used yet: the dialog names them
    # and offers to edit the form; the version saved there is the one selected. Who obtained it is a team member.
    from echo_fieldwork.people.identity import Identity, set_identity
    from echo_fieldwork.people.participants import add_participant

    set_identity(study, Identity(add_participant(study, "M1", "interviewer").id, full_name="Roxanne Tremblay"))
    dialog = overview.record_consent()
    assert dialog.placeholder_box.isVisibleTo(dialog) and not dialog.review_button.isEnabled()
    assert "[TO COMPLETE: project title]" in dialog.placeholder_label.text()
    assert "the ethics approval date" in dialog.placeholder_label.text()
    editor = dialog.edit_form()
    assert editor.language_combo.currentData() == "en" and "[TO COMPLETE" in editor.missing_label.text()
    editor.body_edit.setPlainText(filled_body(editor.current))
    editor.reference_edit.setText("MP-21-2026-1234")
    assert "ethics approval date" in editor.missing_label.text()
    editor.date_edit.setText("2026-01-15")
    assert editor.missing_label.text() == "Nothing is left to fill in: the form can be used."
    editor.accept()
    assert editor.saved.version == 2 and dialog.form_combo.currentData() == editor.saved.id
    assert not dialog.placeholder_box.isVisibleTo(dialog) and dialog.review_button.isEnabled()

    # Nothing is saved before the confirmation step.
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("oral"))
    assert dialog.obtained_by_combo.currentText() == "M1 — Roxanne Tremblay"   # the only team member
    when = QDateTime(QDate(2026, 11, 20), QTime(14, 30))
    dialog.date_edit.setDateTime(when)
    _click_box(qtbot, dialog.item_checks["audio"])
    dialog.item_checks["contact"].setChecked(True)
    form_id = dialog.form_combo.currentData()
    qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    summary = dialog.summary_label.text()
    assert "M1 — Roxanne Tremblay" in summary and "Oral consent documented" in summary and "2026-11-20 14:30" in summary
    assert study.db.execute("SELECT COUNT(*) FROM consents").fetchone()[0] == 0
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    rows = study.db.execute("SELECT participant_id, form_id, consented_at, mode, obtained_by, agree_audio, "
                            "agree_quotes, agree_future_contact FROM consents").fetchall()
    pid = overview.selected_participant().id
    assert rows == [(pid, form_id, _utc(when), "oral", "M1", 1, 0, 1)]
    assert _badges(overview) == {"P07": "consented", "M1": "not_required"}
    assert overview.stat_values["consented"].text() == "1"

    # Questionnaire: a validation error shown inline, then fixed.
    dialog = overview.fill_questionnaire()
    dialog.choice_buttons["program_role"]["coordinator"].setChecked(True)
    _click_box(qtbot, dialog.choice_buttons["gender"]["woman"])
    dialog.choice_buttons["age_band"]["35_44"].setChecked(True)
    qtbot.keyClicks(dialog.line_edits["years_involved"], "-3")
    dialog.line_edits["employer"].insert("CIUSSS de l’Est")
    dialog.accept()
    assert dialog.result() == 0 and not dialog.error_labels["years_involved"].isHidden()
    assert "between 0 and 60" in dialog.error_labels["years_involved"].text()
    assert dialog.error_labels["gender"].isHidden()
    assert study.db.execute("SELECT COUNT(*) FROM questionnaire_answers").fetchone()[0] == 0
    dialog.line_edits["years_involved"].clear()
    qtbot.keyClicks(dialog.line_edits["years_involved"], "4")
    assert dialog.error_labels["years_involved"].isHidden()  # cleared as soon as it is fixed
    dialog.accept()
    row = study.db.execute("SELECT participant_id, form_id, form_version, form_sha256, answers "
                           "FROM questionnaire_answers").fetchone()
    assert row[:4] == (pid, "sociodemographic", overview.form.version, overview.form.sha256)
    assert json.loads(row[4]) == {"program_role": "coordinator", "gender": "woman", "age_band": "35_44",
                                  "years_involved": 4, "employer": "CIUSSS de l’Est"}

    # Withdrawal, with the note about focus groups.
    dialog = overview.record_withdrawal()
    assert "Focus-group contributions may not be separable" in dialog.findChild(QLabel, "focusGroupNote").text()
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData("email"))
    dialog.scope_checks["no_quotes"].setChecked(True)
    dialog.scope_checks["no_future_contact"].setChecked(True)
    when = QDateTime(QDate(2026, 11, 25), QTime(9, 5))
    dialog.date_edit.setDateTime(when)
    qtbot.keyClicks(dialog.note_edit, "Asked by e-mail not to be quoted.")
    dialog.accept()
    assert study.db.execute("SELECT participant_id, withdrawn_at, channel, no_further_participation, remove_data, "
                            "no_quotes, no_future_contact, recorded_by, note FROM withdrawals").fetchall() == [
        (pid, _utc(when), "email", 0, 0, 1, 1, study.actor, "Asked by e-mail not to be quoted.")]
    assert _badges(overview) == {"P07": "withdrawn", "M1": "not_required"}
    window.close()


def test_a_withdrawal_needs_a_scope_and_a_code_must_be_unique(qtbot, settings, tmp_path):
    window, overview = _open_overview(qtbot, settings, tmp_path)
    overview.add_participant().accept()
    dialog = overview.add_participant()
    dialog.code_edit.setText("p01")
    dialog.accept()
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.objectName() == "errorMessageBox"]
    assert boxes and "already used" in boxes[-1].text()
    dialog.reject()
    overview.select_code("P01")
    dialog = overview.record_withdrawal()
    dialog.accept()
    boxes = [b for b in dialog.findChildren(QMessageBox) if b.objectName() == "errorMessageBox"]
    assert boxes and "at least one scope" in boxes[-1].text()
    assert window.study.db.execute("SELECT COUNT(*) FROM withdrawals").fetchone()[0] == 0
    window.close()


def test_csv_import_from_the_overview(qtbot, settings, tmp_path):
    window, overview = _open_overview(qtbot, settings, tmp_path)
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(BAD_CSV, encoding="utf-8")
    good.write_text(GOOD_CSV, encoding="utf-8")
    assert not overview.import_csv(bad)
    boxes = [b for b in overview.findChildren(QMessageBox) if b.objectName() == "errorMessageBox"]
    assert boxes and "line 6" in boxes[-1].text()
    assert overview.table.rowCount() == 0
    assert overview.import_csv(good)
    assert [overview.table.item(r, 0).text() for r in range(overview.table.rowCount())] == ["P01", "P02", "M1"]
    assert _badges(overview) == {"P01": "missing", "P02": "missing", "M1": "not_required"}
    assert overview.stat_values["questionnaires"].text() == "2"
    window.close()


def test_editing_the_consent_form_makes_a_new_version(qtbot, settings, tmp_path):
    window, overview = _open_overview(qtbot, settings, tmp_path)
    dialog = overview.edit_consent_form()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    qtbot.keyClicks(dialog.reference_edit, "MP-21-2026-77")
    qtbot.keyClicks(dialog.date_edit, "2026-10-01")
    dialog.accept()
    rows = window.study.db.execute("SELECT language, version, ethics_reference, ethics_approval_date "
                                   "FROM consent_forms ORDER BY id").fetchall()
    assert rows == [("fr", 1, "", ""), ("en", 1, "", ""), ("en", 2, "MP-21-2026-77", "2026-10-01")]
    assert "MP-21-2026-77" in overview.consent_summary.text()
    window.close()


def test_selected_participant_details_and_the_stored_consent_copy(qtbot, settings, tmp_path):
    from echo_fieldwork.people import consent
    from echo_fieldwork.people.participants import add_participant

    window, overview = _open_overview(qtbot, settings, tmp_path)
    study = window.study
    p = add_participant(study, "P02")
    consent.record_consent(study, p.id, ready_form(study, "en").id, "paper", {"quotes"},
                           consented_at="2026-10-03")
    overview.refresh()
    assert not overview.details.copy_button.isVisibleTo(overview)
    overview.select_code("P02")
    text = overview.details.details_label.toPlainText()
    assert "Consent 2026-10-03: Paper form kept on file, form version 2 (en)" in text
    assert "Verbatim quotes in publications" in text
    dialog = overview.details.show_consent_copy()
    browser_text = dialog.findChild(QTextBrowser).toPlainText()
    assert "Participant: P02" in browser_text and "Information and consent form" in browser_text
    pdf = dialog.save_pdf(tmp_path / "copy.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Participant: P02" in text and dialog.digest in text.replace("\n", "")
    window.close()


def test_sessions_show_transcript_review_progress(qtbot, settings, tmp_path):
    from echo_fieldwork.correction import edits as transcript_edit
    from echo_fieldwork.people.participants import add_participant
    from echo_fieldwork.sessions import sessions
    from echo_fieldwork.transcript.segments import Segment, insert_segments

    window, overview = _open_overview(qtbot, settings, tmp_path)
    study = window.study
    add_participant(study, "M1", "interviewer")
    first = sessions.create_session(study, "I1", "interview", "2026-11-01", "in_person", interviewers=["M1"])
    sessions.create_session(study, "I2", "interview", "2026-11-02", "in_person", interviewers=["M1"])
    insert_segments(study, [Segment(None, first.id, 0, 1000, "Bonjour.", "M1")])
    transcript_edit.set_review_status(study, first.id, "verified")
    overview.refresh()
    column = {overview.sessions_table.horizontalHeaderItem(c).text(): c
              for c in range(overview.sessions_table.columnCount())}["Transcript"]
    assert [overview.sessions_table.item(r, column).text() for r in range(2)] == ["Verified", "—"]
    assert "verified 1" in overview.sessions_summary.text()
