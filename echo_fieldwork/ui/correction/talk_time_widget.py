"""Talk time per speaker (minutes and share) as a small bar chart, painted with QPainter: moderators
use it to see whether everyone was heard."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from echo_fieldwork.correction.edits import SpeakerTime
from echo_fieldwork.i18n import _, current_language
from echo_fieldwork.reports.stats import format_number
from echo_fieldwork.ui.correction.segment_delegate import speaker_color, speaker_text

ROW = 26
LABEL_WIDTH = 70
VALUE_WIDTH = 118


class TalkTimeWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("talkTime")
        self.times: list[SpeakerTime] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_times(self, times: list[SpeakerTime]) -> None:
        self.times = times
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 40 + ROW * max(1, len(self.times)))

    def minimumSizeHint(self) -> QSize:
        return QSize(340, 40 + ROW * max(1, len(self.times)))

    @staticmethod
    def value_text(time: SpeakerTime) -> str:
        return _("{minutes} min · {share} %").format(minutes=minutes_text(time.ms),
                                                     share=round(time.share * 100))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        title = QFont(self.font())
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        total = sum(t.ms for t in self.times)
        painter.drawText(QRect(8, 6, self.width() - 16, 20), Qt.AlignmentFlag.AlignLeft,
                         _("{minutes} min of speech in all").format(
                             minutes=minutes_text(total)))  # as each row: a short one is not "0 min"
        painter.setFont(self.font())
        if not self.times:
            painter.drawText(QRect(8, 32, self.width() - 16, 20), Qt.AlignmentFlag.AlignLeft, _("No transcript yet."))
            return
        top = max(t.share for t in self.times) or 1
        bar_space = max(20, self.width() - LABEL_WIDTH - VALUE_WIDTH - 24)
        for i, time in enumerate(self.times):
            y = 32 + i * ROW
            label = speaker_text(time.speaker)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(QRect(8, y, LABEL_WIDTH - 8, ROW - 6), Qt.AlignmentFlag.AlignVCenter, label)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#ececec"))
            painter.drawRoundedRect(LABEL_WIDTH, y + 3, bar_space, ROW - 12, 3, 3)
            painter.setBrush(speaker_color(time.speaker))
            painter.drawRoundedRect(LABEL_WIDTH, y + 3, max(2, round(bar_space * time.share / top)), ROW - 12, 3, 3)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(QRect(LABEL_WIDTH + bar_space + 8, y, VALUE_WIDTH, ROW - 6),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.value_text(time))


def minutes_text(ms: int) -> str:
    """Minutes to one decimal as the interface language writes them (0.4 in English, 0,4 in French)."""
    return format_number(Fraction(ms, 60000), current_language(), 1)
