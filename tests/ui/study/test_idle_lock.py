"""An open encrypted study locks after a time without input: its windows are covered, the passphrase is asked
again, and a recording under way goes on underneath."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from echo_fieldwork.people import identity
from echo_fieldwork.people.participants import get_by_code
from echo_fieldwork.study import crypto
from echo_fieldwork.ui.main_window import MainWindow
from echo_fieldwork.ui.study.unlock_dialog import UnlockDialog
from tests.sessions_helpers import make_session
from tests.study.encrypted_helpers import NAME, PASSPHRASE, fast_scrypt  # noqa: F401


def streaming_fake(monkeypatch: pytest.MonkeyPatch) -> None:
    """PortAudio's input stream replaced by a thread delivering silence block after block until stopped:
    a recording that keeps going (real capture is tested with the PulseAudio null sink elsewhere)."""
    from echo_fieldwork.audio import recorder

    class Stream:
        def __init__(self, callback, blocksize):
            self.callback, self.blocksize = callback, blocksize
            self.stopped = threading.Event()

        def start(self):
            def feed():
                while not self.stopped.is_set():
                    self.callback(np.zeros((self.blocksize, 1), dtype=np.int16), self.blocksize, None, None)
                    time.sleep(0.02)   # the producer's pace, not a wait of the test
            threading.Thread(target=feed, daemon=True).start()

        def stop(self):
            self.stopped.set()

        def close(self):
            self.stopped.set()

    monkeypatch.setattr(recorder.Recorder, "_open_stream", lambda self: Stream(self._audio_callback,
                                                                              self.sample_rate // 10))


@pytest.fixture
def window(qtbot, settings, tmp_path: Path):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    assert win.create_study(tmp_path / "enc", "Étude chiffrée", "fr", passphrase=PASSPHRASE)
    for box in win.findChildren(QMessageBox):
        box.close()   # the recovery key
    yield win
    win.close()


def covered_at_centre(window) -> bool:
    widget = window.childAt(QPoint(window.width() // 2, window.height() // 2))
    while widget is not None and widget.objectName() != "studyCover":
        widget = widget.parentWidget()
    return widget is not None


def test_idle_study_locks_hides_its_data_keeps_recording_and_unlocks_with_the_passphrase(qtbot, window,
                                                                                     monkeypatch):
    study = window.study
    session = make_session(study, attendees=("P01",))
    identity.set_identity(study, identity.Identity(get_by_code(study, "P01").id, full_name=NAME))
    streaming_fake(monkeypatch)
    sessions_tab = window.study_tabs()[1]
    session_window = sessions_tab.open_session(session.id)
    qtbot.waitExposed(session_window)
    panel = session_window.recording_panel
    assert panel.start_recording()
    qtbot.waitUntil(lambda: panel.recorder.recorded_ms > 0)

    window.idle_lock.arm(200)          # a short idle time for the test (the setting is in minutes)
    qtbot.waitUntil(lambda: window.idle_lock.locked, timeout=10_000)

    # The main window shows the locked page instead of the tabs; menus that reach data are off.
    assert window.stack.currentWidget() is window.locked_page and window.locked_page.isVisible()
    assert not window.tabs.isVisible()
    assert not window.study_menu.isEnabled() and not window.open_action.isEnabled()
    assert window.close_action.isEnabled() and window.quit_action.isEnabled()
    assert "A recording is in progress in session FG1." in window.locked_page.work_label.text()
    # The session window is covered and deaf to the keyboard; its recording goes on underneath.
    assert window.idle_lock.is_covered(session_window) and covered_at_centre(session_window)
    entry = session_window.notes_panel.entry
    entry.setFocus()
    qtbot.keyClicks(entry, "secret")
    assert entry.text() == ""
    before = panel.recorder.recorded_ms
    qtbot.waitUntil(lambda: panel.recorder.recorded_ms > before + 200)
    assert panel.recording
    # A window that opens while locked is covered too.
    second = sessions_tab.open_session(make_session(study, code="FG2", attendees=("P02",)).id)
    qtbot.waitExposed(second)
    assert window.idle_lock.is_covered(second)

    # Unlocking: a wrong passphrase leaves everything locked; the right one uncovers every window.
    window.locked_page.unlock_button.click()
    dialog = next(w for w in window.findChildren(UnlockDialog) if w.isVisible())
    assert not window.idle_lock.is_covered(dialog)     # the way out is not covered
    dialog.passphrase_edit.setText("not the passphrase")
    assert not dialog.try_unlock()
    assert window.idle_lock.locked and window.idle_lock.is_covered(session_window)
    dialog.passphrase_edit.setText(PASSPHRASE)
    assert dialog.try_unlock()
    assert not window.idle_lock.locked
    assert window.stack.currentWidget() is window.tabs and window.study_menu.isEnabled()
    assert not window.idle_lock.is_covered(session_window) and not covered_at_centre(session_window)
    qtbot.keyClicks(entry, "ok")
    assert entry.text() == "ok"
    assert panel.recording and window.idle_lock.timer.isActive()   # counting idle time again
    panel.stop_recording()


def test_input_restarts_the_idle_time_and_the_setting_turns_locking_off(qtbot, window, settings):
    lock = window.idle_lock
    assert lock.timer.isActive() and lock.timer.interval() == 15 * 60_000   # the default: 15 minutes
    lock.timer.stop()
    qtbot.keyClick(window, Qt.Key.Key_Shift)
    assert lock.timer.isActive()        # any key or click starts the idle time again
    settings.set("lock_after_minutes", 0)
    window.arm_idle_lock()
    assert not lock.timer.isActive()
    qtbot.keyClick(window, Qt.Key.Key_Shift)
    assert not lock.timer.isActive() and not lock.locked
    settings.set("lock_after_minutes", 5)
    window.arm_idle_lock()
    assert lock.timer.interval() == 5 * 60_000 and lock.timer.isActive()
    window.close_study()
    assert not lock.timer.isActive() and window.stack.currentWidget() is window.welcome


def test_closing_a_locked_study_is_allowed_and_a_plaintext_study_never_locks(qtbot, window, tmp_path: Path):
    folder = window.study.folder
    window.idle_lock.lock()
    assert window.stack.currentWidget() is window.locked_page
    window.close_study()
    assert not window.idle_lock.locked and window.stack.currentWidget() is window.welcome
    assert window.new_action.isEnabled() and window.open_action.isEnabled()
    # Closed while locked, it does not reopen without the passphrase.
    assert crypto.unlocked(folder) is None
    QTimer.singleShot(0, lambda: next(w for w in window.findChildren(UnlockDialog) if w.isVisible()).reject())
    assert not window.open_study(folder) and window.study is None
    assert window.create_study(tmp_path / "plain", "Étude", "fr")
    assert not window.idle_lock.timer.isActive()
