"""The questionnaire dialog is built from any form definition: relevance, multiple choices, dates."""

import json

from echo_fieldwork.people.forms import parse_form
from echo_fieldwork.people.participants import add_participant
from echo_fieldwork.ui.people.questionnaire_dialog import QuestionnaireDialog

FORM = """\
form_id: followup
version: "3"
title: {fr: Suivi, en: Follow-up}
survey:
  - type: select_one
    name: attended
    label: {fr: A participé, en: Attended sessions}
    required: true
    choices:
      - {name: "yes", label: {fr: Oui, en: "Yes"}}
      - {name: "no", label: {fr: Non, en: "No"}}
  - type: select_multiple
    name: tools
    label: {fr: Outils, en: Tools used}
    required: true
    relevant: "${attended} = 'yes'"
    constraint: "count-selected(.) <= 2"
    constraint_message: {fr: Deux au plus., en: Two at most.}
    choices:
      - {name: zoom, label: Zoom}
      - {name: teams, label: Teams}
      - {name: phone, label: {fr: Téléphone, en: Telephone}}
  - type: date
    name: first_session
    label: {fr: Première séance, en: First session}
"""


def test_relevance_multiple_choices_and_dates(qtbot, study):
    form = parse_form(FORM)
    participant = add_participant(study, "P01")
    dialog = QuestionnaireDialog(study, participant, form)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.frames["tools"].isHidden()  # only asked of those who attended
    dialog.choice_buttons["attended"]["yes"].setChecked(True)
    assert not dialog.frames["tools"].isHidden()
    for name in ("zoom", "teams", "phone"):
        dialog.choice_buttons["tools"][name].setChecked(True)
    qtbot.keyClicks(dialog.line_edits["first_session"], "2026-13-01")
    dialog.accept()
    assert dialog.error_labels["tools"].text() == "Two at most."
    assert dialog.error_labels["first_session"].text() == "Enter a date as YYYY-MM-DD."
    dialog.choice_buttons["tools"]["teams"].setChecked(False)
    dialog.line_edits["first_session"].setText("2026-10-14")
    dialog.accept()
    answers = study.db.execute("SELECT form_id, form_version, answers FROM questionnaire_answers").fetchall()
    assert answers == [("followup", "3", json.dumps({"attended": "yes", "first_session": "2026-10-14",
                                                     "tools": ["zoom", "phone"]}, sort_keys=True))]


def test_answers_to_hidden_questions_are_not_kept(qtbot, study):
    form = parse_form(FORM)
    participant = add_participant(study, "P01")
    dialog = QuestionnaireDialog(study, participant, form)
    qtbot.addWidget(dialog)
    dialog.choice_buttons["attended"]["yes"].setChecked(True)
    dialog.choice_buttons["tools"]["zoom"].setChecked(True)
    dialog.choice_buttons["attended"]["no"].setChecked(True)
    dialog.accept()
    stored = json.loads(study.db.execute("SELECT answers FROM questionnaire_answers").fetchone()[0])
    assert stored == {"attended": "no"}
    # Opening it again shows the stored answers, ready to be corrected into a new answer set.
    again = QuestionnaireDialog(study, participant, form)
    qtbot.addWidget(again)
    assert again.choice_buttons["attended"]["no"].isChecked()
