"""`echo-fieldwork handoff …` through the real CLI entry point: an encrypted study sends FG1 under the team's
passphrase, an assistant opens, corrects and returns it, the study receives it (conflict, then resolved)."""

from __future__ import annotations

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.correction import edits
from echo_fieldwork.study import crypto
from echo_fieldwork.study.study import Study
from tests.handoff.conftest import fast_scrypt  # noqa: F401
from tests.handoff.handoff_helpers import PASSPHRASE, TEXTS, fill_origin, passphrase_file, segment_ids, texts

STUDY_PASSPHRASE = "la phrase de l'étude elle-même"


def test_send_open_return_receive(tmp_path, capsys, monkeypatch):
    origin, workspace_dir = tmp_path / "origin", tmp_path / "ws"
    team = passphrase_file(tmp_path)
    own = tmp_path / "own.txt"
    own.write_text(STUDY_PASSPHRASE + "\n", encoding="utf-8")
    with Study.create(origin, "Étude", "fr", passphrase=STUDY_PASSPHRASE) as study:
        session_id = fill_origin(study)
        ids = segment_ids(study, session_id)
    crypto.forget()
    package, back = tmp_path / "FG1.efpkg", tmp_path / "FG1-back.efpkg"

    assert run_cli(["handoff", "send", str(origin), "--session", "FG1", "--to", "RA2", "--out", str(package),
                    "--passphrase-file", str(own), "--package-passphrase-file", str(team)]) == 0
    assert "out for correction" in capsys.readouterr().out
    assert run_cli(["handoff", "status", str(origin), "--passphrase-file", str(own)]) == 0
    assert "FG1: out for correction since" in capsys.readouterr().out

    assert run_cli(["handoff", "open", str(package), str(workspace_dir), "--passphrase-file", str(own)]) == 1
    assert "passphrase is wrong" in capsys.readouterr().err and not workspace_dir.exists()
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, PASSPHRASE)
    assert run_cli(["handoff", "open", str(package), str(workspace_dir)]) == 0
    crypto.forget()
    crypto.unlock(workspace_dir, PASSPHRASE)
    with Study.open(workspace_dir, actor="RA2") as workspace:
        edits.set_text(workspace, ids[1], "[NOM] travaille à [VILLE] depuis dix ans.")
        edits.set_text(workspace, ids[3], "On parle de la formation continue !")
    crypto.forget()
    assert run_cli(["handoff", "return", str(workspace_dir), "--out", str(back)]) == 0
    monkeypatch.delenv(crypto.PASSPHRASE_ENV)

    crypto.unlock(origin, STUDY_PASSPHRASE)
    with Study.open(origin) as study:
        edits.set_text(study, ids[1], "Gisèle Ouellette travaille à Rimouski depuis 10 ans.")
    crypto.forget()
    receive = ["handoff", "receive", str(origin), str(back), "--passphrase-file", str(own),
               "--package-passphrase-file", str(team)]
    assert run_cli(receive) == 1
    assert "changed both here and by the assistant" in capsys.readouterr().err
    assert run_cli([*receive, "--keep", "theirs"]) == 0
    assert "1 conflict(s) resolved" in capsys.readouterr().out
    assert run_cli([*receive, "--keep", "theirs"]) == 1
    assert "already received" in capsys.readouterr().err
    crypto.unlock(origin, STUDY_PASSPHRASE)
    with Study.open(origin) as study:
        assert texts(study, session_id) == [TEXTS[0], "[NOM] travaille à [VILLE] depuis dix ans.", TEXTS[2],
                                            "On parle de la formation continue !"]
