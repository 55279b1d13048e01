"""Importing a Zoom recording folder as Zoom wrote it: the mixed `audio_only.m4a` on the session timeline
and, when "Record a separate audio file for each participant" was on, each participant's own track
(`Audio Record/audio<DisplayName><number>.m4a`) beside it, spoken by one attendee.

Zoom's local recording folder is named `YYYY-MM-DD HH.MM.SS <topic> <meeting id>` (the local time the
recording started); it also holds `zoom_0.mp4`, `playback.m3u`, the chat and, with Zoom's live transcript,
a `.vtt` file. The start time goes into `recordings.audio_started_at`, so notes taken while nothing was
recording can be placed on the recording (`sessions.fieldnotes.align_notes`).

The display name in a track's file name is matched to an attendee by `people.identity` (the only module
that reads names); once mapped, only the attendee's code is kept: the recording row, the audit log and
the logs never hold the file name of a track. As for any import, everything is decoded first, then
registered in one transaction: a damaged track, a cancel or an unmapped track leaves the study as it was.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from echo_fieldwork.audio.importer import decode_to_wav
from echo_fieldwork.audio.recorder import DEFAULT_SAMPLE_RATE, new_audio_path
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import add_recording_row, attendance, get_session
from echo_fieldwork.study.crypto import StudyKeys
from echo_fieldwork.study.study import Study

log = logging.getLogger("echo_fieldwork.audio.zoom")

MIXED_NAME = "audio_only.m4a"
TRACKS_FOLDER = "Audio Record"
SKIP = "-"   # in a mapping: leave this track out (someone who is not in the study)
_TRACK = re.compile(r"^audio(?P<name>.*?)(?P<number>\d+)\.m4a$", re.IGNORECASE)
_FOLDER_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ _](\d{2})[.:](\d{2})[.:](\d{2})")


@dataclass(frozen=True)
class ZoomTrack:
    path: Path
    display_name: str   # from the file name: shown only while mapping, never stored


@dataclass(frozen=True)
class ZoomFolder:
    folder: Path
    mixed: Path
    tracks: tuple[ZoomTrack, ...]
    transcript: Path | None     # Zoom's own WebVTT transcript, if any
    started_at: str | None      # when the recording began (ISO 8601 UTC), if known


def started_at_from_name(name: str) -> str | None:
    """`2026-03-05 14.30.22 Groupe 1 81234567890` → that local time of this computer, as ISO UTC."""
    match = _FOLDER_TIME.match(name)
    if not match:
        return None
    try:
        local = datetime.datetime(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    return local.astimezone().astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds")


def started_at_from_metadata(path: Path) -> str | None:
    """The file's `creation_time` tag (MP4/M4A), if it has a plausible one."""
    import av

    try:
        with av.open(str(path)) as container:
            text = container.metadata.get("creation_time", "")
    except (av.error.FFmpegError, OSError):
        return None
    try:
        instant = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if instant.year < 2000:   # 1904-01-01: the MP4 epoch, i.e. "not set"
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=datetime.timezone.utc)
    return instant.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds")


def scan_zoom_folder(folder: Path | str) -> ZoomFolder:
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(_("The folder {path} does not exist.").format(path=folder))
    mixed = folder / MIXED_NAME
    if not mixed.is_file():
        raise UserError(_("{folder} is not a Zoom recording folder: it has no {name}.")
                        .format(folder=folder.name, name=MIXED_NAME))
    tracks = []
    track_folder = folder / TRACKS_FOLDER
    if track_folder.is_dir():
        for path in sorted(track_folder.iterdir()):
            match = _TRACK.match(path.name)
            if match and path.is_file():
                tracks.append(ZoomTrack(path, match.group("name")))
    transcripts = sorted(folder.glob("*.vtt"))
    started = started_at_from_name(folder.name) or started_at_from_metadata(mixed)
    return ZoomFolder(folder, mixed, tuple(tracks), transcripts[0] if transcripts else None, started)


def propose_mapping(study: Study, session_id: int, zoom: ZoomFolder) -> dict[str, str | None]:
    """Track file name → the attendee code its display name matches (None: nobody, or several)."""
    from echo_fieldwork.people.identity import match_display_name

    attendees = {pid: code for pid, code, _role in attendance(study, session_id)}
    proposal = {}
    for track in zoom.tracks:
        found = match_display_name(study, track.display_name, list(attendees))
        proposal[track.path.name] = attendees[found] if found is not None else None
    return proposal


@dataclass(frozen=True)
class PlannedFile:
    source: Path
    target: Path
    partial: Path
    speaker: str    # "" for the mixed track


@dataclass(frozen=True)
class ZoomPlan:
    session_id: int
    files: tuple[PlannedFile, ...]   # the mixed track first
    started_at: str | None
    keys: StudyKeys | None = None


