"""Transcribe a session's recordings on this laptop, never losing work.

The decoding runs in a spawned child process (`transcription.engine.child_main`): inference can crash
or hold memory, and a process can be stopped at once. The child streams each segment back in time
order; this side stores it in SQLite immediately, with its words, model name and settings. So a crash,
a kill or a cancel costs nothing already decoded, and running the job again resumes right after the
last stored segment of its time range.

The core reports through plain callbacks (`on_progress`) and takes a `threading.Event` to cancel; the
CLI draws a progress bar from them, the UI turns them into Qt signals.
"""

from __future__ import annotations

import bisect
import logging
import multiprocessing
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from echo_fieldwork.errors import UserError, database_error
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import session_duration_ms
from echo_fieldwork.study.study import DB_NAME, Study
from echo_fieldwork.timeutil import utc_now_iso
from echo_fieldwork.transcript.segments import Segment, Word, delete_segments_overlapping, insert_segments
from echo_fieldwork.transcription.models import resolve_model
from echo_fieldwork.transcription.protocol import (
    ENGINES,
    STRATEGIES,
    ChunkDone,
    Decoding,
    Done,
    EngineOptions,
    Failed,
    Heartbeat,
    LanguageDetected,
    Message,
    Ready,
    Request,
    SegmentDecoded,
)

log = logging.getLogger("echo_fieldwork.transcription.runner")

STOP_GRACE_S = 2.0
LANGUAGES = ("fr", "en", "auto")


@dataclass
class Progress:
    job_id: int
    session_id: int
    done_ms: int                   # position in the session's audio reached so far
    total_ms: int
    elapsed_s: float
    eta_s: float | None
    last_lines: list[str] = field(default_factory=list)
    status: str = "running"

    @property
    def fraction(self) -> float:
        return min(1.0, self.done_ms / self.total_ms) if self.total_ms else 0.0


class TimeLeft:
    """The time left, from the progress reports of one job. The batched decoder delivers its segments in
    bursts (eight windows decoded together, then all their segments at once); the first burst comes only
    after loading the model, voice activity detection over the whole file and the first batch. Reports
    less than `burst_gap_s` apart belong to one burst (a window's left-out speech, decoded on its own,
    delays the rest of its burst by 1.5–3.5 s on a 2-core machine); a burst is complete when the next
    one begins.

    The rate is measured between the ends of the first and of the latest complete burst (model loading,
    VAD and features come before the first burst, so they are excluded; a cumulative rate smooths uneven
    batches). The time left is what remains after the latest complete burst at that rate, minus the time
    since it: the current burst's work is done (its segments are arriving) and is counted by that time,
    not by its partly delivered positions. So the segments of one burst all give about the same estimate.
    With one complete burst the rate runs from when decoding began (`ready`: the child's `Decoding`
    message); during the first burst it is the progress per second since then, right at the burst's last
    report (the value left on screen) and too high before it (those reports flash past within a second).

    Progress is counted in speech when the child sent its map of speech (`speech`, from its VAD), else in
    audio: the decoder spends its time on speech, VAD skips the silences. Positions are ms of audio, times
    seconds since the job started; no clock is read here: the estimate is a pure function of the reports
    (tests/transcription/test_time_left.py)."""

    def __init__(self, first_ms: int, goal_ms: int, burst_gap_s: float = 5.0) -> None:
        self.first_ms, self.goal_ms, self.burst_gap_s = first_ms, goal_ms, burst_gap_s
        self.ready_s = 0.0
        self.bursts: list[list] = []  # [start s, last report s, position reached ms] of each burst
        self._speech: list[tuple[int, int, int]] = []  # (start ms, end ms, speech ms before start)

    def speech(self, spans: list[tuple[int, int]]) -> None:
        """Count progress in speech: `spans` are the (start, end) ms of speech in the audio to decode."""
        before = 0
        self._speech = []
        for start, end in sorted(spans):
            self._speech.append((start, end, before))
            before += max(0, end - start)

    def _units(self, position_ms: int) -> int:
        """A position as progress: the speech before it, or the position itself without a speech map."""
        if not self._speech:
            return position_ms
        index = bisect.bisect_right([start for start, _end, _before in self._speech], position_ms) - 1
        if index < 0:
            return 0
        start, end, before = self._speech[index]
        return before + min(position_ms, end) - start

    def ready(self, elapsed_s: float) -> None:
        """The decoder has loaded its model: time before this is not decoding."""
        if not self.bursts:
            self.ready_s = elapsed_s

    def update(self, elapsed_s: float, done_ms: int) -> float | None:
        """Record a report (a position reached at a time); return the estimated seconds left."""
        if done_ms <= self.first_ms and not self.bursts:  # nothing decoded yet
            return None
        done_ms = self._units(done_ms)
        if not self.bursts or elapsed_s - self.bursts[-1][1] > self.burst_gap_s:
            self.bursts.append([elapsed_s, elapsed_s, done_ms])
        else:
            self.bursts[-1][1:] = [elapsed_s, max(done_ms, self.bursts[-1][2])]
        return self.estimate(elapsed_s)

    def estimate(self, elapsed_s: float) -> float | None:
        if not self.bursts:
            return None
        first_ms, goal_ms = self._units(self.first_ms), self._units(self.goal_ms)
        *complete, (_start_s, _last_s, current_ms) = self.bursts
        if not complete:
            gained, spent = current_ms - first_ms, elapsed_s - self.ready_s
            return max(0.0, (goal_ms - current_ms) * spent / gained) if gained > 0 and spent > 0 else None
        (_s, end_s, done_ms) = complete[-1]
        since_s, since_ms = (complete[0][1], complete[0][2]) if len(complete) > 1 else (self.ready_s, first_ms)
        if done_ms <= since_ms or end_s <= since_s:
            return None
        return max(0.0, (goal_ms - done_ms) * (end_s - since_s) / (done_ms - since_ms) - (elapsed_s - end_s))


