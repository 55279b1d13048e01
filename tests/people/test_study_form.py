"""The study's questionnaire: chosen (bundled, YAML, XLSForm), stored with its source, versioned once answered."""

import sqlite3
from pathlib import Path

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people import study_form
from echo_fieldwork.people.participants import add_participant
from echo_fieldwork.people.questionnaire import save_answers
from echo_fieldwork.resources import resource_path
from echo_fieldwork.study.study import Study
from tests.people.test_xlsform import SETTINGS, write_xlsform

SURVEY = [["type", "name", "label::Français (fr)", "label::English (en)", "required"],
          ["select_one unit", "unit", "Unité de soins", "Care unit", "yes"],
          ["integer", "seniority", "Ancienneté (années)", "Seniority (years)", ""]]
CHOICES = [["list_name", "name", "label::fr", "label::en"],
           ["unit", "er", "Urgence", "Emergency"], ["unit", "icu", "Soins intensifs", "Intensive care"]]


def team_form(tmp_path: Path, version: str = "2", extra: list | None = None) -> Path:
    settings = [SETTINGS[0], [SETTINGS[1][0], version, *SETTINGS[1][2:]]]
    return write_xlsform(tmp_path / f"team_v{version}.xlsx", SURVEY + (extra or []), CHOICES, settings)


def test_a_study_made_before_the_choice_keeps_its_form_and_bundled_forms_are_valid(study):
    choice = study_form.current_choice(study)
    assert (choice.id, choice.kind, choice.form.id) == (0, "bundled", "sociodemographic")
    assert "program_role" in choice.form.field_names
    for key in study_form.BUNDLED:
        assert study_form.choose_bundled(study, key).form.fields
    assert study_form.study_form(study).id == "sociodemographic"
    assert [c.form.id for c in study_form.history(study)] == ["demographics", "sociodemographic"]


def test_an_xlsform_is_stored_with_its_source_and_survives_the_file(tmp_path, study):
    path = team_form(tmp_path)
    choice = study_form.choose_file(study, path)
    assert (choice.kind, choice.source_name, choice.form.id, choice.form.version) == (
        "xlsform", "team_v2.xlsx", "team_form", "2")
    path.unlink()   # the study folder is portable: the file is not needed again
    folder = study.folder
    study.close()
    with Study.open(folder) as reopened:
        form = study_form.study_form(reopened)
        assert form.field("unit").label("fr") == "Unité de soins" and form.sha256 == choice.form.sha256
        with pytest.raises(sqlite3.IntegrityError):
            reopened.db.execute("UPDATE questionnaire_forms SET version = '9'")
        with pytest.raises(sqlite3.IntegrityError):
            reopened.db.execute("DELETE FROM questionnaire_forms")
        audit = reopened.db.execute("SELECT detail FROM audit_log WHERE action = 'questionnaire_form.choose'"
                                    ).fetchall()
        assert len(audit) == 1 and '"kind": "xlsform"' in audit[0][0]


def test_once_answers_exist_only_a_new_version_of_the_same_form_replaces_it(tmp_path, study):
    study_form.choose_file(study, team_form(tmp_path))
    study_form.choose_bundled(study, "generic")     # no answers yet: any form
    study_form.choose_file(study, team_form(tmp_path))
    person = add_participant(study, "P01")
    save_answers(study, person.id, study_form.study_form(study), {"unit": "er", "seniority": "4"})
    with pytest.raises(UserError, match="must be a new version of it"):
        study_form.choose_bundled(study, "generic")
    changed = team_form(tmp_path, "2", [["text", "notes", "Notes", "Notes", ""]])
    (tmp_path / "changed.xlsx").write_bytes(changed.read_bytes())
    with pytest.raises(UserError, match=r"version 2 .*give the changed form a new version \(e.g. 3\)"):
        study_form.choose_file(study, tmp_path / "changed.xlsx")
    before = len(study_form.history(study))
    assert study_form.choose_file(study, team_form(tmp_path)).id == study_form.history(study)[-1].id  # same: no-op
    assert len(study_form.history(study)) == before
    newer = study_form.choose_file(study, team_form(tmp_path, "3", [["text", "notes", "Notes", "Notes", ""]]))
    assert (newer.form.version, newer.form.field_names) == ("3", ["unit", "seniority", "notes"])


def test_bad_files_are_refused_and_nothing_is_stored(tmp_path, study):
    (tmp_path / "form.csv").write_text("x", encoding="utf-8")
    with pytest.raises(UserError, match="YAML file .* or an XLSForm spreadsheet"):
        study_form.choose_file(study, tmp_path / "form.csv")
    (tmp_path / "bad.yaml").write_text("form_id: x\nversion: '1'\nsurvey:\n  - {type: colour, name: a, label: A}\n",
                                       encoding="utf-8")
    with pytest.raises(UserError, match="has problems") as caught:
        study_form.choose_file(study, tmp_path / "bad.yaml")
    assert any("line 4" in d and "unknown type 'colour'" in d for d in caught.value.details)
    with pytest.raises(UserError, match="no bundled questionnaire named 'nope'"):
        study_form.choose_bundled(study, "nope")
    assert study_form.history(study) == []


def test_the_generic_form_does_not_describe_the_telementoring_program():
    text = resource_path("forms", "sociodemographic_generic.yaml").read_text(encoding="utf-8").casefold()
    assert "programme" not in text and "program" not in text and "télémentorat" not in text
