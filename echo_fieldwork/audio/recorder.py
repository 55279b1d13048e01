"""The recording engine (no Qt): PortAudio callback → queue → writer thread → WAV under `audio/`.

Why this shape: the audio callback runs on PortAudio's real-time thread and must never wait, so it
only copies each block into an unbounded queue (no block is ever dropped). A writer thread appends
the blocks to a 16-bit mono WAV, flushes and fsyncs at least twice a second with the header sizes
rewritten, so a crash loses at most about half a second and the file always stays readable. It also
measures the level and reports through plain callbacks (the UI turns them into Qt signals).

Timeline: while paused no audio is written, so the recording is what a listener hears, and
`position_ms()` (recorded audio so far, after the session's earlier recordings) is the time that
notes, guide marks and speaker events are stamped with.

Threads: `start`, `pause`, `resume` and `stop` are called from the owner's thread (the one that owns
the study connection); callbacks arrive on the writer thread. After `on_failed` (device unplugged,
stream error) the file is already closed; the owner calls `stop()` to record the result.
"""

from __future__ import annotations

import logging
import math
import queue
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from echo_fieldwork.audio.encrypted_audio import open_appender, recording_suffix
from echo_fieldwork.audio.wavfile import SAMPLE_WIDTH, WavAppender
from echo_fieldwork.errors import UserError, os_error
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import add_recording_row, attendance, get_session, session_duration_ms
from echo_fieldwork.study.study import AUDIO_DIR, Study
from echo_fieldwork.timeutil import utc_now_iso

log = logging.getLogger("echo_fieldwork.audio.recorder")

DEFAULT_SAMPLE_RATE = 16000
BLOCK_MS = 100
FLUSH_SECONDS = 0.5
STALL_SECONDS = 5.0              # no block for this long: the device is gone
FIRST_BLOCK_SECONDS = 15.0       # PulseAudio may take a few seconds to deliver the first block
SILENCE_DBFS = -50.0
SILENCE_SECONDS = 10.0           # warn after this long below SILENCE_DBFS
CLIP_PEAK = 32000                # |sample| at or above: clipping
LOW_DISK_SECONDS = 2 * 3600      # warn when less than two hours of recording fit
_STOP = object()

# Paths being written by a Recorder in this process: repair must never touch them.
ACTIVE_PATHS: set[Path] = set()


@dataclass
class RecorderCallbacks:
    """Plain callbacks, all called on the writer thread."""
    on_level: Callable[[float, float, bool], None] | None = None   # rms dBFS, peak dBFS, clipped
    on_silence: Callable[[bool], None] | None = None               # True: silence for a while; False: sound again
    on_overrun: Callable[[int], None] | None = None                # total input overflows so far
    on_failed: Callable[[str], None] | None = None                 # recording stopped by the device; call stop()
    on_call_level: Callable[[float, float, bool], None] | None = None  # the call's input (`call_recorder`)


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    default_sample_rate: float


@dataclass(frozen=True)
class RecordingResult:
    recording_id: int
    path: Path
    duration_ms: int
    overruns: int
    failure: str = ""


@dataclass(frozen=True)
class DiskSpace:
    free_bytes: int
    seconds_left: int

    @property
    def low(self) -> bool:
        return self.seconds_left < LOW_DISK_SECONDS


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as error:  # PortAudio library missing
        raise UserError(_("Audio input is not available on this computer ({error}).").format(error=error)) from None
    return sounddevice


def list_input_devices() -> list[InputDevice]:
    sd = _sounddevice()
    return [InputDevice(i, d["name"], d["default_samplerate"])
            for i, d in enumerate(sd.query_devices()) if d["max_input_channels"] > 0]


def resolve_device(name: str | None) -> int | None:
    """The device index for a name (exact, else unique part of the name); None = the system default."""
    if not name:
        return None
    devices = list_input_devices()
    exact = [d for d in devices if d.name == name]
    partial = [d for d in devices if name.lower() in d.name.lower()]
    found = exact or partial
    if len(found) != 1:
        raise UserError(_("No single input device matches {name!r}.").format(name=name),
                        details=[d.name for d in devices])
    return found[0].index


def disk_space(study: Study, sample_rate: int = DEFAULT_SAMPLE_RATE) -> DiskSpace:
    free = shutil.disk_usage(study.audio_dir).free
    return DiskSpace(free, int(free / (sample_rate * SAMPLE_WIDTH)))


def recording_refusals(study: Study, session_id: int) -> list[str]:
    """Why this session may not be recorded (empty list: it may)."""
    return [reason for _code, reason in recording_refused_by(study, session_id)]


def recording_refused_by(study: Study, session_id: int) -> list[tuple[str, str]]:
    """(participant code, reason) of each attendee who may not be recorded: the ways forward are to remove
    them from the session or to record a new consent."""
    from echo_fieldwork.people.permissions import Use, may

    return [(code, d.reason) for pid, code, _role in attendance(study, session_id)
            if not (d := may(study, pid, Use.RECORD_AUDIO))]


