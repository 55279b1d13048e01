"""Every button of every tab, pressed like a user would: each one must visibly do something (open a window
or a dialog, change a label) and none may end in a traceback.

A button whose click only printed `UserError: Unknown session` to stderr went unnoticed because the tests
called the tab's methods directly; this test goes through `QPushButton.click()` on the real main window.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QLabel, QPushButton, QWidget
from pytestqt.exceptions import TimeoutError

from echo_fieldwork.ui.main_window import MainWindow
from tests.editor_data import make_session, synthetic_transcript


class DialogCloser:
    """Closes every dialog a click opens, modal ones included (a modal exec() runs its own event loop, where
    this timer keeps firing), and remembers what it closed."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.close_modal)
        self.timer.start()

    def describe(self, widget: QWidget) -> str:
        return f"{type(widget).__name__}:{widget.windowTitle()}"

    def close_modal(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            return
        self.seen.append(self.describe(widget))
        widget.reject() if isinstance(widget, QDialog) else widget.close()

    def stop(self) -> None:
        self.timer.stop()


def visible_windows() -> set[QWidget]:
    return {w for w in QApplication.topLevelWidgets() if w.isVisible()}


def select_first_rows(root: QWidget) -> None:
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if view.isVisible() and model is not None and model.rowCount() and not view.selectionModel().hasSelection():
            view.setCurrentIndex(model.index(0, 0))


def labels_text(root: QWidget) -> dict[int, str]:
    return {id(label): label.text() for label in root.findChildren(QLabel) if label.isVisible()}


@pytest.fixture
def window(qtbot, settings, tmp_path: Path):
    from echo_fieldwork.study.study import Study
    from echo_fieldwork.transcript.segments import insert_segments

    study = Study.create(tmp_path / "pilot", "Pilot study", "fr", actor="RA1")
    session = make_session(study, "GD01")
    insert_segments(study, synthetic_transcript(session.id, 30))
    study.close()
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    main.show()
    assert main.open_study(tmp_path / "pilot")
    yield main
    main.close()


def press(qtbot, window: QWidget, button: QPushButton) -> bool:
    """Click `button`, close what it opened; True when something visible happened."""
    before_windows, before_labels = visible_windows(), labels_text(window)
    closer = DialogCloser()
    button.click()
    try:
        qtbot.waitUntil(lambda: bool(closer.seen or visible_windows() - before_windows
                                     or labels_text(window) != before_labels), timeout=3000)
        happened = True
    except TimeoutError:
        happened = False
    closer.stop()
    for opened in visible_windows() - before_windows:  # windows and boxes shown without exec()
        opened.close()
    qtbot.waitUntil(lambda: not (visible_windows() - before_windows))
    return happened


def test_every_button_of_every_tab_does_something_visible(qtbot, window, capfd, monkeypatch):
    errors: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: errors.append(f"{kind.__name__}: {value}"))
    pressed, silent = [], []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.widget(index)
        select_first_rows(tab)  # as a user would: most buttons act on the selected row
        buttons = [b for b in tab.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]
        assert buttons, f"tab {tab.windowTitle()} has no button to press"
        for button in buttons:
            if not (button.isVisible() and button.isEnabled()):
                continue  # an earlier click changed the tab (e.g. work started)
            name = f"{tab.windowTitle()} → {button.text()}"
            if not press(qtbot, window, button):
                silent.append(name)
            pressed.append(name)
    out, err = capfd.readouterr()
    assert not errors, errors
    assert "Traceback" not in err and "UserError" not in err, err
    assert not silent, f"buttons that did nothing visible: {silent}"
    assert len(pressed) >= 20, pressed  # 21 today: a tab that lost its buttons or its selection would show


def test_the_transcripts_tab_button_opens_the_editor(qtbot, window, capfd):
    """The blocker of issue 18: clicked(bool) reached open_editor as the session id."""
    from echo_fieldwork.ui.correction.editor_window import EditorWindow
    from echo_fieldwork.ui.correction.transcripts_widget import TranscriptsWidget

    tab = next(t for t in window.study_tabs() if isinstance(t, TranscriptsWidget))
    window.tabs.setCurrentWidget(tab)
    tab.open_button.click()
    qtbot.waitUntil(lambda: any(isinstance(w, EditorWindow) and w.isVisible() for w in QApplication.topLevelWidgets()))
    editor = next(iter(tab.editors.values()))
    assert editor.session.code == "GD01"
    editor.close()
    assert "Traceback" not in capfd.readouterr().err

