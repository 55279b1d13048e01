"""`echo-fieldwork transcripts import|status DIR --session CODE …`."""

from __future__ import annotations

import argparse

from echo_fieldwork.cli.main import open_study
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.sessions.sessions import require_session


def register(subparsers: argparse._SubParsersAction) -> None:
    transcripts = subparsers.add_parser("transcripts", help=_("import transcripts and set their review status"))
    commands = transcripts.add_subparsers(dest="transcripts_command", metavar=_("COMMAND"), required=True)
    importing = commands.add_parser("import", help=_("import an SRT, WebVTT or timestamped text transcript"))
    importing.add_argument("folder", metavar="DIR")
    importing.add_argument("--session", required=True, metavar="CODE")
    importing.add_argument("--replace", action="store_true", help=_("replace the session's existing transcript"))
    importing.add_argument("file", metavar="FILE")
    importing.set_defaults(func=cmd_import)
    status = commands.add_parser("status", help=_("set a transcript's review status"))
    status.add_argument("folder", metavar="DIR")
    status.add_argument("--session", required=True, metavar="CODE")
    status.add_argument("status", choices=["draft", "corrected", "verified"])
    status.set_defaults(func=cmd_status)


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
