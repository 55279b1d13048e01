"""The list of segments; a click on a word reports the character under the mouse."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyleOptionViewItem

from echo_fieldwork.ui.correction.segment_list_model import SEGMENT_ROLE, TURN_START_ROLE


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

    def setModel(self, model) -> None:
        super().setModel(model)
        model.rows_updated.connect(self.update_rows)
        model.playing_row_changed.connect(lambda old, new: self.update_rows(min(old, new), max(old, new))
                                          if abs(old - new) <= 1 else (self.update_rows(old, old),
                                                                       self.update_rows(new, new)))

    def update_rows(self, first: int, last: int) -> None:
        """Repaint rows that changed; lay out all rows again only if one of them changed height."""
        model = self.model()
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        for row in range(max(0, first), min(model.rowCount(), last + 1)):
            index = model.index(row)
            rect = self.visualRect(index)
            option.rect = rect
            if self.itemDelegate().sizeHint(option, index).height() != rect.height():
                self.doItemsLayout()
                self.viewport().update()
                return
            self.viewport().update(rect)
