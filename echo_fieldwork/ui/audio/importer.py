"""Importing a recording off the UI thread: decoding runs in a worker thread (no database there, through
`ui.common.tasks.run_task`); the result is registered in the study on the UI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from echo_fieldwork.audio.importer import ImportPlan, decode_to_wav, register_import
from echo_fieldwork.errors import UserError
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.tasks import Task, run_task, to_main


class AudioImportTask(QObject):
    progressed = Signal(int)          # decoded ms so far
    import_finished = Signal(int)     # recording id
    import_failed = Signal(object)    # the exception (UserError or unexpected)

    def __init__(self, study: Study, plan: ImportPlan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.plan = plan
        self.task: Task | None = None
        self._cancel = threading.Event()
        self._last_progress = 0

    def start(self) -> None:
        self.task = run_task(self._decode, self._register, self.import_failed.emit, context=self,
                             name="echo-audio-import")

    def cancel(self) -> None:
        self._cancel.set()

    def _decode(self) -> int:
        """In the worker thread: the duration in ms of the decoded WAV."""
        return decode_to_wav(self.plan.source, self.plan.partial, keys=self.plan.keys, progress=self._progress,
                             cancelled=self._cancel.is_set)

    def _progress(self, ms: int) -> None:
        # one update per ~5 s of audio, not one per decoded frame
        if ms - self._last_progress >= 5000:
            self._last_progress = ms
            to_main(self.progressed.emit, ms, context=self)

    def _register(self, duration: int) -> None:
        try:
            recording_id = register_import(self.study, self.plan, duration)
        except (UserError, OSError) as error:
            self.import_failed.emit(error)
            return
        self.import_finished.emit(recording_id)
