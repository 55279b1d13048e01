"""The study's questionnaire exported for online survey tools: an XLSForm that reads back as the same form,
and a REDCap data dictionary whose answers import back without mapping."""

import csv

from echo_fieldwork.people.form_export import REDCAP_COLUMNS, write_redcap_dictionary, write_xlsform
from echo_fieldwork.people.study_form import study_form
from echo_fieldwork.people.xlsform import load_xlsform


def test_the_xlsform_reads_back_as_the_same_questionnaire(study, tmp_path):
    form = study_form(study)
    back = load_xlsform(write_xlsform(form, tmp_path / "form.xlsx"))
    assert back.field_names == form.field_names
    for ours, theirs in zip(form.fields, back.fields):
        assert (theirs.type, theirs.required, theirs.labels) == (ours.type, ours.required, ours.labels)
        assert [(c.name, c.labels) for c in theirs.choices] == [(c.name, c.labels) for c in ours.choices]
        assert (theirs.constraint and theirs.constraint.source) == (ours.constraint and ours.constraint.source)
        assert (theirs.relevant and theirs.relevant.source) == (ours.relevant and ours.relevant.source)
    assert (tmp_path / "form.xlsx").stat().st_mode & 0o077 == 0


def test_the_redcap_dictionary_names_the_form_fields_with_their_choices(study, tmp_path):
    form = study_form(study)
    path = write_redcap_dictionary(form, tmp_path / "dictionary.csv", "fr")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert tuple(rows[0]) == REDCAP_COLUMNS
    by_name = {row[0]: dict(zip(REDCAP_COLUMNS, row)) for row in rows[1:]}
    assert list(by_name) == ["record_id", *form.field_names]
    role = by_name["program_role"]
    assert role["Field Type"] == "radio"
    assert role["Choices, Calculations, OR Slider Labels"].startswith(
        "medical_lead, Responsable médical du programme | coordinator, ")
    years = by_name["years_involved"]
    assert (years["Field Type"], years["Text Validation Type OR Show Slider Number"]) == ("text", "integer")


def test_export_form_command_writes_both_files(tmp_path):
    from tests.people.test_survey_import import REPO_ROOT, os, subprocess, sys

    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), LANGUAGE="en")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "echo_fieldwork", *args], capture_output=True, text=True,
                              env=env, cwd=REPO_ROOT, timeout=120)

    folder = tmp_path / "study"
    assert run("init", str(folder), "--title", "Pilot", "--language", "fr").returncode == 0
    done = run("participants", "export-form", str(folder), "--redcap", str(tmp_path / "d.csv"), "--xlsform",
               str(tmp_path / "f.xlsx"))
    assert done.returncode == 0, done.stderr
    assert load_xlsform(tmp_path / "f.xlsx").field_names and (tmp_path / "d.csv").read_text().count("\n") > 2
    refused = run("participants", "export-form", str(folder))
    assert refused.returncode == 1 and "--redcap" in refused.stderr
