"""`echo-fieldwork deidentify DIR [SESSION…] [--accept]`, `echo-fieldwork keep-words list|add|remove DIR`,
`echo-fieldwork export DIR [SESSION…] --format … --out DIR` and `echo-fieldwork notes export DIR [SESSION…]`.

The proposals list shows original text on this machine's terminal only (the person running it is the
reviewer); nothing of it is logged."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from echo_fieldwork.cli.main import open_study
from echo_fieldwork.deid import deidentify
from echo_fieldwork.export import runner
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.sessions.sessions import list_sessions, require_session
from echo_fieldwork.study.study import Study


def register(subparsers: argparse._SubParsersAction) -> None:
    deid = subparsers.add_parser("deidentify", help=_("detect names and identifiers in transcripts and field notes "
                                                      "and list the proposed replacements"))
    deid.add_argument("folder", metavar="DIR")
    deid.add_argument("sessions", metavar="SESSION", nargs="*",
                      help=_("session codes (default: all with a transcript or field notes)"))
    deid.add_argument("--accept", action="store_true",
                      help=_("accept every proposal and mark the deidentification reviewed (logged as such)"))
    deid.add_argument("--no-ner", action="store_true", help=_("skip named-entity recognition (spaCy)"))
    deid.set_defaults(func=cmd_deidentify)

    export = subparsers.add_parser("export", help=_("export deidentified transcripts"))
    export.add_argument("folder", metavar="DIR")
    export.add_argument("sessions", metavar="SESSION", nargs="*", help=_("session codes (default: all with a transcript)"))
    export.add_argument("--format", required=True, choices=sorted(runner.FORMATS))
    export.add_argument("--out", metavar="DIR", help=_("output folder (default: the study's exports/ folder)"))
    export.add_argument("--notes-as", choices=["appendix", "comments"], default="appendix",
                        help=_("DOCX: field notes in an appendix or as comments"))
    export.add_argument("--override-review", metavar="REASON", default="",
                        help=_("export transcripts whose deidentification was not reviewed; the reason is logged"))
    export.add_argument("--include-audio", action="store_true",
                        help=_("QDPX: put each session's recording in the project, linked to its transcript "
                               "(voices identify people: recordings are not deidentified; logged)"))
    export.add_argument("--include-free-text-variables", action="store_true",
                        help=_("QDPX: add the questionnaire's free-text answers (deidentified with the transcripts' "
                               "tags) and dates (year only) to the case variables (they can identify people; logged)"))
    export.set_defaults(func=cmd_export)

    keep = subparsers.add_parser("keep-words", help=_("words deidentification never proposes (the program's name…)"))
    keep_sub = keep.add_subparsers(dest="keep_command", metavar=_("COMMAND"), required=True)
    keep_list = keep_sub.add_parser("list", help=_("list the study's keep list"))
    keep_list.add_argument("folder", metavar="DIR")
    keep_list.set_defaults(func=cmd_keep_list)
    keep_add = keep_sub.add_parser("add", help=_("add words to the keep list"))
    keep_add.add_argument("folder", metavar="DIR")
    keep_add.add_argument("words", metavar="WORD", nargs="+")
    keep_add.set_defaults(func=cmd_keep_add)
    keep_remove = keep_sub.add_parser("remove", help=_("remove words from the keep list"))
    keep_remove.add_argument("folder", metavar="DIR")
    keep_remove.add_argument("words", metavar="WORD", nargs="+")
    keep_remove.set_defaults(func=cmd_keep_remove)

    notes = _notes_group(subparsers)
    notes_export = notes.add_parser("export", help=_("export field notes with recording times and guide questions"))
    notes_export.add_argument("folder", metavar="DIR")
    notes_export.add_argument("sessions", metavar="SESSION", nargs="*", help=_("session codes (default: all)"))
    notes_export.add_argument("--format", choices=sorted(runner.NOTES_FORMATS), default="csv")
    notes_export.add_argument("--out", metavar="DIR", help=_("output folder (default: the study's exports/ folder)"))
    notes_export.add_argument("--override-review", metavar="REASON", default="",
                              help=_("export notes whose deidentification was not reviewed; the reason is logged"))
    notes_export.set_defaults(func=cmd_notes_export)


def _notes_group(subparsers: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The `notes` command group, shared with other command modules (whichever registers first creates it)."""
    parser = subparsers.choices.get("notes")
    if parser is None:
        parser = subparsers.add_parser("notes", help=_("field notes"))
        parser.set_defaults(func=lambda args: parser.print_help() or 2)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest="notes_command", metavar=_("COMMAND"))


