"""Transcription speed and accuracy, measured on this machine (not asserted in tests).

    python benchmarks/transcription.py AUDIO [--reference TXT]
    python benchmarks/transcription.py --dev-set [--repeat 2]    # ../shared/data/french-speech-dev
    python benchmarks/transcription.py --contest [--rounds 2] [--long-minutes 30]

`--contest` is the one that decides the default: the app's default against bare faster-whisper
sequential and bare BatchedInferencePipeline (batch 8), interleaved in the same run and repeated
(`--rounds`), on three inputs: the tuning part of the dev set (dev01–08, dev16), the part held back from
tuning (dev09–15), and a long recording built from the dev set (≥ 30 min: silences of 0.3–8 s between
recordings, every other pass a second voice, pitch-shifted and slower). It prints speeds, their ratios
per round, the load average, WER, and how often flagged and unflagged segments hold an error.

From one run it prints: the app's end-to-end time (file in → segments in the study database), bare
faster-whisper's time with the same model and decoding settings (sequential, as documented), their
ratio, real-time factors, peak memory of each decoding process, and the word error rate against the
reference when there is one. `--app-sequential` also runs the app with one worker (the same decoding
as bare faster-whisper) to show the app's own overhead; `--batched` adds faster-whisper's
BatchedInferencePipeline for comparison.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from echo_fieldwork.transcription.benchmark import normalise, word_error_rate

# The shared data sits beside the main checkout (../shared), or two levels up from a worktree.
DEV_SET = next((p / "shared" / "data" / "french-speech-dev" for p in (REPO.parent, REPO.parent.parent)
                if (p / "shared" / "data" / "french-speech-dev").is_dir()), REPO.parent / "shared")
APP = "app (default settings)"
DECODING = dict(language="fr", beam_size=5, vad_filter=True, word_timestamps=True, condition_on_previous_text=False)


# -- word error rate ---------------------------------------------------------------------------------------
def word_errors(reference: str, hypothesis: str) -> list[bool]:
    """Per hypothesis word (normalised), whether it is wrong: substituted or inserted, or next to a
    reference word that is missing. From one minimal alignment (Levenshtein with backtrace)."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    n, m = len(ref), len(hyp)
    cost = [list(range(m + 1))]
    for i in range(1, n + 1):
        previous, row = cost[-1], [i] + [0] * m
        for j in range(1, m + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ref[i - 1] != hyp[j - 1]))
        cost.append(row)
    wrong = [False] * m
    i, j = n, m
    while i > 0 or j > 0:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            wrong[j - 1] |= ref[i - 1] != hyp[j - 1]
            i, j = i - 1, j - 1
        elif j and cost[i][j] == cost[i][j - 1] + 1:
            wrong[j - 1] = True
            j -= 1
        else:  # a deletion: blame the hypothesis word next to it
            if m:
                wrong[min(j, m - 1)] = True
            i -= 1
    return wrong


def flag_report(reference: str, segments: list) -> str:
    """Share of segments holding at least one error, flagged vs unflagged (do the flags mean something?)."""
    wrong = word_errors(reference, " ".join(s.text for s in segments))
    at, rows = 0, {}
    for seg in segments:
        count = len(normalise(seg.text))
        bad = sum(wrong[at:at + count])
        at += count
        kind = seg.flags or "unflagged"
        total, with_error, words, wrong_words = rows.get(kind, (0, 0, 0, 0))
        rows[kind] = (total + 1, with_error + (bad > 0), words + count, wrong_words + bad)
    return "; ".join(f"{kind}: {with_error}/{total} segments with an error ({100 * with_error / total:.0f} %), "
                     f"{100 * wrong_words / max(1, words):.0f} % of their words wrong"
                     for kind, (total, with_error, words, wrong_words) in sorted(rows.items()))


# -- inputs ------------------------------------------------------------------------------------------------
TUNING = [f"dev{i:02d}" for i in (1, 2, 3, 4, 5, 6, 7, 8, 16)]    # what the defaults were tuned on
HELD_BACK = [f"dev{i:02d}" for i in range(9, 16)]                 # never used for tuning


