"""`echo-fieldwork passphrase DIR --new-passphrase-file FILE`, through the real CLI entry point."""

from __future__ import annotations

import json

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.study import crypto
from echo_fieldwork.study.study import Study
from tests.study.encrypted_helpers import PASSPHRASE, fast_scrypt, fingerprint  # noqa: F401

NEW = "une autre phrase bien longue"


def write(path, text):
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def test_change_the_passphrase_from_files_then_only_the_new_one_opens(tmp_path, capsys):
    folder = tmp_path / "enc"
    old_file, new_file = write(tmp_path / "old.txt", PASSPHRASE), write(tmp_path / "new.txt", NEW)
    assert run_cli(["init", str(folder), "--title", "Chiffrée", "--encrypt", "--passphrase-file", old_file]) == 0
    recovery = capsys.readouterr().out.split()[-1]
    crypto.forget()
    before = fingerprint(folder)
    # Refusals change nothing: no current passphrase, a wrong one, a short new one.
    assert run_cli(["passphrase", str(folder), "--new-passphrase-file", new_file]) == 1
    assert "passphrase" in capsys.readouterr().err
    wrong = write(tmp_path / "wrong.txt", "not the right one")
    assert run_cli(["passphrase", str(folder), "--new-passphrase-file", new_file, "--passphrase-file", wrong]) == 1
    assert "Wrong passphrase" in capsys.readouterr().err
    short = write(tmp_path / "short.txt", "short")
    assert run_cli(["passphrase", str(folder), "--new-passphrase-file", short, "--passphrase-file", old_file]) == 1
    assert "at least 8" in capsys.readouterr().err
    assert fingerprint(folder) == before
    # The change.
    assert run_cli(["passphrase", str(folder), "--new-passphrase-file", new_file, "--passphrase-file", old_file]) == 0
    assert "recovery key is unchanged" in capsys.readouterr().out
    crypto.forget()
    assert run_cli(["--passphrase-file", old_file, "participants", "list", str(folder)]) == 1
    assert "Wrong passphrase" in capsys.readouterr().err
    assert run_cli(["--passphrase-file", new_file, "participants", "list", str(folder)]) == 0
    crypto.forget()
    # The recovery key still opens the study, and may set the passphrase again (a forgotten one).
    recovery_file = write(tmp_path / "recovery.txt", recovery)
    assert run_cli(["passphrase", str(folder), "--new-passphrase-file", old_file,
                    "--passphrase-file", recovery_file]) == 0
    crypto.forget()
    crypto.unlock(folder, PASSPHRASE)
    with Study.open(folder) as study:
        rows = list(study.db.query("SELECT actor, action, detail FROM audit_log WHERE action LIKE 'study.pass%'"))
    assert [row["action"] for row in rows] == ["study.passphrase_change"] * 2
    assert not any(secret in json.dumps(rows) for secret in (PASSPHRASE, NEW, recovery))


def test_a_plaintext_study_has_no_passphrase_to_change(tmp_path, capsys):
    folder = tmp_path / "plain"
    assert run_cli(["init", str(folder), "--title", "En clair"]) == 0
    new_file = write(tmp_path / "new.txt", NEW)
    assert run_cli(["passphrase", str(folder), "--new-passphrase-file", new_file]) == 1
    assert "not encrypted" in capsys.readouterr().err
    assert not crypto.is_encrypted(folder)
