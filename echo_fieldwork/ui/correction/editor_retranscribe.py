"""Transcribe a bad stretch again from the editor: the selected segments' time span (or the current
segment) goes through the normal engine in a worker thread, with progress and cancel in the status bar.
A part of the editor window (`window.retranscription`).

The replaced segments are kept in the undo stack as one `Change` (old rows before, new rows after), so
Undo brings the old text back; a cancelled or failed run puts them back at once. Segments outside the
stretch are never touched.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QProgressBar, QPushButton

from echo_fieldwork.correction import edits as te
from echo_fieldwork.correction import watch as tw
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.correction.edit_commands import ChangeCommand
from echo_fieldwork.ui.transcription.runner import RangeTranscription

if TYPE_CHECKING:
    from echo_fieldwork.ui.correction.editor_window import EditorWindow

log = logging.getLogger("echo_fieldwork.ui.correction.editor_retranscribe")


class EditorRetranscription:
    """Transcribing a stretch again, one at a time (`job` while it runs). Needs from the window: its study,
    settings and session, the selection (`view`, `model`, `current_row()`), the segment editor (saved
    first, read-only meanwhile), the undo stack, `show_change()`, its sync (`sync.sync_from_db()`, to
    show the stretch as stored at the end) and its status bar, where the progress and Cancel are shown."""

    def __init__(self, window: EditorWindow) -> None:
        self.window = window
        self.job: RangeTranscription | None = None
        self._before: list = []      # the stretch's segments as they were
        self._kept: set[int] = set()  # the session's other segments, never touched
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("retranscribeProgress")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setFormat(_("Transcribing again… %p%"))
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("retranscribeCancel")
        self.cancel_button.clicked.connect(self.cancel)
        for widget in (self.progress_bar, self.cancel_button):
            window.statusBar().addWidget(widget)
            widget.hide()

    @property
    def running(self) -> bool:
        return self.job is not None

    def span(self) -> tuple[int, int] | None:
        """The selected segments' time span, or the current segment's."""
        window = self.window
        rows = sorted(i.row() for i in window.view.selectionModel().selectedRows())
        if not rows and window.current_row() >= 0:
            rows = [window.current_row()]
        if not rows:
            return None
        segs = [window.model.segments[r] for r in rows]
        return min(s.start_ms for s in segs), max(s.end_ms for s in segs)

    def ask(self) -> QMessageBox | None:
        """Confirm, then transcribe the selection again; returns the open question (tests answer it)."""
        window = self.window
        if self.job is not None:
            window.statusBar().showMessage(_("A stretch is already being transcribed again."), 4000)
            return None
        span = self.span()
        if span is None or span[1] <= span[0]:
            show_error(window, UserError(_("Select the segments to transcribe again.")))
            return None
        window.editor.flush()
        old = tw.segments_overlapping(window.study, window.session_id, *span)
        text = ngettext("Transcribe {start} – {end} again? Its {count} segment will be replaced by a new "
                        "transcription, corrections included.",
                        "Transcribe {start} – {end} again? Its {count} segments will be replaced by a new "
                        "transcription, corrections included.", len(old)).format(
            start=format_ms(span[0]), end=format_ms(span[1]), count=len(old))
        text += "\n" + _("Undo (Ctrl+Z) brings the old text back. The rest of the transcript is not touched.")
        choices = tw.deid_choices_count(window.study.db, [s.id for s in old])
        if choices:
            text += "\n" + ngettext("{count} deidentification choice made on this stretch will have to be made again.",
                                    "{count} deidentification choices made on this stretch will have to be made "
                                    "again.", choices).format(count=choices)
        box = QMessageBox(QMessageBox.Icon.Question, _("Transcribe again"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, window)
        box.setObjectName("retranscribeQuestion")
        box.button(QMessageBox.StandardButton.Yes).setText(_("Transcribe again"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.start(span))
        box.open()
        return box

    def start(self, span: tuple[int, int], options=None) -> RangeTranscription | None:
        window = self.window
        if self.job is not None:
            return None
        busy = tw.busy_job(window.study.db, window.session_id)
        if busy is not None:
            show_error(window, UserError(_("This session is waiting for or being transcribed; transcribe a stretch "
                                           "again once that is finished.")))
            return None
        window.editor.flush()
        self._before = tw.segments_overlapping(window.study, window.session_id, *span)
        self._kept = set(tw.segment_stamps(window.study.db, window.session_id)) - {s.id for s in self._before}
        job = RangeTranscription(window.study, window.settings, window.session_id, span, window, options=options)
        job.progress_changed.connect(self._show_progress)
        job.finished.connect(self._finished)
        self.job = job
        window.editor.text_edit.setReadOnly(True)  # the segment being edited may be replaced under the cursor
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.cancel_button.show()
        log.info("re-transcribing %d ms of session %s (%d segments)", span[1] - span[0], window.session_id,
                 len(self._before))
        job.start()
        return job

    def _show_progress(self, progress) -> None:
        if self.job is None:
            return
        span = tw.job_span(self.window.study.db, progress.job_id) or self.job.range_ms
        fraction = (progress.done_ms - span[0]) / max(1, span[1] - span[0])
        self.progress_bar.setValue(round(1000 * min(1.0, max(0.0, fraction))))

    def cancel(self) -> None:
        if self.job is not None:
            self.cancel_button.setEnabled(False)
            self.job.cancel()

    def _finished(self, status: str, message: str) -> None:
        window = self.window
        job, self.job = self.job, None
        if job is None:
            return
        span = tw.job_span(window.study.db, job.job_id) if job.job_id is not None else None
        if span is not None:  # the old segments were deleted: build the change old → new
            after = tw.segments_replacing(window.study, window.session_id, span, self._kept)
            change = te.Change(self._before, after)
            if status == "done":
                window.undo_stack.push(ChangeCommand(window.study, change, _("Transcribe again"), window.show_change,
                                                     lambda error: show_error(window, error)))
            else:  # cancelled or failed: the stretch as it was
                try:
                    te.revert(window.study, change)
                    window.show_change(change, False)
                except UserError as error:  # nothing written; the view shows the stretch as it is now
                    show_error(window, error)
        window.sync.sync_from_db()
        self._before, self._kept = [], set()
        self.progress_bar.hide()
        self.cancel_button.hide()
        self.cancel_button.setEnabled(True)
        window.editor.text_edit.setReadOnly(False)
        if status == "done":
            window.statusBar().showMessage(_("The stretch was transcribed again."), 5000)
        elif status == "cancelled":
            window.statusBar().showMessage(_("Cancelled: the stretch was left as it was."), 5000)
        else:
            show_error(window, UserError(message or _("The transcription failed.")),
                       _("The stretch was left as it was"))
        job.deleteLater()

    def stop(self) -> None:
        """On close: stop the run and put the old segments back before the window goes."""
        job = self.job
        if job is not None:
            job.finished.disconnect(self._finished)
            job.stop()
            self.job = job
            self._finished("cancelled", "")
