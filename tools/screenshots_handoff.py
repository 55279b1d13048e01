#!/usr/bin/env python3
"""Render the hand-off steps (French UI) to docs/ for the user guide's team section: sending a session, the
assistant's correction workspace once the package is opened, and the conflicts shown on receiving it.

    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python tools/screenshots_handoff.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PASSPHRASE = "phrase convenue en équipe"


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["ECHO_FIELDWORK_HOME"] = str(Path(home) / "home")
        from PySide6.QtWidgets import QApplication, QTabWidget

        from echo_fieldwork.correction import edits
        from echo_fieldwork.handoff.exchange import return_workspace, send_session
        from echo_fieldwork.handoff.merge import plan_merge, read_return
        from echo_fieldwork.i18n import set_language
        from echo_fieldwork.settings import Settings
        from echo_fieldwork.study.study import Study
        from echo_fieldwork.ui.handoff.handoff_dialogs import ConflictDialog, SendDialog
        from echo_fieldwork.ui.main_window import MainWindow
        from tests.handoff.handoff_helpers import fill_origin, segment_ids

        set_language("fr")
        app = QApplication.instance() or QApplication(sys.argv)
        docs = ROOT / "docs"
        origin = Path(home) / "Telementorat"
        with Study.create(origin, "Télémentorat — étude pilote", "fr", actor="Chercheuse") as study:
            session_id = fill_origin(study)
            ids = segment_ids(study, session_id)
        package = Path(home) / "FG1.efpkg"

        window = MainWindow(Settings())
        window.resize(1000, 640)
        window.show()
        window.open_study(origin)
        send = SendDialog(window.study, window, session_code="FG1")
        send.to.setText("Amélie (assistante de recherche)")
        send.out.setText(str(Path.home() / "Bureau" / "FG1.efpkg"))
        send.passphrase.setText(PASSPHRASE)
        send.confirm.setText(PASSPHRASE)
        send.show()
        app.processEvents()
        send.grab().save(str(docs / "screenshot-handoff-send.png"))
        send.close()
        send_session(window.study, "FG1", "Amélie", package, PASSPHRASE)
        window.close_study()

        assistant = MainWindow(Settings())
        assistant.resize(1000, 640)
        assistant.show()
        assistant.open_package(package, Path(home) / "FG1-correction", PASSPHRASE)
        assistant.study.actor = "Amélie"
        edits.set_text(assistant.study, ids[1], "[NOM] travaille à [VILLE] depuis dix ans.")
        assistant.refresh_tabs()
        tabs = assistant.findChild(QTabWidget)
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Transcriptions"))
        app.processEvents()
        assistant.grab().save(str(docs / "screenshot-handoff-workspace.png"))
        return_workspace(assistant.study, Path(home) / "FG1-corrige.efpkg", PASSPHRASE)
        assistant.close_study()
        assistant.close()

        with Study.open(origin, actor="Chercheuse") as study:
            edits.set_text(study, ids[1], "Gisèle Ouellette travaille à Rimouski depuis 10 ans.")
            plan = plan_merge(study, read_return(study, Path(home) / "FG1-corrige.efpkg", PASSPHRASE))
        conflicts = ConflictDialog(plan)
        conflicts.choose(0, "theirs")
        conflicts.show()
        app.processEvents()
        conflicts.grab().save(str(docs / "screenshot-handoff-conflicts.png"))
        conflicts.close()
        window.close()


if __name__ == "__main__":
    main()
