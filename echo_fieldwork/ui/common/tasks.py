"""Work off the UI thread, results on it (after MusicBrainz Picard's `util/thread.py`).

`run_task(function, on_done, on_failed)` runs `function()` in a worker thread, then calls `on_done(result)`
or `on_failed(error)` on the UI thread; `to_main(callable, *args)` posts any call to the UI thread, from
any thread. Widgets are touched only in those calls. A call whose `context` object (by default the
object of a bound method) has been deleted by the time it runs is dropped: a dialog closed and deleted
while its task runs is never called back.

For work on the study, `run_study_task(study, function, …)` calls `function(worker_study)` with
`Study.worker_study()` (its own connection, opened and closed in the worker thread: SQLite connections
belong to the thread that opened them; WAL lets the UI keep reading)."""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from shiboken6 import isValid

from echo_fieldwork.study.study import Study

log = logging.getLogger("echo_fieldwork.ui.tasks")


class _Dispatcher(QObject):
    """Lives in the UI thread; a queued signal carries each call to it."""
    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.posted.connect(self._call, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _call(self, call: Callable[[], None]) -> None:
        call()


_dispatcher: _Dispatcher | None = None
_dispatcher_lock = threading.Lock()


def _main_dispatcher() -> _Dispatcher:
    global _dispatcher
    with _dispatcher_lock:
        if _dispatcher is None or not isValid(_dispatcher):
            app = QCoreApplication.instance()
            if app is None:
                raise RuntimeError("to_main() needs a running QApplication")
            dispatcher = _Dispatcher()
            if dispatcher.thread() is not app.thread():
                dispatcher.moveToThread(app.thread())  # made in a worker thread: pushed to the UI thread
            _dispatcher = dispatcher
        return _dispatcher


def to_main(function: Callable[..., Any], *args: Any, context: QObject | None = None) -> None:
    """Call `function(*args)` on the UI thread, after the events already posted (safe from any thread,
    the UI thread included). Dropped if `context` — by default the QObject a bound method belongs to —
    has been deleted by then."""
    if context is None:
        owner = getattr(function, "__self__", None)
        context = owner if isinstance(owner, QObject) else None

    def call() -> None:
        if context is not None and not isValid(context):
            return  # its widget is gone: nothing left to show the result in
        function(*args)

    _main_dispatcher().posted.emit(call)


class Task:
    """A running task, as returned by `run_task`: ask whether it is still running, or wait for it."""

    def __init__(self, thread: threading.Thread) -> None:
        self._thread = thread

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the work is done (its callback is posted by then, not yet run); True if it is."""
        self._thread.join(timeout_s)
        return not self._thread.is_alive()


def run_task(function: Callable[[], Any], on_done: Callable[[Any], Any] | None = None,
             on_failed: Callable[[BaseException], Any] | None = None, *, context: QObject | None = None,
             name: str = "echo-task") -> Task:
    """Run `function()` in a worker thread; then, on the UI thread, `on_done(result)` or, if it raised,
    `on_failed(error)` (an error with no `on_failed` is logged). When `context` (a widget showing the
    result) has been deleted by then, neither is called."""

    def work() -> None:
        try:
            result = function()
        except Exception as error:  # handed to the UI thread, which shows it
            if on_failed is not None:
                to_main(on_failed, error, context=context)
            else:
                log.error("a task failed: %s", type(error).__name__)
            return
        if on_done is not None:
            to_main(on_done, result, context=context)

    _main_dispatcher()  # made here, on the calling thread, if this is the first use
    thread = threading.Thread(target=work, name=name, daemon=True)
    thread.start()
    return Task(thread)


def run_study_task(study: Study, function: Callable[[Study], Any], on_done: Callable[[Any], Any] | None = None,
                   on_failed: Callable[[BaseException], Any] | None = None, *, context: QObject | None = None,
                   name: str = "echo-study-task") -> Task:
    """`run_task` for work on the study: `function(worker_study)`, with `study.worker_study()` opened in the
    worker thread and closed when the function returns or raises."""

    def work() -> Any:
        with study.worker_study() as worker_study:
            return function(worker_study)

    return run_task(work, on_done, on_failed, context=context, name=name)
