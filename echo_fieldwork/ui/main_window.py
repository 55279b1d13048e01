"""The main window: open or create a study, then its tabs (overview, sessions, transcripts…)."""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QStackedWidget, QTabWidget, QToolBar, QWidget

from echo_fieldwork import __version__
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.lock import LockHeldElsewhereError
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.study_tab import STUDY_TABS
from echo_fieldwork.ui.study.new_study_dialog import NewStudyDialog
from echo_fieldwork.ui.study.welcome_widget import WelcomeWidget


class MainWindow(QMainWindow):
    study_opened = Signal(object)
    study_closed = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.study: Study | None = None
        self.setWindowTitle("echo_fieldwork")
        self.resize(1200, 800)
        self.stack = QStackedWidget()
        self.welcome = WelcomeWidget()
        self.welcome.new_study_requested.connect(self.new_study)
        self.welcome.open_study_requested.connect(self.choose_study)
        self.welcome.recent_study_chosen.connect(self.open_study)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("studyTabs")
        self.tabs.setDocumentMode(True)
        # Tabs show data other tabs and windows change (a session recorded in its own window, a transcript
        # corrected in the editor): the tab the user looks at is refreshed when it is shown.
        self.tabs.currentChanged.connect(self.refresh_current_tab)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self._build_actions()
        self._build_menus()
        self._refresh_recent()
        self._show_state()

    # -- actions and menus -----------------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.new_action = QAction(_("&New study…"), self, shortcut=QKeySequence.StandardKey.New,
                                  triggered=self.new_study)
        self.open_action = QAction(_("&Open study…"), self, shortcut=QKeySequence.StandardKey.Open,
                                   triggered=self.choose_study)
        self.close_action = QAction(_("&Close study"), self, shortcut=QKeySequence.StandardKey.Close,
                                    triggered=lambda: self.confirm_stop_work() and self.close_study())
        self.quit_action = QAction(_("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        self.about_action = QAction(_("&About echo_fieldwork"), self, triggered=self.show_about)
        # Settings, guide, first-run assistant and diagnostics (issue 8): the dialogs live in their own modules.
        self.settings_action = QAction(_("&Settings…"), self, shortcut=QKeySequence.StandardKey.Preferences,
                                       triggered=self.show_settings)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.guide_action = QAction(_("&User guide"), self, shortcut=QKeySequence.StandardKey.HelpContents,
                                    triggered=self.show_user_guide)
        self.first_run_action = QAction(_("&First-start assistant…"), self, triggered=self.show_first_run_wizard)
        self.diagnostics_action = QAction(_("Copy &diagnostic info"), self, triggered=self.copy_diagnostics)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(_("&File"))
        self.file_menu.addAction(self.new_action)
        self.file_menu.addAction(self.open_action)
        self.recent_menu = self.file_menu.addMenu(_("Open &recent"))
        self.file_menu.addAction(self.close_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu(_("&Edit"))
        self.edit_menu.addAction(self.settings_action)
        self.study_menu = bar.addMenu(_("&Study"))
        self.help_menu = bar.addMenu(_("&Help"))
        self.help_menu.addActions([self.guide_action, self.first_run_action, self.diagnostics_action])
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)
        self.toolbar = QToolBar(_("Main toolbar"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addAction(self.new_action)
        self.toolbar.addAction(self.open_action)
        self.addToolBar(self.toolbar)

    def _refresh_recent(self) -> None:
        recent = [f for f in self.settings.get("recent_studies") if Path(f).is_dir()]
        self.recent_menu.clear()
        for folder in recent:
            self.recent_menu.addAction(folder, lambda f=folder: self.open_study(f))
        self.recent_menu.setEnabled(bool(recent))
        self.welcome.set_recent(recent)

    def _show_state(self) -> None:
        has_study = self.study is not None
        self.close_action.setEnabled(has_study)
        self.study_menu.setEnabled(has_study)
        self.stack.setCurrentWidget(self.tabs if has_study else self.welcome)
        title = "echo_fieldwork"
        if has_study:
            title = f"{self.study.title} — {self.study.folder} — echo_fieldwork"
        self.setWindowTitle(title)

    def default_studies_dir(self) -> Path:
        return Path(self.settings.get("studies_dir") or Path.home() / "echo_fieldwork")

    # -- study lifecycle ------------------------------------------------------------------------------
    def new_study(self) -> None:
        dialog = NewStudyDialog(self.default_studies_dir(), self)
        if dialog.exec() != NewStudyDialog.DialogCode.Accepted:
            return
        title, language, folder = dialog.values()
        self.create_study(folder, title, language)

    def create_study(self, folder: Path | str, title: str, language: str) -> bool:
        if not self.confirm_stop_work():  # switching studies would stop a recording under way
            return False
        self.close_study()
        try:
            study = Study.create(folder, title, language, actor=self.settings.get("actor") or None)
        except UserError as error:
            show_error(self, error)
            return False
        self._set_study(study)
        return True

    def choose_study(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Open a study folder"), str(self.default_studies_dir()))
        if folder:
            self.open_study(folder)

    def open_study(self, folder: Path | str) -> bool:
        if not self.confirm_stop_work():
            return False
        self.close_study()
        try:
            study = Study.open(folder, actor=self.settings.get("actor") or None)
        except LockHeldElsewhereError as locked:
            if not self.confirm_take_over(locked):
                return False
            try:
                study = Study.open(folder, actor=self.settings.get("actor") or None, take_over_lock=True)
            except (UserError, OSError) as error:
                show_error(self, error, _("The study could not be opened"))
                return False
        except (UserError, OSError) as error:
            show_error(self, error, _("The study could not be opened"))
            return False
        self._set_study(study)
        return True

    def confirm_take_over(self, locked: LockHeldElsewhereError) -> bool:
        """Ask before taking over a lock held by another computer (it may still have the study open)."""
        answer = QMessageBox.question(
            self, _("Study open on another computer"),
            _("This study is marked as open on the computer {host} (user {user}) since {since}.\n\n"
              "Take it over? Do this only if it is no longer open there (that computer crashed or lost the "
              "shared drive): if it is still open there, changes can be lost. Taking over is written in the "
              "study's audit log.").format(
                host=locked.holder.host, user=locked.holder.user, since=locked.holder.since),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _set_study(self, study: Study) -> None:
        self.study = study
        self.settings.add_recent_study(study.folder)
        self._refresh_recent()
        self.tabs.clear()
        self.tabs.blockSignals(True)  # each tab shows fresh data when built: no second refresh while adding
        for module_name, class_name in STUDY_TABS:
            widget_class = getattr(importlib.import_module(module_name), class_name)
            widget = widget_class(study, self.settings, self.tabs)
            self.tabs.addTab(widget, widget.windowTitle())
            # A tab may contribute actions to the Study menu (e.g. "Add participant…").
            for action in getattr(widget, "menu_actions", lambda: [])():
                self.study_menu.addAction(action)
        self.tabs.blockSignals(False)
        self._show_state()
        self.study_opened.emit(study)

    def refresh_tabs(self) -> None:
        for index in range(self.tabs.count()):
            self.tabs.widget(index).refresh()

    def refresh_current_tab(self) -> None:
        widget = self.tabs.currentWidget()
        if widget is not None and self.study is not None:
            widget.refresh()

    def changeEvent(self, event: QEvent) -> None:
        # Back from a session or editor window: what the current tab shows may have changed there.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_current_tab()
        super().changeEvent(event)

    def close_study(self) -> None:
        if self.study is None:
            return
        self.study_menu.clear()
        self.tabs.blockSignals(True)  # no refresh of the next tab while the tabs are being taken down
        while self.tabs.count():
            widget = self.tabs.widget(0)
            getattr(widget, "shutdown", lambda: None)()  # a tab's background work stops before the study closes
            self.tabs.removeTab(0)
            widget.close()  # a tab finishes its work while the study is still open (e.g. stops a recording)
            widget.deleteLater()
        self.tabs.blockSignals(False)
        self.study.close()
        self.study = None
        self._show_state()
        self.study_closed.emit()

    def show_about(self) -> None:
        QMessageBox.about(self, _("About echo_fieldwork"), _(
            "echo_fieldwork {version}\n\nOffline fieldwork for qualitative health research. "
            "Nothing you record or type leaves this computer unless you export it.").format(version=__version__))

    def show_settings(self) -> None:
        from echo_fieldwork.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.settings, self).exec()

    def show_user_guide(self) -> None:
        from echo_fieldwork.ui.user_guide_dialog import UserGuideDialog

        UserGuideDialog(self).show()

    def show_first_run_wizard(self) -> None:
        from echo_fieldwork.ui.first_run_wizard import FirstRunWizard

        FirstRunWizard(self.settings, self).exec()

    def copy_diagnostics(self) -> None:
        from echo_fieldwork.ui.diagnostics import copy_diagnostics

        copy_diagnostics(self.settings, self)

    def confirm_stop_work(self) -> bool:
        """Ask before closing the study stops work in progress (a tab's `running_work()` says what, e.g. a
        recording in a session window); True when there is none or the user agrees."""
        work = [text for i in range(self.tabs.count())
                for text in [getattr(self.tabs.widget(i), "running_work", lambda: "")()] if text]
        if self.study is None or not work:
            return True
        answer = QMessageBox.question(self, _("Work in progress"), "\n".join(work) + "\n\n" + _(
            "Stop it and close the study?"), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_stop_work():
            event.ignore()
            return
        self.close_study()
        super().closeEvent(event)
