"""The headless commands through the real entry point (`python -m echo_fieldwork`)."""

import os
import subprocess
import sys
from pathlib import Path

from echo_fieldwork.study.study import Study
from tests.conftest import REPO_ROOT
from tests.consent_helpers import ready_forms_in
from tests.people.participant_data import BAD_CSV, GOOD_CSV


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), LANGUAGE="en")
    return subprocess.run([sys.executable, "-m", "echo_fieldwork", *args], capture_output=True, text=True,
                          env=env, cwd=REPO_ROOT, timeout=120)


def _dump(folder: Path) -> list:
    with Study.open(folder) as study:
        return [list(study.db.execute(f"SELECT * FROM {t}").fetchall())
                for t in ("participants", "identities", "consents", "withdrawals", "questionnaire_answers")]


def test_import_list_consent_withdraw(tmp_path: Path):
    folder = tmp_path / "study"
    assert run("init", str(folder), "--title", "Pilot", "--language", "fr", "--questionnaire",
               "telementoring").returncode == 0
    ready_forms_in(folder)
    (tmp_path / "good.csv").write_text(GOOD_CSV, encoding="utf-8")
    result = run("participants", "import", str(folder), str(tmp_path / "good.csv"))
    assert result.returncode == 0, result.stderr
    assert "3 participants" in result.stdout

    result = run("consent", str(folder), "P01", "--mode", "signed", "--agree", "audio,quotes")
    assert result.returncode == 0, result.stderr
    result = run("consent", str(folder), "P02", "--mode", "paper", "--agree", "audio", "--form-version", "2",
                 "--language", "en")
    assert result.returncode == 0, result.stderr
    result = run("withdraw", str(folder), "P02", "--scope", "no_quotes,no_future_contact", "--channel", "email",
                 "--note", "by e-mail")
    assert result.returncode == 0, result.stderr
    assert run("participants", "add", str(folder), "--code", "O1", "--role", "observer").returncode == 0

    listing = run("participants", "list", str(folder))
    assert listing.returncode == 0
    lines = [line.split("\t") for line in listing.stdout.strip().splitlines()]
    assert lines[0] == ["code", "study_role", "consent", "questionnaire"]
    assert sorted(lines[1:]) == sorted([["P01", "participant", "consented", "done"],
                                        ["P02", "participant", "withdrawn", "done"],
                                        ["M1", "interviewer", "missing", "missing"],
                                        ["O1", "observer", "missing", "missing"]])
    assert "Marie" not in listing.stdout and "Tremblay" not in listing.stdout and "Roy" not in listing.stdout

    with Study.open(folder) as study:
        rows = study.db.execute("SELECT p.code, c.mode, c.agree_audio, c.agree_quotes, c.agree_future_contact, "
                                "f.language, f.version FROM consents c JOIN participants p ON p.id = c.participant_id "
                                "JOIN consent_forms f ON f.id = c.form_id ORDER BY p.code").fetchall()
        assert rows == [("P01", "signed", 1, 1, 0, "fr", 2), ("P02", "paper", 1, 0, 0, "en", 2)]
        withdrawal = study.db.execute("SELECT channel, no_quotes, no_future_contact, remove_data, note "
                                      "FROM withdrawals").fetchall()
        assert withdrawal == [("email", 1, 1, 0, "by e-mail")]


