"""`init --encrypt`, `encrypt DIR` and the passphrase of every command, through the real CLI entry point."""

from __future__ import annotations

import pytest

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.study import crypto
from echo_fieldwork.study.study import Study
from tests.study.encrypted_helpers import PASSPHRASE, fast_scrypt, fill, fingerprint, leaks  # noqa: F401


@pytest.fixture
def passphrase_file(tmp_path):
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def test_init_encrypt_then_commands_need_the_passphrase(tmp_path, passphrase_file, capsys, monkeypatch):
    folder = tmp_path / "enc"
    assert run_cli(["init", str(folder), "--title", "Chiffrée", "--encrypt"]) == 1   # no passphrase given
    assert "--passphrase-file" in capsys.readouterr().err and not folder.exists()
    assert run_cli(["init", str(folder), "--title", "Chiffrée", "--language", "fr", "--encrypt",
                    "--passphrase-file", str(passphrase_file)]) == 0
    out = capsys.readouterr().out
    assert "encrypted" in out and "Recovery key" in out
    crypto.forget()
    before = fingerprint(folder)
    assert run_cli(["participants", "add", str(folder), "--code", "P01"]) == 1
    assert "encrypted" in capsys.readouterr().err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the right one\n", encoding="utf-8")
    assert run_cli(["--passphrase-file", str(wrong), "participants", "add", str(folder), "--code", "P01"]) == 1
    assert "Wrong passphrase" in capsys.readouterr().err
    assert fingerprint(folder) == before          # a wrong passphrase changes nothing
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, PASSPHRASE)
    assert run_cli(["participants", "add", str(folder), "--code", "P01"]) == 0
    crypto.forget()
    monkeypatch.delenv(crypto.PASSPHRASE_ENV)
    assert run_cli(["participants", "list", str(folder), "--passphrase-file", str(passphrase_file)]) == 0
    assert "P01" in capsys.readouterr().out


def test_encrypt_command_converts_a_plain_study_and_exports_stay_plaintext(study, tmp_path, passphrase_file, capsys):
    fill(study, tmp_path)
    study.close()
    folder = study.folder
    assert run_cli(["encrypt", str(folder), "--passphrase-file", str(passphrase_file)]) == 0
    out = capsys.readouterr().out
    assert "Recovery key" in out and "encrypted" in out
    assert leaks(folder) == []
    assert run_cli(["encrypt", str(folder), "--passphrase-file", str(passphrase_file)]) == 1
    assert "already encrypted" in capsys.readouterr().err
    crypto.forget()
    assert run_cli(["deidentify", str(folder), "FG1", "--accept", "--no-ner",
                    "--passphrase-file", str(passphrase_file)]) == 0, capsys.readouterr().err
    out_dir = tmp_path / "out"
    assert run_cli(["export", str(folder), "FG1", "--format", "txt", "--out", str(out_dir),
                    "--passphrase-file", str(passphrase_file)]) == 0, capsys.readouterr().err
    exported = "\n".join(p.read_text(encoding="utf-8") for p in out_dir.rglob("*.txt"))
    assert "télémentorat" in exported          # readable, deidentified plaintext
    crypto.forget()
    crypto.unlock(folder, PASSPHRASE)
    with Study.open(folder) as reopened:
        assert reopened.encrypted
