"""The transcription queue, kept in the study's `transcription_jobs` table so it survives a restart.

Jobs go queued → running → done | failed | cancelled. A job left 'running' by a crash or a closed app
goes back to 'queued' at start-up (`recover_interrupted`), and running it again resumes after the last
stored segment. `QueueRunner` works through the queued jobs one by one, keeping the laptop awake.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import N_, _
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso
from echo_fieldwork.transcription.protocol import EngineOptions
from echo_fieldwork.transcription.runner import (
    Progress,
    TranscriptionCancelled,
    create_job,
    transcribe_session,
)

log = logging.getLogger("echo_fieldwork.transcription.job_queue")

JOB_STATUSES = {"queued": N_("Waiting"), "running": N_("Running"), "done": N_("Done"), "failed": N_("Failed"),
                "cancelled": N_("Cancelled")}


@dataclass(frozen=True)
class Job:
    id: int
    session_id: int
    session_code: str
    status: str
    model: str
    language: str
    range_start_ms: int | None
    range_end_ms: int | None
    progress_ms: int
    duration_ms: int
    error: str
    queued_at: str
    finished_at: str | None

    @property
    def status_label(self) -> str:
        return _(JOB_STATUSES[self.status])


def recover_interrupted(db) -> int:
    """Jobs marked running belong to a run that is gone (crash, closed app): queue them again."""
    cursor = db.execute("UPDATE transcription_jobs SET status = 'queued' WHERE status = 'running'")
    if cursor.rowcount:
        log.info("%s interrupted transcription jobs queued again", cursor.rowcount)
    return cursor.rowcount


def list_jobs(db, *, statuses: tuple[str, ...] | None = None) -> list[Job]:
    where = f"WHERE j.status IN ({', '.join('?' * len(statuses))})" if statuses else ""
    rows = db.execute(
        "SELECT j.id, j.session_id, s.code, j.status, j.model, COALESCE(j.language, ''), j.range_start_ms, "
        "j.range_end_ms, j.progress_ms, j.duration_ms, j.error, j.queued_at, j.finished_at "
        f"FROM transcription_jobs j JOIN sessions s ON s.id = j.session_id {where} "
        "ORDER BY j.status = 'running' DESC, j.status = 'queued' DESC, j.id", list(statuses or ()))
    return [Job(*row) for row in rows]


def get_job(db, job_id: int) -> Job:
    for job in list_jobs(db):
        if job.id == job_id:
            return job
    raise UserError(_("Unknown transcription job."))


def enqueue(db, session_ids: list[int], *, model: str = "", language: str | None = None,
            range_ms: tuple[int, int] | None = None) -> list[int]:
    """Queue sessions (several at once). A session already waiting or running is not queued twice."""
    ids = []
    with db.atomic():
        for session_id in session_ids:
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", [session_id]).fetchone() is None:
                raise UserError(_("Unknown session."))
            if range_ms is None:
                busy = db.execute("SELECT id FROM transcription_jobs WHERE session_id = ? AND status IN "
                                  "('queued', 'running')", [session_id]).fetchone()
                if busy:
                    ids.append(int(busy[0]))
                    continue
                # A stopped job of the whole session is taken up again (it resumes), not duplicated.
                stopped = db.execute(
                    "SELECT id FROM transcription_jobs WHERE session_id = ? AND range_start_ms IS NULL AND "
                    "status IN ('failed', 'cancelled') ORDER BY id DESC LIMIT 1", [session_id]).fetchone()
                if stopped:
                    db.execute("UPDATE transcription_jobs SET status = 'queued', error = '', finished_at = NULL, "
                               "model = ?, language = ?, queued_at = ? WHERE id = ?",
                               [model, language, utc_now_iso(), stopped[0]])
                    ids.append(int(stopped[0]))
                    continue
            ids.append(create_job(db, session_id, model=model, language=language, range_ms=range_ms))
    return ids


def cancel_queued(db, job_id: int) -> None:
    db.execute("UPDATE transcription_jobs SET status = 'cancelled', finished_at = ? WHERE id = ? AND "
               "status = 'queued'", [utc_now_iso(), job_id])


def retry(db, job_id: int) -> None:
    """Put a failed or cancelled job back in the queue; it resumes where it stopped."""
    db.execute("UPDATE transcription_jobs SET status = 'queued', error = '', finished_at = NULL WHERE id = ? AND "
               "status IN ('failed', 'cancelled')", [job_id])


def fail_unstarted(db, job_id: int, message: str) -> None:
    """A job refused before it could start (no audio, bad model…) is failed, not left waiting."""
    db.execute("UPDATE transcription_jobs SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND "
               "status = 'queued'", [message, utc_now_iso(), job_id])


def next_queued(db) -> Job | None:
    jobs = list_jobs(db, statuses=("queued",))
    return jobs[0] if jobs else None


class KeepAwake:
    """Keep the laptop from sleeping while jobs run; `active` says if it worked, `reason` why not."""

    def __init__(self) -> None:
        self.active = False
        self.reason = ""
        self._process: subprocess.Popen | None = None

    def __enter__(self) -> "KeepAwake":
        try:
            self._start()
        except OSError as error:
            self.active, self.reason = False, type(error).__name__
        if not self.active:
            log.warning("could not keep the computer awake: %s", self.reason)
        return self

    def _start(self) -> None:
        if sys.platform == "win32":
            import ctypes

            es_continuous, es_system_required = 0x80000000, 0x00000001
            self.active = bool(ctypes.windll.kernel32.SetThreadExecutionState(es_continuous | es_system_required))
            self.reason = "" if self.active else "SetThreadExecutionState"
            return
        if sys.platform == "darwin":
            command = ["caffeinate", "-i"]
        else:
            tool = shutil.which("systemd-inhibit")
            if tool is None:
                self.reason = "systemd-inhibit not found"
                return
            command = [tool, "--what=sleep:idle", "--who=echo-fieldwork", "--why=transcription", "--mode=block",
                       "sleep", "infinity"]
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        try:  # the inhibitor fails at once when it cannot work (e.g. no session bus)
            code = self._process.wait(0.5)
            self.reason = f"{command[0].rsplit('/', 1)[-1]} exit status {code}"
            self._process = None
        except subprocess.TimeoutExpired:
            self.active = True

    def __exit__(self, *exc: object) -> None:
        if sys.platform == "win32" and self.active:
            import ctypes

            ctypes.windll.kernel32.SetThreadExecutionState(0x80000000)
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(2)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self.active = False


class QueueRunner:
    """Runs queued jobs one after the other in the calling thread (the UI gives it a worker thread).

    Callbacks: `on_progress(Progress)`, `on_job_finished(job_id, status, message)`, `on_keep_awake(active,
    reason)`. `cancel_current()` stops the running job at once; `stop()` also ends the run. From a worker
    thread, give it `study.worker_study()`."""

    def __init__(self, study: Study, *, settings=None, options: EngineOptions | None = None,
                 on_progress: Callable[[Progress], None] | None = None,
                 on_job_finished: Callable[[int, str, str], None] | None = None,
                 on_keep_awake: Callable[[bool, str], None] | None = None) -> None:
        self.study = study
        self.settings = settings
        self.options = options or EngineOptions()
        self.on_progress = on_progress
        self.on_job_finished = on_job_finished
        self.on_keep_awake = on_keep_awake
        self._cancel = threading.Event()
        self._stop = threading.Event()
        self.current_job: int | None = None

    def cancel_current(self) -> None:
        self._cancel.set()

    def stop(self) -> None:
        self._stop.set()
        self._cancel.set()

    def run(self) -> int:
        """Work until the queue is empty or `stop()`; returns how many jobs ended done."""
        db = self.study.db
        recover_interrupted(db)
        done = 0
        with KeepAwake() as awake:
            if self.on_keep_awake:
                self.on_keep_awake(awake.active, awake.reason)
            while not self._stop.is_set() and (job := next_queued(db)) is not None:
                self._cancel.clear()
                self.current_job = job.id
                status, message = self._run_one(db, job)
                done += status == "done"
                self.current_job = None
                if self.on_job_finished:
                    self.on_job_finished(job.id, status, message)
        return done

    def _run_one(self, db, job: Job) -> tuple[str, str]:
        options = replace(self.options, model=job.model or self.options.model,
                          language=job.language or self.options.language)
        started = time.monotonic()
        try:
            transcribe_session(self.study, job.session_id, options=options, settings=self.settings, job_id=job.id,
                               on_progress=self.on_progress, cancel=self._cancel)
        except TranscriptionCancelled as error:
            return "cancelled", error.message
        except UserError as error:
            fail_unstarted(db, job.id, error.message)
            return "failed", str(error)
        log.info("job %s finished in %.0f s", job.id, time.monotonic() - started)
        return "done", ""


def untranscribed_tail(study, session_id: int) -> tuple[int, int]:
    """(start ms, length ms) of the audio recorded after the session was transcribed and not transcribed
    since: recordings at the end of the timeline that no segment overlaps and no finished job reached.
    (0, 0) when the transcript covers all the audio, or when there is no transcript at all."""
    from echo_fieldwork.sessions.sessions import session_timeline

    db = study.db
    if db.execute("SELECT 1 FROM segments WHERE session_id = ? LIMIT 1", [session_id]).fetchone() is None:
        return 0, 0
    reached = db.execute(
        "SELECT COALESCE(MAX(COALESCE(range_end_ms, duration_ms)), 0) FROM transcription_jobs "
        "WHERE session_id = ? AND status = 'done'", [session_id]).fetchone()[0]
    tail_start, tail = None, 0
    for _rid, _path, start, duration in session_timeline(study, session_id):
        end = start + duration
        overlapped = db.execute("SELECT 1 FROM segments WHERE session_id = ? AND end_ms > ? AND start_ms < ? LIMIT 1",
                                [session_id, start, end]).fetchone()
        if overlapped or reached >= end or duration == 0:
            tail_start, tail = None, 0
        else:
            tail_start = start if tail_start is None else tail_start
            tail += duration
    return (tail_start or 0, tail) if tail else (0, 0)


def enqueue_untranscribed_tail(study, session_id: int, *, model: str = "", language: str | None = None) -> int | None:
    """Queue the transcription of the audio recorded after the transcript (`untranscribed_tail`) only, the
    transcript before it untouched. Returns the job, an already waiting one for the same stretch, or None
    when nothing is missing."""
    db = study.db
    start, missing = untranscribed_tail(study, session_id)
    if not missing:
        return None
    end = start + missing
    waiting = db.execute("SELECT id FROM transcription_jobs WHERE session_id = ? AND status IN ('queued', 'running') "
                         "AND range_start_ms = ? AND range_end_ms = ?", [session_id, start, end]).fetchone()
    if waiting:
        return int(waiting[0])
    return enqueue(db, [session_id], model=model, language=language, range_ms=(start, end))[0]
