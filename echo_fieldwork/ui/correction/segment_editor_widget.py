"""The text of the current segment, with its times and speaker. Typing is saved while the user types:
after a short pause, and at the latest every `MAX_UNSAVED_MS`, so a crash loses under a second."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from echo_fieldwork.i18n import _
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.transcript.segments import Segment
from echo_fieldwork.ui.correction.segment_delegate import speaker_text

IDLE_SAVE_MS = 300
MAX_UNSAVED_MS = 700


class SegmentEditorWidget(QWidget):
    text_edited = Signal(int, str)       # segment id, new text (already debounced)
    speaker_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segment: Segment | None = None
        self._loading = False
        self._window_keys: set[str] = set()
        self.times_label = QLabel()
        self.times_label.setObjectName("segmentTimes")
        self.speaker_box = QComboBox()
        self.speaker_box.setObjectName("speakerBox")
        self.speaker_box.setToolTip(_("Speaker of this segment (a code, never a name)"))
        self.speaker_box.activated.connect(lambda i: self.speaker_chosen.emit(self.speaker_box.itemData(i)))
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("segmentText")
        self.text_edit.setUndoRedoEnabled(False)  # undo goes through the editor's undo stack
        self.text_edit.setPlaceholderText(_("Segment text"))
        self.text_edit.setMaximumHeight(110)
        self.text_edit.textChanged.connect(self._text_changed)
        self.text_edit.installEventFilter(self)
        head = QHBoxLayout()
        head.addWidget(QLabel(_("Speaker:")))
        head.addWidget(self.speaker_box)
        head.addWidget(self.times_label)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(head)
        layout.addWidget(self.text_edit)
        self._idle = QTimer(self, singleShot=True, interval=IDLE_SAVE_MS, timeout=self.flush)
        self._since_first = QElapsedTimer()
        self._last_typed = QElapsedTimer()
        self.setEnabled(False)

    def set_window_keys(self, keys: set[str]) -> None:
        """Keys bound to editor actions win over the text box's own handling of them."""
        self._window_keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            sequence = QKeySequence(event.keyCombination()).toString()
            if sequence in self._window_keys:
                return True  # leave it unaccepted: the window's action gets the key
        return super().eventFilter(watched, event)

    def set_speakers(self, labels: list[str]) -> None:
        self.speaker_box.clear()
        for number, label in enumerate(labels, start=1):
            shown = speaker_text(label)
            self.speaker_box.addItem(f"{shown}  (Alt+{number})" if number < 10 else shown, label)
        self._show_speaker()

    def show_segment(self, seg: Segment | None, *, keep_cursor: bool = False) -> None:
        """Show a segment (saving typing in the previous one first)."""
        if self.segment is not None and (seg is None or seg.id != self.segment.id):
            self.flush()
        cursor_pos = self.text_edit.textCursor().position()
        self.segment = seg
        self.setEnabled(seg is not None)
        self._loading = True
        if seg is None:
            self.text_edit.setPlainText("")
            self.times_label.setText("")
        else:
            if self.text_edit.toPlainText() != seg.text:
                self.text_edit.setPlainText(seg.text)
            if keep_cursor:
                cursor = self.text_edit.textCursor()
                cursor.setPosition(min(cursor_pos, len(seg.text)))
                self.text_edit.setTextCursor(cursor)
            self.times_label.setText(f"{format_ms(seg.start_ms, with_ms=True)} – {format_ms(seg.end_ms, with_ms=True)}")
        self._loading = False
        self._show_speaker()

    def _show_speaker(self) -> None:
        if self.segment is None:
            return
        index = self.speaker_box.findData(self.segment.speaker)
        if index < 0 and self.segment.speaker:
            self.speaker_box.addItem(speaker_text(self.segment.speaker), self.segment.speaker)
            index = self.speaker_box.count() - 1
        self.speaker_box.setCurrentIndex(index)

    def cursor_offset(self) -> int:
        return self.text_edit.textCursor().position()

    def set_cursor_offset(self, offset: int, length: int = 0) -> None:
        cursor = self.text_edit.textCursor()
        cursor.setPosition(offset)
        if length:
            cursor.setPosition(offset + length, cursor.MoveMode.KeepAnchor)
        self.text_edit.setTextCursor(cursor)

    def selected_text(self) -> tuple[str, int, int]:
        cursor = self.text_edit.textCursor()
        return cursor.selectedText(), cursor.selectionStart(), cursor.selectionEnd()

    def has_unsaved(self) -> bool:
        return self.segment is not None and self.text_edit.toPlainText() != self.segment.text

    def _text_changed(self) -> None:
        if self._loading or self.segment is None:
            return
        self._last_typed.start()
        if not self._idle.isActive():
            self._since_first.start()
        if self._since_first.isValid() and self._since_first.elapsed() >= MAX_UNSAVED_MS:
            self.flush()
        else:
            self._idle.start()

    def typed_within(self, ms: int) -> bool:
        """Whether the user typed in the last `ms` (the cursor then stays put even when following audio)."""
        return self._last_typed.isValid() and self._last_typed.elapsed() < ms

    def flush(self) -> None:
        """Save typed text now (called before any other action, so the order of edits is kept)."""
        self._idle.stop()
        self._since_first.invalidate()
        if self.has_unsaved():
            self.text_edited.emit(self.segment.id, self.text_edit.toPlainText())
