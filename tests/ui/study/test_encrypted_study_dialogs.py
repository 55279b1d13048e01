"""The new-study dialog's encryption, the unlock dialog, and the main window opening an encrypted study."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from echo_fieldwork.study import crypto
from echo_fieldwork.ui.main_window import MainWindow
from echo_fieldwork.ui.study.new_study_dialog import NewStudyDialog
from echo_fieldwork.ui.study.unlock_dialog import UnlockDialog
from tests.study.encrypted_helpers import PASSPHRASE, fast_scrypt, fingerprint  # noqa: F401


def test_new_study_dialog_offers_encryption_by_default_and_checks_the_passphrase(qtbot, tmp_path: Path):
    dialog = NewStudyDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Pilote")
    assert dialog.encrypt_check.isChecked()
    dialog.passphrase_edit.setText("short")
    dialog._accept()
    assert "at least 8" in dialog.problem_label.text() and dialog.result() != NewStudyDialog.DialogCode.Accepted
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.confirm_edit.setText(PASSPHRASE + "x")
    dialog._accept()
    assert "differ" in dialog.problem_label.text() and dialog.result() != NewStudyDialog.DialogCode.Accepted
    dialog.confirm_edit.setText(PASSPHRASE)
    dialog._accept()
    assert dialog.result() == NewStudyDialog.DialogCode.Accepted and dialog.passphrase() == PASSPHRASE
    dialog.encrypt_check.setChecked(False)
    assert dialog.passphrase() is None and not dialog.passphrase_edit.isEnabled()


def test_create_an_encrypted_study_shows_its_recovery_key_then_reopen_it_with_the_passphrase(qtbot, settings,
                                                                                            tmp_path: Path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.create_study(tmp_path / "enc", "Étude chiffrée", "fr", passphrase=PASSPHRASE)
    assert window.study.encrypted
    boxes = [w for w in window.findChildren(QMessageBox) if w.objectName() == "recoveryKeyBox"]
    assert boxes and crypto.parse_recovery_key(boxes[-1].text().split()[-1])
    boxes[-1].close()
    folder = window.study.folder
    window.close_study()
    crypto.forget()
    before = fingerprint(folder)

    def answer(passphrases: list[str]) -> None:
        dialog = next(w for w in window.findChildren(UnlockDialog) if w.isVisible())
        for text in passphrases:
            dialog.passphrase_edit.setText(text)
            if not dialog.try_unlock():
                assert "Wrong passphrase" in dialog.problem_label.text()
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, lambda: answer(["wrong passphrase"]))
    assert not window.open_study(folder)          # wrong, then cancelled: not opened, nothing changed
    assert window.study is None and fingerprint(folder) == before
    QTimer.singleShot(0, lambda: answer(["wrong passphrase", PASSPHRASE]))
    assert window.open_study(folder)
    assert window.study.encrypted and window.study.title == "Étude chiffrée"
    window.close_study()
    assert window.open_study(folder)              # unlocked once per app session: no second question
    window.close()
    assert not [w for w in window.findChildren(UnlockDialog) if w.isVisible()]
