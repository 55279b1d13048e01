#!/usr/bin/env python3
"""Render docs/screenshot-questionnaire-choice.png: the study's questionnaire being chosen (an XLSForm with
a problem, then the example spreadsheet), over the main window at 1366×768, in French.

    QT_QPA_PLATFORM=offscreen python tools/screenshots_questionnaire.py [OUTPUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ECHO_FIELDWORK_HOME"] = str(Path(tmp) / "home")
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QPainter
        from PySide6.QtWidgets import QApplication

        from echo_fieldwork.i18n import set_language
        from echo_fieldwork.resources import resource_path
        from echo_fieldwork.settings import Settings
        from echo_fieldwork.ui.i18n_qt import install_qt_translator
        from echo_fieldwork.ui.main_window import MainWindow

        app = QApplication.instance() or QApplication([])
        set_language("fr")
        install_qt_translator("fr")
        window = MainWindow(Settings())
        window.resize(1366, 768)
        window.show()
        window.create_study(Path(tmp) / "etude", "Soins de proximité — groupes de discussion", "fr")
        overview = window.tabs.widget(0)
        dialog = overview.choose_questionnaire()
        dialog.choose_file(resource_path("forms", "sociodemographic_example.xlsx"))
        for _ in range(5):
            app.processEvents()
        picture = window.grab()
        painter = QPainter(picture)
        painter.setOpacity(0.35)
        painter.fillRect(picture.rect(), "#1f2a37")
        painter.setOpacity(1.0)
        sheet = dialog.grab()
        painter.drawPixmap(QPoint((picture.width() - sheet.width()) // 2, (picture.height() - sheet.height()) // 2),
                           sheet)
        painter.end()
        target = out / "screenshot-questionnaire-choice.png"
        picture.save(str(target))
        print(f"wrote {target} ({picture.width()}×{picture.height()})")
        dialog.reject()
        window.close_study()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
