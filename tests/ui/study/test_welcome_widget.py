"""The welcome screen's recent studies: shown by title, opened by one click or Enter, through the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from echo_fieldwork.ui.main_window import MainWindow
from echo_fieldwork.ui.study.welcome_widget import WelcomeWidget


def _center(widget: WelcomeWidget, row: int):
    return widget.recent_list.visualItemRect(widget.recent_list.item(row)).center()


def test_recent_studies_show_titles_and_open_on_one_click_or_enter(qtbot, settings, tmp_path: Path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.create_study(tmp_path / "etude-a", "Télémentorat infirmier", "fr")
    window.close_study()
    assert window.create_study(tmp_path / "etude-b", "Soins à domicile", "fr")
    window.close_study()
    welcome = window.welcome
    rows = [welcome.recent_list.item(i).text().split("\n") for i in range(welcome.recent_list.count())]
    assert rows == [["Soins à domicile", str(tmp_path / "etude-b")],
                    ["Télémentorat infirmier", str(tmp_path / "etude-a")]]

    qtbot.mouseClick(welcome.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=_center(welcome, 1))
    qtbot.waitUntil(lambda: window.study is not None)
    assert window.study.title == "Télémentorat infirmier"
    window.close_study()

    welcome.recent_list.setFocus()
    assert welcome.recent_list.currentRow() == 0  # the latest study
    qtbot.keyClick(welcome.recent_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.study is not None)
    assert window.study.title == "Télémentorat infirmier"  # opened last, so first in the list now
    window.close()


def test_a_double_click_opens_once(qtbot, tmp_path: Path):
    welcome = WelcomeWidget()
    qtbot.addWidget(welcome)
    welcome.show()
    qtbot.waitExposed(welcome)
    welcome.set_recent([str(tmp_path / "old-folder")], {})
    assert welcome.recent_list.item(0).text().startswith("old-folder\n")  # no title kept: the folder's name
    chosen = []
    welcome.recent_study_chosen.connect(chosen.append)
    # A double click as the system delivers it: a click, then the double-click press and its release.
    qtbot.mouseClick(welcome.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=_center(welcome, 0))
    qtbot.mouseDClick(welcome.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=_center(welcome, 0))
    qtbot.mouseRelease(welcome.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=_center(welcome, 0))
    assert chosen == [str(tmp_path / "old-folder")]
