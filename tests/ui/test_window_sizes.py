"""Every top-level window fits a small laptop screen: 1366×768 at 100 %, and 1280×720 at 125 % (1024×576
logical pixels). Measured in French, whose labels are the longest, on each window's minimumSizeHint."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from echo_fieldwork.i18n import set_language
from tests.conftest import REPO_ROOT

SCREENS = {"1366×768 at 100 %": QSize(1366, 768), "1280×720 at 125 %": QSize(1024, 576)}


def _needed(window: QWidget, opened: list[QWidget]) -> QSize:
    opened.append(window)
    window.show()
    window.layout().activate()
    return window.minimumSizeHint().expandedTo(window.minimumSize())


@pytest.fixture
def windows(qtbot, settings, tmp_path):
    from echo_fieldwork.sessions.guides import import_guide_file
    from echo_fieldwork.transcript.segments import insert_segments
    from echo_fieldwork.ui.correction.editor_window import EditorWindow
    from echo_fieldwork.ui.deid.deidentification_dialog import DeidentificationDialog
    from echo_fieldwork.ui.export.export_dialog import ExportDialog
    from echo_fieldwork.ui.main_window import MainWindow
    from echo_fieldwork.ui.sessions.new_session_dialog import NewSessionDialog
    from echo_fieldwork.ui.sessions.session_window import SessionWindow
    from echo_fieldwork.ui.settings_dialog import SettingsDialog
    from tests.editor_data import synthetic_transcript
    from tests.exports_helpers import build_focus_group
    from tests.sessions_helpers import make_session

    set_language("fr")
    main = MainWindow(settings)
    qtbot.addWidget(main)
    opened: list[QWidget] = []
    found = {"main window (welcome)": _needed(main, opened)}
    assert main.create_study(tmp_path / "s", "Étude pilote", "fr")
    study = main.study
    for index in range(main.tabs.count()):   # each tab in turn: the window must hold the widest
        main.tabs.setCurrentIndex(index)
    found["main window (study)"] = _needed(main, opened)
    focus_group = build_focus_group(study)
    guide = import_guide_file(study, REPO_ROOT / "interview_guides" / "telementoring-leaders-fr.yaml")
    session = make_session(study, code="GD9", attendees=tuple(f"P{n}" for n in range(11, 20)), guide_id=guide.id)
    found["session window"] = _needed(SessionWindow(study, session.id, settings), opened)
    insert_segments(study, synthetic_transcript(session.id, 30))
    found["editor"] = _needed(EditorWindow(study, settings, session.id), opened)
    found["export dialog"] = _needed(ExportDialog(study, [focus_group]), opened)
    found["deidentification review"] = _needed(DeidentificationDialog(study, focus_group), opened)
    found["session dialog"] = _needed(NewSessionDialog(study), opened)
    found["settings"] = _needed(SettingsDialog(settings), opened)
    yield found
    for window in [w for w in reversed(opened) if w is not main]:  # the editor stops listening first
        window.close()
    main.close_study()


def test_every_window_fits_a_small_laptop_screen(windows):
    too_big = [f"{name}: needs {size.width()}×{size.height()}, {screen} gives {room.width()}×{room.height()}"
               for name, size in windows.items() for screen, room in SCREENS.items()
               if size.width() > room.width() or size.height() > room.height()]
    assert not too_big, "\n".join(too_big)
