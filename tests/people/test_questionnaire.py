import json

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people import questionnaire
from echo_fieldwork.people.forms import default_form
from echo_fieldwork.people.participants import add_participant


def test_answers_are_checked_per_field():
    form = default_form()
    clean, problems = questionnaire.check_answers(form, {"program_role": "boss", "gender": "woman",
                                                         "years_involved": "-2", "employer": "x" * 201})
    assert set(problems) == {"program_role", "age_band", "years_involved", "employer"}
    assert problems["age_band"] == "This answer is required."
    assert "between 0 and 60" in problems["years_involved"]
    assert clean == {"gender": "woman"}
    _clean, problems = questionnaire.check_answers(form, {"years_involved": "2.5"})
    assert problems["years_involved"] == "Enter a whole number."


def test_saving_stores_the_form_identity_and_the_latest_set_counts(study):
    form = default_form()
    p = add_participant(study, "P01")
    answers = {"program_role": "manager", "gender": "another", "age_band": "55_64", "years_involved": 7}
    questionnaire.save_answers(study, p.id, form, answers)
    questionnaire.save_answers(study, p.id, form, dict(answers, years_involved="8", employer=" CISSS "))
    row = study.db.execute("SELECT form_id, form_version, form_sha256, answers, recorded_by FROM questionnaire_answers "
                           "ORDER BY id DESC").fetchone()
    assert row[:3] == ("sociodemographic", form.version, form.sha256) and row[4] == "RA1"
    assert json.loads(row[3]) == dict(answers, years_involved=8, employer="CISSS")
    assert questionnaire.latest_answers(study) == {p.id: dict(answers, years_involved=8, employer="CISSS")}
    audit = study.db.execute("SELECT detail FROM audit_log WHERE action = 'questionnaire.save'").fetchall()
    assert len(audit) == 2 and "CISSS" not in audit[1][0]


def test_invalid_answers_store_nothing(study):
    p = add_participant(study, "P01")
    with pytest.raises(UserError) as raised:
        questionnaire.save_answers(study, p.id, default_form(), {"program_role": "manager", "years_involved": "x"})
    assert any(d.startswith("Years involved in the program:") for d in raised.value.details)
    assert study.db.execute("SELECT COUNT(*) FROM questionnaire_answers").fetchone()[0] == 0
