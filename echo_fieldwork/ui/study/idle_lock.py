"""Locking an open encrypted study after a time without user input: its windows are covered until the
passphrase is given again; recordings and transcriptions go on underneath.

What "locked" means (docs/security.md §3): the main window shows `LockedPage` instead of the study's
tabs, every other window of the app (session windows, editors, dialogs) is covered by an opaque
`StudyCover` and gets no keyboard, mouse or shortcut input, playback is paused, and the menus that
reach the study's data are disabled. The keys stay in memory while the study is open: the open
database connection needs them, and so do the recording and the transcription that keep running.
Unlocking asks the passphrase (or the recovery key) in `UnlockDialog`, checked against `study.key`.
Closing the study (or the app) is allowed while locked and drops nothing that was not saved.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from echo_fieldwork.i18n import _

# Input that counts as "the user is there", and that a covered window must not receive.
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride, QEvent.Type.Shortcut,
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.ContextMenu, QEvent.Type.TouchBegin,
})
_NOT_COVERED = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)   # menus and tooltips come and go by themselves


class StudyCover(QWidget):
    """An opaque panel over a whole window (its menus included) while the study is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("studyCover")
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        label = QLabel(_("The study is locked. Unlock it in the main window."))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.fit()

    def fit(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()


class LockedPage(QWidget):
    """What the main window shows instead of the study's tabs while the study is locked."""
    unlock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockedPage")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(_("The study is locked"))
        title.setObjectName("lockedTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        self.explanation = QLabel(_(
            "Nobody used the app for a while, so the study's data is hidden. Recording and transcription go on "
            "underneath. Give the passphrase (or the recovery key) to continue."))
        self.explanation.setWordWrap(True)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation.setMaximumWidth(560)
        row = QHBoxLayout()      # centred, and tall enough for its wrapped lines
        row.addStretch(1)
        row.addWidget(self.explanation, 4)
        row.addStretch(1)
        layout.addLayout(row)
        self.work_label = QLabel()
        self.work_label.setObjectName("lockedWorkLabel")
        self.work_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.work_label)
        self.unlock_button = QPushButton(_("Unlock…"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.clicked.connect(self.unlock_requested)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def show_work(self, work: list[str]) -> None:
        """What keeps running while locked (session codes only: no participant's data)."""
        self.work_label.setText("\n".join(work))


class IdleLock(QObject):
    """Watches the app's input while an encrypted study is open; after `timeout_ms` without any, it covers
    the other windows and asks `main_window` to show its locked page (`locked_changed(True)`)."""
    locked_changed = Signal(bool)

    def __init__(self, main_window: QWidget) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.locked = False
        self.covers: dict[QWidget, StudyCover] = {}
        self._watching = False
        self.allowed_actions: set[QAction] = set()   # shortcuts that still work while locked (close, quit)

    # -- arming ------------------------------------------------------------------------------------------
    def arm(self, timeout_ms: int) -> None:
        """Lock after `timeout_ms` without input (0: never). Called when an encrypted study opens and when
        the setting changes."""
        self.timer.stop()
        if timeout_ms <= 0:
            self._watch(self.locked)   # a study locked already stays locked until unlocked
            return
        self.timer.setInterval(timeout_ms)
        self._watch(True)
        if not self.locked:
            self.timer.start()

    def disarm(self) -> None:
        """The study closed: nothing to lock any more (covered windows were closed with it)."""
        self.timer.stop()
        self._watch(False)
        self._uncover()
        self._set_locked(False)

    def _watch(self, on: bool) -> None:
        app = QApplication.instance()
        if on and not self._watching:
            app.installEventFilter(self)
        elif not on and self._watching:
            app.removeEventFilter(self)
        self._watching = on

    # -- locking -----------------------------------------------------------------------------------------
    def lock(self) -> None:
        if self.locked:
            return
        self.timer.stop()
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                self._cover(window)
        self._set_locked(True)

    def unlock(self) -> None:
        """Called once the passphrase was checked."""
        self._uncover()
        self._set_locked(False)
        if self.timer.interval() > 0 and self._watching:
            self.timer.start()

    def _set_locked(self, locked: bool) -> None:
        if locked != self.locked:
            self.locked = locked
            self.locked_changed.emit(locked)

    def _coverable(self, window: QWidget) -> bool:
        if window is self.main_window or window in self.covers or not window.isWindow():
            return False
        if window.windowType() in _NOT_COVERED:
            return False
        # A dialog the main window opens while locked (unlocking, confirming a close) is the user's way out.
        return window.parentWidget() is not self.main_window or not self.locked

    def _cover(self, window: QWidget) -> None:
        if not self._coverable(window):
            return
        from echo_fieldwork.ui.audio.player_widget import PlayerWidget

        for player in window.findChildren(PlayerWidget):
            player.pause()   # a participant's voice is data too
        cover = StudyCover(window)
        cover.show()
        self.covers[window] = cover
        window.destroyed.connect(lambda _obj=None, w=window: self.covers.pop(w, None))

    def _uncover(self) -> None:
        for cover in self.covers.values():
            cover.hide()
            cover.deleteLater()
        self.covers.clear()

    def is_covered(self, window: QWidget) -> bool:
        cover = self.covers.get(window)
        return cover is not None and cover.isVisible()

    # -- input -------------------------------------------------------------------------------------------
    def _blocked(self, target: QObject) -> bool:
        """Input meant for a covered window, or a keyboard shortcut other than the allowed ones, while locked."""
        if isinstance(target, (QAction, QShortcut)):
            return target not in self.allowed_actions
        return isinstance(target, QWidget) and target.window() in self.covers

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.locked:
            if kind in INPUT_EVENTS and self.timer.interval() > 0:
                self.timer.start()   # someone is there: the idle time starts again
            return False
        if kind in INPUT_EVENTS:
            return self._blocked(watched)
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self._cover(watched)    # a window that appears while locked is covered too
        elif kind == QEvent.Type.Resize and watched in self.covers:
            self.covers[watched].fit()
        return False
