"""`echo-fieldwork diagnostics`: the same report as Help → Copy diagnostic info, on standard output."""

from __future__ import annotations

import argparse

from echo_fieldwork import diagnostics
from echo_fieldwork.i18n import _
from echo_fieldwork.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "diagnostics", help=_("print versions, model, audio devices and recent errors for a bug report (no names)"))
    command.set_defaults(func=cmd_diagnostics)


def cmd_diagnostics(args: argparse.Namespace) -> int:
    print(diagnostics.collect(Settings()), end="")
    return 0
