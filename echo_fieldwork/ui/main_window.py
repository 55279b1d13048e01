"""The main window: open or create a study, then its tabs (overview, sessions, transcripts…)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QStackedWidget, QTabWidget, QToolBar, QWidget

from echo_fieldwork import __version__
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people import study_form
from echo_fieldwork.settings import Settings
from echo_fieldwork.study import crypto
from echo_fieldwork.study.lock import LockHeldElsewhereError
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.study_tab import StudyTab
from echo_fieldwork.ui.correction.transcripts_widget import TranscriptsWidget
from echo_fieldwork.ui.export.exports_widget import ExportsWidget
from echo_fieldwork.ui.reports.reports_widget import ReportsWidget
from echo_fieldwork.ui.sessions.sessions_widget import SessionsWidget
from echo_fieldwork.ui.study.idle_lock import IdleLock, LockedPage
from echo_fieldwork.ui.study.new_study_dialog import NewStudyDialog
from echo_fieldwork.ui.study.overview_widget import OverviewWidget
from echo_fieldwork.ui.study.unlock_dialog import UnlockDialog, show_recovery_key
from echo_fieldwork.ui.study.welcome_widget import WelcomeWidget
from echo_fieldwork.ui.transcription.transcription_widget import TranscriptionWidget

# The tabs of an open study, in the order of the work: record, transcribe, correct, export, report.
STUDY_TABS: list[type[StudyTab]] = [OverviewWidget, SessionsWidget, TranscriptionWidget, TranscriptsWidget,
                                    ExportsWidget, ReportsWidget]
# A correction workspace holds one session without consent, questionnaires or withdrawals: no overview of the
# participants (it would show every consent missing) and no reports (refused in the core too).
NOT_IN_WORKSPACE = (OverviewWidget, ReportsWidget)


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
        self.locked_page = LockedPage()
        self.locked_page.unlock_requested.connect(self.ask_unlock)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.locked_page)
        self.setCentralWidget(self.stack)
        self._build_actions()
        self._build_menus()
        # An encrypted study locks after a time without input (setting lock_after_minutes; idle_lock.py).
        self.idle_lock = IdleLock(self)
        self.idle_lock.allowed_actions = {self.close_action, self.quit_action}
        self.idle_lock.locked_changed.connect(self._locked_changed)
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
        self.open_package_action = QAction(_("Open a correction &package…"), self, triggered=self.choose_package)
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
        self.file_menu.addAction(self.open_package_action)
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
        self.welcome.set_recent(recent, self.settings.get("recent_titles"))

    def _show_state(self) -> None:
        has_study = self.study is not None
        locked = has_study and self.idle_lock.locked
        self.close_action.setEnabled(has_study)
        self.study_menu.setEnabled(has_study and not locked)
        for action in (self.new_action, self.open_action, self.open_package_action):
            action.setEnabled(not locked)
        self.recent_menu.setEnabled(not locked and bool(self.recent_menu.actions()))
        self.stack.setCurrentWidget(self.locked_page if locked else self.tabs if has_study else self.welcome)
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
        self.create_study(folder, title, language, passphrase=dialog.passphrase(), questionnaire=dialog.questionnaire())

    def create_study(self, folder: Path | str, title: str, language: str, *, passphrase: str | None = None,
                     questionnaire: str = study_form.DEFAULT_BUNDLED) -> bool:
        if not self.confirm_stop_work():  # switching studies would stop a recording under way
            return False
        self.close_study()
        try:
            study = Study.create(folder, title, language, actor=self.settings.get("actor") or None,
                                 passphrase=passphrase)
            study_form.choose_bundled(study, questionnaire)
        except UserError as error:
            show_error(self, error)
            return False
        self._set_study(study)
        if study.recovery_key:
            show_recovery_key(self, study.recovery_key)
        return True

    def choose_study(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Open a study folder"), str(self.default_studies_dir()))
        if folder:
            self.open_study(folder)

    def open_study(self, folder: Path | str) -> bool:
        if not self.confirm_stop_work():
            return False
        self.close_study()
        if crypto.is_encrypted(folder) and crypto.unlocked(folder) is None:
            unlock = UnlockDialog(folder, parent=self)   # once per app session: the key stays in memory
            if unlock.exec() != UnlockDialog.DialogCode.Accepted:
                return False
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

    def choose_package(self) -> None:
        """A research assistant opens a session sent for correction: it becomes a workspace in a new folder."""
        from echo_fieldwork.ui.handoff.handoff_dialogs import ask_passphrase

        package, _filter = QFileDialog.getOpenFileName(self, _("Open a correction package"), "",
                                                       _("Correction packages (*.efpkg)"))
        if not package:
            return
        folder = QFileDialog.getExistingDirectory(self, _("An empty folder for the correction workspace"),
                                                  str(self.default_studies_dir()))
        passphrase = ask_passphrase(self, _("Open a correction package")) if folder else None
        if passphrase is not None:
            self.open_package(package, folder, passphrase)

    def open_package(self, package: Path | str, folder: Path | str, passphrase: str) -> bool:
        from echo_fieldwork.handoff.exchange import open_workspace

        if not self.confirm_stop_work():
            return False
        self.close_study()
        try:
            workspace = open_workspace(Path(package), Path(folder), passphrase,
                                       actor=self.settings.get("actor") or None)
        except (UserError, OSError) as error:   # a full disk while the audio is written: a sentence
            show_error(self, error, _("The correction package could not be opened"))
            return False
        self._set_study(workspace)
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
        self.settings.add_recent_study(study.folder, study.title)
        self._refresh_recent()
        self.tabs.clear()
        self.tabs.blockSignals(True)  # each tab shows fresh data when built: no second refresh while adding
        for tab_class in STUDY_TABS:
            if study.is_workspace and tab_class in NOT_IN_WORKSPACE:
                continue
            tab = tab_class(study, self.settings, self.tabs)
            self.tabs.addTab(tab, tab.windowTitle())
            self.study_menu.addActions(tab.menu_actions())  # e.g. "Add participant…"
        self.study_menu.addSeparator()
        if study.encrypted:
            self.study_menu.addAction(_("Change &passphrase…"), self.change_passphrase)
        else:
            self.study_menu.addAction(_("&Encrypt this study…"), self.encrypt_study)
        self.tabs.blockSignals(False)
        tabs = {type(tab): tab for tab in self.study_tabs()}
        # "Transcribe the rest" in the Transcripts tab runs in the Transcription tab's queue.
        tabs[TranscriptsWidget].transcription_queued.connect(lambda _job: tabs[TranscriptionWidget].start_queue())
        self.arm_idle_lock()
        self._show_state()
        self.study_opened.emit(study)

    def study_tabs(self) -> list[StudyTab]:
        return [self.tabs.widget(index) for index in range(self.tabs.count())]

    def refresh_tabs(self) -> None:
        for tab in self.study_tabs():
            tab.refresh()

    def refresh_current_tab(self) -> None:
        tab: StudyTab | None = self.tabs.currentWidget()
        if tab is not None and self.study is not None:
            tab.refresh()

    def changeEvent(self, event: QEvent) -> None:
        # Back from a session or editor window: what the current tab shows may have changed there.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh_current_tab()
        super().changeEvent(event)

    def close_study(self) -> None:
        if self.study is None:
            return
        self.idle_lock.disarm()
        self.study_menu.clear()
        self.tabs.blockSignals(True)  # no refresh of the next tab while the tabs are being taken down
        while self.tabs.count():
            tab: StudyTab = self.tabs.widget(0)
            tab.shutdown()  # a tab's background work stops before the study closes
            self.tabs.removeTab(0)
            tab.close()  # a tab finishes its work while the study is still open (e.g. stops a recording)
            tab.deleteLater()
        self.tabs.blockSignals(False)
        self.study.close()
        self.study = None
        self._show_state()
        self.study_closed.emit()

    # -- the study's encryption -------------------------------------------------------------------------
    def change_passphrase(self) -> None:
        from echo_fieldwork.ui.study.change_passphrase_dialog import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.study, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def encrypt_study(self) -> None:
        """Encrypt the open plaintext study: it is closed while the work runs, then reopened encrypted."""
        from echo_fieldwork.ui.study.encrypt_study_dialog import EncryptStudyDialog

        folder = self.study.folder

        def close_first() -> bool:
            if not self.confirm_stop_work():
                return False
            self.close_study()
            return True

        shown: list[str] = []

        def key_ready(recovery_key: str) -> None:
            shown.append(recovery_key)
            show_recovery_key(self, recovery_key, encrypting=True)

        def encrypted(recovery_key: str) -> None:
            if self.study is None and self.open_study(folder) and recovery_key and recovery_key not in shown:
                show_recovery_key(self, recovery_key)

        dialog = EncryptStudyDialog(folder, close_first, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recovery_key_ready.connect(key_ready)
        dialog.encrypted.connect(encrypted)
        dialog.rejected.connect(lambda: self.study is None and self.open_study(folder))  # given up after a failure
        dialog.open()

    # -- locking after idle time --------------------------------------------------------------------------
    def arm_idle_lock(self) -> None:
        """An open encrypted study locks after the idle time of the setting (0: never); a plaintext one never."""
        if self.study is not None and self.study.encrypted:
            self.idle_lock.arm(max(0, self.settings.get("lock_after_minutes")) * 60_000)
        else:
            self.idle_lock.disarm()

    def _locked_changed(self, locked: bool) -> None:
        if locked and self.study is not None:
            # Closed while locked, the study must not reopen without its passphrase: the process's copy of
            # the keys is dropped (the open study and the work running underneath keep their own).
            crypto.forget(self.study.folder)
            self.locked_page.show_work([text for tab in self.study_tabs() if (text := tab.running_work())])
        self._show_state()

    def ask_unlock(self) -> None:
        if self.study is None or not self.idle_lock.locked:
            return
        dialog = UnlockDialog(self.study.folder, _("Unlock the study"), parent=self)
        dialog.setObjectName("unlockAfterIdleDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.idle_lock.unlock)
        dialog.open()

    def show_about(self) -> None:
        QMessageBox.about(self, _("About echo_fieldwork"), _(
            "echo_fieldwork {version}\n\nOffline fieldwork for qualitative health research. "
            "Nothing you record or type leaves this computer unless you export it.").format(version=__version__))

    def show_settings(self) -> None:
        from echo_fieldwork.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.settings, self).exec()
        self.arm_idle_lock()   # the idle time may have changed

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
        work = [text for tab in self.study_tabs() if (text := tab.running_work())]
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
