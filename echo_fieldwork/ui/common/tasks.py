"""Run a core function on a study off the UI thread (detection with NER takes seconds).

SQLite connections belong to the thread that opened them, so the task opens its own connection to
the same study file (WAL lets the UI keep reading) and closes it when done. Results and errors come
back through signals, delivered on the UI thread."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QThread, Signal

from echo_fieldwork.study.study import Study


class StudyTask(QThread):
    task_finished = Signal(object)   # the function's result
    task_failed = Signal(object)     # the exception

    def __init__(self, study: Study, function: Callable[[Study], Any], parent=None) -> None:
        super().__init__(parent)
        self._folder = study.folder
        self._actor = study.actor
        self._extra = study.extra_connection
        self._keys = study.keys
        self._function = function

    def run(self) -> None:
        db = self._extra()
        # A Study without the folder lock: the UI's Study holds it for this same app instance.
        worker_study = Study(self._folder, db, None, self._actor, self._keys)
        try:
            result = self._function(worker_study)
        except Exception as error:  # reported to the UI, which shows it
            self.task_failed.emit(error)
        else:
            self.task_finished.emit(result)
        finally:
            worker_study.close()
