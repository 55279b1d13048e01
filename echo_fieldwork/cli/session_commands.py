"""`echo-fieldwork sessions add|list|import-audio|import-zoom|align-notes`, `record` and `check`."""

from __future__ import annotations

import argparse
import datetime
import signal
import sys
import threading
import time
from pathlib import Path

from echo_fieldwork.cli.main import comma_list, open_study
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.timeutil import format_ms

KINDS = {"focus-group": "focus_group", "interview": "interview"}
MODES = {"in-person": "in_person", "videoconference": "videoconference"}


def register(subparsers: argparse._SubParsersAction) -> None:
    sessions = subparsers.add_parser("sessions", help=_("create, list sessions and import their audio"))
    sub = sessions.add_subparsers(dest="sessions_command", metavar=_("COMMAND"), required=True)

    add = sub.add_parser("add", help=_("create a session with its attendance"))
    add.add_argument("folder", metavar="DIR")
    add.add_argument("--code", required=True, help=_("session code, e.g. FG1 or I3"))
    add.add_argument("--kind", required=True, choices=list(KINDS))
    add.add_argument("--date", required=True, help=_("date of the session, YYYY-MM-DD"))
    add.add_argument("--mode", required=True, choices=list(MODES))
    add.add_argument("--attendees", default="", help=_("participant codes, comma-separated (P01,P02)"))
    add.add_argument("--interviewers", default="", help=_("interviewer codes, comma-separated (M1)"))
    add.add_argument("--observers", default="", help=_("observer codes, comma-separated"))
    add.add_argument("--guide", metavar="FILE", help=_("interview guide (YAML) used in this session"))
    add.set_defaults(func=cmd_sessions_add)

    listing = sub.add_parser("list", help=_("list the sessions of a study"))
    listing.add_argument("folder", metavar="DIR")
    listing.set_defaults(func=cmd_sessions_list)

    importing = sub.add_parser("import-audio", help=_("import an existing recording (m4a, mp3, wav, ogg…)"))
    importing.add_argument("folder", metavar="DIR")
    importing.add_argument("--session", required=True, metavar="CODE")
    importing.add_argument("file", metavar="FILE")
    importing.set_defaults(func=cmd_import_audio)

    zoom = sub.add_parser("import-zoom", help=_("import a Zoom recording folder (mixed audio and one track per "
                                                "participant)"))
    zoom.add_argument("folder", metavar="DIR")
    zoom.add_argument("--session", required=True, metavar="CODE")
    zoom.add_argument("zoom_folder", metavar="FOLDER")
    zoom.add_argument("--map", default="", metavar="FILE=CODE,…",
                      help=_("attribute tracks by hand: file name = attendee code (- leaves a track out); other "
                             "tracks are matched to the attendees' names"))
    zoom.add_argument("--transcript", action="store_true",
                      help=_("also import Zoom's own transcript (.vtt) as a draft"))
    zoom.set_defaults(func=cmd_import_zoom)

    align = sub.add_parser("align-notes", help=_("place notes taken while nothing was recording on an imported "
                                                 "recording, by its start time"))
    align.add_argument("folder", metavar="DIR")
    align.add_argument("--session", required=True, metavar="CODE")
    align.add_argument("--offset", type=float, default=None, metavar="SECONDS",
                       help=_("nudge: move the aligned notes later (or earlier, negative) by this many seconds"))
    align.add_argument("--started-at", metavar="TIME",
                       help=_("when the recording started (YYYY-MM-DDTHH:MM:SS, local time), if it is not known"))
    align.set_defaults(func=cmd_align_notes)

    record = subparsers.add_parser("record", help=_("record a session from the microphone (Ctrl-C stops)"))
    record.add_argument("folder", metavar="DIR")
    record.add_argument("--session", required=True, metavar="CODE")
    record.add_argument("--device", metavar="NAME", help=_("input device (name or part of it)"))
    record.add_argument("--seconds", type=float, help=_("stop after this many seconds"))
    record.set_defaults(func=cmd_record)

    check = subparsers.add_parser("check", help=_("repair interrupted recordings, remove unfinished files, "
                                                  "compare the exports with their record; or verify a backup "
                                                  "file (.efbak) without restoring it"))
    check.add_argument("folder", metavar=_("DIR|FILE.efbak"))
    check.set_defaults(func=cmd_check)


