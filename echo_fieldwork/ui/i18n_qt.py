"""Qt's own strings (standard buttons, file dialogs, the player) follow the app language through QTranslators."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("echo_fieldwork.ui")

# The catalogs the app's windows use; build_installer.py keeps these (and qt_*.qm) in the bundle.
QT_CATALOGS = ("qtbase", "qtmultimedia")
_installed: list[QTranslator] = []


def translation_folders() -> list[Path]:
    """Where Qt's .qm files may be: Qt's own answer, then PySide6's folder (in a PyInstaller bundle too)."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
               package / "Qt" / "translations", package / "translations"]
    return list(dict.fromkeys(folder for folder in folders if folder.is_dir()))


def install_qt_translator(language: str) -> list[str]:
    """Install Qt's catalogs for `language`; returns the names of those loaded."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return []
    loaded = []
    for catalog in QT_CATALOGS:
        for folder in translation_folders():
            translator = QTranslator(app)
            if translator.load(f"{catalog}_{language}", str(folder)):
                app.installTranslator(translator)
                _installed.append(translator)
                loaded.append(f"{catalog}_{language}")
                break
    if len(loaded) < len(QT_CATALOGS):
        log.warning("Qt translations for %s: only %s found", language, ", ".join(loaded) or "none")
    return loaded
