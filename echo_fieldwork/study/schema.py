"""The study database schema, as forward migrations.

`PRAGMA user_version` holds the number of migrations applied. Opening a study applies the missing
ones in a single transaction (all or nothing). A study whose version is newer than this app knows is
refused and left untouched. Add a migration at the end; never edit one that has shipped.

Conventions: times inside a recording are integer milliseconds (`*_ms`); instants are ISO 8601 UTC
text (`*_at`); names and contact details live only in `identities`; everything else uses codes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from echo_fieldwork.fileutil import sha256_text
from echo_fieldwork.timeutil import utc_now_iso

# Events that must never change once written: consent, withdrawal and the audit log.
_APPEND_ONLY = ("consents", "withdrawals", "audit_log")


def _append_only_triggers(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
"""


MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
    # 1: the study, its participants, identity, consent, withdrawal, questionnaire, audit.
    """
CREATE TABLE study (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE COLLATE NOCASE,
    study_role TEXT NOT NULL CHECK (study_role IN ('participant', 'interviewer', 'observer')),
    created_at TEXT NOT NULL
);
CREATE TABLE identities (
    participant_id INTEGER PRIMARY KEY REFERENCES participants(id),
    full_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    other_contact TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE consent_forms (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    ethics_reference TEXT NOT NULL DEFAULT '',
    ethics_approval_date TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (name, language, version)
);
CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    form_id INTEGER NOT NULL REFERENCES consent_forms(id),
    consented_at TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('signed', 'paper', 'oral')),
    obtained_by TEXT NOT NULL,
    agree_audio INTEGER NOT NULL,
    agree_quotes INTEGER NOT NULL,
    agree_future_contact INTEGER NOT NULL,
    signature_name TEXT NOT NULL DEFAULT '',
    frozen_copy TEXT NOT NULL,
    frozen_copy_sha256 TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE TABLE withdrawals (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    withdrawn_at TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('written', 'verbal', 'email')),
    no_further_participation INTEGER NOT NULL,
    remove_data INTEGER NOT NULL,
    no_quotes INTEGER NOT NULL,
    no_future_contact INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);
CREATE TABLE questionnaire_answers (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    form_id TEXT NOT NULL,
    form_version TEXT NOT NULL,
    form_sha256 TEXT NOT NULL,
    answers TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX questionnaire_answers_participant ON questionnaire_answers(participant_id, id);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}'
);
-- A form version is immutable once a consent uses it.
CREATE TRIGGER consent_forms_frozen_when_used BEFORE UPDATE ON consent_forms
WHEN EXISTS (SELECT 1 FROM consents WHERE form_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'consent form version is in use and cannot change'); END;
CREATE TRIGGER consent_forms_kept_when_used BEFORE DELETE ON consent_forms
WHEN EXISTS (SELECT 1 FROM consents WHERE form_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'consent form version is in use and cannot be deleted'); END;
""" + "".join(_append_only_triggers(t) for t in _APPEND_ONLY),
    # 2: guides, sessions, attendance, recordings and what is noted during a session.
    """
CREATE TABLE guides (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    language TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK (kind IN ('focus_group', 'interview')),
    date TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('in_person', 'videoconference')),
    guide_id INTEGER REFERENCES guides(id),
    language TEXT NOT NULL DEFAULT 'fr',
    setting TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE attendance (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    role TEXT NOT NULL CHECK (role IN ('participant', 'interviewer', 'observer')),
    PRIMARY KEY (session_id, participant_id)
);
CREATE TABLE recordings (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    path TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('recorded', 'imported')),
    status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'repaired')),
    sample_rate INTEGER NOT NULL,
    channels INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    overruns INTEGER NOT NULL DEFAULT 0,
    original_name TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE TABLE field_notes (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    recording_ms INTEGER,
    wall_at TEXT NOT NULL,
    question_key TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    edited_at TEXT
);
CREATE INDEX field_notes_session ON field_notes(session_id, recording_ms);
CREATE TABLE guide_progress (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    question_key TEXT NOT NULL,
    covered INTEGER NOT NULL DEFAULT 1,
    recording_ms INTEGER,
    wall_at TEXT NOT NULL,
    UNIQUE (session_id, question_key)
);
CREATE TABLE speaker_events (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    recording_ms INTEGER NOT NULL,
    wall_at TEXT NOT NULL
);
CREATE INDEX speaker_events_session ON speaker_events(session_id, recording_ms);
""",
    # 3: transcription jobs and transcripts.
    """
CREATE TABLE transcription_jobs (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    model TEXT NOT NULL DEFAULT '',
    language TEXT,
    range_start_ms INTEGER,
    range_end_ms INTEGER,
    progress_ms INTEGER NOT NULL DEFAULT 0,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    queued_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE TABLE transcripts (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
    language TEXT NOT NULL DEFAULT 'fr',
    review_status TEXT NOT NULL DEFAULT 'draft' CHECK (review_status IN ('draft', 'corrected', 'verified')),
    status_by TEXT NOT NULL DEFAULT '',
    status_at TEXT,
    source TEXT NOT NULL DEFAULT 'whisper'
);
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    speaker TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    words TEXT NOT NULL DEFAULT '[]',
    avg_logprob REAL,
    no_speech_prob REAL,
    flags TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (end_ms >= start_ms)
);
CREATE INDEX segments_session_start ON segments(session_id, start_ms);
CREATE TABLE vocabulary (
    id INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE
);
""",
    # 4: deidentification, quotes and exports.
    """
CREATE TABLE deid_identifiers (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    category TEXT NOT NULL,
    tag TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (text, category)
);
CREATE TABLE deid_replacements (
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
);
CREATE INDEX deid_replacements_session ON deid_replacements(session_id, segment_id);
CREATE TABLE deid_reviews (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
    reviewed_by TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    override INTEGER NOT NULL DEFAULT 0,
    override_reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    participant_id INTEGER REFERENCES participants(id),
    start_ms INTEGER NOT NULL,
    end_ms INTEGER NOT NULL,
    attribution_role TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL DEFAULT '',
    translated_by TEXT NOT NULL DEFAULT '',
    back_translation TEXT NOT NULL DEFAULT '',
    back_translated_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE exports (
    id INTEGER PRIMARY KEY,
    session_id INTEGER REFERENCES sessions(id),
    format TEXT NOT NULL,
    path TEXT NOT NULL,
    deidentified INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    exported_by TEXT NOT NULL,
    exported_at TEXT NOT NULL
);
""",
    # 5: deidentification knows nicknames and maiden names (aliases) and the words a study never hides.
    """
ALTER TABLE identities ADD COLUMN aliases TEXT NOT NULL DEFAULT '';
CREATE TABLE deid_keep_words (
    id INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
);
""",
    # 6: sessions held on Zoom or Teams.
    # A per-speaker track runs beside a timeline recording (`track_of`), spoken by one attendee (`speaker`,
    # a code); `audio_started_at` is when an imported recording's audio began (wall clock, UTC), so that
    # notes taken while nothing was recording can be placed on it (`aligned_to` + the recording's
    # `align_offset_ms`, the user's nudge).
    """
ALTER TABLE recordings ADD COLUMN track_of INTEGER REFERENCES recordings(id);
ALTER TABLE recordings ADD COLUMN speaker TEXT NOT NULL DEFAULT '';
ALTER TABLE recordings ADD COLUMN audio_started_at TEXT;
ALTER TABLE recordings ADD COLUMN align_offset_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE field_notes ADD COLUMN aligned_to INTEGER REFERENCES recordings(id);
ALTER TABLE guide_progress ADD COLUMN aligned_to INTEGER REFERENCES recordings(id);
""",
    # 7: the study's questionnaire, chosen by the team (bundled, YAML or XLSForm): every version kept, the
    # last row is the one in use. Its source is stored so that the study folder stays portable.
    """
CREATE TABLE questionnaire_forms (
    id INTEGER PRIMARY KEY,
    form_id TEXT NOT NULL,
    version TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('bundled', 'yaml', 'xlsform')),
    source_name TEXT NOT NULL,
    content BLOB NOT NULL,
    chosen_by TEXT NOT NULL,
    chosen_at TEXT NOT NULL
);
""" + _append_only_triggers("questionnaire_forms"),
    # 8: field notes are deidentified like the transcript, by reviewed proposals: a proposal points into
    # exactly one segment or one note (SQLite cannot relax NOT NULL in place, so the table is rebuilt).
    """
CREATE TABLE deid_replacements_new (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    segment_id INTEGER REFERENCES segments(id),
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    original TEXT NOT NULL,
    category TEXT NOT NULL,
    tag TEXT NOT NULL,
    detector TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
    reviewed_by TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT,
    note_id INTEGER REFERENCES field_notes(id),
    CHECK ((segment_id IS NULL) <> (note_id IS NULL))
);
INSERT INTO deid_replacements_new (id, session_id, segment_id, start_char, end_char, original, category, tag,
    detector, status, reviewed_by, reviewed_at)
SELECT id, session_id, segment_id, start_char, end_char, original, category, tag, detector, status, reviewed_by,
    reviewed_at FROM deid_replacements;
DROP TABLE deid_replacements;
ALTER TABLE deid_replacements_new RENAME TO deid_replacements;
CREATE INDEX deid_replacements_session ON deid_replacements(session_id, segment_id);
CREATE INDEX deid_replacements_note ON deid_replacements(note_id);
""",
    # 9: consent given online beforehand (REDCap, LimeSurvey, Microsoft Forms), imported: mode 'electronic'.
    # SQLite cannot change a CHECK constraint: the append-only table is rebuilt as is, rows copied unchanged.
    """
CREATE TABLE consents_v8 (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id),
    form_id INTEGER NOT NULL REFERENCES consent_forms(id),
    consented_at TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('signed', 'paper', 'oral', 'electronic')),
    obtained_by TEXT NOT NULL,
    agree_audio INTEGER NOT NULL,
    agree_quotes INTEGER NOT NULL,
    agree_future_contact INTEGER NOT NULL,
    signature_name TEXT NOT NULL DEFAULT '',
    frozen_copy TEXT NOT NULL,
    frozen_copy_sha256 TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
DROP TRIGGER consent_forms_frozen_when_used;
DROP TRIGGER consent_forms_kept_when_used;
INSERT INTO consents_v8 SELECT id, participant_id, form_id, consented_at, mode, obtained_by, agree_audio,
    agree_quotes, agree_future_contact, signature_name, frozen_copy, frozen_copy_sha256, recorded_at FROM consents;
DROP TABLE consents;
ALTER TABLE consents_v8 RENAME TO consents;
CREATE TRIGGER consent_forms_frozen_when_used BEFORE UPDATE ON consent_forms
WHEN EXISTS (SELECT 1 FROM consents WHERE form_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'consent form version is in use and cannot change'); END;
CREATE TRIGGER consent_forms_kept_when_used BEFORE DELETE ON consent_forms
WHEN EXISTS (SELECT 1 FROM consents WHERE form_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'consent form version is in use and cannot be deleted'); END;
""" + _append_only_triggers("consents"),
    # 10: names only in `identities` (a Python step, below): who obtained a consent becomes a team member's code,
    # in the row and in its frozen copy; imported recordings forget the name of the file they came from.
    lambda connection: _names_only_in_identities(connection),
]

