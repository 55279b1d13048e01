"""Start the desktop app: language, logging, settings, then the main window."""

from __future__ import annotations

import os
import sys

from echo_fieldwork import __version__
from echo_fieldwork.i18n import set_language, system_language
from echo_fieldwork.logs import setup_logging
from echo_fieldwork.settings import Settings


def run_app(argv: list[str]) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from PySide6.QtWidgets import QApplication

    from echo_fieldwork.ui.i18n_qt import install_qt_translator
    from echo_fieldwork.ui.main_window import MainWindow
    from echo_fieldwork.ui.pyside_workarounds import keep_none_alive

    keep_none_alive()  # PySide6 6.12 on Python 3.11 would otherwise abort after enough Qt calls
    setup_logging()
    settings = Settings()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("echo_fieldwork")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("echo_fieldwork")
    language = set_language(settings.get("language") or system_language())
    install_qt_translator(language)
    window = MainWindow(settings)
    window.show()
    if len(argv) >= 2 and argv[0] == "--study":
        window.open_study(argv[1])
    return app.exec()
