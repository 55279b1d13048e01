"""Start the desktop app: language, logging, settings, then the main window (and, the first time, the
first-start assistant).

ECHO_FIELDWORK_SMOKE_TEST=1 (used by the installer's smoke test) quits as soon as the main window is on screen
and prints the start-up time.
"""

from __future__ import annotations

import logging
import os
import sys
import time

from echo_fieldwork import __version__
from echo_fieldwork.fileutil import private_umask
from echo_fieldwork.i18n import set_language, system_language
from echo_fieldwork.logs import register_private_terms, setup_logging
from echo_fieldwork.offline import quiet_libraries
from echo_fieldwork.settings import Settings

log = logging.getLogger("echo_fieldwork.ui.app")


def run_app(argv: list[str]) -> int:
    started = time.perf_counter()
    quiet_libraries()  # also here: tests and scripts call run_app without __main__
    private_umask()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from echo_fieldwork.ui.i18n_qt import install_qt_translator

    setup_logging()
    settings = Settings()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("echo_fieldwork")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("echo_fieldwork")
    language = set_language(settings.get("language") or system_language())
    install_qt_translator(language)
    window = new_main_window(settings)
    log.info("app %s started (%s)", __version__, "bundle" if getattr(sys, "frozen", False) else "source")
    if len(argv) >= 2 and argv[0] == "--study":
        window.open_study(argv[1])
    if os.environ.get("ECHO_FIELDWORK_SMOKE_TEST") == "1":
        def report() -> None:
            print(f"smoke test: main window shown after {time.perf_counter() - started:.2f} s "
                  f"(visible={window.isVisible()}, study open={window.study is not None}, "
                  f"tabs={window.tabs.count()})", flush=True)
            app.quit()

        QTimer.singleShot(0, report)
    elif not settings.get("first_run_done"):
        windows = [window]  # the window shown changes if the language does

        def first_start() -> None:
            windows[0] = run_first_start(windows[0])

        QTimer.singleShot(0, first_start)
    return app.exec()


def new_main_window(settings: Settings):
    from echo_fieldwork.ui.main_window import MainWindow

    window = MainWindow(settings)
    window.study_opened.connect(_mask_participant_names)
    window.show()
    return window


def run_first_start(window):
    """The first-start assistant; if it changed the language, the main window is rebuilt in it (menus
    are translated when built, and nothing is open yet at first start)."""
    from echo_fieldwork.i18n import current_language

    before = current_language()
    window.show_first_run_wizard()
    if current_language() == before or window.study is not None:
        return window
    fresh = new_main_window(window.settings)
    fresh.setGeometry(window.geometry())
    window.close()
    log.info("main window rebuilt in the chosen language")
    return fresh


def _mask_participant_names(study) -> None:
    """Safety net: the names of this study's participants can never reach the log file (see logs.py)."""
    from echo_fieldwork.people.identity import names_for_deidentification

    register_private_terms(names_for_deidentification(study).values())
