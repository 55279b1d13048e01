"""Shown when no study is open: create, open, or pick a recent study (by its title; one click or Enter)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProxyStyle,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.i18n import _


class _SingleClickStyle(QProxyStyle):
    """Items activate on one click (and Enter), as links do; a double click then activates only once."""

    def styleHint(self, hint, option=None, widget=None, data=None):
        if hint == QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick:
            return 1
        return super().styleHint(hint, option, widget, data)


class WelcomeWidget(QWidget):
    new_study_requested = Signal()
    open_study_requested = Signal()
    recent_study_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        heading = QLabel(_("Welcome to echo_fieldwork"))
        heading.setStyleSheet("font-size: 22pt; font-weight: 600;")
        layout.addWidget(heading)
        intro = QLabel(_("Consent, interviews, recordings and transcripts stay on this computer."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        new_button = QPushButton(_("New study…"))
        new_button.setObjectName("newStudyButton")
        new_button.clicked.connect(self.new_study_requested)
        open_button = QPushButton(_("Open a study…"))
        open_button.setObjectName("openStudyButton")
        open_button.clicked.connect(self.open_study_requested)
        for button in (new_button, open_button):
            button.setMinimumHeight(36)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(16)
        layout.addWidget(QLabel(_("Recent studies")))
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentStudies")
        self._style = _SingleClickStyle()
        self.recent_list.setStyle(self._style)
        self.recent_list.setCursor(Qt.CursorShape.PointingHandCursor)
        self.recent_list.itemActivated.connect(lambda item: self.recent_study_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(self.recent_list, 1)

    def set_recent(self, folders: list[str], titles: dict[str, str] | None = None) -> None:
        """The studies by title (the folder's name for one never opened since titles were kept), the
        folder below."""
        self.recent_list.clear()
        for folder in folders:
            item = QListWidgetItem(f"{(titles or {}).get(folder) or Path(folder).name}\n{folder}")
            item.setData(Qt.ItemDataRole.UserRole, folder)
            item.setToolTip(folder)
            self.recent_list.addItem(item)
        if self.recent_list.count():
            self.recent_list.setCurrentRow(0)  # Enter opens the latest study
