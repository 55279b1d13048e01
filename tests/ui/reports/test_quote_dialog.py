import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from echo_fieldwork.people.participants import require
from echo_fieldwork.reports import quotes
from echo_fieldwork.ui.reports.quote_dialog import QuoteDialog
from tests.reports_fixtures import build_report_study


@pytest.fixture
def ids(study):
    return build_report_study(study)


def _error_box():
    return next((w for w in QApplication.topLevelWidgets()
                 if w.objectName() == "errorMessageBox" and w.isVisible()), None)


def test_save_a_selection_as_a_quote(qtbot, study, ids):
    dialog = QuoteDialog(study, ids["FG1"], 0, 4000, "Le mentorat m’a aidée à mieux soigner mes patients.", "P01")
    qtbot.addWidget(dialog)
    assert dialog.source_label.text() == "Session FG1, 00:00:00–00:00:04"
    assert dialog.speaker() == "P01"
    assert [dialog.speaker_combo.itemText(i) for i in range(dialog.speaker_combo.count())] == [
        "Choose the speaker…", "P01", "P02", "P03", "P07", "M1", "O1"]
    assert not dialog.refusal_label.isVisibleTo(dialog)
    dialog.role_edit.setCurrentText("Medical lead")
    assert dialog.attribution_label.text() == "Attribution: [FG1, Medical lead]"
    dialog.translation_edit.setPlainText("Mentoring helped me care better for my patients.")
    dialog.translated_by_edit.setText("RA1")
    with qtbot.waitSignal(dialog.quote_saved) as saved:
        dialog.accept()
    quote = quotes.get_quote(study, saved.args[0])
    assert quote.attribution == "[FG1, Medical lead]"
    assert quote.participant_id == require(study, "P01").id
    assert quote.translation == "Mentoring helped me care better for my patients."
    assert dialog.result() == QuoteDialog.DialogCode.Accepted


def test_refused_quote_shows_the_message(qtbot, study, ids):
    dialog = QuoteDialog(study, ids["FG2"], 0, 5000, "On se sentait moins seuls en région.", "P08")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.refusal_label.isVisible()
    assert dialog.refusal_label.text() == "This passage cannot be quoted: P08 asked not to be quoted."
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.role_edit.setCurrentText("Coordinator")
    dialog.accept()                       # even if called directly, the core refuses and says why
    qtbot.waitUntil(lambda: _error_box() is not None)
    assert "P08 asked not to be quoted" in _error_box().text()
    _error_box().close()
    assert dialog.result() != QuoteDialog.DialogCode.Accepted
    assert quotes.list_quotes(study) == []


def test_changing_the_speaker_checks_their_consent(qtbot, study, ids):
    # No speaker given: the passage has one speaker (P08), who refused quotes.
    dialog = QuoteDialog(study, ids["FG2"], 0, 5000, "On se sentait moins seuls en région.", None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.speaker() == "P08" and dialog.refusal_label.isVisible()
    dialog.speaker_combo.setCurrentIndex(dialog.speaker_combo.findData("P04"))
    assert not dialog.refusal_label.isVisible()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.speaker_combo.setCurrentIndex(0)
    dialog.role_edit.setCurrentText("Manager")
    dialog.accept()
    qtbot.waitUntil(lambda: _error_box() is not None)
    assert "Choose who is speaking" in _error_box().text()
    _error_box().close()
    assert quotes.list_quotes(study) == []


def test_a_name_in_the_text_keeps_the_dialog_open(qtbot, study, ids):
    dialog = QuoteDialog(study, ids["FG1"], 8000, 12000, "Jacques nous a beaucoup appris.", "P02")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.role_edit.setCurrentText("Coordinator")
    # The proposal may already be deidentified (when the deidentify module is there); the researcher can
    # still type a name back in, and the save refuses it.
    dialog.text_edit.setPlainText("Jacques nous a beaucoup appris.")
    dialog.accept()
    qtbot.waitUntil(lambda: _error_box() is not None)
    assert "must not contain anyone's name" in _error_box().text()
    assert "a name of M1" in _error_box().text()
    _error_box().close()
    assert dialog.isVisible() and quotes.list_quotes(study) == []
    dialog.text_edit.setPlainText("[M1] nous a beaucoup appris.")
    with qtbot.waitSignal(dialog.quote_saved):
        dialog.accept()
    assert quotes.list_quotes(study)[0].text == "[M1] nous a beaucoup appris."
