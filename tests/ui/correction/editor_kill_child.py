"""Child process for the kill test: opens the editor offscreen on a study, splits a segment, then types
one character every 40 ms, printing `<monotonic time> <text shown>` after each key, until killed."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.correction.editor_window import EditorWindow

TEXT = "Nous avons corrigé ce passage pendant que le processus tournait encore " * 20


def main(folder: str, session_id: int) -> None:
    app = QApplication([])
    study = Study.open(folder, actor="RA1")
    window = EditorWindow(study, Settings(), session_id)
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)  # shortcuts only reach an active window
    window.go_to_row(0)
    edit = window.editor.text_edit
    edit.setFocus()
    window.editor.set_cursor_offset(len("Bonjour à tous"))
    QTest.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    print(f"{time.monotonic():.3f} split", flush=True)
    window.go_to_row(1)
    window.editor.set_cursor_offset(len(window.current_segment().text))
    typed = iter(TEXT)

    def type_one() -> None:
        char = next(typed)  # a real key event, accents included (QTest.keyClicks only knows ASCII)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
        print(f"{time.monotonic():.3f} {edit.toPlainText()}", flush=True)

    timer = QTimer(interval=40, timeout=type_one)
    timer.start()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
