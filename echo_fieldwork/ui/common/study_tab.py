"""The base class of the tabs of an open study: what the main window calls on each of them."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study


class StudyTab(QWidget):
    """One tab of an open study, built by the main window as `Cls(study, settings, parent)`; its
    `windowTitle()` is the tab's label. The main window calls the four methods below; each has a default,
    so a tab overrides only what it needs."""

    def __init__(self, study: Study, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.settings = settings

    def refresh(self) -> None:
        """Show the study as it is now: called when the tab is shown, when the main window comes back from
        another window, and after changes elsewhere. Default: nothing to refresh."""

    def menu_actions(self) -> list[QAction]:
        """Actions added to the Study menu while the study is open (e.g. "Add participant…"). Default: none."""
        return []

    def running_work(self) -> str:
        """What closing the study would stop, as a sentence for the user (e.g. a recording under way);
        the main window asks before closing. Default: "" (nothing)."""
        return ""

    def shutdown(self) -> None:
        """Called before the study closes, while it is still open: stop background work and save what is
        being typed. Then the tab is closed (`closeEvent`) and deleted. Default: nothing to stop."""
