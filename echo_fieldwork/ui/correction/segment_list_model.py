"""The segments of one transcript as a Qt list model: one row per segment, updated row by row from the
`Change`s the editing core returns (an edit never rebuilds the whole model)."""

from __future__ import annotations

import bisect

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from echo_fieldwork.correction.edits import FLAG_TURN, Change, copy_segment, flag_set
from echo_fieldwork.i18n import _
from echo_fieldwork.transcript.segments import Segment

SEGMENT_ROLE = Qt.ItemDataRole.UserRole + 1
TURN_START_ROLE = Qt.ItemDataRole.UserRole + 2
PLAYING_ROLE = Qt.ItemDataRole.UserRole + 3
INAUDIBLE_FLAG = "inaudible"  # transcription.honesty's flag: the text is `[inaudible]`, the words are the guess


def machine_guess_tip(seg: Segment) -> str | None:
    """For a segment marked inaudible, what the machine guessed, for the transcriber to restore if it is
    right after listening."""
    if INAUDIBLE_FLAG not in flag_set(seg.flags) or not seg.words:
        return None
    guess = "".join(w.text for w in seg.words).strip()  # Whisper's words carry their own spaces
    return _("Marked inaudible. The machine guessed: “{guess}”").format(guess=guess)


class SegmentListModel(QAbstractListModel):
    # In-place changes are announced with these instead of dataChanged: QListView answers dataChanged by
    # laying out every row again (~30 ms for 2,600 rows); the view repaints or re-lays out only if needed.
    rows_updated = Signal(int, int)
    playing_row_changed = Signal(int, int)  # old row, new row

    def __init__(self, session_id: int, segments: list[Segment], parent=None) -> None:
        super().__init__(parent)
        self.session_id = session_id
        self.segments = segments
        self.playing_row = -1
        self._reindex()

    def _reindex(self) -> None:
        self._row_of = {s.id: i for i, s in enumerate(self.segments)}
        self._starts = [s.start_ms for s in self.segments]

    # -- Qt model ---------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.segments)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        seg = self.segments[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return seg.text
        if role == SEGMENT_ROLE:
            return seg
        if role == TURN_START_ROLE:
            return self.is_turn_start(index.row())
        if role == PLAYING_ROLE:
            return index.row() == self.playing_row
        if role == Qt.ItemDataRole.ToolTipRole:
            return machine_guess_tip(seg)
        return None

    # -- queries -------------------------------------------------------------------------------------------
    def is_turn_start(self, row: int) -> bool:
        if row == 0:
            return True
        seg = self.segments[row]
        return seg.speaker != self.segments[row - 1].speaker or FLAG_TURN in flag_set(seg.flags)

    def row_of(self, segment_id: int) -> int:
        return self._row_of.get(segment_id, -1)

    def row_at_ms(self, ms: int) -> int:
        """The segment being heard at `ms` (the last one starting at or before it)."""
        return max(0, bisect.bisect_right(self._starts, ms) - 1) if self.segments else -1

    def set_playing_row(self, row: int) -> None:
        if row == self.playing_row:
            return
        old, self.playing_row = self.playing_row, row
        self.playing_row_changed.emit(old, row)

    # -- applying edits -------------------------------------------------------------------------------------
    def apply(self, change: Change, forward: bool = True) -> None:
        """Bring the rows touched by `change` to its after (forward) or before state."""
        old_rows = change.before if forward else change.after
        new_rows = change.after if forward else change.before
        new_ids = {s.id for s in new_rows}
        for seg in old_rows:
            if seg.id not in new_ids and (row := self.row_of(seg.id)) >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.segments[row]
                self._reindex()
                self.endRemoveRows()
        for seg in sorted(new_rows, key=lambda s: (s.start_ms, s.id)):
            if seg.session_id != self.session_id:
                continue  # a study-wide replace also touched other transcripts
            seg = copy_segment(seg)
            row = self.row_of(seg.id)
            if row >= 0:
                self.segments[row] = seg
                if self._starts[row] != seg.start_ms:
                    self._starts[row] = seg.start_ms
                first, last = max(0, row - 1), min(len(self.segments) - 1, row + 1)  # turn starts may change
                self.rows_updated.emit(first, last)
            else:
                keys = [(s.start_ms, s.id) for s in self.segments]
                row = bisect.bisect_left(keys, (seg.start_ms, seg.id))
                self.beginInsertRows(QModelIndex(), row, row)
                self.segments.insert(row, seg)
                self._reindex()
                self.endInsertRows()
