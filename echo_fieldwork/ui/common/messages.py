"""Turning core errors into dialogs: core raises UserError with a translated message; only here is it shown."""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtWidgets import QMessageBox, QWidget

from echo_fieldwork.errors import UserError, as_user_error
from echo_fieldwork.i18n import _

log = logging.getLogger("echo_fieldwork.ui")


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    if isinstance(error, UserError):
        text = str(error)
    elif isinstance(error, (OSError, sqlite3.Error)):  # a full disk, a read-only folder: a sentence, not a crash
        log.error("operation failed: %s", type(error).__name__)
        text = str(as_user_error(error))
    else:
        log.exception("unexpected error", exc_info=error)
        text = _("Something went wrong: {error}. Nothing was changed; details are in the log.").format(
            error=type(error).__name__)
    box = QMessageBox(QMessageBox.Icon.Warning, title or _("echo_fieldwork"), text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessageBox")
    box.open() if _is_test_mode() else box.exec()


def _is_test_mode() -> bool:
    # In tests a modal exec() would block; open() shows the same box without a nested event loop.
    import os

    return os.environ.get("ECHO_FIELDWORK_TEST_MODE") == "1"
