"""Names stay in the identity table: the consent dialog's "Obtained by" is a team member (name shown, code stored),
a withdrawal note naming someone is given their code before it is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from echo_fieldwork.people import consent
from echo_fieldwork.people.identity import Identity, set_identity
from echo_fieldwork.people.participants import add_participant
from echo_fieldwork.ui.people.consent_dialog import ConsentDialog
from tests.consent_helpers import ready_form


def _error_box() -> QMessageBox | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()), None)


def test_obtained_by_is_chosen_among_team_members_and_stored_as_a_code(qtbot, study):
    ready_form(study, study.language)
    person = add_participant(study, "P01")
    set_identity(study, Identity(person.id, full_name="Lucie Côté"))
    for code, role, name in (("M1", "interviewer", "Roxanne Tremblay"), ("O1", "observer", "")):
        member = add_participant(study, code, role)
        if name:
            set_identity(study, Identity(member.id, full_name=name))
    dialog = ConsentDialog(study, person)
    qtbot.addWidget(dialog)
    combo = dialog.obtained_by_combo
    # Team members only (no participant), with the name beside the code where the identity table has one.
    assert [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == [
        ("M1 — Roxanne Tremblay", "M1"), ("O1", "O1")]
    assert combo.currentIndex() == -1 and not dialog.no_team_label.isVisibleTo(dialog)   # two: nobody guessed

    # Nothing chosen: a sentence, and the dialog stays on its first page.
    qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _error_box() is not None)
    assert _error_box().text() == "Choose the team member who obtained the consent."
    _error_box().close()
    assert dialog.pages.currentIndex() == 0

    combo.setCurrentIndex(combo.findData("M1"))
    qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1 and "M1 — Roxanne Tremblay" in dialog.summary_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.consent_id is not None
    [event] = consent.consent_events(study, person.id)
    assert event.obtained_by == "M1"
    text, _digest = consent.frozen_copy(study, dialog.consent_id)
    assert "M1" in text and "Roxanne" not in text and "Lucie" not in text


def test_without_a_team_member_the_dialog_says_how_to_add_one(qtbot, study):
    ready_form(study, study.language)
    person = add_participant(study, "P01")
    dialog = ConsentDialog(study, person)
    qtbot.addWidget(dialog)
    assert dialog.obtained_by_combo.count() == 0 and not dialog.obtained_by_combo.isEnabled()
    assert dialog.no_team_label.isVisibleTo(dialog) and "interviewer or observer" in dialog.no_team_label.text()
    qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _error_box() is not None)
    assert _error_box().text() == dialog.no_team_label.text()
    _error_box().close()
    assert dialog.pages.currentIndex() == 0 and consent.consent_events(study, person.id) == []


def test_a_withdrawal_note_naming_someone_is_given_codes_before_it_is_saved(qtbot, study):
    from echo_fieldwork.ui.people.withdrawal_dialog import WithdrawalDialog

    person = add_participant(study, "P01")
    set_identity(study, Identity(person.id, full_name="Lucie Côté"))
    dialog = WithdrawalDialog(study, person)
    qtbot.addWidget(dialog)
    dialog.scope_checks["no_quotes"].setChecked(True)
    dialog.note_edit.setPlainText("Lucie Côté a appelé.")
    dialog.accept()
    qtbot.waitUntil(lambda: _error_box() is not None)
    assert "replaced by their codes" in _error_box().text()
    _error_box().close()
    assert dialog.note_edit.toPlainText() == "P01 a appelé." and consent.withdrawal_events(study, person.id) == []
    dialog.accept()
    [withdrawal] = consent.withdrawal_events(study, person.id)
    assert withdrawal.note == "P01 a appelé." and dialog.withdrawal_id == withdrawal.id
