"""`echo-fieldwork sessions add|list|import-audio`, `record` and `check`."""

from __future__ import annotations

import argparse
import datetime
import signal
import sys
import threading
import time

from echo_fieldwork.cli.main import comma_list, open_study
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
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

    record = subparsers.add_parser("record", help=_("record a session from the microphone (Ctrl-C stops)"))
    record.add_argument("folder", metavar="DIR")
    record.add_argument("--session", required=True, metavar="CODE")
    record.add_argument("--device", metavar="NAME", help=_("input device (name or part of it)"))
    record.add_argument("--seconds", type=float, help=_("stop after this many seconds"))
    record.set_defaults(func=cmd_record)

    check = subparsers.add_parser("check", help=_("repair interrupted recordings, remove unfinished files, "
                                                  "compare the exports with their record"))
    check.add_argument("folder", metavar="DIR")
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


def cmd_check(args: argparse.Namespace) -> int:
    from echo_fieldwork.audio.recovery import repair_interrupted
    from echo_fieldwork.study.staging import clean_leftovers

    with open_study(args.folder) as study:
        reports = repair_interrupted(study)
        for report in reports:
            print(report.message())
        found = clean_leftovers(study)
        for message in found:
            print(message)
        if not reports and not found:
            print(_("No interrupted recording, no unfinished file, and the exports match their record: "
                    "everything is in order."))
    return 0


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
