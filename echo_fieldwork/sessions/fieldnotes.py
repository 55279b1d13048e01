"""What the interviewer notes during a session: field notes, guide progress, who starts speaking.

Everything is written at once (one row per action) and stamped with the session timeline in ms
(`Recorder.position_ms()`, or None when nothing is recording) and the wall-clock instant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import N_, _
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso

# Quick tags, in the order of their keys in the session window.
NOTE_TAGS = {
    "nonverbal": N_("Non-verbal"),
    "interruption": N_("Interruption"),
    "technical": N_("Technical problem"),
    "key_quote": N_("Key quote"),
}


@dataclass(frozen=True)
class FieldNote:
    id: int
    session_id: int
    recording_ms: int | None
    wall_at: str
    question_key: str
    tags: tuple[str, ...]
    text: str
    edited_at: str | None


@dataclass(frozen=True)
class GuideMark:
    question_key: str
    covered: bool
    recording_ms: int | None
    wall_at: str


@dataclass(frozen=True)
class SpeakerEvent:
    id: int
    participant_id: int
    participant_code: str
    recording_ms: int
    wall_at: str


def _check_tags(tags: list[str] | tuple[str, ...]) -> str:
    unknown = [t for t in tags if t not in NOTE_TAGS]
    if unknown:
        raise UserError(_("Unknown note tags: {tags}.").format(tags=", ".join(unknown)))
    return ",".join(t for t in NOTE_TAGS if t in tags)   # canonical order


def add_note(study: Study, session_id: int, text: str, *, recording_ms: int | None, question_key: str = "",
             tags: list[str] | tuple[str, ...] = (), wall_at: str | None = None) -> FieldNote:
    text = text.strip()
    if not text and not tags:
        raise UserError(_("A note needs some text or a tag."))
    cursor = study.db.execute(
        "INSERT INTO field_notes (session_id, recording_ms, wall_at, question_key, tags, text) VALUES (?, ?, ?, ?, ?, ?)",
        [session_id, recording_ms, wall_at or utc_now_iso(), question_key, _check_tags(tags), text])
    return get_note(study, cursor.lastrowid)


def edit_note(study: Study, note_id: int, text: str, tags: list[str] | tuple[str, ...] | None = None) -> FieldNote:
    """Change a note's text (and tags); its times stay those of the moment it was taken."""
    note = get_note(study, note_id)
    text = text.strip()
    new_tags = note.tags if tags is None else tuple(tags)
    if not text and not new_tags:
        raise UserError(_("A note needs some text or a tag."))
    study.db.execute("UPDATE field_notes SET text = ?, tags = ?, edited_at = ? WHERE id = ?",
                     [text, _check_tags(new_tags), utc_now_iso(), note_id])
    return get_note(study, note_id)


_NOTE_COLUMNS = "id, session_id, recording_ms, wall_at, question_key, tags, text, edited_at"


def _note(row: tuple) -> FieldNote:
    values = list(row)
    values[5] = tuple(t for t in values[5].split(",") if t)
    return FieldNote(*values)


