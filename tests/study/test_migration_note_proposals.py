"""Migration 8 (proposals in field notes) on a study made before it: every proposal and decision is kept,
a reviewed session without notes stays reviewed, one with notes needs its notes reviewed."""

from __future__ import annotations

import sqlite3

import pytest

from echo_fieldwork.deid import deidentify
from echo_fieldwork.sessions import fieldnotes
from echo_fieldwork.study import schema
from echo_fieldwork.study.study import DB_NAME, Study
from tests.exports_helpers import build_focus_group

COLUMNS = "id, session_id, segment_id, start_char, end_char, original, category, tag, detector, status, reviewed_by, " \
          "reviewed_at"


OLD_TABLE = """CREATE TABLE deid_replacements (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    segment_id INTEGER NOT NULL REFERENCES segments(id),
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    original TEXT NOT NULL,
    category TEXT NOT NULL,
    tag TEXT NOT NULL,
    detector TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
    reviewed_by TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT
)"""


def _back_to_version_7(folder) -> None:
    """The table as migration 4 made it (segment_id required, no note_id), the notes' proposals gone."""
    connection = sqlite3.connect(folder / DB_NAME)
    with connection:
        connection.execute("DELETE FROM deid_replacements WHERE note_id IS NOT NULL")
        connection.execute(f"CREATE TABLE old AS SELECT {COLUMNS} FROM deid_replacements")
        connection.execute("DROP TABLE deid_replacements")
        connection.execute(OLD_TABLE)
        connection.execute(f"INSERT INTO deid_replacements ({COLUMNS}) SELECT {COLUMNS} FROM old")
        connection.execute("DROP TABLE old")
    connection.execute("PRAGMA user_version = 7")
    connection.close()


@pytest.mark.parametrize("with_notes", [False, True])
def test_an_older_study_keeps_its_decisions(tmp_path, with_notes):
    with Study.create(tmp_path / "s", "Étude", "fr", actor="RA1") as study:
        session_id = build_focus_group(study, notes=False)
        deidentify.run_detection(study, session_id, use_ner=False)
        first = deidentify.list_replacements(study, session_id)[0]
        deidentify.set_status(study, [first.id], "rejected")
        deidentify.mark_reviewed(study, session_id)
        if with_notes:   # notes taken before this version: they were never reviewed
            fieldnotes.add_note(study, session_id, "Amélie arrive en retard.", recording_ms=1000)
        before = study.db.execute(f"SELECT {COLUMNS} FROM deid_replacements ORDER BY id").fetchall()
        folder = study.folder
    _back_to_version_7(folder)
    columns = [row[1] for row in sqlite3.connect(folder / DB_NAME).execute("PRAGMA table_info(deid_replacements)")]
    assert "note_id" not in columns

    with Study.open(folder, actor="RA1") as study:
        assert study.schema_version == schema.SCHEMA_VERSION
        assert study.db.execute(f"SELECT {COLUMNS} FROM deid_replacements ORDER BY id").fetchall() == before
        assert deidentify.get_replacement(study, first.id).status == "rejected"
        assert deidentify.review_state(study, session_id).state == ("stale" if with_notes else "reviewed")
        # A proposal points into a segment or a note, never both, never neither.
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            study.db.execute("INSERT INTO deid_replacements (session_id, segment_id, note_id, start_char, end_char, "
                             "original, category, tag, detector) VALUES (?, NULL, NULL, 0, 1, 'x', 'person', 'p', 'x')",
                             [session_id])
