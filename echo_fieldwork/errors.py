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
