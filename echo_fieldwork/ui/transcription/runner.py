"""Qt adapters over the core transcription: a worker thread runs `QueueRunner` (which reads the child
process's messages), or `transcribe_session` for one stretch (`RangeTranscription`, the editor's
"Re-transcribe selection"); their callbacks become signals, delivered to widgets on the UI thread.
`transcription_events()` relays "segments were stored for session N" to any open transcript editor."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcription.job_queue import QueueRunner, cancel_queued, next_queued
from echo_fieldwork.transcription.protocol import EngineOptions
from echo_fieldwork.transcription.runner import TranscriptionCancelled, transcribe_session

log = logging.getLogger("echo_fieldwork.ui.transcription.runner")


class TranscriptionEvents(QObject):
    """One per application: transcription workers announce stored segments, editors listen."""

    segments_stored = Signal(int)  # session id


_events: TranscriptionEvents | None = None


def transcription_events() -> TranscriptionEvents:
    global _events
    if _events is None:
        _events = TranscriptionEvents()
        app = QCoreApplication.instance()
        if app is not None:
            _events.moveToThread(app.thread())  # so that receivers get the signal queued on the UI thread
    return _events


class TranscriptionRunner(QObject):
    """Signals are emitted from the worker thread; Qt queues them to the receivers' (UI) thread."""

    progress_changed = Signal(object)          # transcription.Progress
    job_finished = Signal(int, str, str)       # job id, status, message
    keep_awake_changed = Signal(bool, str)     # active, why not
    run_finished = Signal()

    def __init__(self, study: Study, settings: Settings, parent: QObject | None = None,
                 options: EngineOptions | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.settings = settings
        self.options = options or EngineOptions()
        self._thread: threading.Thread | None = None
        self._runner: QueueRunner | None = None
        self.run_finished.connect(self._restart_if_more)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Work through the queued jobs (no-op if already working)."""
        if self.running:
            return
        self._runner = QueueRunner(self.study, settings=self.settings, options=self.options,
                                   on_progress=self._progress, on_job_finished=self.job_finished.emit,
                                   on_keep_awake=self.keep_awake_changed.emit)
        self._thread = threading.Thread(target=self._work, args=(self._runner,), name="transcription-queue",
                                        daemon=True)
        self._thread.start()

    def _progress(self, progress) -> None:
        self.progress_changed.emit(progress)
        transcription_events().segments_stored.emit(progress.session_id)

    def _work(self, runner: QueueRunner) -> None:
        runner.study = self.study.worker_study()  # opened in this thread: SQLite connections stay in theirs
        try:
            runner.run()
        except Exception:  # never let the worker die silently
            log.exception("transcription queue stopped on an unexpected error")
        finally:
            runner.study.close()  # its own connection, opened for this thread
            self.run_finished.emit()

    def _restart_if_more(self) -> None:
        # A job added just as the worker found the queue empty: start again.
        if self._runner is not None and not self._runner._stop.is_set() and self.study.db is not None \
                and next_queued(self.study.db) is not None:
            self.start()

    def cancel_job(self, job_id: int) -> None:
        runner = self._runner
        if runner is not None and self.running and runner.current_job == job_id:
            runner.cancel_current()
        else:
            cancel_queued(self.study.db, job_id)

    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Stop the running job (its work is kept) and wait for the worker; call before closing the study."""
        if self._runner is not None:
            self._runner.stop()
        if self._thread is not None:
            self._thread.join(timeout_s)


class RangeTranscription(QObject):
    """Transcribe one stretch of a session again in a worker thread; `cancel()` stops it at once (the
    child process is terminated). `finished` carries "done", "cancelled" or "failed" and a message."""

    progress_changed = Signal(object)  # transcription.Progress
    finished = Signal(str, str)

    def __init__(self, study: Study, settings: Settings, session_id: int, range_ms: tuple[int, int],
                 parent: QObject | None = None, options: EngineOptions | None = None) -> None:
        super().__init__(parent)
        self.study, self.settings, self.session_id, self.range_ms = study, settings, session_id, range_ms
        self.options = options or EngineOptions()
        self.job_id: int | None = None
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._work, name="range-transcription", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Cancel and wait for the worker (the study may be closed right after)."""
        self._cancel.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def _progress(self, progress) -> None:
        self.job_id = progress.job_id
        self.progress_changed.emit(progress)
        transcription_events().segments_stored.emit(progress.session_id)

    def _work(self) -> None:
        worker_study = self.study.worker_study()  # SQLite connections stay in their thread
        status, message = "failed", ""
        try:
            transcribe_session(worker_study, self.session_id, options=self.options, settings=self.settings,
                               range_ms=self.range_ms, on_progress=self._progress, cancel=self._cancel)
            status = "done"
        except TranscriptionCancelled as error:
            status, message = "cancelled", error.message
        except UserError as error:
            message = error.message
        except Exception:  # the editor must hear that it ended
            log.exception("range transcription stopped on an unexpected error")
            message = _("The transcription failed unexpectedly; details are in the log.")
        finally:
            worker_study.close()
            self.finished.emit(status, message)
