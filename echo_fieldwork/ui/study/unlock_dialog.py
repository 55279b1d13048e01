"""Opening an encrypted study: its passphrase (or recovery key), asked once per app session."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.study import crypto
from echo_fieldwork.ui.common.form_parts import password_edit


class UnlockDialog(QDialog):
    """Accepted only once the passphrase opened the study's key (kept in memory for this app session);
    a wrong passphrase leaves the dialog open and the study unchanged."""

    def __init__(self, folder: Path | str, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.setWindowTitle(title or _("Open an encrypted study"))
        form = QFormLayout(self)
        intro = QLabel(_("The study in {folder} is encrypted. Enter its passphrase (or its recovery key).").format(
            folder=self.folder))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.passphrase_edit = password_edit("passphraseEdit")
        form.addRow(_("Passphrase:"), self.passphrase_edit)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setStyleSheet("color: #b00020")
        self.problem_label.setWordWrap(True)
        form.addRow("", self.problem_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Unlock"))
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())

    def try_unlock(self) -> bool:
        try:
            crypto.unlock(self.folder, self.passphrase_edit.text())
        except UserError as error:
            self.problem_label.setText(str(error))
            self.passphrase_edit.selectAll()
            return False
        self.accept()
        return True


def show_recovery_key(parent: QWidget | None, recovery_key: str, *, encrypting: bool = False) -> None:
    """The recovery key, shown once when an encrypted study is created or a study's encryption has made its key
    (`encrypting`: the work goes on behind) — it is stored nowhere."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    first = (_("The study is being encrypted; its key is made.") if encrypting else _("The study is encrypted."))
    box = QMessageBox(QMessageBox.Icon.Information, _("Recovery key"),
                      first + " " + _("Its recovery key opens it if the passphrase is forgotten. It is "
                                      "shown only now: write it down and keep it apart from the laptop.")
                      + "\n\n" + recovery_key,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("recoveryKeyBox")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.open() if _is_test_mode() else box.exec()


def _is_test_mode() -> bool:
    import os

    return os.environ.get("ECHO_FIELDWORK_TEST_MODE") == "1"
