"""Consent and questionnaire filled online beforehand: a REDCap-style CSV export imported all or nothing."""

import os
import sqlite3
import subprocess
import sys

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people import consent
from echo_fieldwork.people.participants import add_participant, get_by_code
from echo_fieldwork.people.permissions import Use, may
from echo_fieldwork.people.questionnaire import latest_answers
from echo_fieldwork.people.survey_import import SurveyMapping, import_survey, plan_survey_import
from echo_fieldwork.study.study import Study
from tests.conftest import REPO_ROOT
from tests.consent_helpers import ready_form, ready_forms_in

# As REDCap exports a project with an e-consent instrument: record_id, the survey's own columns, the
# questionnaire (two fields named otherwise), and a checkbox field for the optional elements.
REDCAP = """record_id,redcap_survey_identifier,consent_date,consent,consent_items___1,consent_items___2,consent_items___3,program_role,sexe,age_band,years_involved,consent_timestamp
P01,,2026-03-02 09:15,1,1,1,0,medical_lead,woman,35_44,4,2026-03-02 09:15:40
P02,,2026-03-03,Oui,1,0,0,Coordonnateur ou coordonnatrice du programme,Homme,45_54,0,2026-03-03 10:01:02
P03,,,,,,,manager,prefer_not,55_64,12,
"""
BAD = """record_id,consent_date,consent,consent_items___1,program_role,sexe,age_band,years_involved
P01,2026-03-02,1,1,medical_lead,woman,35_44,4
P02,le 3 mars,1,1,coordinator,man,45_54,0
P 03,2026-03-04,peut-être,1,astronaut,man,45_54,-2
"""
MAPPING = dict(fields={"sexe": "gender"}, items={"consent_items___1": "audio", "consent_items___2": "quotes",
                                                  "consent_items___3": "contact"})


def _counts(study):
    return {t: study.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("participants", "consents", "questionnaire_answers")}


def test_a_redcap_export_imports_answers_and_electronic_consents(study, tmp_path):
    form = ready_form(study, "fr")
    add_participant(study, "P02", "participant")    # enrolled before the online survey
    path = tmp_path / "redcap.csv"
    path.write_text(REDCAP, encoding="utf-8-sig")
    plan = plan_survey_import(study, path, SurveyMapping(**MAPPING, consent_version=form.version))
    preview = "\n".join(plan.preview())
    assert "line 2: P01 (new), 4 answers, electronic consent of 2026-03-02 (audio, quotes)" in preview
    assert "P02 (already in the study)" in preview and "line 4: P03 (new), 4 answers, no consent" in preview
    assert "redcap_survey_identifier" in preview and "consent_timestamp" in preview   # ignored, and said so
    result = import_survey(study, plan)
    assert (result.participants_added, result.answer_sets, result.consents) == (2, 3, 2)

    p01, p02, p03 = (get_by_code(study, c) for c in ("P01", "P02", "P03"))
    answers = latest_answers(study)
    assert answers[p02.id] == {"program_role": "coordinator", "gender": "man", "age_band": "45_54",
                               "years_involved": 0}
    assert answers[p01.id]["gender"] == "woman" and answers[p03.id]["years_involved"] == 12
    [event] = consent.consent_events(study, p01.id)
    assert (event.mode, event.form_id, event.agreed) == ("electronic", form.id, frozenset({"audio", "quotes"}))
    assert event.consented_at.startswith("2026-03-02")
    assert consent.consent_events(study, p02.id)[0].agreed == frozenset({"audio"})
    assert consent.consent_events(study, p03.id) == []
    assert may(study, p01.id, Use.RECORD_AUDIO) and not may(study, p03.id, Use.RECORD_AUDIO)
    assert "Consentement électronique" in consent.frozen_copy(study, event.id)[0]   # in the form's language


