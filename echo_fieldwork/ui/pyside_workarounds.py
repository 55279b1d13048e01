"""Work-arounds for bugs of the Qt binding we ship with.

PySide6 6.12.0 on Python 3.11 drops one reference to `None` each time a Qt method returning void is
called (e.g. `QWidget.update()`, `QMediaPlayer.setPosition()`); after a few thousand calls None's count
reaches zero and Python aborts ("none_dealloc"). Python 3.12+ made None immortal, so there it is
harmless. Until the binding is fixed or the app moves to Python ≥ 3.12, give None a count it can never
exhaust. Call `keep_none_alive()` once at start-up (idempotent; a no-op on 3.12+).
"""

from __future__ import annotations

import ctypes
import sys

_applied = False


def keep_none_alive() -> None:
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return
    # ob_refcnt is the first field of every CPython object.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    _applied = True
