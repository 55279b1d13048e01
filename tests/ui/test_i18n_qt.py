"""Qt's own strings in French: PySide6 ships the catalogs, the app finds and loads them (also from a folder
pruned as build_installer.py prunes the bundle), and standard buttons and file dialogs read in French."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton

import build_installer
from echo_fieldwork.ui.i18n_qt import QT_CATALOGS, install_qt_translator, translation_folders


@pytest.fixture
def qt_french(qapp):
    loaded = install_qt_translator("fr")
    yield loaded
    install_qt_translator("en")


def test_pyside6_ships_the_french_catalogs_the_app_loads(qt_french):
    assert qt_french == [f"{catalog}_fr" for catalog in QT_CATALOGS]
    assert any((folder / "qtbase_fr.qm").is_file() for folder in translation_folders())


def test_standard_buttons_and_the_file_dialog_read_in_french(qtbot, qt_french):
    box = QMessageBox(QMessageBox.Icon.Question, "t", "?", QMessageBox.StandardButton.Yes
                      | QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Close)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Annuler"
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Oui"
    assert box.button(QMessageBox.StandardButton.Close).text() == "Fermer"
    dialog = QFileDialog(None, "Dossier d’exportation")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own dialog, as offscreen and on Linux
    qtbot.addWidget(dialog)
    assert "Annuler" in [b.text() for b in dialog.findChildren(QPushButton)]
    assert any(label.text().startswith("&Nom de fichier") for label in dialog.findChildren(QLabel))


def test_back_in_english_qt_reads_english(qtbot, qt_french):
    install_qt_translator("en")
    box = QMessageBox(QMessageBox.Icon.Question, "t", "?", QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Cancel"


def test_the_bundle_keeps_the_french_catalogs(tmp_path, qapp):
    """prune() on a bundle laid out as PyInstaller lays it out keeps what install_qt_translator loads."""
    source = next(folder for folder in translation_folders() if (folder / "qtbase_fr.qm").is_file())
    folder = tmp_path / "_internal" / "PySide6" / "Qt" / "translations"
    folder.mkdir(parents=True)
    names = [f"{catalog}_fr.qm" for catalog in QT_CATALOGS] + ["qt_fr.qm", "designer_fr.qm", "qtbase_de.qm"]
    for name in names:
        shutil.copy(source / name, folder / name)
    build_installer.prune(tmp_path)
    kept = sorted(p.name for p in folder.glob("*.qm"))
    assert kept == sorted([f"{catalog}_fr.qm" for catalog in QT_CATALOGS] + ["qt_fr.qm"])
    translator = QTranslator()
    assert translator.load("qtbase_fr", str(folder))
    assert translator.translate("QPlatformTheme", "Cancel") == "Annuler"
