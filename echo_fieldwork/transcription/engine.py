"""The decoding side of transcription: runs inside the spawned child process only.

Default strategy, "windows" (see docs/performance.md for the measurements): faster-whisper's
BatchedInferencePipeline decodes the speech in 30-s windows (voice activity detection, run once here,
cuts them in silences), eight windows at once with a beam of 3 and one CTranslate2 thread per usable
core. Each window comes back as one text with word timings; it is cut into sentence-long segments at its
words' sentence ends and pauses. The decoder sometimes ends a window early, dropping its last
utterances (batched decoding does not seek on like sequential decoding): speech no word covers is
decoded again sequentially. A suspicious window (compression ratio, low probability, a loop) is decoded
again sequentially with the temperature fallback. The fallback's sampling is seeded (`EngineOptions.seed`), so
the same audio with the same settings gives the same text.

Strategy "chunks": voice activity detection runs
once over the audio; the speech is grouped into chunks cut in the middle of silences; each chunk is
decoded exactly like plain sequential faster-whisper (beam search, temperature fallback, no conditioning
on previous text), and two chunks are decoded at once by one model with two CTranslate2 workers of one
thread each. On two cores that is faster than one decoder using both threads, because the decoder's
small matrix products scale badly across threads, while chunk boundaries in silences cost no accuracy.

Other strategy, "batched": faster-whisper's BatchedInferencePipeline, but with timestamps on, the speech
it leaves out decoded sequentially and the temperature fallback it lacks applied to suspicious segments.
Kept for comparison.

Messages to the parent are the typed dataclasses of `transcription.protocol`; a daemon thread sends a
`Heartbeat` every few seconds whatever the decoding does, so the parent can tell a slow child (heartbeats
keep coming) from a hung one (nothing at all comes) and stop the latter. Segments are sent strictly in
time order, each as soon as it is known, so the parent can store them at once and a resume after a crash
can start right after the last stored one. `child_main` also runs the fake engine
(`transcription.fake_engine`) when the request asks for it: same process, same protocol.
"""

from __future__ import annotations

import heapq
import os
import queue
import re
import sys
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from echo_fieldwork.offline import quiet_libraries
from echo_fieldwork.transcription.honesty import honest
from echo_fieldwork.transcription.protocol import (
    ChunkDone,
    Decoding,
    Done,
    Failed,
    Heartbeat,
    LanguageDetected,
    Message,
    Ready,
    Request,
    SegmentDecoded,
    WordTiming,
)

SAMPLE_RATE = 16000
_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
                   "socket.sendmsg", "socket.bind"}
_network_attempts: list[str] = []


def install_network_guard() -> None:
    """Refuse any network use in this process and remember each attempt (reported in the done message)."""

    def hook(event: str, args: tuple) -> None:
        if event in _NETWORK_EVENTS:
            _network_attempts.append(event)
            raise PermissionError(f"network access blocked in transcription ({event})")

    sys.addaudithook(hook)


# -- repetition loops ---------------------------------------------------------------------------------
_CHAR_LOOP = re.compile(r"(.{2,12}?)\1{5,}", re.DOTALL)


def looks_repetitive(text: str) -> bool:
    """A decoding loop: a short sound repeated ("toutoutoutou…"), a phrase or sentence said again and again."""
    compact = text.strip().lower()
    if len(compact) < 12:
        return False
    if _CHAR_LOOP.search(compact.replace(" ", "")):
        return True
    words = re.findall(r"\w+", compact)
    for size in range(1, 9):  # the same n-gram three or more times in a row
        for start in range(0, max(0, len(words) - 3 * size + 1)):
            gram = words[start:start + size]
            if gram == words[start + size:start + 2 * size] == words[start + 2 * size:start + 3 * size]:
                if size > 1 or len(gram[0]) > 2 or words[start:start + 5 * size] == gram * 5:
                    return True
    sentences = [s.strip() for s in re.split(r"[.!?…]+", compact) if len(s.strip()) > 8]
    if len(sentences) >= 3 and len(set(sentences)) <= len(sentences) / 2:
        return True
    return len(compact) > 40 and len(compact.encode()) / len(zlib.compress(compact.encode())) > 3.0


