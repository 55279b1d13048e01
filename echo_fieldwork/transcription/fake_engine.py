"""A fake transcription engine: plays a scripted transcript with real timing, through the same spawned child
process and the same protocol as Whisper (Dangerzone's dummy provider is the model). Tests of the queue, the
UI and the CLI use it; tests of decoding itself use the real model.

Chosen with `EngineOptions(engine="fake")`. The script (`EngineOptions.fake_script`) is a JSON file:
`{"speed": 20, "recordings": {"<sha256 of a recording>": [{"start_ms": 0, "end_ms": 2400, "text": "…"}, …]}}`.
A recording the script knows is "heard" as scripted (times relative to that recording); any other gets one
numbered segment per five seconds. Segments arrive `speed` times faster than real time, in time order,
each as soon as its end is reached, so the parent sees the same stream, pauses and progress as with Whisper.
The audio is really read (a damaged file fails the same way) and the request's span (resume, range) is honoured.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from echo_fieldwork.transcription.engine import SAMPLE_RATE, finished, load_audio, requested_span
from echo_fieldwork.transcription.protocol import (
    ChunkDone,
    LanguageDetected,
    Ready,
    Request,
    SegmentDecoded,
    WordTiming,
)

DEFAULT_SPEED = 20.0
UNSCRIPTED_SEGMENT_MS = 5000
CHUNK_MS = 30_000


def scripted_segments(request: Request, durations_ms: list[int]) -> tuple[list[dict], float]:
    """The whole session's segments (times from the session's start) and the playing speed."""
    script = json.loads(Path(request.options.fake_script).read_text(encoding="utf-8")) \
        if request.options.fake_script else {}
    known = script.get("recordings", {})
    segments: list[dict] = []
    offset = 0
    for path, duration in zip(request.audio_paths, durations_ms):
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        if digest in known:
            for seg in known[digest]:
                segments.append({**seg, "start_ms": offset + seg["start_ms"], "end_ms": offset + seg["end_ms"]})
        else:
            for number, start in enumerate(range(0, duration, UNSCRIPTED_SEGMENT_MS), 1):
                segments.append({"start_ms": offset + start, "end_ms": offset + min(duration, start + 4000),
                                 "text": f"Segment {number}."})
        offset += duration
    return segments, float(script.get("speed", DEFAULT_SPEED))


def words_of(segment: dict) -> tuple[WordTiming, ...]:
    """The segment's words spread evenly over its time, as a recogniser's word timings would be."""
    words = segment["text"].split()
    if not words:
        return ()
    step = (segment["end_ms"] - segment["start_ms"]) / len(words)
    return tuple(WordTiming(int(segment["start_ms"] + i * step), int(segment["start_ms"] + (i + 1) * step),
                            " " + word, 0.9) for i, word in enumerate(words))


def run_fake(conn, request: Request) -> None:
    durations_ms = []
    total_samples = 0
    for path in request.audio_paths:
        samples = len(load_audio([path]))
        durations_ms.append(samples * 1000 // SAMPLE_RATE)
        total_samples += samples
    start, end = requested_span(request, total_samples)
    start_ms, end_ms = start * 1000 // SAMPLE_RATE, end * 1000 // SAMPLE_RATE
    conn.send(Ready("cpu", end_ms))
    language = request.language or "fr"
    conn.send(LanguageDetected(language))
    segments, speed = scripted_segments(request, durations_ms)
    began = time.monotonic()
    next_chunk = start_ms + CHUNK_MS

    def wait_until(audio_ms: int) -> None:
        delay = (audio_ms - start_ms) / 1000 / speed - (time.monotonic() - began)
        if delay > 0:
            time.sleep(delay)

    for segment in segments:
        if not start_ms <= segment["start_ms"] < end_ms:
            continue  # before a resume point, or outside the range
        while next_chunk <= segment["start_ms"]:
            wait_until(next_chunk)
            conn.send(ChunkDone(next_chunk))
            next_chunk += CHUNK_MS
        stop = min(segment["end_ms"], end_ms)
        wait_until(stop)
        conn.send(SegmentDecoded(segment["start_ms"], stop, segment["text"], words_of(segment), -0.2, 0.01, ""))
    wait_until(end_ms)
    conn.send(ChunkDone(end_ms))
    conn.send(finished(language))