def build_part(folder: Path, names: list[str], label: str) -> tuple[Path, str]:
    """These dev recordings one after the other, a second of silence between them."""
    out = folder / f"{label}.wav"
    silence = folder / "silence-1s.wav"
    subprocess.run(["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(silence), "trim", "0", "1"], check=True)
    inputs = [str(x) for name in names for x in (DEV_SET / f"{name}.wav", silence)]
    subprocess.run(["sox", "-R", *inputs, "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    reference = " ".join((DEV_SET / f"{name}.txt").read_text(encoding="utf-8").strip() for name in names)
    return out, reference


def build_long(folder: Path, minutes: float, seed: int = 16) -> tuple[Path, str]:
    """A long session from the dev set: every recording, pass after pass, with silences of 0.3–8 s
    between them (a fixed pseudo-random sequence) and, every other pass, a second voice (pitch −250
    cents, tempo 0.92: deeper and slower). Long enough for VAD, windows and long-file behaviour."""
    import random

    wavs = sorted(DEV_SET.glob("dev*.wav"))
    chance = random.Random(seed)  # the silences' sequence; 16 in every figure unless said otherwise
    pieces, texts, total, turn = [], [], 0.0, 0
    while total < minutes * 60:
        for wav in wavs:
            source = wav
            if turn % 2:
                source = folder / f"voice2-{wav.name}"
                if not source.exists():
                    subprocess.run(["sox", "-R", str(wav), "-r", "16000", "-c", "1", "-b", "16", str(source),
                                    "pitch", "-250", "tempo", "0.92"], check=True)
            gap = folder / f"gap-{len(pieces)}.wav"
            pause = round(chance.choice([0.3, 0.6, 1.0, 1.5, 2.5, 4.0, 8.0]), 1)
            subprocess.run(["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", str(gap), "trim", "0", str(pause)],
                           check=True)
            pieces += [str(source), str(gap)]
            texts.append(wav.with_suffix(".txt").read_text(encoding="utf-8").strip())
            total += duration_s(source) + pause
        turn += 1
    out = folder / "long.wav"
    subprocess.run(["sox", "-R", *pieces, "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    return out, " ".join(texts)



def build_dev_input(folder: Path, repeat: int) -> tuple[Path, str]:
    """All dev recordings one after the other (read in place, never copied into the repo)."""
    wavs = sorted(DEV_SET.glob("dev*.wav"))
    if not wavs:
        sys.exit(f"no dev set in {DEV_SET}")
    out = folder / "dev-set.wav"
    subprocess.run(["sox", *[str(w) for w in wavs * repeat], "-r", "16000", "-c", "1", "-b", "16", str(out)],
                   check=True)
    reference = " ".join(w.with_suffix(".txt").read_text(encoding="utf-8").strip() for w in wavs * repeat)
    return out, reference


def duration_s(path: Path) -> float:
    with wave.open(str(path)) as handle:
        return handle.getnframes() / handle.getframerate()


# -- the runs ----------------------------------------------------------------------------------------------
def run_app(audio: Path, work: Path, model_dir: Path, segments_out: list | None = None,
            progress_out: list | None = None, **engine) -> tuple[float, str, float]:
    """File in → segments in the DB, through the app's own code path. Returns (s, text, child peak MB)."""
    from echo_fieldwork.people import consent, participants
    from echo_fieldwork.sessions import sessions
    from echo_fieldwork.study.study import Study
    from echo_fieldwork.transcript.segments import load_segments
    from echo_fieldwork.transcription.protocol import EngineOptions
    from echo_fieldwork.transcription.runner import transcribe_session
    from tests.consent_helpers import ready_form  # a consent needs the team's filled-in form

    folder = work / f"study-{len(list(work.iterdir()))}"
    with Study.create(folder, "Benchmark", "fr", actor="bench") as study:
        person = participants.add_participant(study, "P01")
        consent.record_consent(study, person.id, ready_form(study, "fr").id, "paper",
                               {"audio", "quotes", "contact"})
        session = sessions.create_session(study, "B01", "interview", "2026-01-01", "in_person", attendees=["P01"])
        started = time.perf_counter()
        shutil.copyfile(audio, study.audio_dir / "b01.wav")
        sessions.add_recording_row(study, session.id, "audio/b01.wav", source="imported", status="complete",
                                   sample_rate=16000, duration_ms=int(duration_s(audio) * 1000))
        def on_progress(progress) -> None:
            if progress_out is not None:
                progress_out.append((progress.elapsed_s, progress.done_ms, progress.total_ms, progress.eta_s,
                                     progress.status))

        result = transcribe_session(study, session.id, options=EngineOptions(model=str(model_dir), nice=0, **engine),
                                    on_progress=on_progress)
        elapsed = time.perf_counter() - started
        segments = load_segments(study, session.id)
        text = " ".join(s.text for s in segments)
        flagged = {flag: sum(s.flags == flag for s in segments) for flag in ("redecoded", "repetition")}
        print(f"    ({len(segments)} segments; decoded again: {flagged['redecoded']}, "
              f"flagged as loops: {flagged['repetition']})")
        if segments_out is not None:
            segments_out[:] = segments
    return elapsed, text, result.peak_memory_mb or 0.0


def _bare(audio: str, model_dir: str, batched: bool, conn) -> None:
    from faster_whisper import BatchedInferencePipeline, WhisperModel, decode_audio

    started = time.perf_counter()
    model = WhisperModel(model_dir, device="cpu", compute_type="int8", local_files_only=True)
    samples = decode_audio(audio)
    if batched:
        segments, _info = BatchedInferencePipeline(model).transcribe(samples, batch_size=8, **DECODING)
    else:
        segments, _info = model.transcribe(samples, **DECODING)
    text = " ".join(s.text.strip() for s in segments)
    conn.send((time.perf_counter() - started, text, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def run_bare(audio: Path, model_dir: Path, batched: bool = False) -> tuple[float, str, float]:
    """Plain faster-whisper in its own fresh process (like the app's child), model load included."""
    context = multiprocessing.get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_bare, args=(str(audio), str(model_dir), batched, writer))
    process.start()
    writer.close()
    result = reader.recv()
    process.join()
    return result


def eta_report(progress: list, after_s: float = 60.0) -> str:
    """How right the time-left estimate was: for each progress report after `after_s` of the job, its
    estimate against the time really left (the job's end is its "done" report). Also: the value left on
    screen between bursts (each burst's last report), the reports while more than 30 s were left, and
    what the former estimate (audio done over all elapsed time, model loading included) would have said."""
    end_s = next(elapsed for elapsed, _d, _t, _eta, status in progress if status == "done")
    running = [(t, d, total, eta) for t, d, total, eta, status in progress if status == "running"]
    first_ms = running[0][1] if running else 0

    def summary(label: str, rows: list) -> str:
        errors = [(eta - (end_s - t)) / (end_s - t) if eta is not None else float("inf") for t, eta in rows]
        if not errors:
            return f"{label}: none"
        within = sum(abs(e) <= 0.20 for e in errors)
        worst = max(errors, key=abs)
        return f"{label}: {within}/{len(errors)} within ±20 % ({100 * within / len(errors):.0f} %), worst {100 * worst:+.0f} %"

    after = [(t, d, total, eta) for t, d, total, eta in running if t >= after_s and end_s - t > 0]
    shown = [row for index, row in enumerate(after)
             if index + 1 == len(after) or after[index + 1][0] - row[0] > 1.0]
    old = [(t, (total - d) * t / (d - first_ms) if d > first_ms else None) for t, d, total, _e in after]
    return "; ".join([
        f"time left after {after_s:.0f} s of {end_s:.0f} s: " + summary("every report", [(t, e) for t, _d, _to, e in after]),
        summary("left on screen", [(t, e) for t, _d, _to, e in shown]),
        summary("with > 30 s left", [(t, e) for t, _d, _to, e in after if end_s - t > 30]),
        summary("former estimate", old)])


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def contest(work: Path, model_dir: Path, rounds: int, long_minutes: float, long_rounds: int = 1) -> None:
    """The app's default vs bare sequential vs bare batched, interleaved, `rounds` times, on each input."""
    inputs = [("tuning part (dev01-08, dev16)", *build_part(work, TUNING, "tuning")),
              ("held-back part (dev09-15)", *build_part(work, HELD_BACK, "held-back"))]
    if long_minutes:
        inputs.append((f"long recording (dev set, {long_minutes:g}+ min, silences, 2 voices)",
                       *build_long(work, long_minutes)))
    contenders = [(APP, None), ("bare sequential", False), ("bare batched 8", True)]
    from echo_fieldwork.transcription.engine import usable_cores

    print(f"model base, int8, CPU; {os.cpu_count()} cores, {usable_cores()} usable; "
          f"{rounds} rounds, contenders interleaved")
    for label, audio, reference in inputs:
        length = duration_s(audio)
        print(f"\n== {label}: {length:.0f} s")
        speeds: dict[str, list[float]] = {name: [] for name, _b in contenders}
        cpu: dict[str, list[float]] = {name: [] for name, _b in contenders}
        for round_number in range(long_rounds if label.startswith("long") else rounds):
            order = contenders if round_number % 2 == 0 else contenders[::-1]  # no contender always first
            load = [os.getloadavg()[0]]
            for name, batched in order:
                segments: list = []
                progress: list = []
                cpu_before = children_cpu_s()
                if batched is None:
                    elapsed, text, peak = run_app(audio, work, model_dir, segments_out=segments,
                                                  progress_out=progress)
                else:
                    elapsed, text, peak = run_bare(audio, model_dir, batched=batched)
                speeds[name].append(length / elapsed)
                cpu[name].append(children_cpu_s() - cpu_before)
                load.append(os.getloadavg()[0])
                print(f"  round {round_number + 1} {name:16s} {length / elapsed:5.1f}x real time  "
                      f"CPU {cpu[name][-1]:6.1f} s  WER {100 * word_error_rate(reference, text):5.2f}%  "
                      f"peak {peak:5.0f} MB")
                if segments and round_number == 0:
                    print(f"    flags: {flag_report(reference, segments)}")
                if progress and length >= 600:
                    print(f"    {eta_report(progress)}")
            app, app_cpu = speeds[APP][-1], cpu[APP][-1]
            print(f"  round {round_number + 1}: speed app / sequential {app / speeds['bare sequential'][-1]:.2f}, "
                  f"app / batched {app / speeds['bare batched 8'][-1]:.2f}; CPU time sequential / app "
                  f"{cpu['bare sequential'][-1] / app_cpu:.2f}, batched / app {cpu['bare batched 8'][-1] / app_cpu:.2f}"
                  f"; load average {min(load):.1f}-{max(load):.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("audio", nargs="?", type=Path)
    parser.add_argument("--reference", type=Path, help="reference transcript (text file)")
    parser.add_argument("--dev-set", action="store_true", help="use ../shared/data/french-speech-dev")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the dev set N times (longer input)")
    parser.add_argument("--app-sequential", action="store_true", help="also run the app with one worker")
    parser.add_argument("--batched", action="store_true", help="also run BatchedInferencePipeline")
    parser.add_argument("--no-bare", action="store_true", help="skip bare faster-whisper (tuning runs)")
    parser.add_argument("--contest", action="store_true", help="default vs bare sequential vs bare batched")
    parser.add_argument("--rounds", type=int, default=2, help="contest: interleaved rounds")
    parser.add_argument("--long-minutes", type=float, default=30, help="contest: long recording (0: none)")
    parser.add_argument("--long-rounds", type=int, default=1, help="contest: rounds on the long recording")
    parser.add_argument("--strategy", choices=["windows", "batched", "chunks"], default="windows")
    parser.add_argument("--batch-size", type=int, default=8, help="batched: windows decoded together")
    parser.add_argument("--workers", type=int, default=2, help="chunks: parallel chunk decoders")
    parser.add_argument("--chunk-seconds", type=int, default=60, help="chunks: speech per chunk")
    parser.add_argument("--also-batched", action="store_true", help="also run the app with --strategy batched")
    args = parser.parse_args()
    if not args.audio and not args.dev_set and not args.contest:
        parser.error("give an AUDIO file, --dev-set or --contest")
    os.environ["HF_HUB_OFFLINE"] = "1"
    work = Path(tempfile.mkdtemp(prefix="echo-bench-"))
    os.environ.setdefault("ECHO_FIELDWORK_HOME", str(work / "home"))
    try:
        from echo_fieldwork.transcription.models import resolve_model

        model_dir = resolve_model("base").path
        if args.contest:
            contest(work, model_dir, args.rounds, args.long_minutes, args.long_rounds)
            return 0
        if args.dev_set:
            audio, reference = build_dev_input(work, args.repeat)
        else:
            audio = work / "input.wav"
            subprocess.run(["sox", str(args.audio), "-r", "16000", "-c", "1", "-b", "16", str(audio)], check=True)
            reference = args.reference.read_text(encoding="utf-8") if args.reference else None
        length = duration_s(audio)
        print(f"input: {length:.1f} s of audio; model: base (int8, CPU, {os.cpu_count()} cores); "
              f"load average before: {os.getloadavg()[0]:.2f}")
        runs = [(APP, lambda: run_app(audio, work, model_dir, strategy=args.strategy, batch_size=args.batch_size,
                                      workers=args.workers, chunk_seconds=args.chunk_seconds))]
        if args.also_batched:
            runs.append(("app, batched strategy", lambda: run_app(audio, work, model_dir, strategy="batched",
                                                                 batch_size=args.batch_size)))
        if args.app_sequential:
            runs.append(("app, sequential (one worker)", lambda: run_app(
                audio, work, model_dir, strategy="chunks", workers=1, cpu_threads=0, chunk_seconds=10 ** 6)))
        if not args.no_bare:
            runs.append(("bare faster-whisper, sequential", lambda: run_bare(audio, model_dir)))
        if args.batched:
            runs.append(("bare faster-whisper, batched", lambda: run_bare(audio, model_dir, batched=True)))
        results = {}
        for name, run in runs:
            elapsed, text, peak = run()
            results[name] = elapsed
            wer = f"  WER {100 * word_error_rate(reference, text):5.2f}%" if reference else ""
            print(f"{name:34s} {elapsed:7.1f} s  {length / elapsed:5.1f}x real time  peak {peak:5.0f} MB{wer}")
        print(f"load average after: {os.getloadavg()[0]:.2f} (other processes slow every run alike)")
        bare = results.get("bare faster-whisper, sequential")
        if bare:
            print(f"app / bare sequential time: {results[APP] / bare:.2f}")
        if args.app_sequential and bare:
            print(f"app overhead at equal decoding (one worker vs bare): "
                  f"{100 * (results['app, sequential (one worker)'] / bare - 1):+.1f}%")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
