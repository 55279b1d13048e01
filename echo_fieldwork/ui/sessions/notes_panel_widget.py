"""Field notes during a session: type and press Enter; quick tags; the list of notes, editable later.

A note is stamped with the moment its first character was typed: the interviewer starts writing about
what was just said, not about what is said while they finish typing."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.fieldnotes import NOTE_TAGS, FieldNote
from echo_fieldwork.timeutil import format_ms

NOTE_ID_ROLE = Qt.ItemDataRole.UserRole
TAG_KEYS = ("F5", "F6", "F7", "F8")


class NotesPanelWidget(QWidget):
    note_submitted = Signal(str, list, object)   # text, tags, recording ms (or None)
    note_edited = Signal(int, str)               # note id, new text

    def __init__(self, position: Callable[[], int | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._position = position
        self._started_ms: int | None = None
        self._typing = False
        self.entry = QLineEdit()
        self.entry.setObjectName("noteEntry")
        self.entry.setPlaceholderText(_("Type a note and press Enter…"))
        self.entry.setMinimumHeight(34)
        self.entry.textEdited.connect(self._on_text_edited)
        self.entry.returnPressed.connect(self.submit)
        self.tag_buttons: dict[str, QPushButton] = {}
        tags_row = QHBoxLayout()
        for (tag, label), key in zip(NOTE_TAGS.items(), TAG_KEYS):
            button = QPushButton(f"{key} · {_(label)}")
            button.setCheckable(True)
            button.setObjectName(f"tag_{tag}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(_("Tag the note being written ({key})").format(key=key))
            self.tag_buttons[tag] = button
            tags_row.addWidget(button)
        tags_row.addStretch(1)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("notesTable")
        self.table.setHorizontalHeaderLabels([_("Time"), _("Tags"), _("Note (double-click to edit)")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._on_item_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entry)
        layout.addLayout(tags_row)
        layout.addWidget(self.table, 1)

    def toggle_tag(self, tag: str) -> None:
        button = self.tag_buttons[tag]
        button.setChecked(not button.isChecked())
        if button.isChecked() and not self._typing:
            self._started_ms, self._typing = self._position(), True

    def selected_tags(self) -> list[str]:
        return [tag for tag, button in self.tag_buttons.items() if button.isChecked()]

    def _on_text_edited(self, text: str) -> None:
        if text and not self._typing:
            self._started_ms, self._typing = self._position(), True
        elif not text and not self.selected_tags():
            self._typing = False

    def submit(self) -> None:
        text, tags = self.entry.text().strip(), self.selected_tags()
        if not text and not tags:
            return
        recording_ms = self._started_ms if self._typing else self._position()
        self.note_submitted.emit(text, tags, recording_ms)

    def clear_entry(self) -> None:
        """After the note was stored (the window calls this only on success, so a refused note stays)."""
        self.entry.clear()
        for button in self.tag_buttons.values():
            button.setChecked(False)
        self._typing, self._started_ms = False, None

    def set_notes(self, notes: list[FieldNote]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(notes))
        for row, note in enumerate(notes):
            when = format_ms(note.recording_ms) if note.recording_ms is not None else "—"
            time_item = QTableWidgetItem(when)
            tags_item = QTableWidgetItem(", ".join(_(NOTE_TAGS[t]) for t in note.tags))
            for item in (time_item, tags_item):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            text_item = QTableWidgetItem(note.text)
            text_item.setData(NOTE_ID_ROLE, note.id)
            text_item.setToolTip(_("Edited") if note.edited_at else "")
            self.table.setItem(row, 0, time_item)
            self.table.setItem(row, 1, tags_item)
            self.table.setItem(row, 2, text_item)
        self.table.blockSignals(False)
        self.table.scrollToBottom()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        note_id = item.data(NOTE_ID_ROLE)
        if note_id is not None:
            self.note_edited.emit(int(note_id), item.text())
