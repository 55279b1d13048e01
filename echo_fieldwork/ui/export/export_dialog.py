"""Choose sessions, a format and a folder; export; show why a transcript is refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.deid import deidentify
from echo_fieldwork.errors import UserError
from echo_fieldwork.export import recordings, runner
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.sessions.sessions import list_sessions
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.transcription.job_queue import untranscribed_tail
from echo_fieldwork.ui.common.messages import show_error


class ExportDialog(QDialog):
    export_finished = Signal(list)  # the files written

    def __init__(self, study: Study, selected: list[int] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.files: list[Path] = []
        self.setWindowTitle(_("Export transcripts"))
        self.resize(620, 520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Sessions:")))
        self.session_list = QListWidget()
        self.session_list.setObjectName("sessionList")
        for session in list_sessions(study):
            state = deidentify.review_state(study, session.id)
            text = f"{session.code} — {session.date} — {state.label()}"
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
        form.addRow(_("Format:"), self.format_combo)
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
        self.override_edit.setPlaceholderText(_("only to export unreviewed transcripts: the reason (logged)"))
        form.addRow(_("Override:"), self.override_edit)
        layout.addLayout(form)

        self.refusals_label = QLabel()
        self.refusals_label.setObjectName("refusalsLabel")
        self.refusals_label.setWordWrap(True)
        self.refusals_label.setStyleSheet("color: #a40000")
        layout.addWidget(self.refusals_label)
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)

        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(_("Export"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.run_export)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)
        layout.addWidget(buttons)
        self.update_audio_option()
        self.update_refusals()

    def checked_sessions(self) -> list[int]:
        return [self.session_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.session_list.count())
                if self.session_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_format(self, key: str) -> None:
        self.format_combo.setCurrentIndex(self.format_combo.findData(key))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Export folder"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def include_audio(self) -> bool:
        return self.audio_check.isEnabled() and self.audio_check.isChecked()

    def update_audio_option(self) -> None:
        """Recordings go only into a QDPX project; the option (off by default) is offered with it."""
        qdpx = self.format_combo.currentData() == "qdpx"
        self.audio_check.setEnabled(qdpx)
        self.audio_warning.setVisible(qdpx)
        if not qdpx:
            self.audio_check.setChecked(False)
        self.update_refusals()

    def update_refusals(self) -> None:
        reasons = runner.refusals(self.study, self.checked_sessions())
        if self.include_audio():
            reasons += [r for sid in self.checked_sessions() for r in recordings.audio_refusals(self.study, sid)]
        self.refusals_label.setText("\n".join(reasons))
        self.export_button.setEnabled(bool(self.checked_sessions()))

    def run_export(self) -> None:
        try:
            self.files = runner.export_sessions(
                self.study, self.checked_sessions(), self.format_combo.currentData(),
                Path(self.folder_edit.text().strip()) if self.folder_edit.text().strip() else None,
                override_reason=self.override_edit.text(),
                docx_notes="comments" if self.comments_check.isChecked() else "appendix",
                include_audio=self.include_audio())
        except UserError as error:
            self.refusals_label.setText(str(error))
            show_error(self, error)
            return
        except Exception as error:  # an unexpected error: shown, logged by show_error
            show_error(self, error)
            return
        self.result_label.setText(ngettext("{n} file written:", "{n} files written:", len(self.files)).format(
            n=len(self.files)) + "\n" + "\n".join(str(p) for p in self.files))
        self.update_refusals()
        self.export_finished.emit(self.files)
