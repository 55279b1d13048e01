"""`echo-fieldwork handoff send|open|return|receive|cancel`: a session corrected on another computer.

The package's passphrase (agreed in the team) comes from `--passphrase-file FILE` or the
ECHO_FIELDWORK_PASSPHRASE environment variable, like an encrypted study's; it also opens the workspace
(which is encrypted with it). When the study itself is encrypted with another passphrase, give the
package's with `--package-passphrase-file FILE`.

`receive` exits with 0 when the transcript is merged, and with 3 (nothing changed) when some segments were
changed on both sides: it lists them, and `--mine` or `--theirs` settles them all."""

from __future__ import annotations

import argparse
from pathlib import Path

from echo_fieldwork.i18n import _

CONFLICTS = 3   # exit status of `receive` when conflicts need a decision (--mine / --theirs)


def register(subparsers: argparse._SubParsersAction) -> None:
    handoff = subparsers.add_parser("handoff", help=_("send a session for correction on another computer and take "
                                                      "the corrected transcript back"))
    commands = handoff.add_subparsers(dest="handoff_command", metavar=_("COMMAND"), required=True)
    send = commands.add_parser("send", help=_("write one session into an encrypted package (.efpkg)"))
    send.add_argument("folder", metavar="DIR")
    send.add_argument("--session", required=True, metavar="CODE")
    send.add_argument("--to", required=True, metavar="NAME", help=_("who corrects it"))
    send.add_argument("--out", required=True, metavar="FILE.efpkg")
    send.add_argument("--package-passphrase-file", metavar="FILE",
                      help=_("the package's passphrase when it differs from the study's"))
    send.set_defaults(func=cmd_send)
    opening = commands.add_parser("open", help=_("open a package as a correction workspace in a new folder"))
    opening.add_argument("package", metavar="FILE")
    opening.add_argument("--into", dest="into", metavar="WORKDIR", help=_("the new (or empty) folder of the workspace"))
    opening.add_argument("folder", metavar="WORKDIR", nargs="?", help=argparse.SUPPRESS)
    opening.set_defaults(func=cmd_open)
    back = commands.add_parser("return", help=_("write the corrected transcript of a workspace into a package"))
    back.add_argument("folder", metavar="WORKSPACE")
    back.add_argument("--out", required=True, metavar="FILE.efpkg")
    back.set_defaults(func=cmd_return)
    receive = commands.add_parser("receive", help=_("merge a corrected transcript into the study that sent it"))
    receive.add_argument("folder", metavar="DIR")
    receive.add_argument("package", metavar="FILE")
    choice = receive.add_mutually_exclusive_group()
    choice.add_argument("--theirs", dest="keep", action="store_const", const="theirs",
                        help=_("settle every conflict with the assistant's version"))
    choice.add_argument("--mine", dest="keep", action="store_const", const="mine",
                        help=_("settle every conflict with this study's version"))
    choice.add_argument("--keep", choices=["mine", "theirs"], help=argparse.SUPPRESS)
    receive.add_argument("--package-passphrase-file", metavar="FILE",
                         help=_("the package's passphrase when it differs from the study's"))
    receive.set_defaults(func=cmd_receive)
    cancel = commands.add_parser("cancel", help=_("stop waiting for a session's package"))
    cancel.add_argument("folder", metavar="DIR")
    cancel.add_argument("--session", required=True, metavar="CODE")
    cancel.set_defaults(func=cmd_cancel)
    status = commands.add_parser("status", help=_("list the sessions out for correction"))
    status.add_argument("folder", metavar="DIR")
    status.set_defaults(func=cmd_status)


def _package_passphrase(args: argparse.Namespace) -> str:
    from echo_fieldwork.cli.main import command_passphrase
    from echo_fieldwork.study import crypto

    if getattr(args, "package_passphrase_file", None):
        return crypto.read_passphrase(args.package_passphrase_file) or ""
    return command_passphrase(required_for=_(
        "Give the package's passphrase with --passphrase-file FILE or the {env} environment variable.").format(
            env=crypto.PASSPHRASE_ENV)) or ""


def cmd_send(args: argparse.Namespace) -> int:
    from echo_fieldwork.cli.main import open_study
    from echo_fieldwork.handoff.exchange import send_session

    passphrase = _package_passphrase(args)
    with open_study(args.folder) as study:
        handoff = send_session(study, args.session, args.to, Path(args.out), passphrase)
    print(_("{code} is out for correction ({to}); package written to {path}.").format(
        code=handoff.code, to=handoff.to, path=args.out))
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from echo_fieldwork.errors import UserError
    from echo_fieldwork.handoff.exchange import open_workspace

    folder = args.into or args.folder
    if not folder:
        raise UserError(_("Say where to create the workspace: --into WORKDIR."))
    passphrase = _package_passphrase(args)
    with open_workspace(Path(args.package), Path(folder), passphrase) as workspace:
        print(_("Correction workspace created in {folder}.").format(folder=workspace.folder))
    return 0


def cmd_return(args: argparse.Namespace) -> int:
    from echo_fieldwork.cli.main import open_study
    from echo_fieldwork.handoff.exchange import return_workspace

    passphrase = _package_passphrase(args)
    with open_study(args.folder) as workspace:
        path = return_workspace(workspace, Path(args.out), passphrase)
    print(_("Corrected transcript written to {path}.").format(path=path))
    return 0


def cmd_receive(args: argparse.Namespace) -> int:
    from echo_fieldwork.cli.main import open_study
    from echo_fieldwork.handoff.merge import Resolution, apply_merge, plan_merge, read_return

    passphrase = _package_passphrase(args)
    with open_study(args.folder) as study:
        plan = plan_merge(study, read_return(study, Path(args.package), passphrase))
        if plan.conflicts and not args.keep:
            _print_conflicts(plan)
            return CONFLICTS
        apply_merge(study, plan, {i: Resolution(args.keep) for i in range(len(plan.conflicts))})
    print(_("{code}: {taken} segment(s) taken from the correction, {kept} kept as changed here, {conflicts} "
            "conflict(s) resolved.").format(code=plan.code, taken=plan.taken, kept=plan.kept,
                                           conflicts=len(plan.conflicts)))
    return 0


def _print_conflicts(plan) -> None:
    """The conflicts, side by side in time order, and how to settle them (exit status CONFLICTS)."""
    print(_("{count} segment(s) of {code} were changed both here and by the assistant; nothing was changed. Choose "
            "a version with --mine or --theirs (or in the app, segment by segment):").format(
                count=len(plan.conflicts), code=plan.code))
    for conflict in plan.conflicts:
        print(_("at {time}").format(time=conflict.label()))
        print("  " + _("mine:   {text}").format(text=" / ".join(s.text for s in conflict.mine) or _("(deleted)")))
        print("  " + _("theirs: {text}").format(text=" / ".join(s.text for s in conflict.theirs) or _("(deleted)")))


def cmd_cancel(args: argparse.Namespace) -> int:
    from echo_fieldwork.cli.main import open_study
    from echo_fieldwork.handoff.exchange import cancel_handoff

    with open_study(args.folder) as study:
        cancel_handoff(study, args.session)
    print(_("{code} is no longer out for correction.").format(code=args.session))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from echo_fieldwork.cli.main import open_study
    from echo_fieldwork.handoff.exchange import out_for_correction

    with open_study(args.folder) as study:
        out = out_for_correction(study)
    if not out:
        print(_("No session is out for correction."))
    for handoff in sorted(out.values(), key=lambda h: h.code):
        print(_("{code}: out for correction since {at} ({to})").format(code=handoff.code, at=handoff.at,
                                                                       to=handoff.to))
    return 0

