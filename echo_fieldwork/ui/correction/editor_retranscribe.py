"""Transcribe a bad stretch again from the editor: the selected segments' time span (or the current
segment) goes through the normal engine in a worker thread, with progress and cancel in the status bar.
Mixed into EditorWindow.

The replaced segments are kept in the undo stack as one `Change` (old rows before, new rows after), so
Undo brings the old text back; a cancelled or failed run puts them back at once. Segments outside the
stretch are never touched.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QProgressBar, QPushButton

from echo_fieldwork.correction import edits as te
from echo_fieldwork.correction import watch as tw
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.correction.edit_commands import ChangeCommand
from echo_fieldwork.ui.transcription.runner import RangeTranscription

log = logging.getLogger("echo_fieldwork.ui.correction.editor_retranscribe")


class EditorRetranscribeMixin:
    def _build_retranscribe(self) -> None:
        self.range_job: RangeTranscription | None = None
        self._range_before: list = []
        self._range_kept: set[int] = set()
        self.range_progress = QProgressBar()
        self.range_progress.setObjectName("retranscribeProgress")
        self.range_progress.setRange(0, 1000)
        self.range_progress.setMaximumWidth(220)
        self.range_progress.setFormat(_("Transcribing again… %p%"))
        self.range_cancel = QPushButton(_("Cancel"))
        self.range_cancel.setObjectName("retranscribeCancel")
        self.range_cancel.clicked.connect(self.cancel_retranscription)
        for widget in (self.range_progress, self.range_cancel):
            self.statusBar().addWidget(widget)
            widget.hide()

    def retranscription_span(self) -> tuple[int, int] | None:
        """The selected segments' time span, or the current segment's."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        if not rows and self.current_row() >= 0:
            rows = [self.current_row()]
        if not rows:
            return None
        segs = [self.model.segments[r] for r in rows]
        return min(s.start_ms for s in segs), max(s.end_ms for s in segs)

    def ask_retranscribe(self) -> QMessageBox | None:
        """Confirm, then transcribe the selection again; returns the open question (tests answer it)."""
        if self.range_job is not None:
            self.statusBar().showMessage(_("A stretch is already being transcribed again."), 4000)
            return None
        span = self.retranscription_span()
        if span is None or span[1] <= span[0]:
            show_error(self, UserError(_("Select the segments to transcribe again.")))
            return None
        self.editor.flush()
        old = tw.segments_overlapping(self.study, self.session_id, *span)
        text = ngettext("Transcribe {start} – {end} again? Its {count} segment will be replaced by a new "
                        "transcription, corrections included.",
                        "Transcribe {start} – {end} again? Its {count} segments will be replaced by a new "
                        "transcription, corrections included.", len(old)).format(
            start=format_ms(span[0]), end=format_ms(span[1]), count=len(old))
        text += "\n" + _("Undo (Ctrl+Z) brings the old text back. The rest of the transcript is not touched.")
        choices = tw.deid_choices_count(self.study.db, [s.id for s in old])
        if choices:
            text += "\n" + ngettext("{count} deidentification choice made on this stretch will have to be made again.",
                                    "{count} deidentification choices made on this stretch will have to be made "
                                    "again.", choices).format(count=choices)
        box = QMessageBox(QMessageBox.Icon.Question, _("Transcribe again"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("retranscribeQuestion")
        box.button(QMessageBox.StandardButton.Yes).setText(_("Transcribe again"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.start_retranscription(span))
        box.open()
        return box

    def start_retranscription(self, span: tuple[int, int], options=None) -> RangeTranscription | None:
        if self.range_job is not None:
            return None
        busy = tw.busy_job(self.study.db, self.session_id)
        if busy is not None:
            show_error(self, UserError(_("This session is waiting for or being transcribed; transcribe a stretch "
                                         "again once that is finished.")))
            return None
        self.editor.flush()
        self._range_before = tw.segments_overlapping(self.study, self.session_id, *span)
        self._range_kept = set(tw.segment_stamps(self.study.db, self.session_id)) - {s.id for s in self._range_before}
        job = RangeTranscription(self.study, self.settings, self.session_id, span, self, options=options)
        job.progress_changed.connect(self._retranscription_progress)
        job.finished.connect(self._retranscription_finished)
        self.range_job = job
        self.editor.text_edit.setReadOnly(True)  # the segment being edited may be replaced under the cursor
        self.range_progress.setValue(0)
        self.range_progress.show()
        self.range_cancel.show()
        log.info("re-transcribing %d ms of session %s (%d segments)", span[1] - span[0], self.session_id,
                 len(self._range_before))
        job.start()
        return job

    def _retranscription_progress(self, progress) -> None:
        if self.range_job is None:
            return
        span = tw.job_span(self.study.db, progress.job_id) or self.range_job.range_ms
        fraction = (progress.done_ms - span[0]) / max(1, span[1] - span[0])
        self.range_progress.setValue(round(1000 * min(1.0, max(0.0, fraction))))

    def cancel_retranscription(self) -> None:
        if self.range_job is not None:
            self.range_cancel.setEnabled(False)
            self.range_job.cancel()

    def _retranscription_finished(self, status: str, message: str) -> None:
        job, self.range_job = self.range_job, None
        if job is None:
            return
        span = tw.job_span(self.study.db, job.job_id) if job.job_id is not None else None
        if span is not None:  # the old segments were deleted: build the change old → new
            after = tw.segments_replacing(self.study, self.session_id, span, self._range_kept)
            change = te.Change(self._range_before, after)
            if status == "done":
                self.undo_stack.push(ChangeCommand(self.study, change, _("Transcribe again"), self._applied,
                                                   lambda error: show_error(self, error)))
            else:  # cancelled or failed: the stretch as it was
                try:
                    te.revert(self.study, change)
                    self._applied(change, False)
                except UserError as error:  # nothing written; the view shows the stretch as it is now
                    show_error(self, error)
        self.sync_from_db()
        self._range_before, self._range_kept = [], set()
        self.range_progress.hide()
        self.range_cancel.hide()
        self.range_cancel.setEnabled(True)
        self.editor.text_edit.setReadOnly(False)
        if status == "done":
            self.statusBar().showMessage(_("The stretch was transcribed again."), 5000)
        elif status == "cancelled":
            self.statusBar().showMessage(_("Cancelled: the stretch was left as it was."), 5000)
        else:
            show_error(self, UserError(message or _("The transcription failed.")),
                       _("The stretch was left as it was"))
        job.deleteLater()

    def _stop_retranscription(self) -> None:
        """On close: stop the run and put the old segments back before the window goes."""
        job = self.range_job
        if job is not None:
            job.finished.disconnect(self._retranscription_finished)
            job.stop()
            self.range_job = job
            self._retranscription_finished("cancelled", "")
