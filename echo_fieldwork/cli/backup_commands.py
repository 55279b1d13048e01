"""`echo-fieldwork backup DIR --out FILE.efbak`, `echo-fieldwork restore FILE.efbak --into DIR`, and the backup
half of `echo-fieldwork check FILE.efbak` (verify without restoring).

The backup's passphrase comes from `--passphrase-file FILE` or the ECHO_FIELDWORK_PASSPHRASE environment
variable; an encrypted study is backed up with its own passphrase (which also unlocks it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from echo_fieldwork.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help=_("back up a whole study into one encrypted, verified file "
                                                    "(.efbak)"))
    backup.add_argument("folder", metavar="DIR")
    backup.add_argument("--out", required=True, metavar="FILE.efbak")
    backup.set_defaults(func=cmd_backup)
    restore = subparsers.add_parser("restore", help=_("restore a backup into a new (or empty) folder"))
    restore.add_argument("backup", metavar="FILE.efbak")
    restore.add_argument("--into", required=True, metavar="DIR")
    restore.set_defaults(func=cmd_restore)


def _passphrase() -> str:
    from echo_fieldwork.cli.main import command_passphrase
    from echo_fieldwork.study import crypto

    return command_passphrase(required_for=_(
        "Give the backup's passphrase with --passphrase-file FILE or the {env} environment variable.").format(
            env=crypto.PASSPHRASE_ENV)) or ""


def _describe(info) -> str:
    return _("{title}: {files} file(s), {megabytes} MB, made {at} by {by}.").format(
        title=info.title, files=info.files, megabytes=f"{info.bytes / 1e6:.1f}", at=info.made_at, by=info.made_by)


def cmd_backup(args: argparse.Namespace) -> int:
    from echo_fieldwork.cli.main import open_study
    from echo_fieldwork.handoff.backup import backup_study

    passphrase = _passphrase()
    with open_study(args.folder) as study:
        path, info = backup_study(study, Path(args.out), passphrase)
    print(_("Backup written to {path}.").format(path=path))
    print(_describe(info))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from echo_fieldwork.handoff.backup import restore_backup

    info = restore_backup(Path(args.backup), Path(args.into), _passphrase())
    print(_("Study restored into {folder}.").format(folder=Path(args.into).expanduser().resolve()))
    print(_describe(info))
    return 0


def check_backup(path: str) -> int:
    """`check FILE.efbak`: read and verify every byte of a backup; nothing is written."""
    from echo_fieldwork.handoff.backup import verify_backup

    info = verify_backup(Path(path), _passphrase())
    print(_("The backup is complete and intact."))
    print(_describe(info))
    return 0
