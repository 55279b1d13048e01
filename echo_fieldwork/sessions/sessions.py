"""Sessions (focus groups and interviews): what happened, who attended, how long it lasted."""

from __future__ import annotations

import os
import wave
from dataclasses import dataclass
from pathlib import Path

from echo_fieldwork.errors import UserError
from echo_fieldwork.fileutil import create_private, private_mkdir, sha256_text
from echo_fieldwork.i18n import N_, _, pgettext
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso


def session_duration_ms(study: Study, session_id: int) -> int:
    """The one definition of a session's duration: the total length of its recordings.
    The methods summary, export headers, transcription and the UI all call this. A per-speaker track
    (a Zoom import) runs beside its timeline recording and adds nothing."""
    row = study.db.execute(
        "SELECT COALESCE(SUM(duration_ms), 0) FROM recordings WHERE session_id = ? AND track_of IS NULL",
        [session_id]).fetchone()
    return int(row[0])


def session_timeline(study: Study, session_id: int) -> list[tuple[int, str, int, int]]:
    """(recording id, path, start ms, duration ms) of each recording, in order. A session's recordings
    play one after the other on one timeline; notes, guide marks and speaker events are stamped on it
    (a recording made after a break starts where the previous one ended). Per-speaker tracks are not on
    it: they run beside their recording (`speaker_tracks`)."""
    timeline, start = [], 0
    for recording_id, path, duration in study.db.execute(
            "SELECT id, path, duration_ms FROM recordings WHERE session_id = ? AND track_of IS NULL ORDER BY id",
            [session_id]):
        timeline.append((recording_id, path, start, duration))
        start += duration
    return timeline


@dataclass(frozen=True)
class SpeakerTrack:
    """One attendee's own track of a videoconference (Zoom's "separate audio file for each participant"):
    it starts with its timeline recording (`track_of`), at `start_ms` on the session timeline."""

    recording_id: int
    track_of: int
    path: str
    speaker: str       # the attendee's code
    start_ms: int
    duration_ms: int


def speaker_tracks(study: Study, session_id: int) -> list[SpeakerTrack]:
    """The session's per-speaker tracks, in timeline order then by speaker; empty for a session recorded
    with one microphone."""
    starts = {rid: start for rid, _path, start, _duration in session_timeline(study, session_id)}
    rows = study.db.execute(
        "SELECT id, track_of, path, speaker, duration_ms FROM recordings WHERE session_id = ? AND track_of IS NOT NULL "
        "ORDER BY track_of, speaker, id", [session_id])
    return [SpeakerTrack(rid, parent, path, speaker, starts.get(parent, 0), duration)
            for rid, parent, path, speaker, duration in rows]


def session_playback_paths(study: Study, session_id: int) -> list[Path]:
    """The session's finished recordings on disk, in timeline order (what the player plays)."""
    timeline = [(rid, study.folder / path) for rid, path, _start, _duration in session_timeline(study, session_id)]
    finished = {row[0] for row in study.db.execute(
        "SELECT id FROM recordings WHERE session_id = ? AND status != 'recording' AND track_of IS NULL",
        [session_id])}
    return [path for rid, path in timeline if rid in finished and path.is_file()]


def session_audio_file(study: Study, session_id: int) -> Path | None:
    """One file that plays the session's whole timeline: its recording, or, when a session has several,
    their concatenation (built once under audio/.playback/ and rebuilt when the recordings change).
    Plaintext studies only: an encrypted study's recordings are played from memory (no cache on disk)
    from `session_playback_paths`."""
    if study.encrypted:
        raise ValueError("an encrypted study's audio is never joined on disk: use session_playback_paths")
    paths = session_playback_paths(study, session_id)
    if len(paths) <= 1:
        return paths[0] if paths else None
    signature = sha256_text(repr([(str(p), p.stat().st_size) for p in paths]))[:16]
    target = study.audio_dir / ".playback" / f"session-{session_id}-{signature}.wav"
    if not target.is_file():
        private_mkdir(target.parent)
        for stale in target.parent.glob(f"session-{session_id}-*.wav"):
            stale.unlink()
        partial = target.with_suffix(".partial")
        with create_private(partial, exclusive=False) as raw, wave.open(raw, "wb") as out:
            for index, path in enumerate(paths):
                with wave.open(str(path), "rb") as part:
                    if index == 0:
                        out.setparams(part.getparams())
                    out.writeframes(part.readframes(part.getnframes()))
        os.replace(partial, target)
    return target


def suggest_session_code(study: Study, kind: str) -> str:
    """The next free code in the interface language: FG1, FG2… for focus groups and I1, I2… for
    interviews in English; GD1 (groupe de discussion) and E1 (entretien) in French."""
    prefix = pgettext("session code prefix", "FG") if kind == "focus_group" else pgettext("session code prefix", "I")
    used = {row[0].upper() for row in study.db.execute("SELECT code FROM sessions")}
    number = 1
    while f"{prefix}{number}" in used:
        number += 1
    return f"{prefix}{number}"


