"""Importing a recording off the UI thread: decoding runs in a worker thread (no database there); the
result is registered in the study on the UI thread when the `decoded` signal arrives."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from echo_fieldwork.audio.importer import ImportPlan, decode_to_wav, register_import
from echo_fieldwork.errors import UserError
from echo_fieldwork.study.study import Study


class AudioImportTask(QObject):
    progressed = Signal(int)          # decoded ms so far
    decoded = Signal(int)             # duration ms (worker → UI thread)
    import_finished = Signal(int)     # recording id
    import_failed = Signal(object)    # the exception (UserError or unexpected)

    def __init__(self, study: Study, plan: ImportPlan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.plan = plan
        self._cancel = threading.Event()
        self._last_progress = 0
        self.decoded.connect(self._register)

    def start(self) -> None:
        threading.Thread(target=self._run, name="echo-audio-import", daemon=True).start()

    def cancel(self) -> None:
        self._cancel.set()

    def _run(self) -> None:
        try:
            duration = decode_to_wav(self.plan.source, self.plan.partial, keys=self.plan.keys, progress=self._progress,
                                     cancelled=self._cancel.is_set)
        except Exception as error:  # reported on the UI thread, which shows it
            self.import_failed.emit(error)
            return
        self.decoded.emit(duration)

    def _progress(self, ms: int) -> None:
        # one signal per ~5 s of audio, not one per decoded frame
        if ms - self._last_progress >= 5000:
            self._last_progress = ms
            self.progressed.emit(ms)

    def _register(self, duration: int) -> None:
        try:
            recording_id = register_import(self.study, self.plan, duration)
        except (UserError, OSError) as error:
            self.import_failed.emit(error)
            return
        self.import_finished.emit(recording_id)
