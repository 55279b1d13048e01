"""Study → Encrypt this study…: a passphrase twice, then `study.conversion.encrypt_study` off the UI thread.

The main window closes the study before the work starts (`before_start`) and reopens it, encrypted, when
`encrypted` is emitted with the recovery key (shown once, then). A failure is shown in the dialog; the
conversion is resumable, so trying again with the same passphrase finishes an interrupted one."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.study import crypto
from echo_fieldwork.ui.common.form_parts import password_edit
from echo_fieldwork.ui.common.tasks import run_task, to_main

log = logging.getLogger("echo_fieldwork.ui.encrypt_study")


class EncryptStudyDialog(QDialog):
    encrypted = Signal(str)     # the recovery key ("" when an interrupted encryption was finished)
    # The recovery key as soon as it exists, while the encryption goes on: a crash or a kill later must not
    # leave an encrypted study whose recovery key nobody saw.
    recovery_key_ready = Signal(str)
    failed = Signal()

    def __init__(self, folder: Path, before_start: Callable[[], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.before_start = before_start
        self.task = None
        self.setObjectName("encryptStudyDialog")
        self.setWindowTitle(_("Encrypt this study"))
        form = QFormLayout(self)
        intro = QLabel(_(
            "The database and the recordings will be encrypted with a passphrase, asked each time the app opens "
            "the study. The study is closed during the encryption (a long study takes a few minutes) and reopens "
            "encrypted; its recovery key is shown once, as soon as it exists. The plaintext files are deleted, but deleted files can "
            "often be recovered from the disk: keep using the computer's disk encryption too."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.passphrase_edit = password_edit("passphraseEdit")
        form.addRow(_("Passphrase:"), self.passphrase_edit)
        self.confirm_edit = password_edit("confirmEdit")
        form.addRow(_("Passphrase again:"), self.confirm_edit)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)          # busy: the steps are named in the label below
        self.progress.hide()
        form.addRow(self.progress)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(2 * self.status_label.fontMetrics().lineSpacing())   # room for a message
        form.addRow(self.status_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Encrypt"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.resize(600, max(self.sizeHint().height(), form.totalHeightForWidth(600)))

    def _problem(self, text: str) -> None:
        self.status_label.setStyleSheet("color: #b00020")
        self.status_label.setText(text)

    def start(self) -> bool:
        passphrase = self.passphrase_edit.text()
        try:
            crypto.check_new_passphrase(passphrase)
        except UserError as error:
            self._problem(str(error))
            return False
        if passphrase != self.confirm_edit.text():
            self._problem(_("The two passphrases differ."))
            return False
        if not self.before_start():       # a recording under way, and the user chose to keep it
            return False
        from echo_fieldwork.study.conversion import encrypt_study

        self._busy(True)
        self.status_label.setStyleSheet("")
        self.status_label.setText(_("Encrypting…"))
        folder = self.folder
        self.task = run_task(
            lambda: encrypt_study(folder, passphrase,
                                  progress=lambda text: to_main(self.status_label.setText, text, context=self),
                                  on_recovery_key=lambda key: to_main(self.recovery_key_ready.emit, key,
                                                                      context=self)),
            self._done, self._failed, context=self, name="echo-encrypt-study")
        return True

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for widget in (self.passphrase_edit, self.confirm_edit, self.buttons):
            widget.setEnabled(not busy)

    def _done(self, recovery_key: str) -> None:
        self.task = None
        self.accept()
        self.encrypted.emit(recovery_key)

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._busy(False)
        if isinstance(error, UserError):
            self._problem(str(error))
        else:
            log.error("encrypting the study failed: %s", type(error).__name__)
            self._problem(_("The study could not be encrypted ({error}). Try again with the same passphrase: "
                            "the work done is kept.").format(error=type(error).__name__))
        self.failed.emit()

    def reject(self) -> None:
        if self.task is None or not self.task.is_running():   # the conversion is not cut short from here
            super().reject()
