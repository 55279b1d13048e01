import json
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from echo_fieldwork.errors import SchemaTooNewError, StudyLockedError, UserError
from echo_fieldwork.study import schema
from echo_fieldwork.study.study import DB_NAME, Study, connect


def test_create_makes_the_study_folder(tmp_path: Path):
    with Study.create(tmp_path / "s", "Pilot", "en", actor="RA1") as study:
        assert study.title == "Pilot"
        assert study.language == "en"
        assert study.schema_version == schema.SCHEMA_VERSION
        assert (study.folder / "audio").is_dir() and (study.folder / "exports").is_dir()
        mode = study.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
        actions = [r["action"] for r in study.db.query("SELECT action FROM audit_log")]
        assert actions == ["study.create"]


def test_create_refuses_a_non_empty_folder_and_leaves_it(tmp_path: Path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "thesis.docx").write_text("x")
    with pytest.raises(UserError, match="not empty"):
        Study.create(tmp_path / "s", "Pilot")
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["thesis.docx"]


def test_create_needs_a_title(tmp_path: Path):
    with pytest.raises(UserError, match="title"):
        Study.create(tmp_path / "s", "   ")
    assert not (tmp_path / "s").exists()


def test_open_refuses_a_folder_that_is_not_a_study(tmp_path: Path):
    with pytest.raises(UserError, match="not an echo_fieldwork study"):
        Study.open(tmp_path)


def test_an_older_study_is_upgraded_with_its_data(tmp_path: Path):
    folder = tmp_path / "old"
    folder.mkdir()
    db = connect(folder / DB_NAME)
    schema.migrate(db.conn, up_to=1)
    db.execute("INSERT INTO study (key, value) VALUES ('title', 'Old study')")
    db.execute("INSERT INTO participants (code, study_role, created_at) VALUES ('P01', 'participant', 'x')")
    db.close()
    with Study.open(folder) as study:
        assert study.schema_version == schema.SCHEMA_VERSION
        assert study.title == "Old study"
        assert [r["code"] for r in study.db.query("SELECT code FROM participants")] == ["P01"]
        assert "segments" in study.db.table_names()


def test_a_study_from_a_newer_version_is_refused_untouched(tmp_path: Path):
    with Study.create(tmp_path / "s", "Pilot") as study:
        folder = study.folder
    connection = sqlite3.connect(folder / DB_NAME)
    connection.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    connection.close()
    before = (folder / DB_NAME).read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer version"):
        Study.open(folder)
    assert (folder / DB_NAME).read_bytes() == before
    assert not (folder / "study.lock").exists()


def test_a_failed_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "old"
    folder.mkdir()
    db = connect(folder / DB_NAME)
    schema.migrate(db.conn, up_to=1)
    db.close()
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2] + ["CREATE TABLE broken (;"])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    with pytest.raises(sqlite3.Error):
        Study.open(folder)
    db = connect(folder / DB_NAME)
    assert schema.schema_version(db.conn) == 1
    assert "sessions" not in db.table_names()
    db.close()


def test_append_only_tables_refuse_changes(study: Study):
    study.audit("test", "study")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        study.db.execute("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        study.db.execute("DELETE FROM audit_log")


def test_a_second_instance_is_told_who_holds_the_study(tmp_path: Path):
    with Study.create(tmp_path / "s", "Pilot") as study:
        folder = study.folder
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from echo_fieldwork.study.study import Study; s = Study.open(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(60)", str(folder)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StudyLockedError) as raised:
            Study.open(folder)
        message = str(raised.value)
        assert platform.node() in message and str(holder.pid) in message
    finally:
        holder.kill()
        holder.wait()
    # The holder died without cleaning up: its lock is stale and is taken over.
    assert (folder / "study.lock").exists()
    with Study.open(folder) as study:
        assert study.title == "Pilot"
    assert not (folder / "study.lock").exists()


def test_a_lock_from_another_computer_is_reported(tmp_path: Path):
    with Study.create(tmp_path / "s", "Pilot") as study:
        folder = study.folder
    (folder / "study.lock").write_text(json.dumps({"host": "laptop-of-ra2", "pid": 4242, "user": "ra2", "since": "2026-11-20"}))
    with pytest.raises(StudyLockedError, match="laptop-of-ra2"):
        Study.open(folder)