def _session_ids(study: Study, codes: list[str], *, with_transcript: bool = True) -> list[int]:
    if codes:
        return [require_session(study, code).id for code in codes]
    ids = [s.id for s in list_sessions(study)]
    if with_transcript:
        with_segments = {row[0] for row in study.db.execute("SELECT DISTINCT session_id FROM segments")}
        ids = [i for i in ids if i in with_segments]
    return ids


def cmd_deidentify(args: argparse.Namespace) -> int:
    warned = False
    with open_study(args.folder) as study:
        ids = [require_session(study, code).id for code in args.sessions] or deidentify.sessions_to_deidentify(study)
        for session_id in ids:
            code = next(s.code for s in list_sessions(study) if s.id == session_id)
            counts = deidentify.run_detection(study, session_id, use_ner=not args.no_ner)
            if counts["ner_missing"] and not warned:
                print(_("Warning: {message}").format(message=deidentify.ner_missing_message()), file=sys.stderr)
                warned = True
            replacements = deidentify.list_replacements(study, session_id)
            print(ngettext("{code}: {total} proposal ({new} new).", "{code}: {total} proposals ({new} new).",
                           len(replacements)).format(code=code, total=len(replacements), new=counts["new"]))
            for r in replacements:
                before, original, after = deidentify.context(study, r, 30)
                shown = f"…{before}⟦{original}⟧{after}…".replace("\n", " ")
                where = _("(field note)") + " " if r.note_id is not None else ""
                print(f"  #{r.id:<5} {r.status:<9} {r.category:<14} [{r.tag}]  {where}{shown}")
            if args.accept:
                accepted = deidentify.mark_reviewed(study, session_id, by_hand=False)
                print(ngettext("{code}: {n} proposal accepted; deidentification marked reviewed (logged).",
                               "{code}: {n} proposals accepted; deidentification marked reviewed (logged).",
                               accepted).format(code=code, n=accepted))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study:
        ids = _session_ids(study, args.sessions)
        files = runner.export_sessions(study, ids, args.format, Path(args.out) if args.out else None,
                                       override_reason=args.override_review, docx_notes=args.notes_as,
                                       include_audio=args.include_audio,
                                       free_text_variables=args.include_free_text_variables)
        for path in files:
            print(path)
    return 0


def cmd_notes_export(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study:
        ids = _session_ids(study, args.sessions, with_transcript=False)
        for path in runner.export_notes(study, ids, args.format, Path(args.out) if args.out else None,
                                        override_reason=args.override_review):
            print(path)
    return 0


def cmd_keep_list(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study:
        for word in deidentify.list_keep_words(study):
            print(word)
    return 0


def cmd_keep_add(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study, study.db.atomic():
        for word in args.words:
            deidentify.add_keep_word(study, word)
    print(ngettext("{n} word on the keep list; run the deidentification again to apply it.",
                   "{n} words on the keep list; run the deidentification again to apply them.",
                   len(args.words)).format(n=len(args.words)))
    return 0


def cmd_keep_remove(args: argparse.Namespace) -> int:
    with open_study(args.folder) as study, study.db.atomic():
        for word in args.words:
            deidentify.remove_keep_word(study, word)
    print(ngettext("{n} word removed from the keep list.", "{n} words removed from the keep list.",
                   len(args.words)).format(n=len(args.words)))
    return 0
