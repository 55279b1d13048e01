"""PySide6 6.12 on Python 3.11 drops a reference to None per void Qt call; the work-around keeps the app alive."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QWidget

from echo_fieldwork.ui.pyside_workarounds import keep_none_alive


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_many_void_calls_do_not_exhaust_none(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    keep_none_alive()
    keep_none_alive()  # idempotent
    before = sys.getrefcount(None)
    assert before > 1 << 39
    for _ in range(200_000):  # without the work-around this aborts the interpreter ("none_dealloc")
        widget.update()
    assert sys.getrefcount(None) > 1 << 39
