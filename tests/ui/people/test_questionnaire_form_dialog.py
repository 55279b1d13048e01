"""Choosing the study's questionnaire from the overview: errors shown in the dialog, the form used at once."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from echo_fieldwork.people import study_form
from echo_fieldwork.ui.main_window import MainWindow
from echo_fieldwork.ui.people.questionnaire_form_dialog import QuestionnaireFormDialog
from tests.people.test_study_form import team_form
from tests.people.test_xlsform import write_xlsform


def test_choose_an_xlsform_from_the_overview(qtbot, settings, tmp_path: Path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.create_study(tmp_path / "pilot", "Pilot study", "en")
    overview = window.tabs.widget(0)
    assert "demographics, version 1" in overview.questionnaire_summary.text()
    assert "&Questionnaire of the study…" in [a.text() for a in window.study_menu.actions()]
    qtbot.mouseClick(overview.findChild(QPushButton, "chooseQuestionnaireButton"), Qt.MouseButton.LeftButton)
    dialog = overview.last_dialog
    assert isinstance(dialog, QuestionnaireFormDialog) and dialog.isVisible()
    assert "demographics, version 1 (bundled" in dialog.current_label.text()
    assert "No answers are recorded yet" in dialog.findChild(QLabel, "ruleLabel").text()
    assert dialog.bundled_combo.currentData() == "generic" and dialog.ok_button.isEnabled()

    bad = write_xlsform(tmp_path / "bad.xlsx", [["type", "name", "label"], ["select_one nope", "x", "X"]],
                        None, [["form_id", "version"], ["f", "1"]])
    dialog.choose_file(bad)
    assert not dialog.ok_button.isEnabled()
    assert "sheet survey, row 2: no choice list named 'nope'" in dialog.preview.toPlainText()

    dialog.choose_file(team_form(tmp_path))
    assert dialog.ok_button.isEnabled()
    text = dialog.preview.toPlainText()
    assert "Our questionnaire — team_form, version 2: 2 fields" in text and "Care unit *" in text
    assert "Emergency, Intensive care" in text
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "team_form, version 2" in overview.questionnaire_summary.text())
    assert study_form.study_form(window.study).id == "team_form" and overview.form.id == "team_form"

    # The questionnaire dialog now renders the team's form.
    overview.add_participant().accept()
    questionnaire = overview.fill_questionnaire()
    assert questionnaire.form.id == "team_form"
