"""The Transcripts tab: sessions with a transcript, their size and review status, progress across
sessions, and the editor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.correction import edits as te
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import SESSION_KINDS, list_sessions
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.transcription.job_queue import enqueue_untranscribed_tail, list_jobs, untranscribed_tail
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.study_tab import StudyTab
from echo_fieldwork.ui.common.tasks import run_study_task


class TranscriptsWidget(StudyTab):
    # A job was queued from this tab ("Transcribe the rest"): the main window starts the Transcription tab's queue.
    transcription_queued = Signal(int)
    # The hand-off's work (scrypt, AES over the session's audio, SQLite) takes a second or two for an
    # hour-long session: it runs in a worker thread while the tab says what it is doing, and this carries
    # the result (the package's path, the merge's Change, or None on failure or cancel).
    handoff_finished = Signal(object)

    def __init__(self, study: Study, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(study, settings, parent)
        self.editors: dict[int, QWidget] = {}
        self.setWindowTitle(_("Transcripts"))
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("transcriptsTable")
        self.table.setHorizontalHeaderLabels([_("Session"), _("Kind"), _("Date"), _("Segments"), _("Correction status")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        # Enter or a double-click on a row (Qt's "activated") opens its editor, like the button.
        self.table.activated.connect(lambda _index: self.open_editor())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("transcriptsProgress")
        self.progress = QProgressBar()
        self.progress.setObjectName("transcriptsProgressBar")
        self.open_button = QPushButton(_("Open the editor"))
        self.open_button.setObjectName("openEditorButton")
        # Not connected to open_editor itself: clicked(bool) would arrive as its session id.
        self.open_button.clicked.connect(lambda: self.open_editor())
        self.import_button = QPushButton(_("Import a transcript…"))
        self.import_button.setObjectName("importTranscriptButton")
        self.import_button.setToolTip(_("SRT, WebVTT, or text with [hh:mm:ss] or #hh:mm:ss-t# timestamps"))
        self.import_button.clicked.connect(self.choose_import)
        # Hand-off (issue 17): send a session for correction, take it back; in a workspace, return it.
        from echo_fieldwork.handoff.exchange import workspace_info

        self.workspace = workspace_info(study)
        self.send_button = QPushButton(_("Send for correction…"))
        self.send_button.setObjectName("sendForCorrectionButton")
        self.send_button.clicked.connect(self.choose_send)
        self.receive_button = QPushButton(_("Receive corrected transcript…"))
        self.receive_button.setObjectName("receiveCorrectionButton")
        self.receive_button.clicked.connect(self.choose_receive)
        self.return_button = QPushButton(_("Return the corrected transcript…"))
        self.return_button.setObjectName("returnCorrectionButton")
        self.return_button.clicked.connect(self.choose_return)
        for button in (self.send_button, self.receive_button):
            button.setVisible(self.workspace is None)
        self.return_button.setVisible(self.workspace is not None)
        self.handoff_label = QLabel()
        self.handoff_label.setObjectName("handoffBusyLabel")
        self.handoff_label.hide()
        # A recording added after transcription (the session was resumed): transcribe only the new audio,
        # the transcript before it (and its corrections) untouched.
        self.rest_button = QPushButton(_("Transcribe the rest"))
        self.rest_button.setObjectName("transcribeRestButton")
        self.rest_button.setToolTip(_("Transcribe only the audio recorded after this transcript was made; "
                                      "the transcript and its corrections are kept."))
        self.rest_button.clicked.connect(lambda: self.transcribe_rest())
        # Two rows, so the tab fits a small laptop screen: progress, then the team's hand-off on the left
        # and the work on a transcript on the right.
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        buttons = QHBoxLayout()
        for button in (self.send_button, self.receive_button, self.return_button):
            buttons.addWidget(button)
        buttons.addWidget(self.handoff_label)
        buttons.addStretch(1)
        for button in (self.import_button, self.rest_button, self.open_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(progress_row)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        from echo_fieldwork.handoff.exchange import out_for_correction

        self.summaries = te.transcript_summaries(self.study)
        out = out_for_correction(self.study)
        self.missing: dict[int, int] = {}  # session id → ms of new audio not transcribed
        waiting = {job.session_id for job in list_jobs(self.study.db, statuses=("queued", "running"))
                   if job.range_start_ms is not None}
        self.table.setRowCount(len(self.summaries))
        for row, item in enumerate(self.summaries):
            status = _(te.REVIEW_STATUSES[item.status.status])
            if item.status.by:
                status = _("{status} by {actor}, {date}").format(status=status, actor=item.status.by,
                                                                 date=(item.status.at or "")[:10])
            _start, missing = untranscribed_tail(self.study, item.session_id)
            if missing:  # a recording added after transcription
                self.missing[item.session_id] = missing
                status += " · " + _("incomplete: {time} of new audio not transcribed").format(time=format_ms(missing))
                if item.session_id in waiting:
                    status += " · " + _("being transcribed")
            if item.session_id in out:
                status = _("{status} · out for correction ({to}, {date})").format(
                    status=status, to=out[item.session_id].to, date=out[item.session_id].at[:10])
            values = [item.code, _(SESSION_KINDS.get(item.kind, item.kind)), item.date, str(item.segments), status]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        total = len(self.summaries)
        done = sum(1 for s in self.summaries if s.status.status != "draft")
        verified = sum(1 for s in self.summaries if s.status.status == "verified")
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress_label.setText(
            _("Corrected or verified: {done} of {total} · verified: {verified}").format(
                done=done, total=total, verified=verified) if total else _("No transcript yet."))
        self.open_button.setEnabled(total > 0)
        if total and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self._update_buttons()

    def _selected_session(self) -> int | None:
        row = self.table.currentRow()
        return self.summaries[row].session_id if 0 <= row < len(self.summaries) else None

    def _update_buttons(self) -> None:
        self.rest_button.setEnabled(self._selected_session() in self.missing)

    def transcribe_rest(self, session_id: int | None = None) -> int | None:
        """Queue the new audio of the selected (or given) session; the Transcription tab runs it."""
        session_id = self._selected_session() if session_id is None else session_id
        if session_id is None:
            return None
        job = enqueue_untranscribed_tail(self.study, session_id, model=self.settings.get("model") or "",
                                         language=self.settings.get("transcription_language") or None)
        self.refresh()
        if job is not None:
            self.transcription_queued.emit(job)
        return job

    def choose_import(self) -> None:
        sessions = list_sessions(self.study)
        if not sessions:
            show_error(self, UserError(_("Create a session first.")))
            return
        code, ok = QInputDialog.getItem(self, _("Import a transcript"), _("Session:"), [s.code for s in sessions], 0,
                                        False)
        if not ok:
            return
        path, _filter = QFileDialog.getOpenFileName(self, _("Import a transcript"), "",
                                                    _("Transcripts (*.srt *.vtt *.txt)"))
        if path:
            session = next(s for s in sessions if s.code == code)
            self.import_file(session.id, path)

    def import_file(self, session_id: int, path: str, *, replace: bool = False) -> int:
        """Import a file for a session; a session that already has a transcript is replaced only when asked."""
        from echo_fieldwork.transcript.importers import import_transcript

        try:
            count = import_transcript(self.study, session_id, path, replace=replace)
        except UserError as error:
            show_error(self, error, _("The transcript was not imported"))
            return 0
        self.refresh()
        return count

    # -- hand-off --------------------------------------------------------------------------------------------
    def _current_code(self) -> str:
        row = self.table.currentRow()
        return self.summaries[row].code if 0 <= row < len(self.summaries) else ""

    def choose_send(self) -> None:
        from echo_fieldwork.ui.handoff.handoff_dialogs import SendDialog

        dialog = SendDialog(self.study, self, session_code=self._current_code())
        while dialog.exec() == SendDialog.DialogCode.Accepted:
            try:
                values = dialog.values()
            except UserError as error:
                show_error(self, error, _("The session was not sent"))
                continue
            self.send(*values)
            return

    def _start_handoff(self, doing: str, work, on_done, failure_title: str) -> None:
        self._handoff_busy(doing)

        def failed(error: BaseException) -> None:
            self._handoff_busy("")
            show_error(self, error, failure_title)   # a sentence for every kind, full disk included
            self.handoff_finished.emit(None)

        def done(result) -> None:
            self._handoff_busy("")
            on_done(result)

        run_study_task(self.study, work, done, failed, context=self, name="echo-handoff")

    def _handoff_busy(self, doing: str) -> None:
        self.handoff_label.setText(doing)
        self.handoff_label.setVisible(bool(doing))
        for button in (self.send_button, self.receive_button, self.return_button):
            button.setEnabled(not doing)

    def send(self, code: str, to: str, path: Path, passphrase: str) -> None:
        """Write the package and mark the session out for correction (on failure nothing was sent)."""
        from echo_fieldwork.handoff.exchange import send_session

        def done(_result) -> None:
            self.refresh()
            self.handoff_finished.emit(path)

        self._start_handoff(_("Writing the correction package…"),
                            lambda study: send_session(study, code, to, path, passphrase), done,
                            _("The session was not sent"))

    def choose_receive(self) -> None:
        from echo_fieldwork.ui.handoff.handoff_dialogs import ask_passphrase

        path, _filter = QFileDialog.getOpenFileName(self, _("Receive corrected transcript"), "",
                                                    _("Correction packages (*.efpkg)"))
        if not path:
            return
        passphrase = ask_passphrase(self, _("Receive corrected transcript"))
        if passphrase is not None:
            self.receive_file(Path(path), passphrase)

    def receive_file(self, path: Path, passphrase: str) -> None:
        """Merge a returned package; conflicts are shown side by side first. `handoff_finished` carries the
        Change, or None."""
        from echo_fieldwork.handoff.merge import apply_merge, plan_merge, read_return
        from echo_fieldwork.ui.handoff.handoff_dialogs import ConflictDialog

        failure = _("The corrected transcript was not received")

        def merge(plan) -> None:
            resolutions = {}
            if plan.conflicts:
                dialog = ConflictDialog(plan, self)
                if dialog.exec() != ConflictDialog.DialogCode.Accepted:
                    self.handoff_finished.emit(None)
                    return
                resolutions = dialog.resolutions()
            for editor in self.editors.values():   # typed text is saved before the merge reads the transcript
                editor.editor.flush()
            self._start_handoff(_("Merging the corrected transcript…"),
                                lambda study: apply_merge(study, plan, resolutions), merged, failure)

        def merged(change) -> None:
            self.refresh()
            self.handoff_finished.emit(change)

        self._start_handoff(_("Reading the corrected transcript…"),
                            lambda study: plan_merge(study, read_return(study, path, passphrase)), merge, failure)

    def choose_return(self) -> None:
        from echo_fieldwork.ui.handoff.handoff_dialogs import ask_passphrase

        path, _filter = QFileDialog.getSaveFileName(self, _("Return the corrected transcript"),
                                                    f"{self.workspace['code']}-corrected.efpkg",
                                                    _("Correction packages (*.efpkg)"))
        if not path:
            return
        passphrase = ask_passphrase(self, _("Return the corrected transcript"))
        if passphrase is not None:
            self.return_to(Path(path), passphrase)

    def return_to(self, path: Path, passphrase: str) -> None:
        """Write the return package; `handoff_finished` carries its path, or None."""
        from echo_fieldwork.handoff.exchange import return_workspace

        for editor in self.editors.values():
            editor.editor.flush()
        self._start_handoff(_("Writing the corrected transcript…"),
                            lambda study: return_workspace(study, path, passphrase), self.handoff_finished.emit,
                            _("The corrected transcript was not written"))

    def shutdown(self) -> None:
        """Called by the main window before the study closes: each open editor saves typed text and stops
        (and undoes) a stretch being transcribed again while the study is still open."""
        for editor in list(self.editors.values()):
            editor.close()

    def open_editor(self, session_id: int | None = None):
        from echo_fieldwork.ui.correction.editor_window import EditorWindow

        if session_id is None:
            row = self.table.currentRow()
            if row < 0:
                return None
            session_id = self.summaries[row].session_id
        editor = self.editors.get(session_id)
        if editor is None:
            editor = EditorWindow(self.study, self.settings, session_id, self)
            editor.setWindowFlag(Qt.WindowType.Window, True)  # its own window, owned by the tab
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            editor.transcript_changed.connect(lambda _sid: self.refresh())
            editor.destroyed.connect(lambda _o=None, sid=session_id: self.editors.pop(sid, None))
            self.editors[session_id] = editor
        editor.show()
        editor.raise_()
        return editor
