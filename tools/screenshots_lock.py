#!/usr/bin/env python3
"""Render the locked main window, the change-passphrase dialog and the encrypt-this-study dialog (French UI)
to docs/ for review.

    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python tools/screenshots_lock.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["ECHO_FIELDWORK_HOME"] = str(Path(home) / "home")
        from PySide6.QtWidgets import QApplication

        from echo_fieldwork.i18n import set_language
        from echo_fieldwork.settings import Settings
        from echo_fieldwork.study.study import Study
        from echo_fieldwork.ui.main_window import MainWindow
        from echo_fieldwork.ui.study.change_passphrase_dialog import ChangePassphraseDialog
        from echo_fieldwork.ui.study.encrypt_study_dialog import EncryptStudyDialog

        set_language("fr")
        app = QApplication.instance() or QApplication(sys.argv)
        docs = ROOT / "docs"
        window = MainWindow(Settings())
        window.resize(1000, 640)
        window.show()
        folder = Path(home) / "Telementorat"
        Study.create(folder, "Télémentorat — étude pilote", "fr", passphrase="une phrase secrète").close()
        window.open_study(folder)     # unlocked by its creation in this process
        window.idle_lock.lock()
        app.processEvents()
        window.grab().save(str(docs / "screenshot-study-locked.png"))
        window.idle_lock.unlock()
        dialog = ChangePassphraseDialog(window.study, window)
        dialog.current_edit.setText("une phrase secrète")
        dialog.new_edit.setText("une nouvelle phrase")
        dialog.confirm_edit.setText("une nouvelle phrase ?")
        dialog.change()            # shows how different new passphrases are answered
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(docs / "screenshot-change-passphrase.png"))
        dialog.close()
        plain = Study.create(Path(home) / "Pilote", "Pilote", "fr")
        encrypt = EncryptStudyDialog(plain.folder, lambda: False)
        encrypt.passphrase_edit.setText("une phrase secrète")
        encrypt.confirm_edit.setText("une phrase secrète")
        encrypt.show()
        app.processEvents()
        encrypt.grab().save(str(docs / "screenshot-encrypt-study.png"))
        plain.close()
        window.close()


if __name__ == "__main__":
    main()