# -- decoding ------------------------------------------------------------------------------------------
def plan_chunks(speech: list[dict], total_samples: int, target_samples: int) -> list[tuple[int, int]]:
    """Cut the audio into (start, end) sample ranges of about `target_samples` of speech, each cut in the
    middle of a silence so no word is split."""
    if not speech:
        return []
    groups: list[list[int]] = []
    for span in speech:
        if groups and span["end"] - groups[-1][0] <= target_samples:
            groups[-1][1] = span["end"]
        else:
            groups.append([span["start"], span["end"]])
    cuts = [0] + [(a[1] + b[0]) // 2 for a, b in zip(groups, groups[1:])] + [total_samples]
    return list(zip(cuts, cuts[1:]))


WINDOW_S = 30  # the longest speech the model hears at once


def speech_map_ms(speech: list[dict], offset_samples: int) -> tuple[tuple[int, int], ...]:
    """VAD's speech spans (samples in the decoded audio) as (start, end) ms in the recording."""
    return tuple(((offset_samples + s["start"]) * 1000 // SAMPLE_RATE, (offset_samples + s["end"]) * 1000 // SAMPLE_RATE)
                 for s in speech)


def plan_windows(speech: list[dict], max_samples: int) -> list[list[dict]]:
    """Consecutive spans of speech grouped into windows of at most `max_samples` of speech, as faster-
    whisper's batched pipeline groups them (its `collect_chunks`, whose metadata leaves out the first span
    of every window but the first, so it is not used here). A span longer than a window is one alone."""
    windows: list[list[dict]] = []
    length = 0
    for span in speech:
        size = span["end"] - span["start"]
        if windows and length + size <= max_samples:
            windows[-1].append(span)
            length += size
        else:
            windows.append([span])
            length = size
    return windows


def windows_in_order(segments, windows: list[list[dict]]):
    """Pair each window (its speech spans, samples) with its decoded segment, in time order, as soon as
    it arrives: without timestamps the batched pipeline returns one segment per window, so a window is
    complete with its segment (waiting for the next one would hold a batch's last window back until the
    next batch is decoded). Windows skipped over come out with no segments. A further segment of a window
    already given out (not expected) comes out alone, with no spans: kept, never checked twice."""
    ends = [spans[-1]["end"] / SAMPLE_RATE for spans in windows]
    index = 0  # the next window to give out
    for seg in segments:
        middle = (seg.start + seg.end) / 2
        if index >= len(windows) or (index > 0 and middle <= ends[index - 1]):
            yield [], [seg]
            continue
        target = index
        while target < len(windows) - 1 and middle > ends[target]:
            target += 1
        for skipped in range(index, target):
            yield windows[skipped], []
        yield windows[target], [seg]
        index = target + 1
    for later in range(index, len(windows)):
        yield windows[later], []


HOLE_MARGIN_S = 0.5   # a word covers the speech this far around it (word timings are approximate)
HOLE_MIN_S = 1.0      # shorter stretches of uncovered speech are pauses, breaths, noise


def left_out(spans: list[dict], words: list) -> list[dict]:
    """The stretches of speech (spans in samples) that no decoded word covers, ≥ HOLE_MIN_S each: what a
    window's decoding dropped. Batched decoding sees each window once, without timestamps, and can end it
    early; sequential decoding would seek on from its last word instead."""
    covered = sorted((w.start - HOLE_MARGIN_S, w.end + HOLE_MARGIN_S) for w in words)
    holes = []
    for span in spans:
        start, end = span["start"] / SAMPLE_RATE, span["end"] / SAMPLE_RATE
        cursor = start
        for low, high in covered:
            if high <= cursor or low >= end:
                continue
            if low - cursor >= HOLE_MIN_S:
                holes.append((cursor, low))
            cursor = max(cursor, high)
        if end - cursor >= HOLE_MIN_S:
            holes.append((cursor, end))
    return [{"start": int(a * SAMPLE_RATE), "end": int(b * SAMPLE_RATE)} for a, b in holes]


class Decoder:
    def __init__(self, request: Request) -> None:
        self.request = request
        self.settings = request.options
        self.language = request.language
        self.device = "cpu"
        self.cuda_problem = ""
        seed_sampling(request.options.seed)  # before the model starts its threads
        self.model = self._load(prefer_cuda=request.options.device in ("auto", "cuda"))
        self._lock = threading.Lock()

    def _load(self, prefer_cuda: bool):
        from faster_whisper import WhisperModel

        path = self.request.model_path
        workers = 1 if self.settings.strategy != "chunks" else max(1, self.settings.workers)
        # 0 = automatic: parallel chunk workers get one thread each, one decoder gets every usable core.
        threads = self.settings.cpu_threads or (1 if workers > 1 else usable_cores())
        if prefer_cuda:
            try:
                import ctranslate2

                if ctranslate2.get_cuda_device_count() > 0:
                    model = WhisperModel(path, device="cuda", compute_type="float16", num_workers=workers,
                                         local_files_only=True)
                    self.device = "cuda"
                    return model
                if self.settings.device == "cuda":
                    self.cuda_problem = "no CUDA device"
            except Exception as error:  # any CUDA problem (a library missing, the driver): fall back to the CPU
                self.cuda_problem = type(error).__name__
        self.device = "cpu"
        return WhisperModel(path, device="cpu", compute_type="int8",
                            cpu_threads=threads, num_workers=workers,
                            local_files_only=True)

    def options(self, safer: bool = False) -> dict:
        opts: dict = dict(
            language=self.language, beam_size=self.settings.beam_size,
            word_timestamps=True, vad_filter=False, condition_on_previous_text=False,
            hotwords=self.request.hotwords or None)
        if safer:  # after a loop: no prompt, stricter fallback, repetition penalties
            opts.update(hotwords=None, compression_ratio_threshold=1.8, repetition_penalty=1.3,
                        no_repeat_ngram_size=4, temperature=[0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
        return opts

    def decode(self, audio, speech: list[dict], safer: bool = False):
        """Sequential-quality decoding of the speech in `audio` (spans relative to it), yielding
        segments (times in seconds) as soon as each is decoded."""
        import numpy as np
        from faster_whisper.transcribe import restore_speech_timestamps
        from faster_whisper.vad import collect_chunks

        if not speech:
            return
        pieces, _meta = collect_chunks(audio, speech)
        joined = np.concatenate(pieces, axis=0)
        done_s = -1.0
        for attempt in range(2):
            try:
                segments, _info = self.model.transcribe(joined, **self.options(safer))
                for seg in restore_speech_timestamps(segments, speech, SAMPLE_RATE):
                    if seg.end > done_s:  # after a CUDA fallback, skip what was already yielded
                        done_s = seg.end
                        yield seg
                return
            except RuntimeError:
                if self.device != "cuda" or attempt:
                    raise
                with self._lock:  # a CUDA error (out of memory, driver): continue on the CPU
                    if self.device == "cuda":
                        self.model = self._load(prefer_cuda=False)

    def decode_guarded(self, audio, speech: list[dict], offset_samples: int):
        """Sequential decoding of chunks (it has its own temperature fallback), guarded against loops."""
        yield from self.guard(audio, self.decode(audio, speech), offset_samples, lambda s: looks_repetitive(s.text))

    def decode_windows(self, audio, offset_samples: int):
        """The default strategy: VAD once; its speech glued into windows of ≤ 30 s (as faster-whisper's
        batched pipeline does), decoded together, each cut into sentences by its words. Speech a window
        left out (the decoder ended early, dropping its last utterances) is decoded sequentially; a
        suspicious window again with the sequential decoder and its temperature fallback."""
        from faster_whisper.transcribe import restore_speech_timestamps
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        speech = get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=self.settings.min_silence_ms,
                                                         max_speech_duration_s=WINDOW_S))
        if not speech:
            yield Decoding()
            return
        windows = plan_windows(speech, WINDOW_S * SAMPLE_RATE)
        decoded = self.transcribe_windows(audio, windows)
        yield Decoding(speech_map_ms(speech, offset_samples))  # features done: the windows are decoded as asked
        by_window = windows_in_order(restore_speech_timestamps(decoded, speech, SAMPLE_RATE), windows)
        for spans, segments in by_window:
            messages = list(self.guard(audio, segments, offset_samples, needs_fallback, split=split_sentences))
            holes = left_out(spans, [w for seg in segments for w in (seg.words or [])])
            if holes:
                filled = self.guard(audio, self.decode(audio, holes), offset_samples, needs_fallback)
                messages = list(heapq.merge(messages, filled, key=lambda m: m.start_ms))
            yield from messages

    def transcribe_windows(self, audio, windows: list[list[dict]], beam: int | None = None):
        """The batched pipeline's segments for these planned windows (speech spans in samples), lazily: the
        windows' speech glued together, each window a clip, times relative to the glued speech."""
        import numpy as np
        from faster_whisper import BatchedInferencePipeline

        speech = [span for spans in windows for span in spans]
        clips, glued = [], 0
        for spans in windows:  # in seconds, which the pipeline truncates to samples: + half a sample
            length = sum(span["end"] - span["start"] for span in spans)
            clips.append({"start": (glued + 0.5) / SAMPLE_RATE, "end": (glued + length + 0.5) / SAMPLE_RATE})
            glued += length
        opts = self.options()
        opts.update(vad_filter=False, without_timestamps=True, batch_size=self.settings.batch_size,
                    clip_timestamps=clips, beam_size=beam or self.settings.beam_size)
        speech_only = np.concatenate([audio[span["start"]:span["end"]] for span in speech])
        decoded, _info = BatchedInferencePipeline(self.model).transcribe(speech_only, **opts)
        return decoded

    def decode_batched(self, audio, offset_samples: int):
        """Batched decoding of the whole audio, WITH timestamps (short segments, better accuracy), then
        what sequential decoding does and the batched pipeline does not: speech left out at the end of a
        30-s window is decoded sequentially, and suspicious segments get the temperature fallback."""
        from faster_whisper import BatchedInferencePipeline
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        opts = self.options()
        silence_ms = self.settings.min_silence_ms
        opts.update(vad_filter=True, without_timestamps=False, batch_size=self.settings.batch_size,
                    vad_parameters={"min_silence_duration_ms": silence_ms})
        segments, _info = BatchedInferencePipeline(self.model).transcribe(audio, **opts)
        # The pipeline's VAD settings, to know where speech is (0.4 s per 5 min of audio).
        speech = get_speech_timestamps(audio, VadOptions(max_speech_duration_s=30, min_silence_duration_ms=silence_ms))
        yield Decoding(speech_map_ms(speech, offset_samples))

        def gaps_filled():
            last = 0.0
            for seg in segments:
                yield from self._fill_gap(audio, speech, last, seg.start)
                yield seg
                last = max(last, seg.end)
            yield from self._fill_gap(audio, speech, last, len(audio) / SAMPLE_RATE)

        yield from self.guard(audio, gaps_filled(), offset_samples, needs_fallback)

    def _fill_gap(self, audio, speech: list[dict], start_s: float, end_s: float):
        """Decode the speech lying between two decoded segments (a phrase the batch left out)."""
        lo, hi = int((start_s + 0.2) * SAMPLE_RATE), int((end_s - 0.2) * SAMPLE_RATE)
        spans = []
        for span in speech:
            a, b = max(span["start"], lo), min(span["end"], hi)
            if b - a >= 0.3 * SAMPLE_RATE and b - a >= (span["end"] - span["start"]) / 2:
                spans.append({"start": a, "end": b})
        if sum(s["end"] - s["start"] for s in spans) >= 0.8 * SAMPLE_RATE:
            yield from self.decode(audio, spans)

    def guard(self, audio, segments, offset_samples: int, suspicious, split=lambda seg: [seg]):
        """Yield segment messages; a suspicious segment's window is decoded again with the sequential
        decoder (temperature fallback), then with safer settings, else kept and flagged."""
        for seg in segments:
            if not suspicious(seg):
                for part in split(seg):
                    doubtful = exhausted_fallback(part) or low_confidence(part)
                    yield segment_message(part, offset_samples, "uncertain" if doubtful else "")
                continue
            start = max(0, int(seg.start * SAMPLE_RATE) - SAMPLE_RATE // 10)
            end = min(len(audio), int(seg.end * SAMPLE_RATE) + SAMPLE_RATE // 10)
            window = [{"start": start, "end": end}]
            for safer in (False, True):
                redone = list(self.decode(audio, window, safer=safer)) if end > start else []
                if redone and not any(looks_repetitive(r.text) for r in redone):
                    yield from (segment_message(r, offset_samples, "redecoded") for r in redone)
                    break
            else:
                flag = "repetition" if looks_repetitive(seg.text) else "uncertain"
                yield from (segment_message(part, offset_samples, flag) for part in split(seg))


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. in a container), else all of them."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def seed_sampling(seed: int) -> None:
    """Temperatures above 0 sample at random (CTranslate2's generator, one per decoding thread, seeded
    from this when the thread first samples): a fixed seed makes a run repeatable."""
    import ctranslate2

    ctranslate2.set_random_seed(seed)


@dataclass
class Piece:
    """A part of a decoded window, shaped like faster-whisper's Segment for what follows."""

    start: float
    end: float
    text: str
    words: list
    avg_logprob: float
    no_speech_prob: float
    temperature: float = 0.0
    compression_ratio: float = 0.0


SENTENCE_END = re.compile(r"[.!?…]\W*$")
MAX_PIECE_S = 20.0


def split_sentences(seg, pause_s: float = 1.0, max_s: float = MAX_PIECE_S) -> list:
    """Cut a decoded window into segments the transcriber can read: after a word that ends a sentence,
    at a pause of `pause_s` between words, and at a comma (else anywhere) when a piece runs past `max_s`.
    A window without word timings stays whole."""
    words = list(seg.words or [])
    if len(words) < 2:
        return [seg]
    groups: list[list] = [[]]
    for index, word in enumerate(words):
        groups[-1].append(word)
        following = words[index + 1] if index + 1 < len(words) else None
        if following is None:
            break
        length = word.end - groups[-1][0].start
        if (SENTENCE_END.search(word.word.strip()) or following.start - word.end >= pause_s
                or (length > max_s * 0.75 and word.word.strip().endswith(",")) or length > max_s):
            groups.append([])
    temperature = getattr(seg, "temperature", 0.0) or 0.0
    return [Piece(group[0].start, group[-1].end, "".join(w.word for w in group).strip(), group,
                  seg.avg_logprob, seg.no_speech_prob, temperature) for group in groups if group]


# Tuned on the dev set's tuning part, checked on its held-back part (docs/performance.md): segments under
# this mean word probability held 4× (tuning) and 1.7× (held back) the share of wrong words of the others.
UNCERTAIN_MEAN_PROBABILITY = 0.80


def low_confidence(seg) -> bool:
    """The decoder doubted its words: their mean probability is low. Flagged for the transcriber."""
    words = seg.words or []
    return bool(words) and sum(float(w.probability) for w in words) / len(words) < UNCERTAIN_MEAN_PROBABILITY


def exhausted_fallback(seg) -> bool:
    """Decoded only at the last temperatures and still unlikely: often invented text (e.g. over a
    short noise after a vocabulary prompt). Kept for the transcriber, flagged for review."""
    return (getattr(seg, "temperature", 0.0) or 0.0) >= 0.8 and seg.avg_logprob < -1.0


def needs_fallback(seg) -> bool:
    """What makes sequential faster-whisper retry at a higher temperature, plus our loop detector."""
    if looks_repetitive(seg.text):
        return True
    if getattr(seg, "compression_ratio", 0) > 2.4:
        return True
    return seg.avg_logprob < -1.0 and seg.no_speech_prob < 0.6


def segment_message(seg, offset_samples: int, flags: str) -> SegmentDecoded:
    base = offset_samples * 1000 // SAMPLE_RATE

    def ms(seconds: float) -> int:
        return base + int(round(seconds * 1000))

    words = tuple(WordTiming(ms(w.start), max(ms(w.start), ms(w.end)), w.word, round(float(w.probability), 4))
                  for w in (seg.words or []))
    start, end = ms(seg.start), ms(seg.end)
    return SegmentDecoded(start, max(start, end), seg.text.strip(), words, float(seg.avg_logprob),
                          float(seg.no_speech_prob), flags)


def load_audio(paths: list[str], keys: list[str | None] | None = None):
    """All recordings of the session, one after the other, as 16 kHz mono float32. A recording with a
    key (an encrypted study's) is decrypted here, in memory: no plain audio is ever written."""
    import numpy as np
    from faster_whisper import decode_audio

    parts = []
    keys = keys or [None] * len(paths)
    for index, (path, key) in enumerate(zip(paths, keys)):
        try:
            parts.append(decode_sealed(path, bytes.fromhex(key)) if key else decode_audio(path, sampling_rate=SAMPLE_RATE))
        except Exception as error:  # PyAV raises many kinds for a damaged file
            raise AudioError(index, type(error).__name__) from None
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


def decode_sealed(path: str, file_key: bytes):
    """A sealed recording (`study.sealed_audio`) as 16 kHz mono float32, decrypted in memory."""
    import numpy as np

    from echo_fieldwork.study.sealed_audio import SealedReader

    with SealedReader(path, file_key=file_key) as reader:
        samples = np.frombuffer(reader.read_all(), dtype="<i2").astype(np.float32) / 32768.0
        rate, channels = reader.sample_rate, reader.channels
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if rate != SAMPLE_RATE and len(samples):
        count = int(len(samples) * SAMPLE_RATE / rate)
        samples = np.interp(np.arange(count) * (rate / SAMPLE_RATE), np.arange(len(samples)), samples)
        samples = samples.astype(np.float32)
    return samples


class AudioError(Exception):
    def __init__(self, index: int, kind: str) -> None:
        super().__init__(kind)
        self.index = index
        self.kind = kind


# Test-only stall hook, honoured only together with the test suite's ECHO_FIELDWORK_TEST_MODE=1:
# "hang" = after the first segment send nothing more (no heartbeat either) and sleep for ever;
# "slow:SECONDS" = sleep that long after the first segment while heartbeats go on.
TEST_STALL_ENV = "ECHO_FIELDWORK_TEST_CHILD_STALL"


class Channel:
    """The child's end of the pipe, shared by the main thread and the heartbeat thread: one lock
    around send, so two messages are never interleaved on the wire."""

    def __init__(self, conn, heartbeat_s: float) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self._silent = threading.Event()  # set when the test hook simulates a hang
        self._segments = 0
        self._stall = os.environ.get(TEST_STALL_ENV, "") if os.environ.get("ECHO_FIELDWORK_TEST_MODE") == "1" else ""
        self.heartbeat_s = heartbeat_s

    def send(self, message: Message) -> None:
        with self._lock:
            self._conn.send(message)
        if isinstance(message, SegmentDecoded):
            self._segments += 1
            if self._segments == 1 and self._stall:
                self._test_stall()

    def _test_stall(self) -> None:
        if self._stall == "hang":
            self._silent.set()
            while True:
                time.sleep(60)
        if self._stall.startswith("slow:"):
            time.sleep(float(self._stall.split(":", 1)[1]))

    def start_heartbeat(self) -> None:
        def beat() -> None:
            while not self._silent.wait(self.heartbeat_s):
                try:
                    with self._lock:
                        if self._silent.is_set():
                            return
                        self._conn.send(Heartbeat())
                except (OSError, ValueError):  # the pipe is closed: the run is over
                    return

        threading.Thread(target=beat, name="heartbeat", daemon=True).start()

    def close(self) -> None:
        with self._lock:
            self._silent.set()
            self._conn.close()


def watch_parent(interval_s: float = 0.2) -> threading.Thread:
    """End this child within a second of its parent's death (kill -9, crash): a daemon thread notices the
    parent process id change (the orphan is adopted by another process) and exits at once, so a dead app
    leaves no decoder running at full CPU. (prctl's PR_SET_PDEATHSIG is not used: it fires when the parent
    *thread* that spawned the child ends, and the queue's worker threads come and go.)"""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval_s)
            if os.getppid() != parent:
                os._exit(3)

    thread = threading.Thread(target=watch, name="echo-parent-watch", daemon=True)
    thread.start()
    return thread


def child_main(conn, request: Request) -> None:
    """Entry point of the spawned process."""
    quiet_libraries()  # first: onnxruntime reads ORT_DISABLE_TELEMETRY once, when faster-whisper imports it
    watch_parent()
    conn = Channel(conn, request.options.heartbeat_s)
    conn.start_heartbeat()  # first, so that loading the audio and the model is covered too
    install_network_guard()
    if request.options.nice and hasattr(os, "nice"):
        try:
            os.nice(request.options.nice)  # recording in the parent must never be starved
        except OSError:
            pass
    try:
        if request.options.engine == "fake":
            from echo_fieldwork.transcription.fake_engine import run_fake

            run_fake(conn, request)
        else:
            run(conn, request)
    except AudioError as error:
        conn.send(Failed("audio", error.kind, error.index))
    except Exception as error:  # reported to the parent, which shows it
        conn.send(Failed("internal", f"{type(error).__name__}: {error}"[:500]))
    else:
        conn.close()
        return
    conn.close()
    os._exit(1)  # do not wait for decoder threads still busy with later chunks


def requested_span(request: Request, total_samples: int) -> tuple[int, int]:
    """The (start, end) samples to decode: a resume or a range decodes only from its offset on."""
    start = min(total_samples, request.start_ms * SAMPLE_RATE // 1000)
    end = total_samples if request.end_ms is None else min(total_samples, request.end_ms * SAMPLE_RATE // 1000)
    return start, max(start, end)


def finished(language: str | None) -> Done:
    return Done(language, tuple(_network_attempts), _peak_memory_mb())


def run(conn, request: Request) -> None:
    audio = load_audio(list(request.audio_paths), list(request.audio_keys) or None)
    start, end = requested_span(request, len(audio))
    audio = audio[start:end]
    decoder = Decoder(request)
    conn.send(Ready(decoder.device, (start + len(audio)) * 1000 // SAMPLE_RATE, decoder.cuda_problem))
    if decoder.language is None and len(audio):
        decoder.language, _p, _all = decoder.model.detect_language(audio, vad_filter=True)
    conn.send(LanguageDetected(decoder.language or ""))
    if request.options.strategy in ("windows", "batched"):
        if len(audio):
            decode = decoder.decode_windows if request.options.strategy == "windows" else decoder.decode_batched
            for message in honest(decode(audio, start)):
                conn.send(message)
    else:
        _run_chunks(conn, decoder, request, audio, start)
    conn.send(finished(decoder.language))


def _run_chunks(conn, decoder: Decoder, request: Request, audio, start: int) -> None:
    """Chunks cut at silences, decoded sequentially, `workers` chunks at once; streamed in time order."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    speech = get_speech_timestamps(audio, VadOptions()) if len(audio) else []
    workers = max(1, request.options.workers)
    speech_samples = sum(s["end"] - s["start"] for s in speech)
    target = int(request.options.chunk_seconds * SAMPLE_RATE)
    if workers > 1:  # short audio: still give every worker something to do
        target = min(target, max(20 * SAMPLE_RATE, speech_samples // (2 * workers)))
    chunks = plan_chunks(speech, len(audio), target)
    conn.send(Decoding(speech_map_ms(speech, start)))
    results: list[queue.Queue] = [queue.Queue() for _ in chunks]
    # Never more chunks handed out than are being decoded: each worker takes the next chunk when it has
    # finished one, and none is taken once streaming has stopped (an error, a parent gone).
    next_chunk = iter(range(len(chunks)))
    taking = threading.Lock()
    stopped = threading.Event()

    def take() -> int | None:
        with taking:
            return None if stopped.is_set() else next(next_chunk, None)

    def work(index: int) -> None:
        lo, hi = chunks[index]
        spans = [{"start": max(s["start"], lo) - lo, "end": min(s["end"], hi) - lo}
                 for s in speech if s["end"] > lo and s["start"] < hi]
        try:
            for message in honest(decoder.decode_guarded(audio[lo:hi], spans, start + lo)):
                results[index].put(message)
            results[index].put(None)
        except BaseException as error:  # handed to the main thread, which reports it
            results[index].put(error)

    def worker() -> None:
        while (index := take()) is not None:
            work(index)

    pool = ThreadPoolExecutor(max_workers=workers)
    for _worker in range(min(workers, len(chunks))):
        pool.submit(worker)
    try:
        for index, (_lo, hi) in enumerate(chunks):
            # The earliest unfinished chunk streams live; later ones wait in their queue.
            while (message := results[index].get()) is not None:
                if isinstance(message, BaseException):
                    raise message
                conn.send(message)
            conn.send(ChunkDone((start + hi) * 1000 // SAMPLE_RATE))
    finally:
        stopped.set()
    pool.shutdown(wait=True)


def _peak_memory_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