class TranscriptionCancelled(UserError):
    """The user stopped the job; what was decoded is kept."""


class TranscriptionFailed(UserError):
    """The child failed or died; what was decoded is kept and the job can be resumed."""


@dataclass
class TranscriptionResult:
    job_id: int
    segments_added: int
    language: str
    device: str
    network_attempts: list[str]
    peak_memory_mb: float | None = None


# -- inputs -------------------------------------------------------------------------------------------
def session_audio(study: Study, session_id: int) -> tuple[list[Path], int]:
    """The session's recordings in order (absolute paths) and their total duration in ms."""
    rows = list(study.db.execute("SELECT path, status, duration_ms FROM recordings WHERE session_id = ? "
                                 "AND track_of IS NULL ORDER BY id", [session_id]))
    if not rows:
        raise UserError(_("This session has no recording to transcribe."))
    if any(status == "recording" for _p, status, _d in rows):
        raise UserError(_("This session is still being recorded; transcribe it once the recording is stopped."))
    paths = [study.folder / path for path, _s, _d in rows]
    missing = [str(p.name) for p in paths if not p.is_file()]
    if missing:
        raise UserError(_("A recording of this session is missing from the study folder."), details=missing)
    return paths, session_duration_ms(study, session_id)


def _audio_keys(study: Study, paths: list[Path]) -> list[str | None]:
    """Per recording, the hex key the child decrypts it with in memory (an encrypted study's recordings),
    else None. Each recording has its own key: the child never holds the study's key. The request goes
    to the child through the spawn pipe, never through a file."""
    if study.keys is None:
        return [None] * len(paths)
    from echo_fieldwork.study.sealed_audio import SealedAudioError, file_key

    keys = []
    for _index, path in enumerate(paths):
        try:
            keys.append(file_key(path, study.keys).hex())
        except (OSError, SealedAudioError):
            raise TranscriptionFailed(_("The recording {name} cannot be read: the file is damaged or not audio.")
                                      .format(name=path.name)) from None
    return keys


def vocabulary_terms(db) -> list[str]:
    """The study's own words (programs, institutions, jargon), given to Whisper as hotwords."""
    return [row[0] for row in db.execute("SELECT term FROM vocabulary ORDER BY term")]


MAX_VOCABULARY_CHARS = 600  # Whisper's prompt holds about 224 tokens; more would be cut off


