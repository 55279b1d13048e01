"""Help → User guide shows the guide of the interface language, offline, with its screenshots."""

from PySide6.QtGui import QKeySequence

from echo_fieldwork.i18n import set_language
from echo_fieldwork.ui.main_window import MainWindow
from echo_fieldwork.ui.user_guide_dialog import UserGuideDialog, guide_path


def test_the_guide_follows_the_interface_language(qtbot):
    set_language("fr")
    french = UserGuideDialog()
    qtbot.addWidget(french)
    assert "Guide d’utilisation" in french.browser.toPlainText()
    html = french.browser.document().toHtml()
    assert 'src="screenshot-first-run.png"' in html and 'width="640"' in html  # pictures fit the window
    assert french.windowTitle() == "Guide d’utilisation"
    set_language("en")
    english = UserGuideDialog()
    qtbot.addWidget(english)
    assert "user guide" in english.browser.toPlainText().lower()
    assert guide_path("en").name == "user-guide.en.md"


def test_every_picture_and_link_of_the_guides_is_shipped_with_them():
    import re

    for language in ("fr", "en"):
        guide = guide_path(language)
        targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", guide.read_text(encoding="utf-8"))
        ours = [t for t in targets if t.startswith("screenshot-first-run") or t.startswith("screenshot-settings")
                or t.endswith(".md")]
        assert ours and all((guide.parent / t).is_file() for t in ours), ours


def test_the_help_and_edit_menus_offer_the_new_actions(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    help_actions = window.help_menu.actions()
    for action in (window.guide_action, window.first_run_action, window.diagnostics_action):
        assert action in help_actions
    assert window.settings_action in window.edit_menu.actions()
    assert window.settings_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Preferences) or \
        window.settings_action.shortcut().isEmpty()  # platforms without a Preferences key