def new_audio_path(study: Study, session_code: str, suffix: str | None = None) -> Path:
    """audio/FG1.wav, then audio/FG1-2.wav… (never reuse a name, even one whose file was deleted); .efa in an
    encrypted study."""
    suffix = suffix or recording_suffix(study)
    number = 1
    while True:
        name = session_code + (f"-{number}" if number > 1 else "") + suffix
        path = study.audio_dir / name
        if not path.exists() and study.db.execute("SELECT 1 FROM recordings WHERE path = ?",
                                                  [f"{AUDIO_DIR}/{name}"]).fetchone() is None:
            return path
        number += 1


def dbfs(value: float) -> float:
    return 20 * math.log10(value / 32768.0) if value > 0 else -120.0


class LevelAnalyzer:
    """Level, clipping and silence of successive blocks, reported through the callbacks. Silence is
    counted in audio time (not wall-clock), so a warning means SILENCE_SECONDS of quiet audio."""

    def __init__(self, sample_rate: int, callbacks: RecorderCallbacks, call: Callable[..., None]) -> None:
        self.sample_rate = sample_rate
        self.callbacks = callbacks
        self._call = call
        self._quiet_frames = 0
        self.silent = False

    def feed(self, block: np.ndarray, *, counts_for_silence: bool = True) -> None:
        samples = block.astype(np.float32).ravel()
        if not samples.size:
            return
        peak = float(np.max(np.abs(samples)))
        rms_dbfs = dbfs(float(np.sqrt(np.mean(samples * samples))))
        self._call(self.callbacks.on_level, rms_dbfs, dbfs(peak), peak >= CLIP_PEAK)
        if not counts_for_silence:
            return
        if rms_dbfs < SILENCE_DBFS:
            self._quiet_frames += samples.size
            if not self.silent and self._quiet_frames >= SILENCE_SECONDS * self.sample_rate:
                self.silent = True
                self._call(self.callbacks.on_silence, True)
        else:
            self._quiet_frames = 0
            if self.silent:
                self.silent = False
                self._call(self.callbacks.on_silence, False)


