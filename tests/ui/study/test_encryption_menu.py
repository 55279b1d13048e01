"""Study menu: "Change passphrase…" on an encrypted study, "Encrypt this study…" on a plaintext one."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from echo_fieldwork.study import crypto
from echo_fieldwork.ui.main_window import MainWindow
from echo_fieldwork.ui.study.change_passphrase_dialog import ChangePassphraseDialog
from echo_fieldwork.ui.study.encrypt_study_dialog import EncryptStudyDialog
from tests.study.encrypted_helpers import NAME, PASSPHRASE, fast_scrypt, fill, leaks  # noqa: F401

NEW = "une autre phrase bien longue"


def study_action(window: MainWindow, text: str):
    return next(a for a in window.study_menu.actions() if a.text().replace("&", "") == text)


def visible(window: MainWindow, kind):
    return next(w for w in window.findChildren(kind) if w.isVisible())


def test_change_the_passphrase_from_the_study_menu(qtbot, settings, tmp_path: Path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.create_study(tmp_path / "enc", "Étude chiffrée", "fr", passphrase=PASSPHRASE)
    folder = window.study.folder
    assert not [a for a in window.study_menu.actions() if "Encrypt" in a.text()]
    study_action(window, "Change passphrase…").trigger()
    dialog = visible(window, ChangePassphraseDialog)
    dialog.current_edit.setText(PASSPHRASE)
    dialog.new_edit.setText("short")
    dialog.change()
    assert "at least 8" in dialog.problem_label.text()
    dialog.new_edit.setText(NEW)
    dialog.confirm_edit.setText(NEW + "!")
    dialog.change()
    assert "differ" in dialog.problem_label.text()
    key_before = (folder / crypto.KEY_FILE).read_bytes()
    dialog.confirm_edit.setText(NEW)
    dialog.current_edit.setText("not the passphrase")
    dialog.change()
    qtbot.waitUntil(lambda: "Wrong passphrase" in dialog.problem_label.text(), timeout=20_000)
    assert dialog.isVisible() and dialog.current_edit.isEnabled()
    assert (folder / crypto.KEY_FILE).read_bytes() == key_before      # nothing changed
    accepted = []
    dialog.accepted.connect(lambda: accepted.append(True))
    dialog.current_edit.setText(PASSPHRASE)
    dialog.change()
    qtbot.waitUntil(lambda: bool(accepted), timeout=20_000)
    assert crypto.unwrap(folder / crypto.KEY_FILE, NEW) == window.study.keys
    try:
        crypto.unwrap(folder / crypto.KEY_FILE, PASSPHRASE)
        raise AssertionError("the old passphrase still opens the study")
    except crypto.WrongPassphrase:
        pass
    rows = list(window.study.db.query("SELECT * FROM audit_log WHERE action = 'study.passphrase_change'"))
    assert len(rows) == 1
    assert PASSPHRASE not in json.dumps(rows) and NEW not in json.dumps(rows)
    # The study keeps working with the same data key: nothing else was rewritten.
    window.close_study()
    crypto.forget()
    assert crypto.unlock(folder, NEW)
    assert window.open_study(folder) and window.study.title == "Étude chiffrée"


def test_encrypt_an_open_plaintext_study_from_the_study_menu(qtbot, settings, tmp_path: Path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.create_study(tmp_path / "plain", "Étude en clair", "fr")
    folder = window.study.folder
    fill(window.study, tmp_path)
    assert leaks(folder)                                   # names, transcript and WAV in plaintext
    assert not [a for a in window.study_menu.actions() if "passphrase" in a.text()]
    study_action(window, "Encrypt this study…").trigger()
    dialog = visible(window, EncryptStudyDialog)
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.confirm_edit.setText(PASSPHRASE + "x")
    assert not dialog.start() and "differ" in dialog.status_label.text()
    assert window.study is not None                        # nothing closed for a refused passphrase
    dialog.confirm_edit.setText(PASSPHRASE)
    assert dialog.start()
    assert window.study is None                            # closed while it is converted
    qtbot.waitUntil(lambda: window.study is not None, timeout=60_000)
    assert window.study.encrypted and window.study.folder == folder
    assert not [w for w in window.findChildren(EncryptStudyDialog) if w.isVisible()]
    boxes = [b for b in window.findChildren(QMessageBox) if b.objectName() == "recoveryKeyBox" and b.isVisible()]
    # Shown once, as soon as the key existed (a kill after that point would not lose it), not again at the end.
    assert len(boxes) == 1 and "being encrypted" in boxes[0].text()
    recovery = boxes[0].text().split()[-1]
    assert crypto.parse_recovery_key(recovery)
    assert leaks(folder) == []                             # nothing identifying left in plaintext
    assert NAME in [row["full_name"] for row in window.study.db.query("SELECT full_name FROM identities")]
    assert [a for a in window.study_menu.actions() if "passphrase" in a.text()]
    window.close_study()
    crypto.forget()
    assert crypto.unwrap(folder / crypto.KEY_FILE, recovery)    # the key shown opens the study
    assert crypto.unwrap(folder / crypto.KEY_FILE, PASSPHRASE)
