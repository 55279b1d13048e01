"""`echo-fieldwork init DIR --title … --language fr|en`."""

from __future__ import annotations

import argparse

from echo_fieldwork.i18n import _
from echo_fieldwork.study.study import Study


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init", help=_("create a new study folder"))
    init.add_argument("folder", metavar="DIR")
    init.add_argument("--title", required=True)
    init.add_argument("--language", choices=["fr", "en"], default="fr")
    init.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    with Study.create(args.folder, args.title, args.language) as study:
        print(_("Study created in {folder}.").format(folder=study.folder))
    return 0
