"""Study → Change passphrase…: the current passphrase (or the recovery key), the new one twice.

The key file is re-wrapped off the UI thread (two scrypt derivations, about a second on a laptop); a wrong
current passphrase leaves the dialog open and `study.key` unchanged."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.study import crypto
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.form_parts import password_edit
from echo_fieldwork.ui.common.tasks import run_study_task


class ChangePassphraseDialog(QDialog):
    """Accepted once the new passphrase is in `study.key`."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.task = None
        self.setObjectName("changePassphraseDialog")
        self.setWindowTitle(_("Change the passphrase"))
        form = QFormLayout(self)
        intro = QLabel(_("The new passphrase replaces the current one on this study. The recovery key does not "
                         "change. Backups of the study made before keep the old passphrase."))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.current_edit = password_edit("currentPassphraseEdit")
        form.addRow(_("Current passphrase (or recovery key):"), self.current_edit)
        self.new_edit = password_edit("newPassphraseEdit")
        form.addRow(_("New passphrase:"), self.new_edit)
        self.confirm_edit = password_edit("confirmPassphraseEdit")
        form.addRow(_("New passphrase again:"), self.confirm_edit)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setStyleSheet("color: #b00020")
        self.problem_label.setWordWrap(True)
        self.problem_label.setMinimumHeight(2 * self.problem_label.fontMetrics().lineSpacing())   # room for a message
        form.addRow("", self.problem_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Change"))
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.resize(560, max(self.sizeHint().height(), form.totalHeightForWidth(560)))

    def change(self) -> None:
        new = self.new_edit.text()
        try:
            crypto.check_new_passphrase(new)
        except UserError as error:
            self.problem_label.setText(str(error))
            return
        if new != self.confirm_edit.text():
            self.problem_label.setText(_("The two new passphrases differ."))
            return
        current = self.current_edit.text()
        self._busy(True)
        self.problem_label.setText(_("Changing the passphrase…"))
        self.task = run_study_task(self.study, lambda study: study.change_passphrase(current, new),
                                   self._done, self._failed, context=self, name="echo-passphrase")

    def _busy(self, busy: bool) -> None:
        for widget in (self.current_edit, self.new_edit, self.confirm_edit, self.buttons):
            widget.setEnabled(not busy)

    def _done(self, _result: object) -> None:
        self.task = None
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._busy(False)
        if isinstance(error, UserError):
            self.problem_label.setText(str(error))
            self.current_edit.selectAll()
            self.current_edit.setFocus()
        else:
            self.problem_label.setText(_("The passphrase could not be changed: {error}").format(
                error=type(error).__name__))

    def reject(self) -> None:
        if self.task is None or not self.task.is_running():   # not while study.key is being written
            super().reject()
