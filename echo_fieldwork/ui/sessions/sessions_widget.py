"""The Sessions tab: the study's sessions with kind, date, mode, duration and recording status; new
session, open the session window, import audio, edit or delete a session. Interrupted recordings are repaired when it opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.audio.importer import IMPORT_EXTENSIONS, plan_import
from echo_fieldwork.audio.recovery import repair_interrupted
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import N_, _, ngettext
from echo_fieldwork.sessions.sessions import (
    SESSION_KINDS,
    SESSION_MODES,
    delete_session,
    get_session,
    list_sessions,
    session_contents,
    session_duration_ms,
)
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.audio.importer import AudioImportTask
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.study_tab import StudyTab
from echo_fieldwork.ui.sessions.new_session_dialog import NewSessionDialog

ID_ROLE = Qt.ItemDataRole.UserRole
RECORDING_STATUS = {"recording": N_("recording"), "complete": N_("recorded"), "repaired": N_("repaired")}
IMPORTED = N_("imported")  # a complete recording that came from a file, not from the session window


class SessionsWidget(StudyTab):
    def __init__(self, study: Study, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(study, settings, parent)
        self.setWindowTitle(_("Sessions"))
        self.windows: dict[int, QWidget] = {}
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("sessionsTable")
        self.table.setHorizontalHeaderLabels([_("Code"), _("Kind"), _("Date"), _("Mode"), _("Duration"),
                                              _("Recordings")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _index: self.open_selected())  # Enter or double-click
        self.new_button = QPushButton(_("New session…"))
        self.new_button.clicked.connect(self.new_session)
        self.open_button = QPushButton(_("Open session window"))
        self.open_button.clicked.connect(self.open_selected)
        self.import_button = QPushButton(_("Import audio…"))
        self.import_button.clicked.connect(self.choose_audio_file)
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setObjectName("editSessionButton")
        self.edit_button.setToolTip(_("Code, date, mode, guide, who attended"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setObjectName("deleteSessionButton")
        self.delete_button.clicked.connect(self.delete_selected)
        self.zoom_button = QPushButton(_("Import Zoom folder…"))
        self.zoom_button.clicked.connect(self.choose_zoom_folder)
        self.repair_label = QLabel()
        self.repair_label.setObjectName("repairLabel")
        self.repair_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("importStatus")
        self.import_task: AudioImportTask | None = None
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.import_button, self.zoom_button, self.edit_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.repair_label)
        layout.addWidget(self.table, 1)
        self.repair_reports = self._repair()
        self.refresh()

    def _repair(self) -> list:
        """A crash or power cut during a recording: fix it now and tell the user what was kept."""
        reports = repair_interrupted(self.study)
        if reports:
            text = "\n".join(r.message() for r in reports)
            self.repair_label.setText(text)
            box = QMessageBox(QMessageBox.Icon.Information, _("Interrupted recordings repaired"), text,
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("repairMessageBox")
            box.open()
        return reports

    def menu_actions(self) -> list[QAction]:
        return [QAction(_("New &session…"), self, triggered=self.new_session)]

    def refresh(self) -> None:
        sessions = list_sessions(self.study)
        self.table.setRowCount(len(sessions))
        for row, s in enumerate(sessions):
            statuses = [IMPORTED if (status, source) == ("complete", "imported") else RECORDING_STATUS[status]
                        for status, source in self.study.db.execute(
                            "SELECT status, source FROM recordings WHERE session_id = ? AND track_of IS NULL "
                            "ORDER BY id", [s.id])]
            recordings = ", ".join(_(st) for st in statuses) if statuses else _("none")
            tracks = self.study.db.execute("SELECT COUNT(*) FROM recordings WHERE session_id = ? AND "
                                           "track_of IS NOT NULL", [s.id]).fetchone()[0]
            if tracks:
                recordings += " " + ngettext("(+ {count} speaker track)", "(+ {count} speaker tracks)",
                                             tracks).format(count=tracks)
            values = [s.code, _(SESSION_KINDS[s.kind]), s.date, _(SESSION_MODES[s.mode]),
                      format_ms(session_duration_ms(self.study, s.id)), recordings]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ID_ROLE, s.id)
                self.table.setItem(row, column, item)
        if sessions and not self.table.selectedItems():
            self.table.selectRow(0)
        enabled = bool(sessions)
        self.open_button.setEnabled(enabled)
        self.import_button.setEnabled(enabled and self.import_task is None)
        self.edit_button.setEnabled(enabled)
        self.delete_button.setEnabled(enabled)
        self.zoom_button.setEnabled(enabled)

    def selected_session_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(ID_ROLE) if items else None

    def new_session(self) -> NewSessionDialog:
        dialog = NewSessionDialog(self.study, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def edit_selected(self) -> NewSessionDialog | None:
        session_id = self.selected_session_id()
        if session_id is None:
            return None
        if session_id in self.windows:  # its window shows the attendees and guide it was opened with
            show_error(self, UserError(_("Close the window of session {code} first.").format(
                code=get_session(self.study, session_id).code)))
            return None
        dialog = NewSessionDialog(self.study, self, session_id=session_id)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def delete_selected(self) -> bool:
        """Delete the selected session: an empty one after one question; one holding audio, a transcript or
        notes only after a second question that says what goes with it."""
        session_id = self.selected_session_id()
        if session_id is None:
            return False
        session = get_session(self.study, session_id)
        contents = session_contents(self.study, session_id)
        if session_id in self.windows:
            show_error(self, UserError(_("Close the window of session {code} first.").format(code=session.code)))
            return False
        if contents.recording_now:
            show_error(self, UserError(_("Session {code} is being recorded: stop the recording first.").format(
                code=session.code)))
            return False
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        if QMessageBox.question(self, _("Delete a session"), _("Delete session {code}?").format(code=session.code),
                                yes | no, no) != yes:
            return False
        if not contents.empty:
            box = QMessageBox(QMessageBox.Icon.Warning, _("Delete the recordings too?"), _(
                "Session {code} holds {recordings} of audio, {segments} transcript segments and {notes} notes. "
                "They will be deleted from this computer for good.").format(
                code=session.code, recordings=format_ms(contents.duration_ms), segments=contents.segments,
                notes=contents.notes), QMessageBox.StandardButton.Cancel, self)
            box.setObjectName("deleteRecordingsBox")
            delete = box.addButton(_("Delete {code} and its recordings").format(code=session.code),
                                   QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is not delete:
                return False
        try:
            delete_session(self.study, session_id, with_recordings=not contents.empty)
        except UserError as error:
            show_error(self, error)
            return False
        self.table.clearSelection()
        self.refresh()
        return True

    def open_selected(self) -> QWidget | None:
        session_id = self.selected_session_id()
        if session_id is None:
            return None
        return self.open_session(session_id)

    def open_session(self, session_id: int) -> QWidget:
        from echo_fieldwork.ui.sessions.session_window import SessionWindow

        window = self.windows.get(session_id)
        if window is None:
            window = SessionWindow(self.study, session_id, self.settings)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.session_closed.connect(self.refresh)
            window.recording_panel.recording_started.connect(self.refresh)
            window.recording_panel.recording_stopped.connect(lambda _result: self.refresh())
            window.destroyed.connect(lambda _obj=None, sid=session_id: self.windows.pop(sid, None))
            self.windows[session_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def running_work(self) -> str:
        """What closing the study would stop (asked by the main window first)."""
        return "\n".join(_("A recording is in progress in session {code}.").format(code=window.session.code)
                         for window in self.windows.values() if window.recording_panel.recording)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The study is about to close: session windows stop their recordings while it is still open.
        for window in list(self.windows.values()):
            window.close()
        super().closeEvent(event)

    def choose_audio_file(self) -> None:
        patterns = " ".join("*" + ext for ext in IMPORT_EXTENSIONS)
        path, _filter = QFileDialog.getOpenFileName(self, _("Import a recording"), "",
                                                    _("Audio files ({patterns})").format(patterns=patterns))
        if path:
            self.import_audio_file(path)

    def choose_zoom_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Import a Zoom recording folder"))
        if path:
            dialog = self.import_zoom_folder(path)
            if dialog is not None:
                dialog.open()

    def import_zoom_folder(self, path: str) -> QWidget | None:
        """The mapping dialog for a Zoom folder and the selected session (not yet shown)."""
        from echo_fieldwork.audio.zoom import scan_zoom_folder
        from echo_fieldwork.ui.sessions.zoom_import_dialog import ZoomImportDialog

        session_id = self.selected_session_id()
        if session_id is None:
            return None
        try:
            zoom = scan_zoom_folder(path)
        except UserError as error:
            show_error(self, error)
            return None
        dialog = ZoomImportDialog(self.study, session_id, zoom, self)
        dialog.imported.connect(lambda _id: self._import_done(_("Zoom recording imported.")))
        return dialog

    def import_audio_file(self, path: str) -> AudioImportTask | None:
        """Start importing `path` into the selected session; decoding runs off the UI thread."""
        session_id = self.selected_session_id()
        if session_id is None:
            return None
        try:
            plan = plan_import(self.study, session_id, path)
        except UserError as error:
            show_error(self, error)
            return None
        task = AudioImportTask(self.study, plan, self)
        name = plan.source.name
        task.progressed.connect(lambda ms: self.status_label.setText(
            _("Importing {name}: {time} decoded…").format(name=name, time=format_ms(ms))))
        task.import_finished.connect(lambda _id: self._import_done(_("{name} imported.").format(name=name)))
        task.import_failed.connect(self._import_failed)
        self.import_button.setEnabled(False)
        self.status_label.setText(_("Importing {name}…").format(name=name))
        self.import_task = task
        task.start()
        return task

    def _import_done(self, message: str) -> None:
        self.import_task = None
        self.status_label.setText(message)
        self.refresh()

    def _import_failed(self, error: BaseException) -> None:
        self._import_done("")
        show_error(self, error)
