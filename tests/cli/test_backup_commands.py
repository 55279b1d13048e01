"""`echo-fieldwork backup`, `check FILE.efbak` and `restore` through the real CLI entry point."""

from __future__ import annotations

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.study import crypto
from echo_fieldwork.study.study import Study
from tests.handoff.conftest import fast_scrypt  # noqa: F401
from tests.handoff.handoff_helpers import PASSPHRASE, fill_origin, passphrase_file, texts


def test_backup_check_and_restore_an_encrypted_study(tmp_path, capsys, monkeypatch):
    origin, restored, backup = tmp_path / "origin", tmp_path / "restored", tmp_path / "origin.efbak"
    with Study.create(origin, "Étude", "fr", passphrase=PASSPHRASE) as study:
        session_id = fill_origin(study)
    crypto.forget()
    secret = passphrase_file(tmp_path)

    assert run_cli(["backup", str(origin), "--out", str(backup)]) == 1          # no passphrase given
    assert "passphrase" in capsys.readouterr().err and not backup.exists()
    assert run_cli(["backup", str(origin), "--out", str(backup), "--passphrase-file", str(secret)]) == 0
    assert f"Backup written to {backup}" in capsys.readouterr().out
    assert run_cli(["check", str(backup), "--passphrase-file", str(secret)]) == 0
    assert "complete and intact" in capsys.readouterr().out and not restored.exists()

    data = backup.read_bytes()
    (tmp_path / "cut.efbak").write_bytes(data[:-1000])
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("une autre phrase secrète\n", encoding="utf-8")
    for attempt in (["check", str(tmp_path / "cut.efbak"), "--passphrase-file", str(secret)],
                    ["check", str(backup), "--passphrase-file", str(wrong)],
                    ["restore", str(tmp_path / "cut.efbak"), "--into", str(restored), "--passphrase-file",
                     str(secret)]):
        assert run_cli(attempt) == 1
        err = capsys.readouterr().err
        assert err.startswith("Error: ") and "Traceback" not in err
    assert not restored.exists()

    monkeypatch.setenv(crypto.PASSPHRASE_ENV, PASSPHRASE)
    assert run_cli(["restore", str(backup), "--into", str(restored)]) == 0
    assert "Study restored into" in capsys.readouterr().out
    assert run_cli(["restore", str(backup), "--into", str(restored)]) == 1
    assert "not empty" in capsys.readouterr().err
    crypto.forget()
    crypto.unlock(restored, PASSPHRASE)
    with Study.open(restored) as study:
        assert len(texts(study, session_id)) == 4
    assert run_cli(["check", str(restored)]) == 0     # `check DIR` still checks a study
    assert "everything is in order" in capsys.readouterr().out
