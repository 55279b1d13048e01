"""Shown when no study is open: create, open, or pick a recent study."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from echo_fieldwork.i18n import _


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
        self.recent_list.itemActivated.connect(lambda item: self.recent_study_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(self.recent_list, 1)

    def set_recent(self, folders: list[str]) -> None:
        self.recent_list.clear()
        for folder in folders:
            item = QListWidgetItem(f"{Path(folder).name}    —    {folder}")
            item.setData(Qt.ItemDataRole.UserRole, folder)
            self.recent_list.addItem(item)
