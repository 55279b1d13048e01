"""What the "windows" strategy's refill of left-out speech costs, candidate by candidate, in one run.

    python benchmarks/refill.py [--inputs long10 tuning held-back long30] [--candidates none sequential packed ...]

In-process, one model, decoding only (VAD, windows, refill; no model loading): for each input and candidate
it prints the CPU time of the whole process (every thread), the wall-clock time, the WER, the left-out
stretches found (at every level) and the CPU spent in sequential decoding (refill and fallback) and in the
app's own VAD (the bare pipelines' VAD is not counted there, only in their total).

Candidates (`packed-bN`, `clips-bN`: beam N for the batched refill, else the settings' beam of 3):
- `sequential`: the app's default (`engine.Decoder.decode_windows`): each window's left-out stretches
  decoded sequentially on their own, as soon as the window arrives.
- `none`: the same without any refill (the default before the long-recording work).
- `packed`: the left-out stretches of one pipeline batch (8 windows, decoded together anyway) packed into
  windows of ≤ 30 s and decoded by the batched pipeline in one call; what that leaves out again is
  decoded sequentially. `clips`: the same, each window's stretches one window (no packing).
- `batch-seq`: the stretches of one pipeline batch glued and decoded in one sequential call.
- `bare-batched`, `bare-sequential`: plain faster-whisper as `benchmarks/transcription.py --contest` runs it
  (beam 5, its own VAD), same model object.
Inputs are built as `benchmarks/transcription.py --contest` builds them, from ../shared/data/french-speech-dev
(read in place): `long10`, `long30` (its long recording cut at 10 / 30+ minutes; tune on the first, judge on
the second), `tuning` (dev01-08, dev16) and `held-back` (dev09-15, never used to choose).
"""

from __future__ import annotations

import argparse
import heapq
import os
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from echo_fieldwork.transcription import engine
from echo_fieldwork.transcription.engine import (
    SAMPLE_RATE,
    WINDOW_S,
    Decoder,
    Decoding,
    needs_fallback,
    plan_windows,
    speech_map_ms,
    split_sentences,
    windows_in_order,
)


def pipeline_batches(pairs, windows: list[list[dict]], size: int):
    """windows_in_order's pairs grouped as the pipeline decodes them (windows[i:i + size] together, all
    computed before the first is returned, so holding a batch until its last window costs no time)."""
    lasts = {id(windows[min(i + size, len(windows)) - 1]) for i in range(0, len(windows), max(1, size))}
    batch: list = []
    for spans, segments in pairs:
        batch.append((spans, segments))
        if spans and id(spans) in lasts:
            yield batch
            batch = []
    if batch:
        yield batch


def split_at_stretches(seg, stretches: list[dict]) -> list:
    """A segment decoded from several stretches glued together, cut back into one piece per stretch (by
    where each word's middle lies), so that no segment spans the speech between them."""
    words = list(seg.words or [])
    if not words:
        return [seg]

    def nearest(word) -> int:
        middle = (word.start + word.end) / 2 * SAMPLE_RATE
        return min(range(len(stretches)),
                   key=lambda i: max(stretches[i]["start"] - middle, middle - stretches[i]["end"], 0))

    groups: list = []
    for word in words:
        index = nearest(word)
        if groups and groups[-1][0] == index:
            groups[-1][1].append(word)
        else:
            groups.append((index, [word]))
    if len(groups) == 1:
        return [seg]
    return [SimpleNamespace(start=group[0].start, end=group[-1].end, text="".join(w.word for w in group), words=group,
                            avg_logprob=seg.avg_logprob, no_speech_prob=seg.no_speech_prob,
                            temperature=getattr(seg, "temperature", 0.0), compression_ratio=seg.compression_ratio)
            for _index, group in groups]


class Candidate(Decoder):
    """The app's decoder with another refill (`mode`, `beam`): the windows are decoded exactly as the app's."""

    mode = "packed"
    beam: int | None = None

    def batched(self, audio, windows: list[list[dict]], beam: int | None = None):
        """These windows decoded by the batched pipeline as the app decodes its windows: (window, segments)."""
        from faster_whisper.transcribe import restore_speech_timestamps

        speech = [span for spans in windows for span in spans]
        decoded = self.transcribe_windows(audio, windows, beam)
        return windows_in_order(restore_speech_timestamps(decoded, speech, SAMPLE_RATE), windows)

    def sequential(self, audio, stretches: list[dict], offset_samples: int) -> list:
        return list(self.guard(audio, self.decode(audio, stretches), offset_samples, needs_fallback))

    def decode_windows(self, audio, offset_samples: int):
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        speech = get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=self.settings.min_silence_ms,
                                                         max_speech_duration_s=WINDOW_S))
        if not speech:
            yield Decoding()
            return
        windows = plan_windows(speech, WINDOW_S * SAMPLE_RATE)
        by_window = self.batched(audio, windows)
        yield Decoding(speech_map_ms(speech, offset_samples))
        for batch in pipeline_batches(by_window, windows, self.settings.batch_size):
            messages, holes = [], []
            for spans, segments in batch:
                messages += self.guard(audio, segments, offset_samples, needs_fallback, split=split_sentences)
                found = engine.left_out(spans, [w for seg in segments for w in (seg.words or [])])
                if found:
                    holes.append(found)
            if holes:
                messages = list(heapq.merge(messages, self.refill(audio, holes, offset_samples),
                                            key=lambda m: m.start_ms))
            yield from messages

    def refill(self, audio, holes: list[list[dict]], offset_samples: int) -> list:
        if self.mode == "batch-seq":
            stretches = [s for h in holes for s in h]
            redone = (piece for seg in self.decode(audio, stretches) for piece in split_at_stretches(seg, stretches))
            return list(self.guard(audio, redone, offset_samples, needs_fallback))
        if self.mode == "clips":
            windows = holes
        else:
            windows = plan_windows([s for h in holes for s in h], WINDOW_S * SAMPLE_RATE)
        messages, again = [], []
        for spans, segments in self.batched(audio, windows, beam=self.beam):
            pieces = [piece for seg in segments for piece in split_at_stretches(seg, spans)]
            messages += self.guard(audio, pieces, offset_samples, needs_fallback, split=split_sentences)
            found = engine.left_out(spans, [w for seg in segments for w in (seg.words or [])])
            if found:
                again.append(found)
        for stretches in again:  # left out twice: sequential decoding, which seeks on
            messages = list(heapq.merge(messages, self.sequential(audio, stretches, offset_samples),
                                        key=lambda m: m.start_ms))
        return messages