SCHEMA_VERSION = len(MIGRATIONS)

# The neutral label a Zoom import gives its mixed recording (the file name Zoom always uses): it names nobody.
ZOOM_MIXED_LABEL = "audio_only.m4a"


def _names_only_in_identities(connection: sqlite3.Connection) -> None:
    connection.execute("UPDATE recordings SET original_name = '' WHERE original_name NOT IN ('', ?)",
                       [ZOOM_MIXED_LABEL])
    code_consent_obtainers(connection, actor="migration")


def _obtainer_code(text: str, codes: dict[str, str], names: dict[str, list[str]]) -> str | None:
    """The team member's code that `text` (a code, or a name as typed before version 10) stands for, if exactly one."""
    key = text.strip().casefold()
    if key in codes:
        return codes[key]
    matches = names.get(" ".join(key.split()), [])
    return matches[0] if len(matches) == 1 else None


def recode_frozen_copy(frozen: str, old: str, code: str) -> str | None:
    """The frozen copy with its "obtained … by OLD" line saying the code; None when that line is not found.
    Only the last occurrence after the copy's last `---` counts: the form's own text above is never touched."""
    separator = frozen.rfind("\n---\n")
    position = frozen.rfind(" " + old + "\n")
    if separator < 0 or position < separator:
        return None
    return frozen[:position + 1] + code + frozen[position + 1 + len(old):]


