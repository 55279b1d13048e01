"""The list of segments; a click on a word reports the character under the mouse."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QListView

from echo_fieldwork.ui.segment_list_model import SEGMENT_ROLE, TURN_START_ROLE


class SegmentListView(QListView):
    segment_clicked = Signal(int, int)  # row, character offset (-1 outside the text)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentList")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(False)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        index = self.indexAt(event.position().toPoint())
        if not index.isValid() or event.modifiers():
            return
        pos = event.position().toPoint()
        offset = self.itemDelegate().offset_at(index.data(SEGMENT_ROLE), self.visualRect(index),
                                               bool(index.data(TURN_START_ROLE)), self.font(), pos.x(), pos.y())
        self.segment_clicked.emit(index.row(), -1 if offset is None else offset)

    def relayout(self) -> None:
        """Recompute row heights (after an edit changed how a row wraps)."""
        self.doItemsLayout()
