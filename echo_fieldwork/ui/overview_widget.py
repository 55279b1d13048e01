"""The study overview: what is in the study at a glance."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from echo_fieldwork.i18n import _
from echo_fieldwork.settings import Settings
from echo_fieldwork.study import Study


class OverviewWidget(QWidget):
    def __init__(self, study: Study, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.setWindowTitle(_("Overview"))
        layout = QVBoxLayout(self)
        self.title_label = QLabel()
        self.title_label.setObjectName("studyTitle")
        layout.addWidget(self.title_label)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        self.title_label.setText(self.study.title)
