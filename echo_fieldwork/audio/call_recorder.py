"""Recording a video call from this computer: the microphone (the interviewer) and what the computer plays
(the others, `audio.loopback`), kept apart.

Three files are written side by side, sample for sample in step:
- the mix (microphone + call) is the session's timeline recording, as any recording: the player, the
  playback cache, exports and the session duration see one ordinary mono file;
- the microphone and the call are two per-speaker tracks of it (`recordings.track_of`), as a Zoom import
  registers its participants' tracks. Transcription then decodes each track alone and labels its segments
  with the track's speaker: the interviewer's (the one interviewer attending), and for an interview the one
  participant's; in a focus group the call track's segments are left for the team to attribute.
  One stereo file would have needed the transcription, the player and the playback cache to learn channels;
  tracks reuse what Zoom imports already do.

Crash safety is the recorder's (`audio.recorder`): both PortAudio callbacks only copy blocks into the one
queue; the writer thread lines the two inputs up and appends the same number of frames to the three
files, flushed together; a kill leaves three files that repair independently (`audio.recovery`). In an
encrypted study the three are sealed.

The two inputs have their own clocks and PulseAudio may hold one back for a moment: the writer keeps the
frames of the input ahead until the other catches up, and when one falls more than `MAX_SKEW_MS` behind
(stalled, or a monitor with nothing playing) it is filled with silence up to the other, so the tracks never
drift apart by more than that.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

import numpy as np

from echo_fieldwork.audio.encrypted_audio import open_appender
from echo_fieldwork.audio.loopback import CallSource, open_input
from echo_fieldwork.audio.recorder import (
    ACTIVE_PATHS,
    BLOCK_MS,
    DEFAULT_SAMPLE_RATE,
    LevelAnalyzer,
    Recorder,
    RecorderCallbacks,
    new_audio_path,
)
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import add_recording_row, attendance
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso

log = logging.getLogger("echo_fieldwork.audio.call_recorder")

MAX_SKEW_MS = 1000
MIC, CALL = 0, 1
MIC_TRACK, CALL_TRACK = "mic", "call"   # file name suffixes: FG1-mic.wav, FG1-call.wav


class Aligner:
    """Lines up the frames of two inputs: what both have delivered comes out, in step."""

    def __init__(self, max_skew_frames: int) -> None:
        self.max_skew = max_skew_frames
        self._pending: tuple[list[np.ndarray], list[np.ndarray]] = ([], [])
        self._counts = [0, 0]
        self.padded_frames = [0, 0]

    def add(self, source: int, samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self._put(source, samples.astype(np.int16).ravel())
        lead = max(self._counts)
        for index in (MIC, CALL):
            if lead - self._counts[index] > self.max_skew:
                self._pad(index, lead - self._counts[index])
        return self._take(min(self._counts))

    def drain(self) -> tuple[np.ndarray, np.ndarray]:
        """Everything pending, the shorter input filled with silence (pause, stop)."""
        lead = max(self._counts)
        for index in (MIC, CALL):
            if self._counts[index] < lead:
                self._pad(index, lead - self._counts[index])
        return self._take(lead)

    def _put(self, source: int, samples: np.ndarray) -> None:
        self._pending[source].append(samples)
        self._counts[source] += len(samples)

    def _pad(self, source: int, frames: int) -> None:
        self._put(source, np.zeros(frames, dtype=np.int16))
        self.padded_frames[source] += frames

    def _take(self, frames: int) -> tuple[np.ndarray, np.ndarray]:
        out = []
        for index in (MIC, CALL):
            joined = np.concatenate(self._pending[index]) if self._pending[index] else np.zeros(0, np.int16)
            out.append(joined[:frames])
            rest = joined[frames:]
            self._pending[index][:] = [rest] if rest.size else []
            self._counts[index] = rest.size
        return out[0], out[1]


def track_speakers(study: Study, session_id: int) -> tuple[str, str]:
    """Who speaks on the microphone and on the call track: the one interviewer attending, and the one
    participant of an interview ("" when it is not a single person: the team attributes them later)."""
    from echo_fieldwork.sessions.sessions import get_session

    people = attendance(study, session_id)
    interviewers = [code for _pid, code, role in people if role == "interviewer"]
    participants = [code for _pid, code, role in people if role == "participant"]
    single = get_session(study, session_id).kind == "interview" and len(participants) == 1
    return (interviewers[0] if len(interviewers) == 1 else ""), (participants[0] if single else "")


class _StreamPair:
    """The microphone's and the call's streams, started and stopped together."""

    def __init__(self, mic: Any, call: Any) -> None:
        self.streams = (mic, call)

    def start(self) -> None:
        started = []
        try:
            for stream in self.streams:
                stream.start()
                started.append(stream)
        except Exception:
            for stream in started:
                _quietly(stream.stop)
            raise

    def stop(self) -> None:
        for stream in self.streams:
            _quietly(stream.stop)

    def close(self) -> None:
        for stream in self.streams:
            _quietly(stream.close)


def _quietly(action: Callable[[], Any]) -> None:
    try:
        action()
    except Exception as error:  # a device already gone
        log.warning("closing an input stream failed: %s", type(error).__name__)


class CallRecorder(Recorder):
    """A `Recorder` of the microphone and of `call_source`; `callbacks.on_call_level` reports the call's level.
    The silence warning listens to the mix: a quiet interviewer while the others speak is not silence."""

    def __init__(self, study: Study, session_id: int, call_source: CallSource, *, device: int | str | None = None,
                 sample_rate: int = DEFAULT_SAMPLE_RATE, callbacks: RecorderCallbacks | None = None,
                 stream_factory: Callable[..., Any] | None = None,
                 call_stream_factory: Callable[..., Any] | None = None) -> None:
        super().__init__(study, session_id, device=device, sample_rate=sample_rate, callbacks=callbacks,
                         stream_factory=stream_factory)
        self.call_source = call_source
        self._call_stream_factory = call_stream_factory
        self._aligner = Aligner(sample_rate * MAX_SKEW_MS // 1000)
        self._mic_levels = LevelAnalyzer(sample_rate, RecorderCallbacks(on_level=self.callbacks.on_level), self._call)
        self._call_levels = LevelAnalyzer(sample_rate, RecorderCallbacks(on_level=self.callbacks.on_call_level),
                                          self._call)
        self._levels = LevelAnalyzer(sample_rate, RecorderCallbacks(on_silence=self.callbacks.on_silence), self._call)
        self.mic_path: Path | None = None
        self.call_path: Path | None = None
        self._mic_wav: Any = None
        self._call_wav: Any = None
        self.mic_track_id: int | None = None
        self.call_track_id: int | None = None

    # -- files and rows ---------------------------------------------------------------------------------
    def _open_files(self) -> None:
        super()._open_files()
        try:
            self.mic_path = new_audio_path(self.study, f"{self.session.code}-{MIC_TRACK}")
            self._mic_wav = open_appender(self.study, self.mic_path, self.sample_rate)
            ACTIVE_PATHS.add(self.mic_path)
            self.call_path = new_audio_path(self.study, f"{self.session.code}-{CALL_TRACK}")
            self._call_wav = open_appender(self.study, self.call_path, self.sample_rate)
            ACTIVE_PATHS.add(self.call_path)
        except BaseException:
            self._discard_files()
            raise

    def _files(self) -> list[tuple[Path, Any]]:
        return super()._files() + [(p, w) for p, w in ((self.mic_path, self._mic_wav),
                                                       (self.call_path, self._call_wav)) if w is not None]

    def _register(self) -> None:
        super()._register()
        mic_speaker, call_speaker = track_speakers(self.study, self.session.id)
        for attribute, path, speaker in (("mic_track_id", self.mic_path, mic_speaker),
                                         ("call_track_id", self.call_path, call_speaker)):
            setattr(self, attribute, add_recording_row(
                self.study, self.session.id, path.relative_to(self.study.folder).as_posix(), source="recorded",
                status="recording", sample_rate=self.sample_rate, track_of=self.recording_id, speaker=speaker))

    def _recording_ids(self) -> list[int]:
        return [rid for rid in (self.recording_id, self.mic_track_id, self.call_track_id) if rid is not None]

    def _finish_rows(self) -> None:
        super()._finish_rows()
        ended = utc_now_iso()
        for recording_id, appender in ((self.mic_track_id, self._mic_wav), (self.call_track_id, self._call_wav)):
            self.study.db.execute("UPDATE recordings SET status = 'complete', duration_ms = ?, overruns = ?, "
                                  "ended_at = ? WHERE id = ?",
                                  [appender.duration_ms, self.overruns, ended, recording_id])
        padded = [frames * 1000 // self.sample_rate for frames in self._aligner.padded_frames]
        if any(padded):
            log.info("call recording %s: silence filled in, microphone %d ms, call %d ms", self.recording_id,
                     *padded)

    # -- streams ----------------------------------------------------------------------------------------
    def _open_stream(self) -> Any:
        mic = super()._open_stream()
        try:
            call = open_input(self.call_source, samplerate=self.sample_rate,
                              blocksize=self.sample_rate * BLOCK_MS // 1000, callback=self._call_callback,
                              stream_factory=self._call_stream_factory)
        except Exception as error:
            _quietly(mic.close)
            raise UserError(_("The computer's sound ({source}) could not be recorded: {error}").format(
                source=self.call_source.label, error=error)) from None
        return _StreamPair(mic, call)

    def _call_callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        """PortAudio's thread: copy, nothing else (the microphone's callback keeps the timeline)."""
        self._queue.put((indata.copy(), self._paused, bool(status and status.input_overflow), CALL))

    # -- writer thread ----------------------------------------------------------------------------------
    def _write(self, block: np.ndarray, source: int) -> None:
        self._emit(*self._aligner.add(source, block))

    def _emit(self, mic: np.ndarray, call: np.ndarray) -> None:
        if not mic.size:
            return
        mix = np.clip(mic.astype(np.int32) + call.astype(np.int32), -32768, 32767).astype(np.int16)
        self._wav.write(mix.tobytes())
        self._mic_wav.write(mic.tobytes())
        self._call_wav.write(call.tobytes())
        self._levels.feed(mix)

    def _measure(self, block: np.ndarray, paused: bool, source: int) -> None:
        (self._mic_levels if source == MIC else self._call_levels).feed(block, counts_for_silence=False)
        if paused and source == MIC:
            self._emit(*self._aligner.drain())   # both inputs resume in step

    def _close_files(self) -> None:
        try:
            self._emit(*self._aligner.drain())
        except (OSError, ValueError):
            log.exception("writing the end of the call recording failed")
        super()._close_files()