def get_note(study: Study, note_id: int) -> FieldNote:
    row = study.db.execute(f"SELECT {_NOTE_COLUMNS} FROM field_notes WHERE id = ?", [note_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown note."))
    return _note(row)


def list_notes(study: Study, session_id: int) -> list[FieldNote]:
    return [_note(r) for r in study.db.execute(
        f"SELECT {_NOTE_COLUMNS} FROM field_notes WHERE session_id = ? ORDER BY recording_ms IS NULL, recording_ms, id",
        [session_id])]


def mark_question(study: Study, session_id: int, question_key: str, covered: bool = True, *,
                  recording_ms: int | None) -> GuideMark:
    """Mark a guide question covered (or not) now; marking again moves the time to now."""
    wall_at = utc_now_iso()
    study.db.execute(
        "INSERT INTO guide_progress (session_id, question_key, covered, recording_ms, wall_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (session_id, question_key) DO UPDATE SET covered = excluded.covered, "
        "recording_ms = excluded.recording_ms, wall_at = excluded.wall_at, aligned_to = NULL",
        [session_id, question_key, int(covered), recording_ms, wall_at])
    return GuideMark(question_key, covered, recording_ms, wall_at)


def guide_progress(study: Study, session_id: int) -> dict[str, GuideMark]:
    return {r[0]: GuideMark(r[0], bool(r[1]), r[2], r[3]) for r in study.db.execute(
        "SELECT question_key, covered, recording_ms, wall_at FROM guide_progress WHERE session_id = ?", [session_id])}


def add_speaker_event(study: Study, session_id: int, participant_id: int, recording_ms: int) -> SpeakerEvent:
    """participant_id starts speaking at recording_ms (the note-taker's speaker log)."""
    attending = study.db.execute("SELECT 1 FROM attendance WHERE session_id = ? AND participant_id = ?",
                                 [session_id, participant_id]).fetchone()
    if not attending:
        raise UserError(_("This person did not attend the session."))
    cursor = study.db.execute(
        "INSERT INTO speaker_events (session_id, participant_id, recording_ms, wall_at) VALUES (?, ?, ?, ?)",
        [session_id, participant_id, recording_ms, utc_now_iso()])
    return next(e for e in speaker_events(study, session_id) if e.id == cursor.lastrowid)


def speaker_events(study: Study, session_id: int) -> list[SpeakerEvent]:
    return [SpeakerEvent(*r) for r in study.db.execute(
        "SELECT e.id, e.participant_id, p.code, e.recording_ms, e.wall_at FROM speaker_events e "
        "JOIN participants p ON p.id = e.participant_id WHERE e.session_id = ? ORDER BY e.recording_ms, e.id",
        [session_id])]


# -- notes taken while nothing was recording (a Zoom call recorded by Zoom) ---------------------------------
def _instant_ms(iso: str) -> int:
    return round(datetime.fromisoformat(iso).timestamp() * 1000)


def set_recording_start(study: Study, recording_id: int, started_at: str) -> None:
    """When a recording's audio began (ISO 8601 UTC), e.g. typed by the user when the file does not say."""
    study.db.execute("UPDATE recordings SET audio_started_at = ? WHERE id = ?", [started_at, recording_id])


def align_notes(study: Study, session_id: int, recording_id: int, *, offset_ms: int | None = None,
                when_unknown_ok: bool = False) -> int:
    """Place the session's notes and guide marks that were stamped with the wall clock only (nothing was
    recording) on this recording: at (their instant − the recording's start) + the recording's offset, the
    user's nudge (`offset_ms` changes it; those placed before move with it). Those falling outside the
    recording stay unplaced. Returns how many are placed on it. Speaker events always have a recording time
    and are not moved."""
    from echo_fieldwork.sessions.sessions import session_timeline

    row = study.db.execute("SELECT audio_started_at, align_offset_ms, duration_ms FROM recordings "
                           "WHERE id = ? AND session_id = ? AND track_of IS NULL", [recording_id, session_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown recording."))
    started_at, offset, duration = row
    if not started_at:
        if when_unknown_ok:
            return 0
        raise UserError(_("When this recording started is not known; give its start time to place the notes."))
    if offset_ms is not None:
        offset = int(offset_ms)
    timeline_start = next(start for rid, _path, start, _d in session_timeline(study, session_id) if rid == recording_id)
    origin = _instant_ms(started_at)
    placed = 0
    with study.db.atomic():
        study.db.execute("UPDATE recordings SET align_offset_ms = ? WHERE id = ?", [offset, recording_id])
        for table, key in (("field_notes", "id"), ("guide_progress", "id")):
            rows = study.db.execute(
                f"SELECT {key}, wall_at FROM {table} WHERE session_id = ? AND (recording_ms IS NULL OR aligned_to = ?)",
                [session_id, recording_id]).fetchall()
            for row_id, wall_at in rows:
                position = _instant_ms(wall_at) - origin + offset
                if 0 <= position <= duration:
                    study.db.execute(f"UPDATE {table} SET recording_ms = ?, aligned_to = ? WHERE {key} = ?",
                                     [timeline_start + position, recording_id, row_id])
                    placed += 1
                else:
                    study.db.execute(f"UPDATE {table} SET recording_ms = NULL, aligned_to = NULL WHERE {key} = ?",
                                     [row_id])
        study.audit("notes.align", "session", session_id,
                    {"recording_id": recording_id, "offset_ms": offset, "placed": placed})
    return placed