def set_vocabulary(study: Study, terms: list[str]) -> list[str]:
    """Replace the study's vocabulary list (blank lines and repeats dropped), all at once."""
    cleaned = list(dict.fromkeys(" ".join(t.split()) for t in terms if t.strip()))
    if len(" ".join(cleaned)) > MAX_VOCABULARY_CHARS:
        raise UserError(_("The vocabulary list is too long for Whisper ({count} characters, at most {limit}).")
                        .format(count=len(" ".join(cleaned)), limit=MAX_VOCABULARY_CHARS))
    with study.db.atomic():
        study.db.execute("DELETE FROM vocabulary")
        for term in cleaned:
            study.db.execute("INSERT INTO vocabulary (term) VALUES (?)", [term])
    return cleaned


def resume_offset_ms(db, session_id: int, range_start: int, range_end: int | None, *, speaker: str = "") -> int:
    """Where to continue: right after the last stored segment inside the job's range (of this speaker's track,
    for a session transcribed track by track)."""
    high = range_end if range_end is not None else 2 ** 62
    by_speaker = " AND speaker = ?" if speaker else ""
    row = db.execute("SELECT MAX(end_ms) FROM segments WHERE session_id = ? AND start_ms >= ? AND start_ms < ?"
                     + by_speaker, [session_id, range_start, high] + ([speaker] if speaker else [])).fetchone()
    return max(range_start, int(row[0])) if row and row[0] is not None else range_start


def create_job(db, session_id: int, *, model: str = "", language: str | None = None,
               range_ms: tuple[int, int] | None = None, status: str = "queued") -> int:
    cursor = db.execute(
        "INSERT INTO transcription_jobs (session_id, status, model, language, range_start_ms, range_end_ms, "
        "queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [session_id, status, model, language, range_ms[0] if range_ms else None,
         range_ms[1] if range_ms else None, utc_now_iso()])
    return int(cursor.lastrowid)


def _set_job(db, job_id: int, **values) -> None:
    names = ", ".join(f"{k} = ?" for k in values)
    db.execute(f"UPDATE transcription_jobs SET {names} WHERE id = ?", [*values.values(), job_id])