def code_consent_obtainers(connection: sqlite3.Connection, *, actor: str) -> list[int]:
    """Replace, in consents recorded before version 10, who obtained the consent (free text, often a name or a
    computer login) by the code of the team member (interviewer or observer) it names: their code (any case),
    or the full name or one of the other names (aliases) in their identity (case-insensitive, if only one
    member has it). The frozen copy says the code too, with a new
    SHA-256; the audit log keeps both fingerprints, never the name. Values that name no team member are kept
    as they are (`check` lists them). Returns the ids of the consents changed. Runs inside the caller's
    transaction; consents are append-only, so the guard is lifted for these updates only."""
    codes: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    for code, full_name, aliases in connection.execute(
            "SELECT p.code, COALESCE(i.full_name, ''), COALESCE(i.aliases, '') FROM participants p LEFT JOIN "
            "identities i ON i.participant_id = p.id WHERE p.study_role IN ('interviewer', 'observer') ORDER BY p.id"):
        codes[code.casefold()] = code
        for name in {" ".join(n.casefold().split()) for n in [full_name, *aliases.splitlines()]} - {""}:
            names.setdefault(name, []).append(code)
    changes = []
    for consent_id, participant_id, obtained_by, frozen, digest in connection.execute(
            "SELECT id, participant_id, obtained_by, frozen_copy, frozen_copy_sha256 FROM consents "
            "WHERE obtained_by != '' ORDER BY id").fetchall():
        code = _obtainer_code(obtained_by, codes, names)
        if code is None or code == obtained_by:
            continue
        recoded = recode_frozen_copy(frozen, obtained_by, code)
        if recoded is None:
            continue
        changes.append((consent_id, participant_id, code, recoded, digest))
    if not changes:
        return []
    connection.execute("DROP TRIGGER consents_no_update")
    for consent_id, participant_id, code, recoded, digest in changes:
        connection.execute("UPDATE consents SET obtained_by = ?, frozen_copy = ?, frozen_copy_sha256 = ? WHERE id = ?",
                           [code, recoded, sha256_text(recoded), consent_id])
        connection.execute(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
            [utc_now_iso(), actor, "consent.obtained_by_code", "participant", str(participant_id),
             json.dumps({"consent_id": consent_id, "obtained_by": code, "previous_sha256": digest,
                         "sha256": sha256_text(recoded)}, sort_keys=True)])
    connection.execute("CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents "
                       "BEGIN SELECT RAISE(ABORT, 'consents is append-only'); END")
    return [change[0] for change in changes]


def schema_version(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA user_version").fetchone()[0]


def migrate(connection: sqlite3.Connection, up_to: int = SCHEMA_VERSION) -> int:
    """Apply the missing migrations atomically; return the version reached."""
    current = schema_version(connection)
    if current >= up_to:
        return current
    # executescript would commit on its own; run statements one by one inside one transaction.
    connection.execute("BEGIN IMMEDIATE")
    try:
        for index in range(current, up_to):
            migration = MIGRATIONS[index]
            if callable(migration):   # a step SQL alone cannot do (it runs in the same transaction)
                migration(connection)
                continue
            for statement in _split_statements(migration):
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {up_to}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return up_to


def _split_statements(script: str) -> list[str]:
    """Split a script into complete statements (triggers contain inner semicolons)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError("incomplete SQL statement in migration: " + buffer[:60])
    return statements
