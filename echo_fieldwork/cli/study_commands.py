"""`echo-fieldwork init DIR --title … --language fr|en [--questionnaire FILE|NAME] [--encrypt]`, `echo-fieldwork encrypt DIR`
and `echo-fieldwork passphrase DIR --new-passphrase-file FILE`.

The passphrase of an encrypted study comes from `--passphrase-file FILE` or the ECHO_FIELDWORK_PASSPHRASE
environment variable (`cli.main.command_passphrase`), never from the command line itself."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from echo_fieldwork.i18n import _
from echo_fieldwork.people.study_form import BUNDLED
from echo_fieldwork.study.study import Study


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init", help=_("create a new study folder"))
    init.add_argument("folder", metavar="DIR")
    init.add_argument("--title", required=True)
    init.add_argument("--language", choices=["fr", "en"], default="fr")
    init.add_argument("--encrypt", action="store_true",
                      help=_("encrypt the study (database and recordings) with a passphrase (recommended)"))
    init.add_argument("--questionnaire", default="generic", metavar=_("FILE|NAME"),
                      help=_("the questionnaire: a .yaml or .xlsx (XLSForm) file, or a bundled one (generic, "
                             "telementoring); default: generic. Change it later with `forms set`."))
    init.set_defaults(func=cmd_init)
    encrypt = subparsers.add_parser("encrypt", help=_("encrypt an existing study in place (resumable)"))
    encrypt.add_argument("folder", metavar="DIR")
    encrypt.set_defaults(func=cmd_encrypt)
    passphrase = subparsers.add_parser("passphrase", help=_(
        "change an encrypted study's passphrase (the current one, or the recovery key, in --passphrase-file)"))
    passphrase.add_argument("folder", metavar="DIR")
    passphrase.add_argument("--new-passphrase-file", metavar="FILE", required=True,
                            help=_("the new passphrase, on the first line of FILE"))
    passphrase.set_defaults(func=cmd_passphrase)


def _new_passphrase() -> str:
    from echo_fieldwork.cli.main import command_passphrase
    from echo_fieldwork.study import crypto

    return command_passphrase(required_for=_(
        "Give the passphrase with --passphrase-file FILE or the {env} environment variable.").format(
            env=crypto.PASSPHRASE_ENV)) or ""


def _show_recovery_key(recovery_key: str) -> None:
    print(_("Recovery key (shown only now; write it down and keep it apart from the laptop — it opens the "
            "study if the passphrase is forgotten):"))
    print("  " + recovery_key, flush=True)


def cmd_init(args: argparse.Namespace) -> int:
    passphrase = _new_passphrase() if args.encrypt else None
    from echo_fieldwork.cli.form_commands import choose_source
    from echo_fieldwork.people.study_form import read_form_file

    if args.questionnaire not in BUNDLED or Path(args.questionnaire).exists():
        read_form_file(args.questionnaire)   # a bad file is refused before any folder is made
    with Study.create(args.folder, args.title, args.language, passphrase=passphrase) as study:
        choose_source(study, args.questionnaire)
        print(_("Study created in {folder}.").format(folder=study.folder))
        if study.recovery_key:
            print(_("The study is encrypted."))
            _show_recovery_key(study.recovery_key)
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    from echo_fieldwork.study.conversion import encrypt_study

    passphrase = _new_passphrase()
    encrypt_study(args.folder, passphrase, progress=lambda text: print(text, file=sys.stderr),
                  on_recovery_key=_show_recovery_key)
    print(_("The study is encrypted: its database and recordings can be read only with the passphrase."))
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    from echo_fieldwork.cli.main import command_passphrase, open_study
    from echo_fieldwork.study import crypto

    new_passphrase = crypto.read_passphrase(args.new_passphrase_file) or ""
    crypto.check_new_passphrase(new_passphrase)     # refused before the study is opened
    with open_study(args.folder) as study:          # unlocked with the current passphrase (or recovery key)
        study.change_passphrase(command_passphrase() or "", new_passphrase)
    print(_("The passphrase is changed. The recovery key is unchanged and still opens the study."))
    return 0
