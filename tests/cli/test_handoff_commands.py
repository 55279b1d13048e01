"""`echo-fieldwork handoff …` through the real CLI entry point: an encrypted study sends FG1 under the team's
passphrase, an assistant opens, corrects and returns it, the study receives it (conflict, then resolved)."""

from __future__ import annotations

import pytest

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

    assert run_cli(["handoff", "open", str(package), "--into", str(workspace_dir), "--passphrase-file", str(own)]) == 1
    assert "passphrase is wrong" in capsys.readouterr().err and not workspace_dir.exists()
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, PASSPHRASE)
    assert run_cli(["handoff", "open", str(package), "--into", str(workspace_dir)]) == 0
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
    assert run_cli(receive) == 3
    listed = capsys.readouterr().out
    assert "changed both here and by the assistant" in listed and "at 00:00:02" in listed
    assert "mine:   Gisèle Ouellette travaille à Rimouski depuis 10 ans." in listed
    assert "theirs: [NOM] travaille à [VILLE] depuis dix ans." in listed
    crypto.unlock(origin, STUDY_PASSPHRASE)
    with Study.open(origin) as study:   # exit 3 changed nothing
        assert texts(study, session_id)[1] == "Gisèle Ouellette travaille à Rimouski depuis 10 ans."
    crypto.forget()
    assert run_cli([*receive, "--theirs"]) == 0
    assert "1 conflict(s) resolved" in capsys.readouterr().out
    assert run_cli([*receive, "--theirs"]) == 1
    assert "already received" in capsys.readouterr().err
    crypto.unlock(origin, STUDY_PASSPHRASE)
    with Study.open(origin) as study:
        assert texts(study, session_id) == [TEXTS[0], "[NOM] travaille à [VILLE] depuis dix ans.", TEXTS[2],
                                            "On parle de la formation continue !"]


def _sent(tmp_path, monkeypatch):
    """A plaintext study with FG1 sent (team passphrase from the environment) and opened as a workspace."""
    origin, workspace_dir, package = tmp_path / "origin", tmp_path / "ws", tmp_path / "FG1.efpkg"
    with Study.create(origin, "Étude", "fr") as study:
        session_id = fill_origin(study)
        ids = segment_ids(study, session_id)
    monkeypatch.setenv(crypto.PASSPHRASE_ENV, PASSPHRASE)
    assert run_cli(["handoff", "send", str(origin), "--session", "FG1", "--to", "RA2", "--out", str(package)]) == 0
    assert run_cli(["handoff", "open", str(package), "--into", str(workspace_dir)]) == 0
    return origin, workspace_dir, package, session_id, ids


def test_the_study_commands_work_inside_a_workspace(tmp_path, capsys, monkeypatch):
    origin, ws, _package, session_id, ids = _sent(tmp_path, monkeypatch)
    srt = tmp_path / "FG1.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:01,800\nBonjour à tous, merci d'être venus.\n\n"
                   "2\n00:00:02,000 --> 00:00:03,800\nGisèle Ouellette travaille à Rimouski depuis dix ans.\n\n"
                   "3\n00:00:04,000 --> 00:00:05,800\nLe télémentorat nous aide énormément.\n\n"
                   "4\n00:00:06,000 --> 00:00:07,800\nOn parle de la formation continue.\n", encoding="utf-8")
    assert run_cli(["transcripts", "import", str(ws), "--session", "FG1", "--replace", str(srt)]) == 0
    assert run_cli(["transcripts", "speakers", str(ws), "--session", "FG1", "--set", "00:00:04-00:00:06=P02"]) == 0
    assert run_cli(["deidentify", str(ws), "FG1", "--no-ner", "--accept"]) == 0
    out = capsys.readouterr().out
    assert "deidentification marked reviewed" in out and "⟦Gisèle Ouellette⟧" in out
    # Reviewed, yet nothing leaves from a workspace: it has no consent or withdrawal records to go by.
    for command in (["export", str(ws), "FG1", "--format", "txt"], ["notes", "export", str(ws), "FG1"],
                    ["report", str(ws), "methods", "--format", "md", "--out", str(tmp_path / "m.md")]):
        assert run_cli(command) == 1, command
        assert "correction workspace" in capsys.readouterr().err
    assert not (ws / "exports").exists() or not list((ws / "exports").iterdir())
    assert not (tmp_path / "m.md").exists()
    crypto.unlock(ws, PASSPHRASE)
    with Study.open(ws) as workspace:
        rows = workspace.db.execute("SELECT text, speaker FROM segments ORDER BY start_ms").fetchall()
        assert rows[2] == ("Le télémentorat nous aide énormément.", "P02")
        assert workspace.db.execute("SELECT COUNT(*) FROM deid_reviews").fetchone()[0] == 1
    crypto.forget()
    back = tmp_path / "back.efpkg"
    assert run_cli(["handoff", "return", str(ws), "--out", str(back)]) == 0
    assert run_cli(["handoff", "receive", str(origin), str(back)]) == 0
    with Study.open(origin) as study:
        assert "Le télémentorat nous aide énormément." in texts(study, session_id)
        assert study.db.execute("SELECT COUNT(*) FROM deid_reviews WHERE session_id = ?",
                                [session_id]).fetchone()[0] == 1


