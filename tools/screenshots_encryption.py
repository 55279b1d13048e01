#!/usr/bin/env python3
"""Render the new-study dialog (encryption chosen) and the unlock dialog (French UI) to docs/ for review.

    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python tools/screenshots_encryption.py
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
    from PySide6.QtWidgets import QApplication

    from echo_fieldwork.i18n import set_language
    from echo_fieldwork.study import crypto
    from echo_fieldwork.study.study import Study
    from echo_fieldwork.ui.study.new_study_dialog import NewStudyDialog
    from echo_fieldwork.ui.study.unlock_dialog import UnlockDialog

    set_language("fr")
    app = QApplication.instance() or QApplication(sys.argv)
    docs = ROOT / "docs"
    dialog = NewStudyDialog(Path.home() / "echo_fieldwork")
    dialog.title_edit.setText("Télémentorat — étude pilote")
    dialog.passphrase_edit.setText("une phrase secrète")
    dialog.confirm_edit.setText("une phrase secrète")
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(docs / "screenshot-new-study-encrypted.png"))
    with tempfile.TemporaryDirectory() as home:
        folder = Path(home) / "Telementorat"
        Study.create(folder, "Télémentorat", "fr", passphrase="une phrase secrète").close()
        crypto.forget()
        unlock = UnlockDialog(folder)
        unlock.passphrase_edit.setText("pas la bonne")
        unlock.try_unlock()     # shows how a wrong passphrase is answered
        unlock.show()
        app.processEvents()
        unlock.grab().save(str(docs / "screenshot-unlock-study.png"))


if __name__ == "__main__":
    main()
