"""Headless commands over the core: `echo-fieldwork SUBCOMMAND …`.

Each command group lives in its own module with a `register(subparsers)` function that adds its
subcommands and sets `func(args) -> int` on them. Add a module name to COMMAND_MODULES to ship it.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys
from typing import TYPE_CHECKING

from echo_fieldwork import __version__
from echo_fieldwork.errors import UserError, as_user_error
from echo_fieldwork.i18n import _, set_language, system_language

if TYPE_CHECKING:
    from echo_fieldwork.study.study import Study

COMMAND_MODULES = [
    "echo_fieldwork.cli.study_commands",
    "echo_fieldwork.cli.report_commands",
    "echo_fieldwork.cli.participant_commands",
    "echo_fieldwork.cli.session_commands",
    "echo_fieldwork.cli.transcribe_commands",
    "echo_fieldwork.cli.export_commands",
    "echo_fieldwork.cli.transcript_commands",
    "echo_fieldwork.cli.diagnostics_commands",
]

log = logging.getLogger("echo_fieldwork.cli")

# `--take-over-lock`: the user confirmed that the computer named in the study's lock no longer has it open.
TAKE_OVER_LOCK = False


def open_study(folder: str) -> "Study":
    """Open the study a command works on. As in the app, its people's names are masked in the log from
    then on (a safety net: log calls hold codes and counts only)."""
    from echo_fieldwork.logs import register_private_terms
    from echo_fieldwork.people.identity import names_for_deidentification
    from echo_fieldwork.study.study import Study

    study = Study.open(folder, take_over_lock=TAKE_OVER_LOCK)
    try:
        register_private_terms(names_for_deidentification(study).values())
    except BaseException:
        study.close()
        raise
    return study


def comma_list(text: str) -> list[str]:
    """'P01, P02,,P03' → ['P01', 'P02', 'P03'] (the form every list option takes)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="echo-fieldwork",
        description=_("Offline fieldwork for qualitative research. Without arguments, opens the app."),
    )
    parser.add_argument("--version", action="version", version=f"echo-fieldwork {__version__}")
    parser.add_argument("--take-over-lock", action="store_true",
                        help=_("open the study even though its lock names another computer (only when it is no "
                               "longer open there; logged in the audit log)"))
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def run_cli(argv: list[str]) -> int:
    from echo_fieldwork.logs import setup_logging
    from echo_fieldwork.settings import Settings

    settings = Settings()
    set_language(settings.get("language") or system_language())
    setup_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    global TAKE_OVER_LOCK
    TAKE_OVER_LOCK = bool(args.take_over_lock)
    try:
        return int(args.func(args) or 0)
    except UserError as error:
        print(_("Error: {message}").format(message=error), file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as error:  # the last resort: a sentence, never a traceback
        log.error("command failed: %s", type(error).__name__)
        print(_("Error: {message}").format(message=as_user_error(error)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130