def test_mine_settles_every_conflict_with_the_studys_version(tmp_path, capsys, monkeypatch):
    origin, ws, _package, session_id, ids = _sent(tmp_path, monkeypatch)
    crypto.unlock(ws, PASSPHRASE)
    with Study.open(ws) as workspace:
        edits.set_text(workspace, ids[0], "Bonjour à toutes et à tous.")
        edits.set_text(workspace, ids[2], "Le télémentorat aide.")
    crypto.forget()
    back = tmp_path / "back.efpkg"
    assert run_cli(["handoff", "return", str(ws), "--out", str(back)]) == 0
    with Study.open(origin) as study:
        edits.set_text(study, ids[2], "Le télémentorat nous aide tellement.")
    assert run_cli(["handoff", "receive", str(origin), str(back)]) == 3
    with pytest.raises(SystemExit):   # one or the other
        run_cli(["handoff", "receive", str(origin), str(back), "--mine", "--theirs"])
    capsys.readouterr()
    assert run_cli(["handoff", "receive", str(origin), str(back), "--mine"]) == 0
    with Study.open(origin) as study:
        assert texts(study, session_id) == ["Bonjour à toutes et à tous.", TEXTS[1],
                                            "Le télémentorat nous aide tellement.", TEXTS[3]]


def test_packages_that_cannot_be_taken_are_refused_with_a_sentence(tmp_path, capsys, monkeypatch):
    origin, ws, package, session_id, ids = _sent(tmp_path, monkeypatch)
    back = tmp_path / "back.efpkg"
    assert run_cli(["handoff", "return", str(ws), "--out", str(back)]) == 0
    data = back.read_bytes()
    tampered, truncated = tmp_path / "tampered.efpkg", tmp_path / "truncated.efpkg"
    tampered.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    truncated.write_bytes(data[:len(data) * 2 // 3])
    wrong = passphrase_file(tmp_path, "une toute autre phrase")
    capsys.readouterr()
    for attempt in (["handoff", "receive", str(origin), str(tampered)],
                    ["handoff", "receive", str(origin), str(truncated)],
                    ["handoff", "receive", str(origin), str(back), "--package-passphrase-file", str(wrong)],
                    ["handoff", "open", str(tampered), "--into", str(tmp_path / "ws2")]):
        assert run_cli(attempt) == 1
        err = capsys.readouterr().err
        assert err.startswith("Error: ") and "Traceback" not in err
    assert not (tmp_path / "ws2").exists()
    # Sent again meanwhile: the older package is refused, and so is one already received.
    assert run_cli(["handoff", "send", str(origin), "--session", "FG1", "--to", "RA3", "--out",
                    str(tmp_path / "again.efpkg")]) == 0
    capsys.readouterr()
    assert run_cli(["handoff", "receive", str(origin), str(back)]) == 1
    assert "not the one the study is waiting for" in capsys.readouterr().err
    assert run_cli(["handoff", "open", str(tmp_path / "again.efpkg"), "--into", str(tmp_path / "ws3")]) == 0
    assert run_cli(["handoff", "return", str(tmp_path / "ws3"), "--out", str(tmp_path / "back3.efpkg")]) == 0
    assert run_cli(["handoff", "receive", str(origin), str(tmp_path / "back3.efpkg")]) == 0
    capsys.readouterr()
    assert run_cli(["handoff", "receive", str(origin), str(tmp_path / "back3.efpkg")]) == 1
    assert "already received" in capsys.readouterr().err
    with Study.open(origin) as study:
        assert texts(study, session_id) == TEXTS
