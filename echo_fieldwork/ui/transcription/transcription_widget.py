"""The Transcription tab: choose sessions, queue them, follow the running job live, manage models."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.i18n import N_, _
from echo_fieldwork.sessions.sessions import list_sessions, session_duration_ms
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.transcription.job_queue import enqueue, list_jobs, recover_interrupted, retry
from echo_fieldwork.transcription.runner import Progress
from echo_fieldwork.ui.common.study_tab import StudyTab
from echo_fieldwork.ui.transcription.model_picker_widget import ModelPickerWidget
from echo_fieldwork.ui.transcription.runner import TranscriptionRunner

LANGUAGE_CHOICES = [("", N_("Session’s language")), ("fr", N_("French")), ("en", N_("English")),
                    ("auto", N_("Detect automatically"))]


class TranscriptionWidget(StudyTab):
    queue_changed = Signal()

    def __init__(self, study: Study, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(study, settings, parent)
        self._queue_jobs: list = []  # the jobs shown in the queue table, row by row
        # Not just "Transcription": in French it sat beside "Transcriptions" (the transcripts tab).
        self.setWindowTitle(_("Automatic transcription"))
        self.runner = TranscriptionRunner(study, settings, self)
        self.runner.progress_changed.connect(self.show_progress)
        self.runner.job_finished.connect(self._job_finished)
        self.runner.keep_awake_changed.connect(self._show_keep_awake)
        self.runner.run_finished.connect(self.refresh)
        self._build()
        recover_interrupted(study.db)
        self.refresh()
        if any(job.status == "queued" for job in list_jobs(study.db)):
            self.runner.start()  # the queue survives a restart: carry on with what was waiting
        # The tab is deleted when the study closes: stop the worker so nothing writes afterwards.
        runner = self.runner
        self.destroyed.connect(lambda *_args: runner.shutdown())

    # -- layout --------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        sessions_box = QGroupBox(_("Sessions"))
        sessions_layout = QVBoxLayout(sessions_box)
        self.session_list = QListWidget()
        self.session_list.setObjectName("sessionList")
        self.session_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        sessions_layout.addWidget(self.session_list)
        row = QHBoxLayout()
        self.language_combo = QComboBox()
        for code, label in LANGUAGE_CHOICES:
            self.language_combo.addItem(_(label), code)
        # The default chosen in Settings → Transcription.
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(
            self.settings.get("transcription_language"))))
        row.addWidget(QLabel(_("Language:")))
        row.addWidget(self.language_combo, 1)
        # One row with the language, so the tab fits a 1280×720 screen at 125 % with the models' benchmark.
        self.add_button = QPushButton(_("Add to queue"))
        self.add_button.setObjectName("addToQueue")
        self.add_button.clicked.connect(self.add_selected)
        self.session_list.itemSelectionChanged.connect(self._update_job_buttons)
        row.addWidget(self.add_button)
        sessions_layout.addLayout(row)
        splitter.addWidget(sessions_box)

        queue_box = QGroupBox(_("Queue"))
        queue_layout = QVBoxLayout(queue_box)
        self.queue_table = QTableWidget(0, 4)
        self.queue_table.setObjectName("queueTable")
        self.queue_table.setHorizontalHeaderLabels([_("Session"), _("Status"), _("Audio done"), _("Details")])
        self.queue_table.horizontalHeader().setStretchLastSection(True)
        self.queue_table.verticalHeader().setVisible(False)
        self.queue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_table.itemSelectionChanged.connect(self._update_job_buttons)
        queue_layout.addWidget(self.queue_table)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("cancelJob")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_button = QPushButton(_("Try again"))
        self.retry_button.clicked.connect(self.retry_selected)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.cancel_button)
        queue_layout.addLayout(buttons)
        splitter.addWidget(queue_box)
        splitter.setSizes([300, 600])
        layout.addWidget(splitter, 3)

        current_box = QGroupBox(_("Current transcription"))
        current_layout = QVBoxLayout(current_box)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("jobProgress")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setFormat("%p%")
        current_layout.addWidget(self.progress_bar)
        self.timing_label = QLabel(_("Nothing is being transcribed."))
        self.timing_label.setObjectName("timingLabel")
        # Progress comes in bursts (eight windows decoded at once, tens of seconds apart on a long file): between
        # two reports the elapsed time goes up and the time left down each second, from the last report.
        self.last_progress: tuple[Progress, float] | None = None
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(lambda: self.show_timing())
        current_layout.addWidget(self.timing_label)
        self.keep_awake_label = QLabel()
        self.keep_awake_label.setObjectName("keepAwakeLabel")
        self.keep_awake_label.setWordWrap(True)
        self.keep_awake_label.hide()
        current_layout.addWidget(self.keep_awake_label)
        self.lines_view = QPlainTextEdit()
        self.lines_view.setObjectName("lastLines")
        self.lines_view.setReadOnly(True)
        self.lines_view.setPlaceholderText(_("The last decoded lines appear here."))
        self.lines_view.setMaximumHeight(110)
        current_layout.addWidget(self.lines_view)
        layout.addWidget(current_box, 2)

        models_box = QGroupBox(_("Models"))
        models_layout = QVBoxLayout(models_box)
        self.model_picker = ModelPickerWidget(self.settings)
        self.model_picker.setMaximumHeight(150)
        models_layout.addWidget(self.model_picker)
        layout.addWidget(models_box, 1)

    # -- state -----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.study.db is None:  # the study is closing
            return
        jobs = list_jobs(self.study.db)
        latest = {}
        for job in sorted(jobs, key=lambda j: j.id):
            latest[job.session_id] = job
        selected = {item.data(Qt.ItemDataRole.UserRole) for item in self.session_list.selectedItems()}
        # No selection signals while items are replaced: the button update runs once, at the end.
        self.session_list.blockSignals(True)
        self.queue_table.blockSignals(True)
        self.session_list.clear()
        for session in list_sessions(self.study):
            job = latest.get(session.id)
            state = job.status_label if job else _("Not transcribed")
            text = f"{session.code}  ·  {session.date}  ·  {format_ms(session_duration_ms(self.study, session.id))}" \
                   f"  ·  {state}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            self.session_list.addItem(item)
            item.setSelected(session.id in selected)
        self.queue_table.setRowCount(len(jobs))
        for row, job in enumerate(jobs):
            done = f"{100 * job.progress_ms / job.duration_ms:.0f}%" if job.duration_ms else "—"
            details = job.error if job.status == "failed" else (job.model or "")
            for column, text in enumerate([job.session_code, job.status_label, done, details]):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, job.id)
                self.queue_table.setItem(row, column, cell)
        self.queue_table.resizeColumnsToContents()
        self.session_list.blockSignals(False)
        self.queue_table.blockSignals(False)
        self._queue_jobs = jobs
        self._update_job_buttons()
        self.queue_changed.emit()

    def _update_job_buttons(self) -> None:
        """Buttons act on the selection: enabled only when they can do something to it."""
        selected = self._selected_jobs()
        self.cancel_button.setEnabled(any(job.status in ("queued", "running") for job in selected))
        self.retry_button.setEnabled(any(job.status in ("failed", "cancelled") for job in selected))
        self.add_button.setEnabled(bool(self.session_list.selectedItems()))

    def _selected_jobs(self) -> list:
        # From the rows, not the table items: items are replaced while the queue refreshes.
        rows = sorted({index.row() for index in self.queue_table.selectionModel().selectedRows()})
        return [self._queue_jobs[row] for row in rows if row < len(self._queue_jobs)]

    def _selected_job_ids(self) -> list[int]:
        return [job.id for job in self._selected_jobs()]

    # -- actions ---------------------------------------------------------------------------------------
    def add_selected(self) -> None:
        ids = [item.data(Qt.ItemDataRole.UserRole) for item in self.session_list.selectedItems()]
        self.add_sessions(ids)

    def add_sessions(self, session_ids: list[int]) -> None:
        if not session_ids:
            return
        enqueue(self.study.db, session_ids, model=self.settings.get("model") or "",
                language=self.language_combo.currentData() or None)
        self.refresh()
        self.runner.start()

    def start_queue(self) -> None:
        """Run what is waiting (jobs queued from another tab, e.g. "Transcribe the rest")."""
        self.refresh()
        self.runner.start()

    def cancel_selected(self) -> None:
        for job_id in self._selected_job_ids():
            self.runner.cancel_job(job_id)
        self.refresh()

    def retry_selected(self) -> None:
        for job_id in self._selected_job_ids():
            retry(self.study.db, job_id)
        self.refresh()
        self.runner.start()

    # -- live progress (slots, on the UI thread) -------------------------------------------------------
    def show_progress(self, progress: Progress) -> None:
        self.progress_bar.setValue(int(1000 * progress.fraction))
        self.last_progress = (progress, time.monotonic())
        self.show_timing(now=self.last_progress[1])
        if not self.clock.isActive():
            self.clock.start()
        self.lines_view.setPlainText("\n".join(progress.last_lines))
        for row in range(self.queue_table.rowCount()):
            if self.queue_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == progress.job_id:
                self.queue_table.item(row, 2).setText(f"{100 * progress.fraction:.0f}%")

    def show_timing(self, now: float | None = None) -> None:
        """The last report's figures, moved on by the time since it came (`now`: time.monotonic())."""
        if self.last_progress is None:
            return
        progress, received = self.last_progress
        since = max(0.0, (time.monotonic() if now is None else now) - received)
        eta = format_ms(round(max(0.0, progress.eta_s - since)) * 1000) if progress.eta_s is not None else "—"
        self.timing_label.setText(_("{done} of {total} of audio · elapsed {elapsed} · remaining about {eta}").format(
            done=format_ms(progress.done_ms), total=format_ms(progress.total_ms),
            elapsed=format_ms(round(progress.elapsed_s + since) * 1000), eta=eta))

    def _job_finished(self, job_id: int, status: str, message: str) -> None:
        self.clock.stop()
        self.last_progress = None
        if status != "done":
            self.timing_label.setText(message)
        self.refresh()

    def _show_keep_awake(self, active: bool, reason: str) -> None:
        self.keep_awake_label.setVisible(not active)
        if not active:
            self.keep_awake_label.setText(_("This computer could not be kept awake while transcribing; "
                                            "change its power settings so it does not go to sleep."))

    def shutdown(self) -> None:
        """Called by the main window before the study closes: stop the running job (its work is kept)."""
        self.runner.shutdown()