def session_id_for_code(study: Study, code: str) -> int | None:
    row = study.db.execute("SELECT id FROM sessions WHERE code = ?", [code.strip()]).fetchone()
    return int(row[0]) if row else None


SESSION_KINDS = {"focus_group": N_("Focus group"), "interview": N_("Individual interview")}
SESSION_MODES = {"in_person": N_("In person"), "videoconference": N_("Videoconference")}


@dataclass(frozen=True)
class Session:
    id: int
    code: str
    kind: str
    date: str
    mode: str
    guide_id: int | None
    language: str


def create_session(study: Study, code: str, kind: str, date: str, mode: str, *, attendees: list[str] = (),
                   interviewers: list[str] = (), observers: list[str] = (), guide_id: int | None = None,
                   language: str | None = None) -> Session:
    """Create a session with its attendance (participant codes). Attendees must be able to take part."""
    code = _check_fields(study, None, code, kind, mode)
    attendance = _attendance_rows(study, attendees, interviewers, observers)
    _check_can_take_part(study, attendance)
    with study.db.atomic():
        cursor = study.db.execute(
            "INSERT INTO sessions (code, kind, date, mode, guide_id, language, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [code, kind, date, mode, guide_id, language or study.language, utc_now_iso()])
        session_id = cursor.lastrowid
        for participant, role in attendance:
            study.db.execute("INSERT INTO attendance (session_id, participant_id, role) VALUES (?, ?, ?)",
                             [session_id, participant.id, role])
        study.audit("session.create", "session", session_id, {"code": code, "kind": kind})
    return get_session(study, session_id)


def _check_fields(study: Study, session_id: int | None, code: str, kind: str, mode: str) -> str:
    from echo_fieldwork.people.participants import validate_code

    code = validate_code(code)
    if kind not in SESSION_KINDS:
        raise UserError(_("Unknown session kind {kind!r}.").format(kind=kind))
    if mode not in SESSION_MODES:
        raise UserError(_("Unknown session mode {mode!r}.").format(mode=mode))
    if session_id_for_code(study, code) not in (None, session_id):
        raise UserError(_("The session code {code} is already used in this study.").format(code=code))
    return code


def _attendance_rows(study: Study, attendees, interviewers, observers) -> list[tuple]:
    from echo_fieldwork.people.participants import require

    return ([(require(study, c), "participant") for c in attendees]
            + [(require(study, c), "interviewer") for c in interviewers]
            + [(require(study, c), "observer") for c in observers])


def _check_can_take_part(study: Study, attendance: list[tuple]) -> None:
    from echo_fieldwork.people.permissions import Use, may

    refusals = [d.reason for p, _role in attendance if not (d := may(study, p.id, Use.PARTICIPATE))]
    if refusals:
        raise UserError(_("This session cannot include everyone listed:"), details=refusals)


def update_session(study: Study, session_id: int, code: str, kind: str, date: str, mode: str, *,
                   attendees: list[str] = (), interviewers: list[str] = (), observers: list[str] = (),
                   guide_id: int | None = None) -> Session:
    """Change a session as it really happened: its code, date, mode, guide, and who attended (a no-show
    removed, a late arrival added). Only people added must be able to take part; every change is audited
    (codes and settings, never names)."""
    before = get_session(study, session_id)
    code = _check_fields(study, session_id, code, kind, mode)
    wanted = _attendance_rows(study, attendees, interviewers, observers)
    current = {(pid, role) for pid, _code, role in attendance(study, session_id)}
    added = [(p, role) for p, role in wanted if (p.id, role) not in current]
    _check_can_take_part(study, added)
    wanted_keys = {(p.id, role) for p, role in wanted}
    removed = [(pid, c, role) for pid, c, role in attendance(study, session_id) if (pid, role) not in wanted_keys]
    changed = {field: [old, new] for field, old, new in (
        ("code", before.code, code), ("kind", before.kind, kind), ("date", before.date, date),
        ("mode", before.mode, mode), ("guide_id", before.guide_id, guide_id)) if old != new}
    if not (changed or added or removed):
        return before
    with study.db.atomic():
        study.db.execute("UPDATE sessions SET code = ?, kind = ?, date = ?, mode = ?, guide_id = ? WHERE id = ?",
                         [code, kind, date, mode, guide_id, session_id])
        for pid, _code, role in removed:
            study.db.execute("DELETE FROM attendance WHERE session_id = ? AND participant_id = ? AND role = ?",
                             [session_id, pid, role])
        for participant, role in added:
            # One row per person: someone moved from observer to participant changes role.
            study.db.execute("INSERT OR REPLACE INTO attendance (session_id, participant_id, role) VALUES (?, ?, ?)",
                             [session_id, participant.id, role])
        study.audit("session.update", "session", session_id, {
            "code": code, "changed": changed, "added": sorted(f"{p.code}:{role}" for p, role in added),
            "removed": sorted(f"{c}:{role}" for _pid, c, role in removed)})
    return get_session(study, session_id)


@dataclass(frozen=True)
class SessionContents:
    """What deleting a session would delete with it."""
    recordings: int
    duration_ms: int
    recording_now: bool
    segments: int
    notes: int
    quotes: int

    @property
    def empty(self) -> bool:
        return not (self.recordings or self.segments or self.notes or self.quotes)


def session_contents(study: Study, session_id: int) -> SessionContents:
    def count(sql: str) -> int:
        return int(study.db.execute(sql, [session_id]).fetchone()[0])

    return SessionContents(
        recordings=count("SELECT COUNT(*) FROM recordings WHERE session_id = ?"),
        duration_ms=session_duration_ms(study, session_id),
        recording_now=bool(count("SELECT COUNT(*) FROM recordings WHERE session_id = ? AND status = 'recording'")),
        segments=count("SELECT COUNT(*) FROM segments WHERE session_id = ?"),
        notes=count("SELECT COUNT(*) FROM field_notes WHERE session_id = ?"),
        quotes=count("SELECT COUNT(*) FROM quotes WHERE session_id = ?"))


# Every table that refers to a session, children before parents (deid_replacements refers to segments).
# tests/sessions/test_session_editing.py checks this against the schema's foreign keys.
SESSION_TABLES = ("deid_replacements", "quotes", "segments", "transcripts", "deid_reviews", "transcription_jobs",
                  "speaker_events", "guide_progress", "field_notes", "recordings", "attendance")


def delete_session(study: Study, session_id: int, *, with_recordings: bool = False) -> None:
    """Delete a session. An empty one goes at once; one holding recordings, a transcript or notes only when
    the caller passes `with_recordings=True` after a second, explicit confirmation: its audio files are
    deleted too. A session being recorded is never deleted. Exports already written stay where they are."""
    session = get_session(study, session_id)
    contents = session_contents(study, session_id)
    if contents.recording_now:
        raise UserError(_("Session {code} is being recorded: stop the recording first.").format(code=session.code))
    if not contents.empty and not with_recordings:
        raise UserError(_("Session {code} holds recordings, a transcript or notes: confirm that they are "
                          "deleted with it.").format(code=session.code))
    paths = [study.folder / row[0] for row in study.db.execute(
        "SELECT path FROM recordings WHERE session_id = ?", [session_id])]
    with study.db.atomic():
        for table in SESSION_TABLES:
            study.db.execute(f"DELETE FROM {table} WHERE session_id = ?", [session_id])
        study.db.execute("UPDATE exports SET session_id = NULL WHERE session_id = ?", [session_id])
        study.db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
        study.audit("session.delete", "session", session_id, {
            "code": session.code, "recordings": contents.recordings, "duration_ms": contents.duration_ms,
            "segments": contents.segments, "notes": contents.notes, "quotes": contents.quotes})
    for path in paths + list((study.audio_dir / ".playback").glob(f"session-{session_id}-*.wav")):
        path.unlink(missing_ok=True)


def get_session(study: Study, session_id: int) -> Session:
    row = study.db.execute("SELECT id, code, kind, date, mode, guide_id, language FROM sessions WHERE id = ?",
                           [session_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown session."))
    return Session(*row)


def require_session(study: Study, code: str) -> Session:
    session_id = session_id_for_code(study, code)
    if session_id is None:
        raise UserError(_("No session with the code {code} in this study.").format(code=code))
    return get_session(study, session_id)


def list_sessions(study: Study) -> list[Session]:
    return [Session(*row) for row in study.db.execute(
        "SELECT id, code, kind, date, mode, guide_id, language FROM sessions ORDER BY date, code")]


def attendance(study: Study, session_id: int) -> list[tuple[int, str, str]]:
    """(participant id, code, role in the session), participants first."""
    return [tuple(row) for row in study.db.execute(
        "SELECT p.id, p.code, a.role FROM attendance a JOIN participants p ON p.id = a.participant_id "
        "WHERE a.session_id = ? ORDER BY a.role != 'participant', a.role, p.code", [session_id])]


def add_recording_row(study: Study, session_id: int, path: str, *, source: str, status: str, sample_rate: int,
                      channels: int = 1, duration_ms: int = 0, original_name: str = "", track_of: int | None = None,
                      speaker: str = "", audio_started_at: str | None = None) -> int:
    """Register an audio file (path relative to the study folder) for a session: a recording on its
    timeline, or (`track_of`) one speaker's track beside a timeline recording."""
    cursor = study.db.execute(
        "INSERT INTO recordings (session_id, path, source, status, sample_rate, channels, duration_ms, "
        "original_name, started_at, track_of, speaker, audio_started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [session_id, path, source, status, sample_rate, channels, duration_ms, original_name, utc_now_iso(),
         track_of, speaker, audio_started_at])
    return cursor.lastrowid
