"""Work off the UI thread, results on it: real threads, a real study file, a real Qt event loop."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from shiboken6 import delete

from echo_fieldwork.errors import UserError
from echo_fieldwork.ui.common.tasks import run_study_task, run_task, to_main

WAIT_MS = 10_000


def _flush(qtbot) -> None:
    """Wait until every call posted so far has run: calls run in the order they were posted."""
    seen = []
    to_main(seen.append, True)
    qtbot.waitUntil(lambda: seen == [True], timeout=WAIT_MS)


def test_the_work_runs_in_a_worker_and_its_result_arrives_on_the_ui_thread(qtbot):
    ran_in, results = [], []

    def work():
        ran_in.append(threading.current_thread())
        return 42

    task = run_task(work, lambda result: results.append((result, threading.current_thread())))
    assert task.wait(WAIT_MS / 1000) and not task.is_running()
    qtbot.waitUntil(lambda: bool(results), timeout=WAIT_MS)
    assert ran_in[0] is not threading.main_thread()
    assert results == [(42, threading.main_thread())]


def test_an_error_arrives_on_the_ui_thread_and_done_is_not_called(qtbot):
    failures, done = [], []

    def work():
        raise UserError("Le fichier est illisible.")

    run_task(work, done.append, lambda error: failures.append((error, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    _flush(qtbot)
    [(error, thread)] = failures
    assert isinstance(error, UserError) and str(error) == "Le fichier est illisible." and not done
    assert thread is threading.main_thread()


def test_to_main_from_a_worker_thread_runs_on_the_ui_thread_in_order(qtbot):
    calls = []
    worker = threading.Thread(target=lambda: [to_main(lambda n=n: calls.append((n, threading.current_thread())))
                                              for n in range(5)])
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(calls) == 5, timeout=WAIT_MS)
    assert calls == [(n, threading.main_thread()) for n in range(5)]


def test_a_study_task_gets_its_own_connection_closed_afterwards(qtbot, study):
    seen = {}

    def work(worker_study):
        seen["study"] = worker_study
        seen["thread"] = threading.current_thread()
        assert worker_study.db is not study.db and worker_study.folder == study.folder
        worker_study.set_meta("written_by", "worker")
        return worker_study.title

    results = []
    run_study_task(study, work, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=WAIT_MS)
    assert results == [study.title]
    assert study.meta("written_by") == "worker"  # the UI's connection reads what the worker wrote
    assert seen["study"].db is None and seen["thread"] is not threading.main_thread()  # closed when done


def test_a_study_task_that_fails_closes_its_connection_too(qtbot, study):
    seen, failures = {}, []

    def work(worker_study):
        seen["study"] = worker_study
        raise UserError("Rien à détecter.")

    run_study_task(study, work, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert str(failures[0]) == "Rien à détecter." and seen["study"].db is None


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.calls = []

    def receive(self, value) -> None:
        self.calls.append(value)


@pytest.mark.parametrize("explicit", [True, False], ids=["context", "bound-method"])
def test_a_result_for_a_deleted_object_is_dropped(qtbot, explicit):
    gate = threading.Event()
    receiver, calls = _Receiver(), []
    on_done = (lambda result: calls.append(result)) if explicit else receiver.receive
    task = run_task(lambda: gate.wait(WAIT_MS / 1000) and "résultat", on_done,
                    context=receiver if explicit else None)
    delete(receiver)  # the widget goes while the work runs
    gate.set()
    assert task.wait(WAIT_MS / 1000)
    _flush(qtbot)  # the result was posted before the flush: it has been dropped by now
    assert calls == [] and receiver.calls == []


def test_a_result_for_a_living_object_is_delivered(qtbot):
    """The other half of the test above: the same path delivers when the object is still there."""
    widget = QWidget()
    qtbot.addWidget(widget)
    calls = []
    task = run_task(lambda: "résultat", calls.append, context=widget)
    assert task.wait(WAIT_MS / 1000)
    _flush(qtbot)
    assert calls == ["résultat"]