def cmd_sessions_add(args: argparse.Namespace) -> int:
    from echo_fieldwork.sessions.guides import import_guide_file
    from echo_fieldwork.sessions.sessions import create_session

    try:
        datetime.date.fromisoformat(args.date)
    except ValueError:
        raise UserError(_("The date {date!r} is not valid; use YYYY-MM-DD.").format(date=args.date)) from None
    with open_study(args.folder) as study, study.db.atomic():  # a refused session stores no guide either
        guide_id = import_guide_file(study, args.guide).id if args.guide else None
        session = create_session(study, args.code, KINDS[args.kind], args.date, MODES[args.mode],
                                 attendees=comma_list(args.attendees), interviewers=comma_list(args.interviewers),
                                 observers=comma_list(args.observers), guide_id=guide_id)
        print(_("Session {code} created.").format(code=session.code))
    return 0


def cmd_sessions_list(args: argparse.Namespace) -> int:
    from echo_fieldwork.sessions.sessions import (
        SESSION_KINDS,
        SESSION_MODES,
        attendance,
        list_sessions,
        session_duration_ms,
    )

    with open_study(args.folder) as study:
        sessions = list_sessions(study)
        if not sessions:
            print(_("No sessions yet."))
        for s in sessions:
            people = ",".join(code for _pid, code, _role in attendance(study, s.id))
            print(f"{s.code}\t{s.date}\t{_(SESSION_KINDS[s.kind])}\t{_(SESSION_MODES[s.mode])}\t"
                  f"{format_ms(session_duration_ms(study, s.id))}\t{people}")
    return 0


def cmd_import_audio(args: argparse.Namespace) -> int:
    from echo_fieldwork.audio.importer import import_audio
    from echo_fieldwork.sessions.sessions import require_session, session_duration_ms

    with open_study(args.folder) as study:
        session = require_session(study, args.session)
        import_audio(study, session.id, args.file, warn=lambda text: print(_("Warning: {message}").format(
            message=text), file=sys.stderr))
        print(_("Audio imported into session {code} (total {duration}).").format(
            code=session.code, duration=format_ms(session_duration_ms(study, session.id))))
    return 0


def parse_mapping(text: str) -> dict[str, str]:
    """`audioMarie11.m4a=P01,audioJean22.m4a=M1` → {file: code}."""
    mapping = {}
    for item in comma_list(text):
        file, sep, code = item.rpartition("=")
        if not sep or not file.strip() or not code.strip():
            raise UserError(_("{item!r} is not FILE=CODE.").format(item=item))
        mapping[file.strip()] = code.strip()
    return mapping


def cmd_import_zoom(args: argparse.Namespace) -> int:
    from echo_fieldwork.audio.zoom import import_zoom_folder, scan_zoom_folder
    from echo_fieldwork.sessions.fieldnotes import align_notes
    from echo_fieldwork.sessions.sessions import require_session, session_duration_ms
    from echo_fieldwork.transcript.importers import import_transcript

    mapping = parse_mapping(args.map)
    with open_study(args.folder) as study:
        session = require_session(study, args.session)
        zoom = scan_zoom_folder(args.zoom_folder)
        if args.transcript and zoom.transcript is None:
            raise UserError(_("{folder} has no Zoom transcript (.vtt).").format(folder=zoom.folder.name))
        result = import_zoom_folder(study, session.id, zoom.folder, mapping)
        print(_("Zoom recording imported into session {code} (total {duration}); tracks: {speakers}.").format(
            code=session.code, duration=format_ms(session_duration_ms(study, session.id)),
            speakers=", ".join(sorted(result.tracks.values())) or "—"))
        aligned = align_notes(study, session.id, result.recording_id, when_unknown_ok=True)
        if aligned:
            print(ngettext("{count} note taken while nothing was recording placed on the recording.",
                           "{count} notes taken while nothing was recording placed on the recording.",
                           aligned).format(count=aligned))
        if args.transcript:
            count = import_transcript(study, session.id, zoom.transcript)
            print(ngettext("Zoom's transcript imported as a draft ({count} segment).",
                           "Zoom's transcript imported as a draft ({count} segments).", count).format(count=count))
    return 0


