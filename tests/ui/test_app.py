"""Start-up: the first-start assistant's language choice rebuilds the main window in that language."""

from echo_fieldwork.i18n import set_language
from echo_fieldwork.ui.app import new_main_window, run_first_start


def test_a_language_chosen_at_first_start_rebuilds_the_main_window(qtbot, settings):
    window = new_main_window(settings)
    qtbot.addWidget(window)
    assert window.file_menu.title() == "&File"
    window.show_first_run_wizard = lambda: set_language("fr")  # what choosing "Français" in the assistant does
    fresh = run_first_start(window)
    qtbot.addWidget(fresh)
    assert fresh is not window and fresh.isVisible() and not window.isVisible()
    assert fresh.file_menu.title() == "&Fichier"


def test_the_same_language_keeps_the_window(qtbot, settings):
    window = new_main_window(settings)
    qtbot.addWidget(window)
    window.show_first_run_wizard = lambda: None
    assert run_first_start(window) is window