class LevelMonitor:
    """Listen to an input device without recording (the first-run microphone test): only levels."""

    def __init__(self, *, device: int | str | None = None, sample_rate: int = DEFAULT_SAMPLE_RATE,
                 callbacks: RecorderCallbacks | None = None, stream_factory: Callable[..., Any] | None = None) -> None:
        self.device = resolve_device(device) if isinstance(device, str) else device
        self.sample_rate = sample_rate
        self.callbacks = callbacks or RecorderCallbacks()
        self._stream_factory = stream_factory
        self._queue: queue.Queue = queue.Queue()
        self._levels = LevelAnalyzer(sample_rate, self.callbacks, Recorder._call)
        self._stream: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        factory = self._stream_factory or _sounddevice().InputStream
        try:
            self._stream = factory(samplerate=self.sample_rate, channels=1, dtype="int16", device=self.device,
                                   blocksize=self.sample_rate * BLOCK_MS // 1000,
                                   callback=lambda indata, *_args: self._queue.put(indata.copy()))
            self._stream.start()
        except Exception as error:
            raise UserError(_("The microphone could not be opened: {error}").format(error=error)) from None
        self._thread = threading.Thread(target=self._loop, name="echo-level-monitor", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while (block := self._queue.get()) is not _STOP:
            self._levels.feed(block)

    def stop(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except Exception as error:
                log.warning("closing the input stream failed: %s", type(error).__name__)
            self._stream = None
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join()
            self._thread = None


class Recorder:
    def __init__(self, study: Study, session_id: int, *, device: int | str | None = None,
                 sample_rate: int = DEFAULT_SAMPLE_RATE, callbacks: RecorderCallbacks | None = None,
                 stream_factory: Callable[..., Any] | None = None) -> None:
        self.study = study
        self.session = get_session(study, session_id)
        self.device = resolve_device(device) if isinstance(device, str) else device
        self.sample_rate = sample_rate
        self.callbacks = callbacks or RecorderCallbacks()
        self._stream_factory = stream_factory
        self._queue: queue.Queue = queue.Queue()
        self._paused = False
        self._captured_frames = 0
        self._last_callback_at: float | None = None
        self._floor_ms = 0            # position_ms never goes backwards
        self._pause_pending = False
        self._offset_ms = 0
        self.overruns = 0
        self.failure = ""
        self.recording_id: int | None = None
        self.path: Path | None = None
        self._wav: WavAppender | None = None
        self._stream: Any = None
        self._writer: threading.Thread | None = None
        self._finished = threading.Event()
        self._audio_arrived = threading.Event()
        self._levels = LevelAnalyzer(sample_rate, self.callbacks, self._call)
        self._stopping = False
        self.state = "idle"   # idle | recording | paused | stopped

    # -- owner thread ------------------------------------------------------------------------------
    def start(self) -> None:
        if self.state != "idle":
            raise UserError(_("This recorder was already used; start a new one."))
        refusals = recording_refusals(self.study, self.session.id)
        if refusals:
            raise UserError(_("This session cannot be recorded:"), details=refusals)
        space = disk_space(self.study, self.sample_rate)
        if space.seconds_left < 60:
            raise UserError(_("The disk is full: less than a minute of recording fits. Free some space first."))
        self._offset_ms = session_duration_ms(self.study, self.session.id)
        try:
            self._open_files()
        except OSError as error:  # full or read-only disk: the appender left no file behind
            raise os_error(error, self.path or self.study.audio_dir, changed=False) from None
        try:
            self._stream = self._open_stream()
        except UserError:
            self._discard_files()
            raise
        except Exception as error:
            self._discard_files()
            raise UserError(_("The microphone could not be opened: {error}").format(error=error)) from None
        with self.study.db.atomic():
            self._register()
            self.study.audit("recording.start", "session", self.session.id, {"recording_id": self.recording_id})
        self._last_block_at = time.monotonic()
        self._writer = threading.Thread(target=self._write_loop, name="echo-recorder-writer", daemon=True)
        self._writer.start()
        self.state = "recording"
        try:
            self._stream.start()
        except Exception as error:  # device busy or gone between opening and starting: undo everything
            self._stopping = True
            self._queue.put(_STOP)
            self._writer.join()
            with self.study.db.atomic():
                for recording_id in reversed(self._recording_ids()):   # tracks before their recording
                    self.study.db.execute("DELETE FROM recordings WHERE id = ?", [recording_id])
            self._discard_files()
            self.state = "idle"
            raise UserError(_("The microphone could not be opened: {error}").format(error=error)) from None
        log.info("recording %s started at %d Hz", self.recording_id, self.sample_rate)

    # -- what a recording writes: one file here; `call_recorder.CallRecorder` writes three ----------------
    def _open_files(self) -> None:
        self.path = new_audio_path(self.study, self.session.code)
        self._wav = open_appender(self.study, self.path, self.sample_rate)
        ACTIVE_PATHS.add(self.path)

    def _files(self) -> list[tuple[Path, Any]]:
        """(path, appender) of every file being written."""
        return [(self.path, self._wav)]

    def _discard_files(self) -> None:
        for path, appender in self._files():
            try:
                appender.close()
            except (OSError, ValueError):
                pass
            path.unlink(missing_ok=True)
            ACTIVE_PATHS.discard(path)

    def _register(self) -> None:
        relative = self.path.relative_to(self.study.folder).as_posix()
        self.recording_id = add_recording_row(self.study, self.session.id, relative, source="recorded",
                                              status="recording", sample_rate=self.sample_rate)

    def _recording_ids(self) -> list[int]:
        return [self.recording_id]

    def _write(self, block: np.ndarray, source: int) -> None:
        self._wav.write(block.tobytes())

    def _measure(self, block: np.ndarray, paused: bool, source: int) -> None:
        self._levels.feed(block, counts_for_silence=not paused)

    def _flush(self) -> None:
        for _path, appender in self._files():
            appender.flush()

    def _close_files(self) -> None:
        for _path, appender in self._files():
            try:
                appender.close()
            except OSError:
                log.exception("closing the recording file failed")

    def _finish_rows(self) -> None:
        self.study.db.execute(
            "UPDATE recordings SET status = 'complete', duration_ms = ?, overruns = ?, ended_at = ? "
            "WHERE id = ?", [self._wav.duration_ms, self.overruns, utc_now_iso(), self.recording_id])

    def _open_stream(self) -> Any:
        factory = self._stream_factory or _sounddevice().InputStream
        return factory(samplerate=self.sample_rate, channels=1, dtype="int16", device=self.device,
                       blocksize=self.sample_rate * BLOCK_MS // 1000, callback=self._audio_callback)

    def pause(self) -> None:
        if self.state == "recording":
            # The block being captured holds audio from before the click: it is still recorded, and
            # recording pauses from the next one (so nothing stamped before the pause lies past the audio).
            self._pause_pending = True
            self.state = "paused"

    def resume(self) -> None:
        if self.state == "paused":
            self._last_callback_at = None   # resume counting from the next recorded block
            self._pause_pending = False
            self._paused = False
            self.state = "recording"

    def position_ms(self) -> int:
        """Where the session timeline is now: earlier recordings plus the audio recorded so far.

        Between two blocks the position advances with the clock (at most one block), so a note is not
        stamped up to 100 ms early; it never goes backwards."""
        position = self._offset_ms + self._captured_frames * 1000 // self.sample_rate
        last = self._last_callback_at
        if self.state == "recording" and last is not None:
            position += int(min(BLOCK_MS - 1, (time.monotonic() - last) * 1000))
        self._floor_ms = max(self._floor_ms, position)
        return self._floor_ms

    @property
    def recorded_ms(self) -> int:
        return self._captured_frames * 1000 // self.sample_rate

    @property
    def running(self) -> bool:
        return self.state in ("recording", "paused") and not self._finished.is_set()

    def stop(self) -> RecordingResult:
        """Stop (or finish after a failure): close the file, mark the recording complete. Idempotent."""
        if self.state == "idle":
            raise UserError(_("Nothing is being recorded."))
        if self.state != "stopped":
            self._stopping = True
            try:
                self._stream.stop()   # waits for the last callback: every block is in the queue after this
                self._stream.close()
            except Exception as error:  # device already gone
                log.warning("closing the input stream failed: %s", type(error).__name__)
            self._queue.put(_STOP)
            self._writer.join()
            for path, _appender in self._files():
                ACTIVE_PATHS.discard(path)
            self.state = "stopped"
            try:
                with self.study.db.atomic():
                    self._finish_rows()
                    self.study.audit("recording.stop", "session", self.session.id,
                                     {"recording_id": self.recording_id, "duration_ms": self._wav.duration_ms,
                                      "overruns": self.overruns, "failed": bool(self.failure)})
            except sqlite3.OperationalError as error:  # e.g. the disk filled up: the file is kept as it is
                log.warning("recording %s could not be marked finished: %s", self.recording_id,
                            type(error).__name__)
                raise UserError(_("The recording {path} was stopped but could not be marked as finished in the "
                                  "study ({error}). Its audio is kept: free some space if the disk is full, then "
                                  "run 'echo-fieldwork check' on the study (or open its Sessions tab) to finish "
                                  "it.").format(path=self.path, error=error)) from None
            log.info("recording %s stopped: %d ms, %d overruns", self.recording_id, self._wav.duration_ms,
                     self.overruns)
        return RecordingResult(self.recording_id, self.path, self._wav.duration_ms, self.overruns, self.failure)

    def wait_for_audio(self, timeout: float | None = None) -> bool:
        """Block until the first block arrived (PortAudio/PulseAudio may take a moment to deliver it)."""
        return self._audio_arrived.wait(timeout)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the writer finished on its own (device failure); True if it did."""
        return self._finished.wait(timeout)

    # -- PortAudio thread: copy, nothing else ---------------------------------------------------------
    def _audio_callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        paused = self._paused
        if not paused:
            self._captured_frames += frames
            self._last_callback_at = time.monotonic()
            if self._pause_pending:
                self._paused, self._pause_pending = True, False
        self._queue.put((indata.copy(), paused, bool(status and status.input_overflow), 0))

    # -- writer thread ------------------------------------------------------------------------------
    def _write_loop(self) -> None:
        last_flush = time.monotonic()
        try:
            while True:
                try:
                    item = self._queue.get(timeout=0.25)
                except queue.Empty:
                    item = None
                now = time.monotonic()
                if item is _STOP:
                    break
                if item is not None:
                    self._last_block_at = now
                    self._audio_arrived.set()
                    block, paused, overflow, source = item
                    if overflow:
                        self.overruns += 1
                        self._call(self.callbacks.on_overrun, self.overruns)
                    if not paused:
                        self._write(block, source)
                    self._measure(block, paused, source)
                if now - last_flush >= FLUSH_SECONDS:
                    self._flush()
                    last_flush = now
                allowed = STALL_SECONDS if self._audio_arrived.is_set() else FIRST_BLOCK_SECONDS
                if not self._stopping and now - self._last_block_at > allowed:
                    self.failure = _("The input device stopped sending audio (unplugged?). "
                                     "The recording was stopped; everything up to that moment is kept.")
                    break
        except OSError as error:  # disk full or removed: keep what is on disk
            self.failure = " ".join((os_error(error, self.path, changed=None).message,
                                     _("Everything recorded up to that moment is kept.")))
        finally:
            self._drain()
            self._close_files()
            if self.failure:
                log.warning("recording %s failed", self.recording_id)
                self._call(self.callbacks.on_failed, self.failure)
            self._finished.set()

    def _drain(self) -> None:
        """Write whatever is still queued (stop: PortAudio has delivered its last block)."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not _STOP and not item[1]:
                try:
                    self._write(item[0], item[3])
                except (OSError, ValueError):
                    return

    @staticmethod
    def _call(callback: Callable | None, *args: Any) -> None:
        if callback is not None:
            try:
                callback(*args)
            except Exception:  # a broken observer must not stop the recording
                log.exception("recorder callback failed")
