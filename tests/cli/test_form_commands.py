"""`forms show|set|check`, `init --questionnaire` and `consent-form show|set` through the real entry point."""

from pathlib import Path

from echo_fieldwork.people import consent, study_form
from echo_fieldwork.study.study import Study
from tests.cli.test_participant_commands import run
from tests.consent_helpers import FILLED_FR
from tests.people.test_study_form import team_form
from tests.people.test_xlsform import write_xlsform


def test_a_new_study_gets_the_generic_form_then_the_teams_xlsform(tmp_path: Path):
    folder = tmp_path / "study"
    assert run("init", str(folder), "--title", "Pilot").returncode == 0
    shown = run("forms", "show", str(folder))
    assert shown.returncode == 0 and "demographics, version 1 (bundled: sociodemographic_generic.yaml)" in shown.stdout
    assert "program_role" not in shown.stdout and "profession" in shown.stdout
    result = run("forms", "set", str(folder), str(team_form(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "team_form, version 2 (XLSForm spreadsheet: team_v2.xlsx)" in result.stdout
    shown = run("forms", "show", str(folder))
    assert "Unité de soins (required)" in shown.stdout and "Earlier questionnaires:" in shown.stdout
    with Study.open(folder) as study:
        assert study_form.study_form(study).id == "team_form"


def test_bad_forms_exit_1_with_sheet_and_row_and_change_nothing(tmp_path: Path):
    folder = tmp_path / "study"
    assert run("init", str(folder), "--title", "Pilot", "--questionnaire", "telementoring").returncode == 0
    bad = write_xlsform(tmp_path / "bad.xlsx", [["type", "name", "label"], ["select_one nope", "x", "X"]],
                        None, [["form_id", "version"], ["f", "1"]])
    for args in (("forms", "set", str(folder), str(bad)), ("forms", "check", str(bad)),
                 ("forms", "set", str(folder), str(tmp_path / "missing.yaml")),
                 ("forms", "set", str(folder), "nope")):
        result = run(*args)
        assert result.returncode == 1 and result.stderr.startswith("Error:") and "Traceback" not in result.stderr
    assert "sheet survey, row 2: no choice list named 'nope'" in run("forms", "check", str(bad)).stderr
    assert run("init", str(tmp_path / "other"), "--title", "X", "--questionnaire", str(bad)).returncode == 1
    assert not (tmp_path / "other").exists()
    with Study.open(folder) as study:
        assert study_form.study_form(study).id == "sociodemographic" and len(study_form.history(study)) == 1


def test_consent_is_refused_until_the_form_is_filled_in(tmp_path: Path):
    folder = tmp_path / "study"
    assert run("init", str(folder), "--title", "Pilot").returncode == 0
    assert run("participants", "add", str(folder), "--code", "P01").returncode == 0
    refused = run("consent", str(folder), "P01", "--mode", "paper")
    assert refused.returncode == 1 and "10 fields to fill in" in refused.stderr
    assert "[À COMPLÉTER : titre du projet]" in refused.stderr
    shown = run("consent-form", "show", str(folder))
    assert "[À COMPLÉTER : titre du projet]" in shown.stdout and "the ethics approval date" in shown.stderr
    result = run("consent-form", "set", str(folder), "--text", str(FILLED_FR), "--ethics-reference", "MP-1")
    assert result.returncode == 0 and "version 2 (fr) saved" in result.stdout
    assert "the ethics approval date" in result.stderr   # still one field left, said at once
    assert run("consent-form", "set", str(folder), "--ethics-date", "2026-01-15").returncode == 0
    assert run("consent", str(folder), "P01", "--mode", "paper").returncode == 0
    with Study.open(folder) as study:
        assert consent.latest_form(study, "fr").version == 3
