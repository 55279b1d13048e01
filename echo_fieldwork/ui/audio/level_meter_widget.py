"""A horizontal input level meter (dBFS) with a peak marker and a clipping lamp.

Reusable: the session window and the first-run microphone test feed it with `set_level()` (connect it to
`RecorderBridge.level_measured`)."""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from echo_fieldwork.i18n import _

FLOOR_DBFS = -60.0
CLIP_HOLD_SECONDS = 1.5


class LevelMeterWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("levelMeter")
        self.rms_dbfs = FLOOR_DBFS
        self.peak_dbfs = FLOOR_DBFS
        self._clipped_at = 0.0
        self.setMinimumHeight(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Input level"))

    def sizeHint(self) -> QSize:
        return QSize(260, 26)

    @property
    def clipping(self) -> bool:
        return time.monotonic() - self._clipped_at < CLIP_HOLD_SECONDS

    def set_level(self, rms_dbfs: float, peak_dbfs: float, clipped: bool = False) -> None:
        self.rms_dbfs = max(FLOOR_DBFS, min(0.0, rms_dbfs))
        self.peak_dbfs = max(FLOOR_DBFS, min(0.0, peak_dbfs))
        if clipped:
            self._clipped_at = time.monotonic()
        self.setToolTip(_("Level {rms:.0f} dBFS, peak {peak:.0f} dBFS").format(rms=rms_dbfs, peak=peak_dbfs))
        self.update()

    def reset(self) -> None:
        self.set_level(FLOOR_DBFS, FLOOR_DBFS)
        self._clipped_at = 0.0

    def _x(self, dbfs: float, width: float) -> float:
        return width * (dbfs - FLOOR_DBFS) / -FLOOR_DBFS

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lamp = self.height()
        bar = QRectF(0, 0, self.width() - lamp - 6, self.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e6e8eb"))
        painter.drawRoundedRect(bar, 4, 4)
        level = self._x(self.rms_dbfs, bar.width())
        # green up to -12 dBFS, amber to -3, red above: what a sound engineer expects
        for start, end, color in ((FLOOR_DBFS, -12.0, "#3c9a5f"), (-12.0, -3.0, "#d9a400"), (-3.0, 0.0, "#c8372d")):
            left, right = self._x(start, bar.width()), min(level, self._x(end, bar.width()))
            if right > left:
                painter.setBrush(QColor(color))
                painter.drawRoundedRect(QRectF(left, 0, right - left, bar.height()), 3, 3)
        peak = self._x(self.peak_dbfs, bar.width())
        painter.setBrush(QColor("#2b2f33"))
        painter.drawRect(QRectF(max(0.0, peak - 2), 0, 2, bar.height()))
        painter.setBrush(QColor("#c8372d" if self.clipping else "#cfd3d7"))
        painter.drawEllipse(QRectF(self.width() - lamp + 2, 2, lamp - 4, lamp - 4))
        painter.end()