def cmd_align_notes(args: argparse.Namespace) -> int:
    from echo_fieldwork.sessions.fieldnotes import align_notes, set_recording_start
    from echo_fieldwork.sessions.sessions import require_session, session_timeline

    with open_study(args.folder) as study:
        session = require_session(study, args.session)
        timeline = session_timeline(study, session.id)
        if not timeline:
            raise UserError(_("This session has no recording."))
        recording_id = timeline[-1][0]
        if args.started_at:
            try:
                local = datetime.datetime.fromisoformat(args.started_at)
            except ValueError:
                raise UserError(_("The time {time!r} is not valid; use YYYY-MM-DDTHH:MM:SS.").format(
                    time=args.started_at)) from None
            set_recording_start(study, recording_id, local.astimezone(datetime.timezone.utc)
                                .isoformat(timespec="milliseconds"))
        offset = None if args.offset is None else round(args.offset * 1000)
        count = align_notes(study, session.id, recording_id, offset_ms=offset)
        print(_("{count} notes placed on the recording.").format(count=count))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from echo_fieldwork.audio.recovery import repair_interrupted, unrecorded_audio
    from echo_fieldwork.study.staging import clean_leftovers

    if Path(args.folder).is_file():
        from echo_fieldwork.cli.backup_commands import check_backup

        return check_backup(args.folder)
    with open_study(args.folder) as study:
        reports = repair_interrupted(study)
        for report in reports:
            print(report.message())
        found = clean_leftovers(study)
        for message in found:
            print(message)
        found += names_outside_identities(study)
        for message in unrecorded_audio(study):
            print(message)
            found.append(message)
        if not reports and not found:
            print(_("No interrupted recording, no unfinished file, and the exports match their record: "
                    "everything is in order."))
    return 0


def names_outside_identities(study) -> list[str]:
    """Print (and return) the consents whose "obtained by" is no code of the study, with what to do."""
    from echo_fieldwork.people.consent import obtainers_outside_team

    messages = [_("Consent {id} of {code}: who obtained it is given by no code of the study (free text from an "
                  "earlier version, likely a name outside the identity table). Add that person as a team member "
                  "(interviewer or observer) with this name in their identity (as their name or, for a computer "
                  "login, as one of their other names), then run check again: the consent will refer to their "
                  "code.").format(id=consent_id, code=code)
                for consent_id, code in obtainers_outside_team(study)]
    for message in messages:
        print(message)
    return messages


def cmd_record(args: argparse.Namespace) -> int:
    from echo_fieldwork.audio.recorder import Recorder, RecorderCallbacks, disk_space
    from echo_fieldwork.audio.recovery import repair_interrupted
    from echo_fieldwork.sessions.sessions import require_session

    stop_requested = threading.Event()
    overruns = [0]
    level = [-120.0]
    callbacks = RecorderCallbacks(on_overrun=lambda n: overruns.__setitem__(0, n),
                                  on_level=lambda rms, peak, clipped: level.__setitem__(0, rms))
    live = sys.stderr.isatty()  # a live status line only for a person watching a terminal

    def request_stop(signum: int, frame: object) -> None:
        stop_requested.set()

    with open_study(args.folder) as study:
        session = require_session(study, args.session)
        # An earlier recording interrupted by a crash is repaired first: the new one starts after it.
        for report in repair_interrupted(study):
            print(report.message(), file=sys.stderr)
        space = disk_space(study)
        if space.low:
            print(_("Warning: only about {minutes} minutes of recording fit on this disk.").format(
                minutes=space.seconds_left // 60), file=sys.stderr)
        recorder = Recorder(study, session.id, device=args.device, callbacks=callbacks)
        previous = {s: signal.signal(s, request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            recorder.start()
            recorder.wait_for_audio(5)
            print(_("Recording session {code} to {path}. Press Ctrl-C to stop.").format(
                code=session.code, path=recorder.path), flush=True)
            started = time.monotonic()
            while not stop_requested.is_set() and not recorder.wait(0.2):
                if args.seconds is not None and time.monotonic() - started >= args.seconds:
                    break
                if live:
                    print("\r" + _("{time}  level {level:.0f} dBFS  overruns {overruns}").format(
                        time=format_ms(recorder.position_ms()), level=level[0], overruns=overruns[0]),
                        end="", file=sys.stderr, flush=True)
            if live:
                print(file=sys.stderr)
        finally:
            if recorder.state != "idle":
                result = recorder.stop()
            for s, handler in previous.items():
                signal.signal(s, handler)
        if result.failure:
            print(result.failure, file=sys.stderr)
        print(_("Recorded {duration} ({overruns} input overruns).").format(
            duration=format_ms(result.duration_ms), overruns=result.overruns), flush=True)
        return 1 if result.failure else 0