# -- the run --------------------------------------------------------------------------------------------
def transcribe_session(study: Study, session_id: int, *, options: EngineOptions | None = None, settings=None,
                       range_ms: tuple[int, int] | None = None, job_id: int | None = None,
                       on_progress: Callable[[Progress], None] | None = None,
                       cancel: threading.Event | None = None) -> TranscriptionResult:
    """Transcribe (or resume, or re-transcribe `range_ms` of) one session. From a worker thread, pass
    `study.worker_study()` (SQLite connections stay in their thread)."""
    db = study.db
    options = options or EngineOptions()
    row = db.execute("SELECT language FROM sessions WHERE id = ?", [session_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown session."))
    chosen = settings.get("transcription_language") if settings is not None else ""
    language = options.language or chosen or row[0] or "fr"  # explicit, the settings' default, the session's
    if options.strategy not in STRATEGIES or options.engine not in ENGINES:
        raise ValueError(f"unknown strategy or engine {options.strategy!r}, {options.engine!r}")
    if language not in LANGUAGES and len(language) != 2:
        raise UserError(_("Unknown transcription language {language!r}.").format(language=language))
    if options.engine == "fake":
        model_name, model_path = "fake", ""
    else:
        model = resolve_model(options.model or (settings.get("model") if settings is not None else None), settings)
        model_name, model_path = model.name, str(model.path)
    paths, total_ms = session_audio(study, session_id)
    if job_id is None:
        job_id = create_job(db, session_id, model=model_name, language=language, range_ms=range_ms)
    else:
        job = db.execute("SELECT range_start_ms, range_end_ms FROM transcription_jobs WHERE id = ?",
                         [job_id]).fetchone()
        if job is None:
            raise UserError(_("Unknown transcription job."))
        if range_ms is None and job[0] is not None:
            range_ms = (job[0], job[1])
    if range_ms is not None:
        low, high = range_ms
        if not 0 <= low < high:
            raise UserError(_("The time range to transcribe again is empty."))
        # A range job deletes once, then records the span it covers; a resumed range job keeps it.
        already = db.execute("SELECT status FROM transcription_jobs WHERE id = ?", [job_id]).fetchone()[0]
        if already == "queued" and not db.execute(
                "SELECT started_at FROM transcription_jobs WHERE id = ?", [job_id]).fetchone()[0]:
            low, high = delete_segments_overlapping(study, session_id, low, min(high, total_ms or high))
        range_ms = (low, high)
    range_start, range_end = range_ms if range_ms is not None else (0, None)
    sources = _sources(study, session_id, paths)
    started = time.monotonic()
    first_offset = resume_offset_ms(db, session_id, range_start, range_end, speaker=sources[0].speaker)
    _set_job(db, job_id, status="running", model=model_name, language=language, error="",
             range_start_ms=range_ms[0] if range_ms else None, range_end_ms=range_ms[1] if range_ms else None,
             duration_ms=total_ms, progress_ms=first_offset, started_at=utc_now_iso(), finished_at=None)
    engine_settings = run_settings(options, language, model_name, model_path, job_id, len(vocabulary_terms(db)))
    if len(sources) > 1 or sources[0].speaker:
        engine_settings["per_speaker_tracks"] = True
    state = {"done_ms": first_offset, "added": 0, "lines": [], "device": "cpu", "total": total_ms,
             "goal": range_end if range_end is not None else total_ms}

    def overall(position: int, index: int) -> int:
        """A position in source `index` as progress through the whole job: each source covers the job's span
        once, so n tracks advance the bar by 1/n of it each (one source: the position itself)."""
        span = state["goal"] - range_start
        return range_start + round((index * span + (position - range_start)) / len(sources))

    def report(status: str = "running") -> None:
        if on_progress is None:
            return
        elapsed = time.monotonic() - started
        time_left.goal_ms = state["goal"]  # a recording's duration may be known only once the child reads it
        eta = time_left.update(elapsed, state["done_ms"]) if status == "running" else None
        eta = 0.0 if status == "done" else eta
        on_progress(Progress(job_id, session_id, state["done_ms"], state["total"], elapsed, eta,
                             list(state["lines"][-5:]), status))

    time_left = TimeLeft(first_offset, state["goal"])
    network_attempts: list[str] = []
    peak_memory_mb: float | None = None
    report()
    try:
        for index, source in enumerate(sources):
            offset = resume_offset_ms(db, session_id, range_start, range_end, speaker=source.speaker) \
                if source.speaker else first_offset
            local_start = max(0, offset - source.start_ms)
            local_end = None if range_end is None else max(0, range_end - source.start_ms)
            if local_end is not None and local_end <= local_start:
                continue   # this track has nothing in the job's range
            request = Request(tuple(str(p) for p in source.paths), model_path,
                              None if language == "auto" else language, local_start, local_end,
                              " ".join(vocabulary_terms(db)), options,
                              audio_keys=tuple(_audio_keys(study, list(source.paths))))
            last_end = [offset]

            def store(message: SegmentDecoded, source: _Source = source, index: int = index,
                      last_end: list[int] = last_end) -> None:
                # Guarantee no overlap with what this source stored, even if the aligner's times wobble by a
                # few ms. Two speakers' tracks may overlap: their segments stay separate.
                start = max(message.start_ms + source.start_ms, last_end[0])
                end = max(start, message.end_ms + source.start_ms)
                words = [Word(w.start_ms + source.start_ms, w.end_ms + source.start_ms, w.text, w.probability)
                         for w in message.words]
                flags = ",".join(f for f in (message.flags, "speaker_set" if source.speaker else "") if f)
                segment = Segment(None, session_id, start, end, message.text, source.speaker, words=words,
                                  flags=flags, model=model_name, avg_logprob=message.avg_logprob,
                                  no_speech_prob=message.no_speech_prob)
                done = max(state["done_ms"], overall(end, index))
                try:
                    with db.atomic():
                        insert_segments(study, [segment], settings=engine_settings)
                        _set_job(db, job_id, progress_ms=done)
                except sqlite3.OperationalError as error:  # a full or read-only disk: say which, keep the rest
                    raise TranscriptionFailed(_("The transcription stopped: {reason} The segments stored so far "
                                                "are kept; transcribe again to resume after the last one.").format(
                        reason=database_error(error, study.folder / DB_NAME).message)) from None
                last_end[0] = end
                state.update(done_ms=done, added=state["added"] + 1)
                state["lines"] = (state["lines"] + [message.text])[-5:]

            run = _ChildRun(request)
            try:
                for message in run.messages(cancel):
                    match message:
                        case Ready(device=device, audio_ms=audio_ms):
                            state["device"] = device
                            if message.cuda_problem:
                                log.warning("CUDA not used (%s): decoding on the CPU", message.cuda_problem)
                            time_left.ready(time.monotonic() - started)
                            engine_settings.update(device=device,
                                                   compute_type="float16" if device == "cuda" else "int8")
                            if len(sources) == 1 and audio_ms > state["total"]:  # a row without its duration yet
                                state["total"] = audio_ms
                                state["goal"] = range_end if range_end is not None else state["total"]
                                _set_job(db, job_id, duration_ms=state["total"])
                        case LanguageDetected(language=detected):
                            engine_settings["language"] = detected or language
                        case Decoding(speech_ms=speech):
                            time_left.ready(time.monotonic() - started)
                            if len(sources) == 1 and speech:  # several tracks: progress stays in audio
                                time_left.speech([(a + source.start_ms, b + source.start_ms) for a, b in speech])
                        case SegmentDecoded():
                            store(message)
                            report()
                        case ChunkDone(end_ms=end_ms):
                            state["done_ms"] = max(state["done_ms"], overall(end_ms + source.start_ms, index))
                            _set_job(db, job_id, progress_ms=state["done_ms"])
                            report()
                        case Failed():
                            raise _child_error(message, list(source.paths))
                        case Done():
                            network_attempts += message.network_attempts
                            if message.peak_memory_mb is not None:
                                peak_memory_mb = max(peak_memory_mb or 0.0, message.peak_memory_mb)
                            break
                else:
                    raise AssertionError("child stream ended without a final message")  # pragma: no cover
            finally:
                run.stop()
        state["done_ms"] = state["goal"]
        _set_job(db, job_id, status="done", progress_ms=state["goal"], finished_at=utc_now_iso())
        report("done")
        log.info("job %s done: %s segments", job_id, state["added"])
        return TranscriptionResult(job_id, state["added"], engine_settings["language"], state["device"],
                                   network_attempts, peak_memory_mb)
    except (TranscriptionCancelled, KeyboardInterrupt):
        _record_end(db, job_id, status="cancelled", finished_at=utc_now_iso())
        report("cancelled")
        raise
    except UserError as error:
        _record_end(db, job_id, status="failed", error=error.message, finished_at=utc_now_iso())
        report("failed")
        raise
    except BaseException:
        _record_end(db, job_id, status="failed", error="internal error", finished_at=utc_now_iso())
        report("failed")
        raise


def _record_end(db, job_id: int, **values) -> None:
    """Record how a job ended if the database still takes it: a full disk may refuse, and the error that
    stopped the job must reach the user, not this one. A job left 'running' is queued again at the next start
    (`job_queue.recover_interrupted`) and resumes after its last stored segment."""
    try:
        _set_job(db, job_id, **values)
    except sqlite3.OperationalError as error:
        log.warning("job %s: its end could not be recorded (%s)", job_id, type(error).__name__)


@dataclass(frozen=True)
class _Source:
    """What one child decodes: the session's timeline recordings (speaker unknown), or one speaker's track
    starting at `start_ms` of the session timeline."""
    paths: tuple[Path, ...]
    speaker: str = ""
    start_ms: int = 0


def _sources(study: Study, session_id: int, paths: list[Path]) -> list[_Source]:
    """A session with per-speaker tracks (a Zoom import) is transcribed track by track, each segment carrying
    its track's speaker, merged on the timeline by time; any other session as one stream of its recordings."""
    from echo_fieldwork.sessions.sessions import speaker_tracks

    tracks = speaker_tracks(study, session_id)
    if not tracks:
        return [_Source(tuple(paths))]
    missing = [Path(t.path).name for t in tracks if not (study.folder / t.path).is_file()]
    if missing:
        raise UserError(_("A recording of this session is missing from the study folder."), details=missing)
    return [_Source((study.folder / t.path,), t.speaker, t.start_ms) for t in tracks]


def engine_versions(engine: str) -> dict[str, str]:
    """The decoding libraries' versions (read from their metadata: nothing heavy is imported here)."""
    from importlib.metadata import PackageNotFoundError, version

    if engine == "fake":
        return {"faster_whisper": "fake", "ctranslate2": "fake"}
    found = {}
    for package in ("faster-whisper", "ctranslate2"):
        try:
            found[package.replace("-", "_")] = version(package)
        except PackageNotFoundError:  # a bundle without the metadata
            found[package.replace("-", "_")] = "unknown"
    return found


def run_settings(options: EngineOptions, language: str, model_name: str, model_path: str, job_id: int,
                 vocabulary_count: int) -> dict:
    """Everything that decides what the decoder writes, stored with each segment (`segments.settings`):
    which run (job), model (name and SHA-256 of its weights), app and engine versions, strategy and the
    decoding options. `transcripts info` and the reports read it back."""
    from echo_fieldwork import __version__
    from echo_fieldwork.transcription.models import model_sha256

    return {"job": job_id, "app_version": __version__, **engine_versions(options.engine),
            "model": model_name, "model_sha256": model_sha256(model_path) if model_path else "",
            "strategy": options.strategy, "language": language, "beam_size": options.beam_size,
            "batch_size": options.batch_size if options.strategy != "chunks" else None,
            "workers": options.workers if options.strategy == "chunks" else None,
            "chunk_seconds": options.chunk_seconds if options.strategy == "chunks" else None,
            "min_silence_ms": options.min_silence_ms if options.strategy != "chunks" else None,
            "seed": options.seed, "temperature_fallback": [0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            "vad_filter": True, "word_timestamps": True, "condition_on_previous_text": False,
            "vocabulary_terms": vocabulary_count, "device": "", "compute_type": ""}


def _child_error(message: Failed, paths: list[Path]) -> UserError:
    if message.kind == "audio":
        name = paths[message.index].name
        return TranscriptionFailed(_("The recording {name} cannot be read: the file is damaged or not audio.")
                                   .format(name=name), details=[message.detail])
    # Only the error's kind: its message may quote a path or text, and the log never holds those.
    log.error("transcription child failed: %s", message.detail.split(":", 1)[0][:80])
    return TranscriptionFailed(_("The transcription failed. The work done so far is kept; start again to resume."),
                               details=[message.detail])


class _ChildRun:
    """The spawned child and its message pipe. Stopping it is prompt: terminate, then kill, then join."""

    def __init__(self, request: Request) -> None:
        from echo_fieldwork.offline import quiet_libraries
        from echo_fieldwork.transcription.engine import child_main

        quiet_libraries()  # the spawned child inherits this environment: no library phones home while it starts
        self.stall_timeout_s = request.options.stall_timeout_s
        context = multiprocessing.get_context("spawn")
        self._reader, writer = context.Pipe(duplex=False)
        self.process = context.Process(target=child_main, args=(writer, request), daemon=True,
                                       name="echo-fieldwork-transcription")
        self.process.start()
        writer.close()  # so that the reader sees EOF as soon as the child is gone

    def messages(self, cancel: threading.Event | None) -> Iterator[Message]:
        last_heard = time.monotonic()
        while True:
            if cancel is not None and cancel.is_set():
                self.stop()
                raise TranscriptionCancelled(_("Transcription cancelled. The work done so far is kept."))
            try:
                ready = self._reader.poll(0.1)
                message = self._reader.recv() if ready else None
            except (EOFError, OSError):
                message = None
                ready = True
            if message is not None:
                last_heard = time.monotonic()
                if isinstance(message, Heartbeat):
                    continue
                yield message
                if isinstance(message, (Done, Failed)):
                    return
            elif ready or not self.process.is_alive():
                self.process.join(STOP_GRACE_S)
                code = self.process.exitcode
                log.error("transcription child ended unexpectedly, exit status %s", code)
                raise TranscriptionFailed(
                    _("The transcription process stopped unexpectedly (exit status {code}). The work done so far "
                      "is kept; start again to resume.").format(code=code))
            elif time.monotonic() - last_heard > self.stall_timeout_s:
                log.error("transcription child silent for %.0f s, stopping it", self.stall_timeout_s)
                self.stop()
                raise TranscriptionFailed(
                    _("The transcription process stopped responding for {seconds} seconds and was stopped. The "
                      "work done so far is kept; transcribe again to resume after the last stored segment.")
                    .format(seconds=round(self.stall_timeout_s)))

    def stop(self) -> None:
        process = self.process
        if process.is_alive():
            process.terminate()
            process.join(STOP_GRACE_S)
            if process.is_alive():
                process.kill()
        process.join()
        self._reader.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid
