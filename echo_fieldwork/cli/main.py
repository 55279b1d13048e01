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
    "echo_fieldwork.cli.form_commands",
    "echo_fieldwork.cli.session_commands",
    "echo_fieldwork.cli.transcribe_commands",
    "echo_fieldwork.cli.export_commands",
    "echo_fieldwork.cli.transcript_commands",
    "echo_fieldwork.cli.diagnostics_commands",
    "echo_fieldwork.cli.handoff_commands",
    "echo_fieldwork.cli.backup_commands",
]

log = logging.getLogger("echo_fieldwork.cli")

# `--take-over-lock`: the user confirmed that the computer named in the study's lock no longer has it open.
TAKE_OVER_LOCK = False

# `--passphrase-file FILE`, given anywhere on the command line (see `run_cli`): read by every command that
# opens an encrypted study, which otherwise reads the ECHO_FIELDWORK_PASSPHRASE environment variable.
_passphrase_file: str | None = None

# The database of the study the command opened: named when a database failure reaches `run_cli`.
_database: str | None = None


def command_passphrase(*, required_for: str = "") -> str | None:
    """The passphrase given to this command (file, else environment), or None."""
    from echo_fieldwork.study import crypto

    passphrase = crypto.read_passphrase(_passphrase_file)
    if passphrase is None and required_for:
        raise UserError(required_for)
    return passphrase


def unlock_study(folder: str) -> None:
    """Unlock an encrypted study with the command's passphrase (once per process); a plaintext study or one
    already unlocked is left as it is. A wrong or missing passphrase changes nothing."""
    from echo_fieldwork.study import crypto

    if not crypto.is_encrypted(folder) or crypto.unlocked(folder) is not None:
        return
    passphrase = command_passphrase(required_for=_(
        "This study is encrypted: give its passphrase with --passphrase-file FILE or the {env} environment "
        "variable.").format(env=crypto.PASSPHRASE_ENV))
    crypto.unlock(folder, passphrase)


def open_study(folder: str) -> "Study":
    """Open the study a command works on. As in the app, its people's names are masked in the log from
    then on (a safety net: log calls hold codes and counts only)."""
    from echo_fieldwork.logs import register_private_terms
    from echo_fieldwork.people.identity import names_for_deidentification
    from echo_fieldwork.study.study import DB_NAME, Study

    unlock_study(folder)
    study = Study.open(folder, take_over_lock=TAKE_OVER_LOCK)
    global _database
    _database = str(study.folder / DB_NAME)
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
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help=_("an encrypted study's passphrase, on the first line of FILE (else the "
                               "ECHO_FIELDWORK_PASSPHRASE environment variable); accepted anywhere on the line"))
    parser.add_argument("--take-over-lock", action="store_true",
                        help=_("open the study even though its lock names another computer (only when it is no "
                               "longer open there; logged in the audit log)"))
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def run_cli(argv: list[str]) -> int:
    from echo_fieldwork.fileutil import private_umask
    from echo_fieldwork.offline import quiet_libraries

    quiet_libraries()  # also here: tests and scripts call run_cli without __main__
    private_umask()
    from echo_fieldwork.logs import setup_logging
    from echo_fieldwork.settings import Settings

    settings = Settings()
    set_language(settings.get("language") or system_language())
    setup_logging()
    parser = build_parser()
    args = parser.parse_args(_passphrase_option_first(list(argv)))
    global _passphrase_file
    _passphrase_file = args.passphrase_file
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
        print(_("Error: {message}").format(message=as_user_error(error, _database)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return 130


def _passphrase_option_first(argv: list[str]) -> list[str]:
    """Move `--passphrase-file FILE` (or `=FILE`) to the front, so it works after any subcommand too."""
    for index, word in enumerate(argv):
        if word == "--passphrase-file" and index + 1 < len(argv):
            return argv[index:index + 2] + argv[:index] + argv[index + 2:]
        if word.startswith("--passphrase-file="):
            return [word] + argv[:index] + argv[index + 1:]
    return argv