def test_bad_inputs_exit_1_and_leave_the_study_as_it_was(tmp_path: Path):
    folder = tmp_path / "study"
    assert run("init", str(folder), "--title", "Pilot", "--questionnaire", "telementoring").returncode == 0
    assert run("participants", "add", str(folder), "--code", "P01").returncode == 0
    before = _dump(folder)
    (tmp_path / "bad.csv").write_text(BAD_CSV, encoding="utf-8")
    cases = [
        ("participants", "import", str(folder), str(tmp_path / "bad.csv")),
        ("participants", "import", str(folder), str(tmp_path / "missing.csv")),
        ("consent", str(folder), "P01", "--mode", "signed", "--agree", "audio,photos"),
        ("consent", str(folder), "P09", "--mode", "signed"),
        ("consent", str(folder), "P01", "--mode", "paper", "--form-version", "9"),
        ("consent", str(folder), "P01", "--mode", "paper", "--date", "yesterday"),
        ("withdraw", str(folder), "P01", "--scope", "everything", "--channel", "email"),
        ("withdraw", str(folder), "P01", "--scope", "", "--channel", "email"),
        ("participants", "add", str(folder), "--code", "p01"),
    ]
    for args in cases:
        result = run(*args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("Error:"), (args, result.stderr)
        assert "Traceback" not in result.stderr
    bad_import = run("participants", "import", str(folder), str(tmp_path / "bad.csv"))
    for line in ("line 3", "line 4", "line 5", "line 6"):
        assert line in bad_import.stderr
    assert "line 2" in bad_import.stderr  # P01 already exists in the study
    assert _dump(folder) == before


def test_consent_obtained_by_is_a_team_members_code(tmp_path: Path):
    folder = tmp_path / "study"
    assert run("init", str(folder), "--title", "Pilot", "--language", "fr").returncode == 0
    ready_forms_in(folder)
    for code, role in (("P01", "participant"), ("M1", "interviewer"), ("O1", "observer")):
        assert run("participants", "add", str(folder), "--code", code, "--role", role).returncode == 0
    before = _dump(folder)
    for extra in ([], ["--obtained-by", "Marie Tremblay"], ["--obtained-by", "P01"]):
        refused = run("consent", str(folder), "P01", "--mode", "paper", *extra)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "team member" in refused.stderr and "  - M1\n  - O1" in refused.stderr, refused.stderr
    assert _dump(folder) == before
    result = run("consent", str(folder), "P01", "--mode", "paper", "--obtained-by", "o1")
    assert result.returncode == 0, result.stderr
    with Study.open(folder) as study:
        [(obtained_by, frozen)] = study.db.execute("SELECT obtained_by, frozen_copy FROM consents").fetchall()
    assert obtained_by == "O1" and ", par O1\n" in frozen


def test_check_lists_consents_obtained_by_a_name(tmp_path: Path):
    from tests.study.test_migration_names import make_version_9_study

    old = make_version_9_study(tmp_path / "study")
    result = run("check", str(old["folder"]))
    assert result.returncode == 0, result.stderr
    flagged = [line for line in result.stdout.splitlines() if "identity table" in line]
    assert [line.split(":")[0] for line in flagged] == [
        f"Consent {old['consents']['Jean Inconnu']} of P05", f"Consent {old['consents']['Camille Roy']} of P06"]
    assert "Jean Inconnu" not in result.stdout and "everything is in order" not in result.stdout


def test_withdrawal_note_naming_a_person_is_refused_with_codes_proposed(tmp_path: Path):
    folder = tmp_path / "study"
    assert run("init", str(folder), "--title", "Pilot", "--language", "fr", "--questionnaire",
               "telementoring").returncode == 0
    (tmp_path / "good.csv").write_text(GOOD_CSV, encoding="utf-8")
    assert run("participants", "import", str(folder), str(tmp_path / "good.csv")).returncode == 0
    with Study.open(folder) as study:
        [(name,)] = study.db.execute("SELECT i.full_name FROM identities i JOIN participants p "
                                     "ON p.id = i.participant_id WHERE p.code = 'P01'").fetchall()
    before = _dump(folder)
    refused = run("withdraw", str(folder), "P01", "--scope", "no_quotes", "--channel", "verbal",
                  "--note", f"Appel de {name}")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "Appel de P01" in refused.stderr and name not in refused.stderr + refused.stdout
    assert _dump(folder) == before
    assert run("withdraw", str(folder), "P01", "--scope", "no_quotes", "--channel", "verbal",
               "--note", "Appel de P01").returncode == 0
