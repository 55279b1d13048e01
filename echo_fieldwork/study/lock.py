"""One writer per study: a lock file naming the host and process that holds it.

A lock whose process is gone (same host) is stale and taken over. A lock from another host cannot be
checked, so it is reported and the user decides (e.g. the study folder is on a shared drive)."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from echo_fieldwork.errors import StudyLockedError
from echo_fieldwork.i18n import _

LOCK_NAME = "study.lock"


@dataclass(frozen=True)
class LockOwner:
    host: str
    pid: int
    user: str
    since: str

    def is_alive_here(self) -> bool:
        if self.host != platform.node():
            return True  # cannot tell: assume it is alive
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _current_owner() -> LockOwner:
    return LockOwner(
        host=platform.node(),
        pid=os.getpid(),
        user=os.environ.get("USER") or os.environ.get("USERNAME") or "?",
        since=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )


def read_owner(folder: Path) -> LockOwner | None:
    try:
        data = json.loads((folder / LOCK_NAME).read_text(encoding="utf-8"))
        return LockOwner(str(data["host"]), int(data["pid"]), str(data.get("user", "?")), str(data.get("since", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class StudyLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self.owner: LockOwner | None = None

    def acquire(self) -> None:
        me = _current_owner()
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                holder = read_owner(self.path.parent)
                if holder is not None and holder.host == me.host and holder.pid == me.pid:
                    raise StudyLockedError(_("This study is already open in this window.")) from None
                if holder is None or not holder.is_alive_here():
                    # Stale: the process that held it is gone (or the file is unreadable).
                    self.path.unlink(missing_ok=True)
                    continue
                raise StudyLockedError(
                    _("This study is open in another copy of the app (computer {host}, process {pid}, "
                      "user {user}, since {since}). Close it there first.").format(
                        host=holder.host, pid=holder.pid, user=holder.user, since=holder.since)
                ) from None
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(me.__dict__, handle)
            self.owner = me
            return
        raise StudyLockedError(_("Could not lock the study folder."))

    def release(self) -> None:
        if self.owner is None:
            return
        holder = read_owner(self.path.parent)
        if holder is not None and holder.pid == self.owner.pid and holder.host == self.owner.host:
            self.path.unlink(missing_ok=True)
        self.owner = None
