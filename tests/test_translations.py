"""Every string the user can see is translated into French, and the catalog holds nothing stale."""

import sys

from tests.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "tools"))
import translations


def test_every_string_in_the_code_has_a_french_translation():
    missing = translations.untranslated("fr")
    assert not missing, "untranslated (run tools/translations.py --add resources/locale/fr/<area>.po):\n" + "\n".join(
        f"{where}: {msgid!r}" for (_ctx, msgid), where in missing.items())


def test_the_french_catalog_has_no_stale_entries():
    stale = translations.unused("fr")
    assert not stale, "entries no longer in the code:\n" + "\n".join(repr(m) for _c, m in stale)


def test_translations_keep_their_placeholders():
    import re

    problems = []
    for (_ctx, msgid), entry in translations.catalog_entries("fr").items():
        for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
            if translated and set(re.findall(r"\{\w*\}", msgid)) - set(re.findall(r"\{\w*\}", translated)) - {"{n}"}:
                problems.append(msgid)
    assert not problems, problems


# -- no English leftovers in the French interface ---------------------------------------------------------
# Texts that are the same in both languages on purpose: names of products, formats and codes.
ALLOWED_UNCHANGED = {
    "echo_fieldwork", "Français", "English", "Whisper", "DOCX", "WAV", "FLAC", "SRT", "WebVTT", "MAXQDA", "NVivo",
    "QDPX", "REFI-QDA", "ATLAS.ti", "QualCoder", "CSV", "PDF", "Transcription", "Action", "Test", "Microphone",
    "Participants", "Notes", "Date", "Code", "Description", "Documents", "Total", "Mode", "Version", "Session",
    "Sessions", "Contact", "Transcriptions", "Initiales", "Minutes", "Message", "Source", "Format", "Modèle",
    "base", "Exports", "Options", "Audio", "Questionnaire", "Pause", "OK", "Page", "Segments",
    "Attribution", "Participant", "Zoom",
    "Étude",  # the test study's title
}


def _visible_texts(root) -> list[tuple[str, str]]:
    """(where, text) for every label, button, action, tab, combo item, header and group box under root."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QTableWidget,
        QTabWidget,
        QWizardPage,
    )

    texts: list[tuple[str, str]] = [("window title", root.windowTitle())]
    widgets = [root, *root.findChildren(QLabel), *root.findChildren(QAbstractButton), *root.findChildren(QGroupBox),
               *root.findChildren(QTabWidget), *root.findChildren(QComboBox), *root.findChildren(QTableWidget),
               *root.findChildren(QLineEdit), *root.findChildren(QWizardPage)]
    for widget in widgets:
        if widget.isHidden() and widget is not root and not isinstance(widget, QWizardPage):
            continue  # explicitly hidden (e.g. QWizard's unused Commit button); other tabs' pages still count
        name = f"{type(widget).__name__} {widget.objectName()}"
        if isinstance(widget, QLabel):
            texts.append((name, widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            texts.append((name, widget.title()))
        elif isinstance(widget, QTabWidget):
            texts += [(name, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox) and widget.objectName() not in ("inputDeviceCombo", "micDeviceCombo",
                                                                             "modelCombo"):
            texts += [(name, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            for column in range(widget.columnCount()):
                header = widget.horizontalHeaderItem(column)
                texts.append((name, header.text() if header else ""))
        elif isinstance(widget, QLineEdit):
            texts.append((name, widget.placeholderText()))
        elif isinstance(widget, QWizardPage):
            texts += [(name, widget.title()), (name, widget.subTitle())]
    texts += [(f"action {a.objectName()}", a.text()) for a in root.findChildren(QAction)]
    return texts


def _is_leftover(text: str) -> bool:
    import re

    core = re.sub(r"<[^>]+>|&(?!&)", "", text).strip(" :…•—-\u00a0")
    if not re.search(r"[A-Za-z]{2}", core) or "/" in core or "\\" in core:
        return False  # numbers, keys, paths
    if re.fullmatch(r"[\d\s\u202f.,]+(Hz|MB|Mo|ms|s|%)", core):
        return False  # quantities
    if re.fullmatch(r"[\w+]+(\+[\w]+)*(; [\w+]+)*", core) and re.search(r"(Ctrl|Alt|Shift|F\d+|Esc)", core):
        return False  # key sequences
    return core not in ALLOWED_UNCHANGED


def _windows(qtbot, tmp_path, language):
    """Every main window and dialog this area owns, plus the main window with a study open."""
    from echo_fieldwork.settings import Settings
    from echo_fieldwork.ui.first_run_wizard import FirstRunWizard
    from echo_fieldwork.ui.main_window import MainWindow
    from echo_fieldwork.ui.settings_dialog import SettingsDialog
    from echo_fieldwork.ui.user_guide_dialog import UserGuideDialog

    settings = Settings(tmp_path / f"settings-{language}.json")  # same state for both languages
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.create_study(tmp_path / language / "study", "Étude", "fr")
    built = [main, SettingsDialog(settings), FirstRunWizard(settings), UserGuideDialog()]
    for window in built[1:]:
        qtbot.addWidget(window)
    return built


def test_the_french_interface_has_no_english_leftovers(qtbot, tmp_path):
    from echo_fieldwork.i18n import set_language
    from echo_fieldwork.ui.i18n_qt import install_qt_translator

    install_qt_translator(set_language("en"))
    english = [_visible_texts(w) for w in _windows(qtbot, tmp_path, "en")]
    install_qt_translator(set_language("fr"))  # Qt's own buttons (Close, Cancel) come from Qt's catalog
    french = [_visible_texts(w) for w in _windows(qtbot, tmp_path, "fr")]
    leftovers = []
    for en_window, fr_window in zip(english, french):
        assert len(en_window) == len(fr_window)
        for (where, en_text), (_where, fr_text) in zip(en_window, fr_window):
            if en_text == fr_text and _is_leftover(fr_text.replace(str(tmp_path), "")):
                leftovers.append(f"{where}: {fr_text!r}")
    install_qt_translator(set_language("en"))
    assert not leftovers, "English left in the French interface:\n" + "\n".join(sorted(set(leftovers)))