def test_a_bad_export_is_refused_whole_with_line_numbers(study, tmp_path):
    form = ready_form(study, "fr")
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    before = _counts(study)
    with pytest.raises(UserError) as caught:
        plan_survey_import(study, path, SurveyMapping(fields={"sexe": "gender"},
                                                      items={"consent_items___1": "audio"},
                                                      consent_version=form.version))
    assert "2 rows have problems" in caught.value.message
    details = caught.value.details
    assert details[0].startswith("line 3: consent_date:") and "le 3 mars" in details[0]
    assert details[1].startswith("line 4:") and "peut-être" in details[1] and "astronaut" in details[1]
    assert _counts(study) == before


def test_consents_need_the_form_version_and_a_ready_form(study, tmp_path):
    path = tmp_path / "redcap.csv"
    path.write_text(REDCAP, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        plan_survey_import(study, path, SurveyMapping(**MAPPING))
    assert "--consent-version" in caught.value.details[0]
    unfilled = consent.latest_form(study, "fr")
    with pytest.raises(UserError, match="fill in"):
        plan_survey_import(study, path, SurveyMapping(**MAPPING, consent_version=unfilled.version))
    with pytest.raises(UserError) as caught:
        plan_survey_import(study, path, SurveyMapping(fields={"nope": "gender", "sexe": "shoe_size"}))
    assert any("'nope'" in d for d in caught.value.details) and any("shoe_size" in d for d in caught.value.details)


def test_a_study_made_before_electronic_consent_keeps_its_consents_and_their_protection(tmp_path):
    from echo_fieldwork.study import schema

    study = Study.create(tmp_path / "old", "Ancienne", "fr")
    form = ready_form(study, "fr")
    participant = add_participant(study, "P01", "participant")
    consent.record_consent(study, participant.id, form.id, "paper", {"audio"})
    folder = study.folder
    study.close()
    connection = sqlite3.connect(folder / "study.sqlite")
    connection.execute("PRAGMA user_version = 8")   # as before migration 9, whose table is equivalent
    connection.commit()
    connection.close()
    with Study.open(folder) as reopened:
        assert reopened.schema_version == schema.SCHEMA_VERSION
        [event] = consent.consent_events(reopened, participant.id)
        assert event.mode == "paper" and event.agreed == frozenset({"audio"})
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            reopened.db.execute("DELETE FROM consents")
        with pytest.raises(sqlite3.DatabaseError, match="in use"):
            reopened.db.execute("UPDATE consent_forms SET body = 'x' WHERE id = ?", [form.id])


def test_import_survey_command_previews_then_imports(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), LANGUAGE="en")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "echo_fieldwork", *args], capture_output=True, text=True,
                              env=env, cwd=REPO_ROOT, timeout=120)

    folder = tmp_path / "study"
    assert run("init", str(folder), "--title", "Pilot", "--language", "fr", "--questionnaire",
               "telementoring").returncode == 0
    ready_forms_in(folder)
    with Study.open(folder) as study:
        version = consent.latest_form(study, "fr").version
    (tmp_path / "redcap.csv").write_text(REDCAP, encoding="utf-8")
    args = ["participants", "import-survey", str(folder), str(tmp_path / "redcap.csv"), "--map", "sexe=gender",
            "--agree", "consent_items___1=audio", "--agree", "consent_items___2=quotes",
            "--consent-version", str(version)]
    dry = run(*args, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "P01 (new)" in dry.stdout and "Nothing imported" in dry.stdout
    done = run(*args)
    assert done.returncode == 0, done.stderr
    assert "3 new participants, 3 questionnaires, 2 electronic consents" in done.stdout
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")
    refused = run("participants", "import-survey", str(folder), str(tmp_path / "bad.csv"), "--map", "sexe=gender",
                  "--consent-version", str(version))
    assert refused.returncode == 1 and "line 3" in refused.stderr and "Traceback" not in refused.stderr
    assert "import-survey" in run("participants", "--help").stdout
    assert "--agree COLUMN=ITEM" in run("participants", "import-survey", "--help").stdout