def bare_text(model, audio, batched: bool) -> str:
    from faster_whisper import BatchedInferencePipeline
    from transcription import DECODING

    if batched:
        segments, _info = BatchedInferencePipeline(model).transcribe(audio, batch_size=8, **DECODING)
    else:
        segments, _info = model.transcribe(audio, **DECODING)
    return " ".join(s.text.strip() for s in segments)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", nargs="+", default=["long10"])
    parser.add_argument("--candidates", nargs="+", default=["none", "sequential", "packed"])
    parser.add_argument("--work", type=Path, help="folder for the built inputs (kept between runs)")
    parser.add_argument("--seed", type=int, default=16, help="long inputs: the silences' sequence (another recording)")
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("ECHO_FIELDWORK_HOME", tempfile.mkdtemp(prefix="echo-refill-home-"))
    import faster_whisper.vad as vad
    from transcription import HELD_BACK, TUNING, build_long, build_part

    from echo_fieldwork.transcription.benchmark import word_error_rate
    from echo_fieldwork.transcription.models import resolve_model
    from echo_fieldwork.transcription.protocol import EngineOptions, Request, SegmentDecoded

    work = args.work or Path(tempfile.mkdtemp(prefix="echo-refill-"))
    work.mkdir(parents=True, exist_ok=True)
    spent = {"sequential": 0.0, "vad": 0.0}
    holes: list[dict] = []

    def timed(function):
        def wrapper(*a, **k):
            began = time.process_time()
            try:
                return function(*a, **k)
            finally:
                spent["vad"] += time.process_time() - began
        return wrapper

    def timed_generator(function):
        def wrapper(*a, **k):
            iterator = function(*a, **k)
            while True:
                began = time.process_time()
                try:
                    item = next(iterator)
                except StopIteration:
                    return
                finally:
                    spent["sequential"] += time.process_time() - began
                yield item
        return wrapper

    original_left_out = engine.left_out

    def counted_left_out(spans, words):
        found = original_left_out(spans, words)
        holes.extend(found)
        return found

    vad.get_speech_timestamps = timed(vad.get_speech_timestamps)
    Decoder.decode = timed_generator(Decoder.decode)
    decoder = None
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}", flush=True)
    for name in args.inputs:
        if name.startswith("long"):
            folder = work / (name if args.seed == 16 else f"{name}-seed{args.seed}")
            folder.mkdir(exist_ok=True)
            wav, reference = build_long(folder, float(name[4:]), args.seed)
        else:
            wav, reference = build_part(work, TUNING if name == "tuning" else HELD_BACK, name)
        audio = engine.load_audio([str(wav)])
        if decoder is None:
            decoder = Candidate(Request((str(wav),), str(resolve_model("base").path), "fr", 0, None, "",
                                        EngineOptions()))
        print(f"== {name}: {len(audio) / SAMPLE_RATE:.0f} s", flush=True)
        for candidate in args.candidates:
            kind, _, beam = candidate.partition("-b")
            if candidate.startswith("bare-"):
                kind, beam = candidate, ""
            holes.clear()
            spent.update(sequential=0.0, vad=0.0)
            engine.left_out = (lambda spans, words: []) if kind == "none" else counted_left_out
            decoder.mode, decoder.beam = kind, int(beam) if beam else None
            cpu, wall = time.process_time(), time.perf_counter()
            if kind.startswith("bare-"):
                text = bare_text(decoder.model, audio, batched=kind == "bare-batched")
                count = "-"
            else:
                run = Decoder.decode_windows if kind in ("none", "sequential") else Candidate.decode_windows
                messages = [m for m in run(decoder, audio, 0) if isinstance(m, SegmentDecoded)]
                text, count = " ".join(m.text for m in messages), str(len(messages))
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            seconds = sum(h["end"] - h["start"] for h in holes) / SAMPLE_RATE
            print(f"  {candidate:15s} CPU {cpu:6.1f} s  wall {wall:6.1f} s  "
                  f"WER {100 * word_error_rate(reference, text):5.2f} %  stretches {len(holes)} ({seconds:.1f} s)  "
                  f"sequential CPU {spent['sequential']:5.1f} s  VAD CPU {spent['vad']:4.1f} s  segments {count}  "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
    engine.left_out = original_left_out
    return 0


if __name__ == "__main__":
    sys.exit(main())
