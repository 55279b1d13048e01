"""Errors the user can act on. Their message is already translated (core calls `_()` when raising);
the CLI prints it, the UI shows it in a dialog."""


class UserError(Exception):
    """A bad input or a refused action, with a message for the user. Nothing was changed."""

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {d}" for d in self.details)


class StudyLockedError(UserError):
    """Another app instance holds the study."""


class SchemaTooNewError(UserError):
    """The study was written by a newer version of the app."""


class StudyDamagedError(UserError):
    """The study database is empty, not a database, or fails its integrity check."""


_DISK_FULL = {"ENOSPC", "EFBIG", "EDQUOT"}
_READ_ONLY = {"EROFS"}
_DENIED = {"EACCES", "EPERM"}


def os_error(error: OSError, path: object = None, *, changed: bool | None = False) -> UserError:
    """One sentence for a failure of the operating system: what failed on which file, whether anything
    changed, and what to do. `changed`: False (nothing changed), True (part may be written), None (unknown)."""
    import errno as errno_names

    from echo_fieldwork.i18n import _

    where = error.filename or path or "?"
    name = errno_names.errorcode.get(error.errno or 0, "")
    if name in _DISK_FULL:
        what = _("The disk is full (or the file is too large for it) while writing {path}.")
        todo = _("Free some space or choose another disk, then try again.")
    elif name in _READ_ONLY:
        what = _("{path} is on a read-only disk.")
        todo = _("Copy the study to a writable disk (not a locked USB key or a read-only share), then try again.")
    elif name in _DENIED:
        what = _("Permission denied for {path}.")
        todo = _("Check that your account may write to this folder, then try again.")
    elif name == "ENOENT":
        what = _("{path} does not exist.")
        todo = _("Check the path and try again.")
    else:
        what = _("{path} could not be used ({error}).")
        todo = _("Check the disk and try again.")
    outcome = {False: _("Nothing was changed."),
               True: _("The operation stopped part way; run 'echo-fieldwork check' on the study."),
               None: ""}[changed]
    text = " ".join(part for part in (what.format(path=where, error=error.strerror or name or error), outcome, todo)
                    if part)
    return UserError(text)


def database_error(error: Exception, path: object) -> StudyDamagedError:
    """A damaged study database, as a sentence (never a traceback)."""
    from echo_fieldwork.i18n import _

    text = str(error).lower()
    if "readonly" in text or "read-only" in text:
        return StudyDamagedError(_("The study database {path} is read-only: nothing was changed. Copy the study "
                                   "to a writable disk to make changes.").format(path=path))
    if "database is locked" in text or "database is busy" in text:
        return StudyDamagedError(_("The study database {path} is busy (another program is writing to it). Nothing "
                                   "was changed; try again in a moment.").format(path=path))
    if "disk is full" in text or "database or disk is full" in text:
        return StudyDamagedError(_("The disk holding {path} is full: the last change was not saved. Free some space "
                                   "and try again.").format(path=path))
    return StudyDamagedError(_("The study database {path} is damaged ({error}). Nothing was changed. Restore the "
                               "study folder from your latest backup.").format(path=path, error=error))


def as_user_error(error: BaseException, database: object = None) -> UserError:
    """The last resort of the CLI and the UI: an OS or database failure that reached them, as a sentence.
    `database`: the study database that was open (named in a database failure; else its file name)."""
    import sqlite3

    if isinstance(error, UserError):
        return error
    if isinstance(error, OSError):
        return os_error(error, changed=None)
    if isinstance(error, sqlite3.Error):
        return database_error(error, database or "study.sqlite")
    return UserError(str(error))
