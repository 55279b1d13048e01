"""`echo-fieldwork transcripts import|status|speakers|info DIR --session CODE …`."""

from __future__ import annotations

import argparse

from echo_fieldwork.cli.main import open_study
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import N_, _, ngettext
from echo_fieldwork.sessions.sessions import require_session


def register(subparsers: argparse._SubParsersAction) -> None:
    transcripts = subparsers.add_parser("transcripts", help=_("import transcripts and set their correction status"))
    commands = transcripts.add_subparsers(dest="transcripts_command", metavar=_("COMMAND"), required=True)
    importing = commands.add_parser("import", help=_("import an SRT, WebVTT or timestamped text transcript"))
    importing.add_argument("folder", metavar="DIR")
    importing.add_argument("--session", required=True, metavar="CODE")
    importing.add_argument("--replace", action="store_true", help=_("replace the session's existing transcript"))
    importing.add_argument("file", metavar="FILE")
    importing.set_defaults(func=cmd_import)
    status = commands.add_parser("status", help=_("set a transcript's correction status"))
    status.add_argument("folder", metavar="DIR")
    status.add_argument("--session", required=True, metavar="CODE")
    status.add_argument("status", choices=["draft", "corrected", "verified"])
    status.set_defaults(func=cmd_status)
    speakers = commands.add_parser("speakers", help=_("label who speaks: from the speaker log recorded during the "
                                                      "session, or by time range"))
    speakers.add_argument("folder", metavar="DIR")
    speakers.add_argument("--session", required=True, metavar="CODE")
    speakers.add_argument("--from-speaker-log", action="store_true",
                          help=_("pre-label every segment from the speaker log (segments whose speaker a person "
                                 "set are kept)"))
    speakers.add_argument("--set", action="append", default=[], metavar="START-END=CODE", dest="ranges",
                          help=_("segments within the time range get that speaker, e.g. 00:01:10-00:02:30=P03 "
                                 "(repeatable, applied after the speaker log)"))
    speakers.set_defaults(func=cmd_speakers)
    info = commands.add_parser("info", help=_("show which transcription run produced the transcript: model and "
                                              "its checksum, versions, strategy, options, flagged segments"))
    info.add_argument("folder", metavar="DIR")
    info.add_argument("--session", required=True, metavar="CODE")
    info.set_defaults(func=cmd_info)


def cmd_import(args: argparse.Namespace) -> int:
    from echo_fieldwork.transcript.importers import import_transcript

    with open_study(args.folder) as study:
        session = require_session(study, args.session)
        count = import_transcript(study, session.id, args.file, replace=args.replace)
    print(ngettext("Imported {count} segment into session {code}.", "Imported {count} segments into session {code}.",
                   count).format(count=count, code=session.code))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from echo_fieldwork.correction.edits import REVIEW_STATUSES, set_review_status

    with open_study(args.folder) as study:
        session = require_session(study, args.session)
        result = set_review_status(study, session.id, args.status)
    print(_("Transcript of {code}: {status} (by {actor}).").format(
        code=session.code, status=_(REVIEW_STATUSES[result.status]), actor=result.by))
    return 0


def _parse_range(text: str) -> tuple[int, int, str]:
    from echo_fieldwork.timeutil import parse_hms

    times, sep, code = text.partition("=")
    start, dash, end = times.partition("-")
    try:
        if not sep or not dash or not code.strip():
            raise ValueError(text)
        return parse_hms(start), parse_hms(end), code.strip()
    except ValueError:
        raise UserError(_("{text!r} is not a time range with a speaker: write it as 00:01:10-00:02:30=P03.").format(
            text=text)) from None


def cmd_speakers(args: argparse.Namespace) -> int:
    from echo_fieldwork.correction import edits
    from echo_fieldwork.export.model import unattributed_segments
    from echo_fieldwork.timeutil import format_ms

    ranges = [_parse_range(text) for text in args.ranges]
    if not args.from_speaker_log and not ranges:
        raise UserError(_("Say how to label the speakers: --from-speaker-log, or --set START-END=CODE."))
    with open_study(args.folder) as study:
        session = require_session(study, args.session)
        if not study.db.execute("SELECT 1 FROM segments WHERE session_id = ? LIMIT 1", [session.id]).fetchone():
            raise UserError(_("This session has no transcript yet."))
        if args.from_speaker_log:
            if not edits.has_speaker_log(study, session.id):
                raise UserError(_("No speaker log was recorded during session {code}: label the speakers by time "
                                  "range (--set) or in the editor.").format(code=session.code))
            change = edits.prelabel_speakers(study, session.id)
            print(ngettext("{code}: {count} segment labelled from the speaker log.",
                           "{code}: {count} segments labelled from the speaker log.",
                           change.count).format(code=session.code, count=change.count))
        for start, end, code in ranges:
            change = edits.assign_speaker_in_range(study, session.id, start, end, code)
            print(ngettext("{code}: {count} segment from {start} to {end} labelled {speaker}.",
                           "{code}: {count} segments from {start} to {end} labelled {speaker}.",
                           change.count).format(code=session.code, count=change.count, start=format_ms(start),
                                                end=format_ms(end), speaker=change.after[0].speaker))
        left = unattributed_segments(study, session.id)
    if left:
        print(ngettext("{code}: {count} segment still has no known speaker.",
                       "{code}: {count} segments still have no known speaker.", left).format(code=session.code,
                                                                                             count=left))
    return 0


FLAG_LABELS = {"uncertain": N_("uncertain"), "redecoded": N_("decoded again"), "repetition": N_("repetition"),
               "inaudible": N_("inaudible")}


def cmd_info(args: argparse.Namespace) -> int:
    from echo_fieldwork.timeutil import format_ms
    from echo_fieldwork.transcript.segments import decoding_runs

    with open_study(args.folder) as study:
        session = require_session(study, args.session)
        runs = decoding_runs(study, session.id)
    if not runs:
        print(_("Session {code} has no transcript.").format(code=session.code))
        return 0
    for run in runs:
        print(ngettext("{start}–{end}: {count} segment", "{start}–{end}: {count} segments", run.segments).format(
            start=format_ms(run.start_ms), end=format_ms(run.end_ms), count=run.segments))
        if not run.settings:
            print("  " + _("no recorded settings (typed or edited by hand)"))
        for key, value in sorted(run.settings.items()):
            if value is not None and value != "":
                print(f"  {key}: {value}")
        if run.flags:
            print("  " + _("flagged: {flags}").format(flags=", ".join(
                f"{_(FLAG_LABELS.get(flag, flag))} {count}" for flag, count in sorted(run.flags.items()))))
    return 0
