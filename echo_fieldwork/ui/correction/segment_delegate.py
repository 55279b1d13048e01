"""Paints one segment row: time, speaker (at the start of a turn), wrapped text with uncertain words
underlined subtly, the segment being heard highlighted. Only visible rows are painted, so a 2-hour
transcript costs no more than a short one."""

from __future__ import annotations

import re
import zlib

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextCharFormat, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from echo_fieldwork.correction.edits import UNCERTAIN_THRESHOLD, UNKNOWN_SPEAKER
from echo_fieldwork.i18n import _
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.transcript.segments import Segment
from echo_fieldwork.ui.correction.segment_list_model import PLAYING_ROLE, SEGMENT_ROLE, TURN_START_ROLE

PAD = 6
TIME_WIDTH = 74
SPEAKER_WIDTH = 64
TURN_GAP = 8
PLAYING_COLOR = QColor("#fff4c2")
SELECTED_COLOR = QColor("#dbe8fb")
UNCERTAIN_COLOR = QColor("#c77700")
CURRENT_BAR_COLOR = QColor("#3b78d8")


PARTICIPANT_COLORS = ["#1f6fb4", "#c0392b", "#2e8b3a", "#8e44ad", "#d35400", "#138d90", "#8c564b", "#c2357e"]
STAFF_COLORS = ["#2c3e50", "#5d6d7e", "#7b4f2c"]


def speaker_text(label: str) -> str:
    """A speaker label as shown: codes as they are, the provisional "unknown" in the interface language."""
    if not label:
        return "?"
    return _("unknown") if label == UNKNOWN_SPEAKER else label


def speaker_color(label: str) -> QColor:
    """A stable colour per code: participants by number, moderators/interviewers in dark tones."""
    if not label or label == UNKNOWN_SPEAKER:
        return QColor("#808080")
    match = re.match(r"^([A-Za-z]+)(\d+)$", label)
    if match:
        number = int(match.group(2))
        colors = PARTICIPANT_COLORS if match.group(1).upper() in ("P", "S") else STAFF_COLORS
        return QColor(colors[(number - 1) % len(colors)])
    return QColor(PARTICIPANT_COLORS[zlib.crc32(label.encode()) % len(PARTICIPANT_COLORS)])


def word_spans(seg: Segment) -> list[tuple[int, int]]:
    """Character span of each word, when the words match the text token by token (else empty)."""
    spans, at = [], 0
    tokens = seg.text.split()
    if len(tokens) != len(seg.words):
        return []
    for token in tokens:
        at = seg.text.index(token, at)
        spans.append((at, at + len(token)))
        at += len(token)
    return spans


class SegmentDelegate(QStyledItemDelegate):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.show_uncertain = True
        self._heights: dict[tuple, int] = {}

    def text_rect(self, rect: QRect, turn_start: bool) -> QRect:
        top = rect.top() + PAD + (TURN_GAP if turn_start else 0)
        left = rect.left() + PAD + TIME_WIDTH + SPEAKER_WIDTH
        return QRect(left, top, max(50, rect.right() - left - PAD), rect.bottom() - top - PAD + 1)

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        # Called for every row whenever the list is laid out: read the model directly (no QVariant round
        # trips) and cache heights by text and width.
        model, row = index.model(), index.row()
        seg: Segment = model.segments[row]
        turn_start = model.is_turn_start(row)
        width = option.rect.width() - 2 * PAD - TIME_WIDTH - SPEAKER_WIDTH
        key = (seg.text, width, turn_start)
        height = self._heights.get(key)
        if height is None:
            metrics = QFontMetrics(option.font)
            text_height = metrics.boundingRect(QRect(0, 0, max(50, width), 100000), Qt.TextFlag.TextWordWrap,
                                               seg.text or " ").height()
            height = text_height + 2 * PAD + (TURN_GAP if turn_start else 0)
            if len(self._heights) > 20000:
                self._heights.clear()
            self._heights[key] = height
        return QSize(option.rect.width(), height)

    def _layout(self, seg: Segment, rect: QRect, font: QFont) -> QTextLayout:
        layout = QTextLayout(seg.text, font)
        text_option = QTextOption()
        text_option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(text_option)
        if self.show_uncertain:
            formats = []
            for (start, end), word in zip(word_spans(seg), seg.words):
                if word.probability < UNCERTAIN_THRESHOLD:
                    fmt = QTextCharFormat()
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                    fmt.setUnderlineColor(UNCERTAIN_COLOR)
                    fmt.setForeground(UNCERTAIN_COLOR.darker(130))
                    item = QTextLayout.FormatRange()
                    item.start, item.length, item.format = start, end - start, fmt
                    formats.append(item)
            layout.setFormats(formats)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(rect.width())
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        return layout

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        seg: Segment = index.data(SEGMENT_ROLE)
        turn_start = bool(index.data(TURN_START_ROLE))
        rect = option.rect
        painter.save()
        band = rect.adjusted(0, TURN_GAP if turn_start else 0, 0, 0)
        if index.data(PLAYING_ROLE):
            painter.fillRect(band, PLAYING_COLOR)
        elif option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(band, SELECTED_COLOR)
        if option.state & QStyle.StateFlag.State_HasFocus or (option.state & QStyle.StateFlag.State_Selected
                                                                and index.data(PLAYING_ROLE)):
            painter.fillRect(band.adjusted(0, 0, -band.width() + 3, 0), CURRENT_BAR_COLOR)
        if turn_start and index.row() > 0:
            painter.setPen(QColor("#d8d8d8"))
            painter.drawLine(rect.left() + PAD, rect.top() + TURN_GAP // 2, rect.right() - PAD, rect.top() + TURN_GAP // 2)
        text_rect = self.text_rect(rect, turn_start)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        painter.setFont(small)
        painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(QRect(rect.left() + PAD, text_rect.top(), TIME_WIDTH, text_rect.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, format_ms(seg.start_ms))
        if turn_start:
            bold = QFont(option.font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(speaker_color(seg.speaker))
            label = speaker_text(seg.speaker)
            painter.drawText(QRect(rect.left() + PAD + TIME_WIDTH, text_rect.top(), SPEAKER_WIDTH - 4,
                                   text_rect.height()), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                             QFontMetrics(bold).elidedText(label, Qt.TextElideMode.ElideRight, SPEAKER_WIDTH - 6))
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        self._layout(seg, text_rect, option.font).draw(painter, QPointF(text_rect.topLeft()))
        painter.restore()

    def offset_at(self, seg: Segment, rect: QRect, turn_start: bool, font: QFont, x: int, y: int) -> int | None:
        """The character offset under a click, or None outside the text."""
        text_rect = self.text_rect(rect, turn_start)
        if not text_rect.contains(x, y):
            return None
        layout = self._layout(seg, text_rect, font)
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= y - text_rect.top() < line.y() + line.height():
                return line.xToCursor(x - text_rect.left())
        return None
