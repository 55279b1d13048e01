"""Importing a Zoom recording folder into a session: each participant's track is attributed to an attendee
(proposed from their names, changeable, or left out), then everything is decoded off the UI thread and
registered at once; notes taken while nothing was recording are placed on the recording, with a nudge.
The display names in the track file names are shown here, while mapping, and nowhere after."""

from __future__ import annotations

import threading

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.audio.zoom import (
    SKIP,
    ZoomFolder,
    decode_zoom,
    plan_zoom_import,
    propose_mapping,
    register_zoom,
)
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import attendance
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.tasks import run_task, to_main


class ZoomImportDialog(QDialog):
    imported = Signal(int)   # the mixed recording's id

    def __init__(self, study: Study, session_id: int, zoom: ZoomFolder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import a Zoom recording"))
        self.study, self.session_id, self.zoom = study, session_id, zoom
        self._cancel = threading.Event()
        layout = QVBoxLayout(self)
        intro = QLabel(_("Say who speaks on each participant's track. The names in the file names are used "
                         "only here: the study keeps the codes.") if zoom.tracks else
                       _("This folder has only the mixed recording (Zoom's separate audio files per participant "
                         "were off): the speakers will be set while correcting."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        proposal = propose_mapping(study, session_id, zoom)
        codes = [code for _pid, code, _role in attendance(study, session_id)]
        for track in zoom.tracks:
            combo = QComboBox()
            combo.addItem(_("Choose…"), None)
            for code in codes:
                combo.addItem(code, code)
            combo.addItem(_("Leave this track out"), SKIP)
            proposed = proposal.get(track.path.name)
            combo.setCurrentIndex(combo.findData(proposed) if proposed else 0)
            combo.currentIndexChanged.connect(self._update)
            self.combos[track.path.name] = combo
            form.addRow(track.path.name, combo)
        self.offset = QDoubleSpinBox()
        self.offset.setRange(-3600, 3600)
        self.offset.setDecimals(1)
        self.offset.setSuffix(" s")
        self.offset.setToolTip(_("Move the notes taken during the call later (or earlier) on the recording."))
        form.addRow(_("Notes offset"), self.offset)
        layout.addLayout(form)
        self.start_label = QLabel(_("The recording started at {time} (from the folder's name).").format(
            time=zoom.started_at[:19].replace("T", " ") + " UTC") if zoom.started_at else
            _("When the recording started is not known: notes taken during the call stay unplaced."))
        self.start_label.setWordWrap(True)
        layout.addWidget(self.start_label)
        self.transcript_box = QCheckBox(_("Also import Zoom's transcript as a draft"))
        self.transcript_box.setVisible(zoom.transcript is not None)
        layout.addWidget(self.transcript_box)
        self.status = QLabel()
        self.status.setObjectName("zoomImportStatus")
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Import"))
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self._reject)
        layout.addWidget(self.buttons)
        self._update()

    def mapping(self) -> dict[str, str]:
        return {name: combo.currentData() for name, combo in self.combos.items() if combo.currentData()}

    def _update(self) -> None:
        ready = all(combo.currentData() for combo in self.combos.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def _reject(self) -> None:
        self._cancel.set()
        self.reject()

    def start_import(self) -> None:
        try:
            plan = plan_zoom_import(self.study, self.session_id, self.zoom, self.mapping())
        except UserError as error:
            show_error(self, error)
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.status.setText(_("Decoding…"))

        def progress(done: int, total: int) -> None:
            to_main(self.status.setText, _("Decoding file {done} of {total}…").format(done=min(done + 1, total),
                                                                                      total=total), context=self)

        run_task(lambda: decode_zoom(plan, progress=progress, cancelled=self._cancel.is_set),
                 lambda durations: self._register(plan, durations), self._failed, context=self,
                 name="echo-zoom-import")

    def _register(self, plan, durations: list[int]) -> None:
        from echo_fieldwork.sessions.fieldnotes import align_notes
        from echo_fieldwork.transcript.importers import import_transcript

        try:
            result = register_zoom(self.study, plan, durations)
        except (UserError, OSError) as error:
            self._failed(error)
            return
        try:   # the recording is in: what follows can be done again from the session
            align_notes(self.study, self.session_id, result.recording_id,
                        offset_ms=round(self.offset.value() * 1000), when_unknown_ok=True)
            if self.transcript_box.isChecked() and self.zoom.transcript is not None:
                import_transcript(self.study, self.session_id, self.zoom.transcript)
        except UserError as error:
            show_error(self, error)
        self.imported.emit(result.recording_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.status.setText("")
        self._update()
        show_error(self, error)
