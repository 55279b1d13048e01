"""What the transcription parent and its spawned child say to each other: typed messages, standard library
only (the child imports this before anything heavy), and every engine default in one place, `EngineOptions`.

Parent → child: one `Request`. Child → parent, in this order: `Ready`, `LanguageDetected`, then
`SegmentDecoded` strictly in time order (with `ChunkDone` as chunks complete), and last `Done` or
`Failed`. `Heartbeat` comes every `EngineOptions.heartbeat_s` whatever the child is doing, so the parent
can tell a slow child from a hung one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

ENGINES = ("whisper", "fake")
STRATEGIES = ("windows", "chunks", "batched")


def _test_setting(name: str, default: str) -> str:
    """The test suite picks the fake engine and its script through the environment (test mode only)."""
    if os.environ.get("ECHO_FIELDWORK_TEST_MODE") == "1":
        return os.environ.get(name, default)
    return default


@dataclass(frozen=True)
class EngineOptions:
    # "whisper", or "fake": plays a scripted transcript (transcription.fake_engine)
    engine: str = field(default_factory=lambda: _test_setting("ECHO_FIELDWORK_ENGINE", "whisper"))
    model: str | None = None       # a model name or folder; None = the settings' choice, else "base"
    language: str | None = None    # "fr", "en", … or "auto"; None = the session's language
    beam_size: int = 3             # windows: 3 was as accurate as 5 on the dev set, and faster (docs/performance.md)
    # "windows" (default): 30-s windows of speech decoded together, cut into sentences by their words, the
    # temperature fallback for suspicious windows; "chunks" or "batched": see docs/performance.md
    strategy: str = "windows"
    batch_size: int = 8            # windows, batched: 30-s windows decoded together
    workers: int = 2               # chunks: chunks decoded at once (CTranslate2 workers)
    cpu_threads: int = 0           # 0 = automatic: the cores this process may use (1 per worker for chunks)
    chunk_seconds: int = 60        # chunks: length of speech per chunk
    min_silence_ms: int = 500      # windows, batched: the shortest silence that separates two stretches of speech
    seed: int = 1                  # the random generator of the temperature fallback: same audio, same text
    device: str = "auto"           # "auto" uses CUDA when present, "cpu" never does
    nice: int = 10                 # the child's lower priority, so recording is never starved
    heartbeat_s: float = 5.0       # how often the child says it is alive
    stall_timeout_s: float = 120.0  # silence after which the child is deemed hung and stopped
    # fake engine: a JSON file of scripted segments (see transcription.fake_engine)
    fake_script: str = field(default_factory=lambda: _test_setting("ECHO_FIELDWORK_FAKE_SCRIPT", ""))


@dataclass(frozen=True)
class Request:
    """Parent → child: what to decode, with what."""

    audio_paths: tuple[str, ...]
    model_path: str
    language: str | None           # None = detect it
    start_ms: int                  # decode from here (a resume or a range)
    end_ms: int | None             # to here; None = the end of the audio
    hotwords: str
    options: EngineOptions = field(default_factory=EngineOptions)
    # An encrypted study's recordings: each one's own key (hex), decrypted in memory by the child; else None.
    audio_keys: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class Ready:
    device: str                    # "cpu" or "cuda"
    audio_ms: int                  # where the audio ends
    cuda_problem: str = ""         # why CUDA was asked for (or found) but the CPU is used: the error's kind


@dataclass(frozen=True)
class LanguageDetected:
    language: str


@dataclass(frozen=True)
class Decoding:
    """The speech is found (VAD) and decoding begins: the time before was setup, not decoding; the time
    left is reckoned in speech (for the estimate of the time left)."""

    speech_ms: tuple[tuple[int, int], ...] = ()  # (start, end) of each stretch of speech, in the recording


@dataclass(frozen=True)
class WordTiming:
    start_ms: int
    end_ms: int
    text: str
    probability: float


@dataclass(frozen=True)
class SegmentDecoded:
    start_ms: int
    end_ms: int
    text: str
    words: tuple[WordTiming, ...] = ()
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    flags: str = ""                # "", "uncertain", "redecoded", "repetition" or "inaudible" (transcription.honesty)


@dataclass(frozen=True)
class ChunkDone:
    end_ms: int                    # everything before this is decoded


@dataclass(frozen=True)
class Done:
    language: str | None
    network_attempts: tuple[str, ...] = ()
    peak_memory_mb: float | None = None


@dataclass(frozen=True)
class Failed:
    kind: str                      # "audio" (recording `index` unreadable) or "internal"
    detail: str
    index: int = 0


@dataclass(frozen=True)
class Heartbeat:
    pass


Message = Ready | LanguageDetected | Decoding | SegmentDecoded | ChunkDone | Done | Failed | Heartbeat