def plan_zoom_import(study: Study, session_id: int, zoom: ZoomFolder, mapping: dict[str, str] | None = None, *,
                     started_at: str | None = None) -> ZoomPlan:
    """Check the mapping (track file name → attendee code, or `SKIP`) and choose where each file goes. Without
    a mapping, or for a track it does not name, the track's display name is matched to the attendees."""
    session = get_session(study, session_id)
    codes = {code.upper(): code for _pid, code, _role in attendance(study, session_id)}
    proposal = propose_mapping(study, session_id, zoom)
    chosen: dict[str, str] = {}
    unknown_files = sorted(set(mapping or {}) - {t.path.name for t in zoom.tracks})
    if unknown_files:
        raise UserError(_("The mapping names files that are not tracks of this Zoom folder:"), details=unknown_files)
    problems = []
    for track in zoom.tracks:
        name = track.path.name
        code = (mapping or {}).get(name) or proposal.get(name)
        if not code:
            problems.append(_("{file}: no attendee of session {session} matches this track; map it with "
                              "{file}=CODE (or {file}=- to leave it out).").format(file=name, session=session.code))
        elif code == SKIP:
            continue
        elif code.upper() not in codes:
            problems.append(_("{file}: {code} did not attend session {session}.").format(
                file=name, code=code, session=session.code))
        else:
            chosen[name] = codes[code.upper()]
    if problems:
        raise UserError(_("Some tracks of the Zoom folder cannot be attributed:"), details=problems)
    files, taken = [], set()

    def place(source: Path, stem: str, speaker: str) -> None:
        target = new_audio_path(study, stem)
        number = 2
        while target in taken:   # two tracks of one speaker (they left and joined again)
            target = new_audio_path(study, f"{stem}-{number}")
            number += 1
        taken.add(target)
        files.append(PlannedFile(source, target, target.with_name(target.name + ".part"), speaker))

    place(zoom.mixed, session.code, "")
    for track in zoom.tracks:
        if track.path.name in chosen:
            place(track.path, f"{session.code}-{chosen[track.path.name]}", chosen[track.path.name])
    return ZoomPlan(session.id, tuple(files), started_at or zoom.started_at, study.keys)


def decode_zoom(plan: ZoomPlan, *, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[int]:
    """Decode every file of the plan (no database: the UI runs this off its thread); return their durations
    in ms. On any failure every partial file is removed. `progress(files done, files)`."""
    durations: list[int] = []
    try:
        for index, planned in enumerate(plan.files):
            if progress:
                progress(index, len(plan.files))
            durations.append(decode_to_wav(planned.source, planned.partial, cancelled=cancelled, keys=plan.keys))
    except BaseException:
        for planned in plan.files:
            planned.partial.unlink(missing_ok=True)
        raise
    if progress:
        progress(len(plan.files), len(plan.files))
    return durations


@dataclass(frozen=True)
class ZoomImport:
    recording_id: int            # the mixed track, on the session timeline
    tracks: dict[int, str]       # recording id → speaker code


def register_zoom(study: Study, plan: ZoomPlan, durations: list[int]) -> ZoomImport:
    """Move the decoded files into place and register them in one transaction."""
    placed: list[Path] = []
    try:
        for planned in plan.files:
            target = planned.target
            if target.exists():   # something else took the name meanwhile
                target = new_audio_path(study, target.stem + "-zoom")
            os.replace(planned.partial, target)
            placed.append(target)
        with study.db.atomic():
            mixed, *tracks = zip(plan.files, placed, durations)
            recording_id = add_recording_row(
                study, plan.session_id, mixed[1].relative_to(study.folder).as_posix(), source="imported",
                status="complete", sample_rate=DEFAULT_SAMPLE_RATE, duration_ms=mixed[2],
                original_name=MIXED_NAME, audio_started_at=plan.started_at)
            speakers = {}
            for planned, path, duration in tracks:
                track_id = add_recording_row(
                    study, plan.session_id, path.relative_to(study.folder).as_posix(), source="imported",
                    status="complete", sample_rate=DEFAULT_SAMPLE_RATE, duration_ms=duration,
                    original_name="", track_of=recording_id, speaker=planned.speaker,
                    audio_started_at=plan.started_at)
                speakers[track_id] = planned.speaker
            study.audit("recording.import_zoom", "session", plan.session_id,
                        {"recording_id": recording_id, "duration_ms": mixed[2],
                         "speakers": sorted(set(speakers.values()))})
    except BaseException:
        for planned in plan.files:
            planned.partial.unlink(missing_ok=True)
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    log.info("imported a Zoom recording %d with %d speaker tracks", recording_id, len(speakers))
    return ZoomImport(recording_id, speakers)


def import_zoom_folder(study: Study, session_id: int, folder: Path | str, mapping: dict[str, str] | None = None, *,
                       started_at: str | None = None, progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> ZoomImport:
    """Scan, map, decode and register a Zoom recording folder for the session."""
    plan = plan_zoom_import(study, session_id, scan_zoom_folder(folder), mapping, started_at=started_at)
    return register_zoom(study, plan, decode_zoom(plan, progress=progress, cancelled=cancelled))
