"""Choose sessions, a format (with the tools it suits) and a folder; export what may leave, list what was
skipped and why, ask before replacing files, warn about uncorrected drafts, open the folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.correction import edits
from echo_fieldwork.deid import deidentify
from echo_fieldwork.errors import UserError
from echo_fieldwork.export import recordings, runner
from echo_fieldwork.i18n import N_, _, ngettext
from echo_fieldwork.sessions.sessions import get_session, list_sessions
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.transcription.job_queue import untranscribed_tail
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.tasks import Task, run_study_task

# Which format suits which tool, shown under the format list (and as each entry's tooltip).
FORMAT_TOOLS = {
    "docx": N_("Word: to read, print or share. NVivo, MAXQDA, ATLAS.ti and QualCoder import it as a document "
               "(its timestamps stay plain text)."),
    "txt": N_("Any text editor; QualCoder links its [hh:mm:ss] timestamps to the recording."),
    "maxqda": N_("MAXQDA (and f4/f5): Import → Focus Group Transcripts; each paragraph starts with its speaker's "
                 "code, so every contribution is coded to its speaker, and the #hh:mm:ss-t# timestamps link to the "
                 "recording."),
    "nvivo": N_("NVivo: import as the rows of the recording's transcript (Timespan, Speaker, Content), then Auto Code "
                "by the Speaker field to gather each person's words."),
    "srt": N_("Subtitles for VLC and other players; ATLAS.ti and MAXQDA import them as a transcript of the "
              "recording."),
    "vtt": N_("Subtitles with each speaker's voice, for web players; ATLAS.ti imports them as a transcript."),
    "qdpx": N_("NVivo, MAXQDA, ATLAS.ti and QualCoder: one REFI-QDA project with every chosen session, a case "
               "per participant and their questionnaire answers."),
}


class ExportDialog(QDialog):
    export_finished = Signal(list)  # the files written

    def __init__(self, study: Study, selected: list[int] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.files: list[Path] = []
        self.task: Task | None = None
        self.setWindowTitle(_("Export transcripts"))
        self.resize(780, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Sessions:")))
        self.session_list = QListWidget()
        self.session_list.setObjectName("sessionList")
        for session in list_sessions(study):
            state = deidentify.review_state(study, session.id)
            text = f"{session.code} — {session.date} — " + _("transcript: {status}").format(
                status=_(edits.REVIEW_STATUSES[edits.review_status(study, session.id).status])
                if state.state != "empty" else state.label()) + " · " + _("deidentification: {state}").format(
                state=state.label())
            _start, missing = untranscribed_tail(study, session.id)
            if missing:  # a recording added after transcription: the export would lack its end
                text += " · " + _("incomplete: {time} of new audio not transcribed").format(time=format_ms(missing))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if session.id in selected else Qt.CheckState.Unchecked)
            self.session_list.addItem(item)
        self.session_list.itemChanged.connect(self.update_refusals)
        layout.addWidget(self.session_list, 1)

        form = QFormLayout()
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("formatCombo")
        for key, (label, _suffix) in runner.FORMATS.items():
            self.format_combo.addItem(_(label), key)
            self.format_combo.setItemData(self.format_combo.count() - 1, _(FORMAT_TOOLS[key]),
                                          Qt.ItemDataRole.ToolTipRole)
        form.addRow(_("Format:"), self.format_combo)
        self.format_hint = QLabel()
        self.format_hint.setObjectName("formatHint")
        self.format_hint.setWordWrap(True)
        self.format_hint.setStyleSheet("color: palette(placeholder-text)")
        self.format_combo.currentIndexChanged.connect(self._show_format_hint)
        form.addRow("", self.format_hint)
        self.comments_check = QCheckBox(_("DOCX: field notes as comments (instead of an appendix)"))
        self.comments_check.setObjectName("commentsCheck")
        form.addRow("", self.comments_check)
        self.audio_check = QCheckBox(_("QDPX: include the recordings, linked to the transcript"))
        self.audio_check.setObjectName("audioCheck")
        self.audio_check.setChecked(False)
        form.addRow("", self.audio_check)
        self.audio_warning = QLabel(_(
            "Recordings are not deidentified: a voice, and any name spoken aloud, can identify a person. Include "
            "them only if your ethics approval allows sharing the audio, and keep the file as securely as the "
            "recordings themselves. The export is recorded in the study's log. It is refused for a session where "
            "someone did not consent to the use of their recording, or withdrew with removal of their data."))
        self.audio_warning.setObjectName("audioWarning")
        self.audio_warning.setWordWrap(True)
        form.addRow("", self.audio_warning)
        self.free_text_check = QCheckBox(_("QDPX: include free-text and date answers as case variables"))
        self.free_text_check.setObjectName("freeTextCheck")
        self.free_text_check.setChecked(False)
        form.addRow("", self.free_text_check)
        self.free_text_warning = QLabel(_(
            "Free text and exact dates can identify a person (an employer, a date of hiring). When ticked, each "
            "free-text answer goes through the deidentification of the export: names, places and organisations "
            "become the same tags as in the transcripts (e.g. an employer mentioned in a transcript gets that "
            "transcript's tag). Dates keep only their year. Read the answers in the project before sharing it. "
            "The export is recorded in the study's log."))
        self.free_text_warning.setObjectName("freeTextWarning")
        self.free_text_warning.setWordWrap(True)
        form.addRow("", self.free_text_warning)
        self.format_combo.currentIndexChanged.connect(self.update_audio_option)
        self.audio_check.toggled.connect(self.update_refusals)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(study.exports_dir))
        self.folder_edit.setObjectName("folderEdit")
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        form.addRow(_("Folder:"), folder_row)
        self.override_edit = QLineEdit()
        self.override_edit.setObjectName("overrideEdit")
        self.override_edit.setPlaceholderText(_("only to export transcripts whose deidentification is not reviewed: the reason (logged)"))
        form.addRow(_("Override:"), self.override_edit)
        layout.addLayout(form)

        self.draft_label = QLabel()
        self.draft_label.setObjectName("draftWarning")
        self.draft_label.setWordWrap(True)
        self.draft_label.setStyleSheet("color: #a94400")
        layout.addWidget(self.draft_label)
        self.refusals_label = QLabel()
        self.refusals_label.setObjectName("refusalsLabel")
        self.refusals_label.setWordWrap(True)
        self.refusals_label.setStyleSheet("color: #a40000")
        layout.addWidget(self.refusals_label)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)

        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(_("Export"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.run_export)
        self.open_folder_button = buttons.addButton(_("Open the folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button.setObjectName("openFolderButton")
        self.open_folder_button.clicked.connect(self.open_folder)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        layout.addWidget(buttons)
        self.override_edit.textChanged.connect(self.update_refusals)
        self.folder_edit.textChanged.connect(self._update_open_folder)
        self.overwrite_box: QMessageBox | None = None
        self._show_format_hint()
        self.update_audio_option()

    def checked_sessions(self) -> list[int]:
        return [self.session_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.session_list.count())
                if self.session_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_format(self, key: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(key))

    def _show_format_hint(self) -> None:
        key = self.format_combo.currentData()
        self.format_hint.setText(_(FORMAT_TOOLS[key]) if key in FORMAT_TOOLS else "")
        self.comments_check.setEnabled(key == "docx")

    def folder(self) -> Path:
        text = self.folder_edit.text().strip()
        return Path(text) if text else self.study.exports_dir

    def _update_open_folder(self) -> None:
        self.open_folder_button.setEnabled(self.folder().is_dir())

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Export folder"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def open_folder(self) -> None:
        """Show the export folder in the system's file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder())))

    def include_audio(self) -> bool:
        return self.audio_check.isEnabled() and self.audio_check.isChecked()

    def include_free_text(self) -> bool:
        return self.free_text_check.isEnabled() and self.free_text_check.isChecked()

    def update_audio_option(self) -> None:
        """Recordings, and free-text and date answers, go only into a QDPX project; the options (off by
        default) are offered with it."""
        qdpx = self.format_combo.currentData() == "qdpx"
        self.audio_check.setEnabled(qdpx)
        self.audio_warning.setVisible(qdpx)
        self.free_text_check.setEnabled(qdpx)
        self.free_text_warning.setVisible(qdpx)
        if not qdpx:
            self.audio_check.setChecked(False)
            self.free_text_check.setChecked(False)
        self.update_refusals()

    def update_refusals(self) -> None:
        chosen = self.checked_sessions()
        _exportable, skipped = runner.split_exportable(self.study, chosen, override=bool(self.override_edit.text().strip()))
        text = (_("Skipped by the export:") + "\n" + "\n".join(skipped)) if skipped else ""
        if self.include_audio():  # the whole project is refused while a recording may not leave
            audio = [r for sid in chosen for r in recordings.audio_refusals(self.study, sid)]
            text = "\n".join(filter(None, [text, *audio]))
        self.refusals_label.setText(text)
        drafts = [get_session(self.study, sid).code for sid in chosen
                  if deidentify.review_state(self.study, sid).state != "empty"
                  and edits.review_status(self.study, sid).status == "draft"]
        self.draft_label.setText(ngettext(
            "Not corrected yet: the transcript of {codes} is still a draft (Transcript → Correction status in the "
            "editor). It can be exported, as it is.",
            "Not corrected yet: the transcripts of {codes} are still drafts (Transcript → Correction status in the "
            "editor). They can be exported, as they are.", len(drafts)).format(codes=", ".join(drafts)) if drafts else "")
        self.export_button.setEnabled(bool(chosen) and self.task is None)
        self._update_open_folder()

    def run_export(self) -> None:
        """Export the chosen sessions that may leave; ask first if that replaces existing files."""
        exportable, _skipped = runner.split_exportable(self.study, self.checked_sessions(),
                                                       override=bool(self.override_edit.text().strip()))
        fmt = self.format_combo.currentData()
        existing = [p for p in runner.planned_files(self.study, exportable, fmt, self.folder()) if p.exists()]
        if not existing:
            self._export()
            return
        self.overwrite_box = QMessageBox(
            QMessageBox.Icon.Question, _("Replace existing files?"),
            ngettext("This file already exists in the folder. Replace it?",
                     "These files already exist in the folder. Replace them?", len(existing))
            + "\n\n" + "\n".join(p.name for p in existing),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        self.overwrite_box.setObjectName("overwriteMessageBox")
        replace = self.overwrite_box.button(QMessageBox.StandardButton.Yes)
        replace.setText(_("Replace"))
        self.overwrite_box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.overwrite_box.finished.connect(
            lambda _result, box=self.overwrite_box: self._export() if box.clickedButton() is replace else None)
        self.overwrite_box.open()

    def _export(self) -> None:
        """Write the files in a worker thread: a long session, or recordings in a project, take seconds to
        minutes, and the window must stay responsive meanwhile. `export_finished` follows a success."""
        chosen = self.checked_sessions()
        exportable, skipped = runner.split_exportable(self.study, chosen,
                                                      override=bool(self.override_edit.text().strip()))
        fmt, folder, override = self.format_combo.currentData(), self.folder(), self.override_edit.text()
        docx_notes = "comments" if self.comments_check.isChecked() else "appendix"
        audio, free_text = self.include_audio(), self.include_free_text()

        def export(worker_study: Study) -> list[Path]:
            # Nothing may leave: the runner says why, as one error.
            return runner.export_sessions(worker_study, exportable or chosen, fmt, folder, override_reason=override,
                                          docx_notes=docx_notes, include_audio=audio, free_text_variables=free_text)

        self._set_busy(True)
        self.task = run_study_task(self.study, export, lambda files: self._exported(files, chosen, exportable, skipped),
                                   self._export_failed, context=self, name="echo-export")

    def _export_failed(self, error: BaseException) -> None:
        self.task = None
        self._set_busy(False)
        self.result_label.setText("")
        if isinstance(error, UserError):
            self.refusals_label.setText(str(error))
        show_error(self, error)  # an unexpected error is logged there too

    def _exported(self, files: list[Path], chosen: list[int], exportable: list[int], skipped: list[str]) -> None:
        self.task = None
        self._set_busy(False)
        self.files = files
        text = ngettext("{n} file written:", "{n} files written:", len(self.files)).format(
            n=len(self.files)) + "\n" + "\n".join(str(p) for p in self.files)
        if skipped:
            text += "\n" + ngettext("{n} session skipped:", "{n} sessions skipped:", len(chosen) - len(exportable)).format(
                n=len(chosen) - len(exportable)) + "\n" + "\n".join(skipped)
        self.result_label.setText(text)
        self.update_refusals()
        self.export_finished.emit(self.files)

    def _set_busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy and bool(self.checked_sessions()))
        self.export_button.setText(_("Exporting…") if busy else _("Export"))
        if busy:
            self.result_label.setText(_("Exporting…"))

    def done(self, result: int) -> None:
        # Closing waits for a running export, as the deidentification dialog waits for its detection: the
        # study stays open under the files being written, and the result is never shown in a deleted dialog.
        if self.task is not None and self.task.is_running():
            self.task.wait()
        super().done(result)
