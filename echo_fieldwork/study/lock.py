"""One writer per study: a lock file naming the host and process that holds it.

A lock whose process is gone (same host) is stale and taken over. A lock from another host cannot be
checked, so it is reported and the user decides (e.g. the study folder is on a shared drive): taking it
over needs their confirmation and is written in the audit log. The lock appears with its content in one
step (a hard link), and processes of one computer judge a stale lock one at a time."""

from __future__ import annotations

import errno
import json
import os
import platform
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


class LockHeldElsewhereError(StudyLockedError):
    """The lock names another computer (or a process that cannot be checked): the user may take it over."""

    def __init__(self, message: str, holder: LockOwner) -> None:
        super().__init__(message)
        self.holder = holder


@contextmanager
def _serialised(folder: Path) -> Iterator[None]:
    """Processes of this computer judge and replace a lock one at a time (flock on the study folder), so two
    of them never both remove the same stale lock and then each create their own."""
    try:
        import fcntl
    except ImportError:  # Windows: the atomic create below is the only guard
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the flock


class StudyLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self.owner: LockOwner | None = None
        self.taken_over_from: LockOwner | None = None

    def _create(self, me: LockOwner) -> bool:
        """Create the lock with its content in one step: written to a private file, then hard-linked to the
        lock's name (fails if it exists), so no reader ever sees an empty or half-written lock."""
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".study.lock-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(me.__dict__, stream)
                stream.flush()
                os.fsync(stream.fileno())
            try:
                os.link(temp, self.path)
            except FileExistsError:
                return False
            except OSError as error:  # a file system without hard links (some shares): exclusive create
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                return self._create_exclusive(me)
            return True
        finally:
            os.unlink(temp)

    def _create_exclusive(self, me: LockOwner) -> bool:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(me.__dict__, handle)
        return True

    def acquire(self, *, take_over: bool = False) -> None:
        """Take the lock. A lock left by a dead process of this computer is replaced; one from another
        computer is replaced only with `take_over` (after the user confirmed; `taken_over_from` tells whom)."""
        me = _current_owner()
        with _serialised(self.path.parent):
            for _attempt in range(3):
                if self._create(me):
                    self.owner = me
                    return
                holder = read_owner(self.path.parent)
                if holder is not None and holder.host == me.host and holder.pid == me.pid:
                    raise StudyLockedError(_("This study is already open in this window.")) from None
                if holder is None or (holder.host == me.host and not holder.is_alive_here()):
                    # Stale: the process that held it is gone (or the file is unreadable).
                    self.path.unlink(missing_ok=True)
                    continue
                if holder.host != me.host:
                    if take_over:
                        self.path.unlink(missing_ok=True)
                        self.taken_over_from = holder
                        continue
                    raise LockHeldElsewhereError(
                        _("This study is marked as open on another computer ({host}, user {user}, since {since}). "
                          "If it is not open there any more (that computer crashed or lost the shared drive), you "
                          "may take it over: in the app, answer Yes when asked; on the command line, run the "
                          "command again as 'echo-fieldwork --take-over-lock …'. Taking over while it is still "
                          "open there can lose changes.").format(host=holder.host, user=holder.user,
                                                                 since=holder.since), holder) from None
                raise StudyLockedError(
                    _("This study is open in another copy of the app (computer {host}, process {pid}, "
                      "user {user}, since {since}). Close it there first.").format(
                        host=holder.host, pid=holder.pid, user=holder.user, since=holder.since)
                ) from None
        raise StudyLockedError(_("Could not lock the study folder."))

    def release(self) -> None:
        if self.owner is None:
            return
        holder = read_owner(self.path.parent)
        if holder is not None and holder.pid == self.owner.pid and holder.host == self.owner.host:
            self.path.unlink(missing_ok=True)
        self.owner = None
