"""Sessions (focus groups and interviews): what happened, who attended, how long it lasted."""

from __future__ import annotations

import os
import wave
from dataclasses import dataclass
from pathlib import Path

from echo_fieldwork.errors import UserError
from echo_fieldwork.fileutil import create_private, private_mkdir, sha256_text
from echo_fieldwork.i18n import N_, _
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
    """The next free code: FG1, FG2… for focus groups, I1, I2… for interviews."""
    prefix = "FG" if kind == "focus_group" else "I"
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
    from echo_fieldwork.people.participants import require, validate_code
    from echo_fieldwork.people.permissions import Use, may

    code = validate_code(code)
    if kind not in SESSION_KINDS:
        raise UserError(_("Unknown session kind {kind!r}.").format(kind=kind))
    if mode not in SESSION_MODES:
        raise UserError(_("Unknown session mode {mode!r}.").format(mode=mode))
    if session_id_for_code(study, code) is not None:
        raise UserError(_("The session code {code} is already used in this study.").format(code=code))
    attendance = ([(require(study, c), "participant") for c in attendees]
                  + [(require(study, c), "interviewer") for c in interviewers]
                  + [(require(study, c), "observer") for c in observers])
    refusals = [d.reason for p, _role in attendance if not (d := may(study, p.id, Use.PARTICIPATE))]
    if refusals:
        raise UserError(_("This session cannot include everyone listed:"), details=refusals)
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
