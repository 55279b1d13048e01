"""What an encrypted study costs the user, against a plaintext one, in the same run: recording CPU, editor
open and seek, transcription speed. The two variants are interleaved (plain, encrypted, plain, …) and
repeated, so the load of a shared machine falls on both alike; the load average is printed at each step.

    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python benchmarks/encryption_cost.py [--repeat 3]
        [--record-seconds 20] [--skip-transcription]

- Recording: the app's `Recorder` writing a WAV or a sealed `.efa`, fed 100 ms blocks at real-time pace
  by a stand-in for PortAudio (the capture itself costs the same either way); CPU seconds of the whole
  process per recorded minute.
- Editor: a 2-hour focus group (2,600 segments with words, as benchmarks/editor.py) with 2 hours of
  audio, a WAV or a sealed file played through `SealedAudioDevice`; open → first paint, and 60 seeks.
- Transcription: the app's path (file in the study → segments in the database, the real base model, the
  spawned child decrypting in memory) on 33 s of real French (../shared/data/french-speech-dev).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
DEV_SET = next((p / "shared" / "data" / "french-speech-dev" for p in (ROOT.parent, ROOT.parent.parent)
                if (p / "shared" / "data" / "french-speech-dev").is_dir()), ROOT.parent / "shared")
PASSPHRASE = "benchmark passphrase"
VARIANTS = ("plain", "encrypted")


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def new_study(folder: Path, encrypted: bool):
    from echo_fieldwork.study.study import Study

    return Study.create(folder, "Benchmark", "fr", actor="bench", passphrase=PASSPHRASE if encrypted else None)


# -- recording --------------------------------------------------------------------------------------------
class PacedStream:
    """Stands in for PortAudio's input stream: 100 ms blocks of quiet noise at real-time pace."""

    def __init__(self, seconds: float, callback, blocksize: int, **_kwargs) -> None:
        self.callback, self.blocksize, self.blocks = callback, blocksize, int(seconds * 10)
        rng = np.random.default_rng(1)
        self.pool = [rng.normal(0, 800, (blocksize, 1)).astype(np.int16) for _ in range(50)]
        self.done = threading.Event()
        self._stop = threading.Event()

    def start(self) -> None:
        def feed() -> None:
            next_at = time.monotonic()
            for index in range(self.blocks):
                if self._stop.is_set():
                    break
                self.callback(self.pool[index % len(self.pool)], self.blocksize, None, None)
                next_at += 0.1
                time.sleep(max(0.0, next_at - time.monotonic()))
            self.done.set()
        threading.Thread(target=feed, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self._stop.set()


def record_once(work: Path, encrypted: bool, seconds: float) -> float:
    """CPU seconds of this process per recorded minute."""
    from echo_fieldwork.audio.recorder import Recorder
    from tests.sessions_helpers import make_session

    folder = work / f"rec-{len(list(work.iterdir()))}"
    with new_study(folder, encrypted) as study:
        session = make_session(study, attendees=("P01",))
        streams: list[PacedStream] = []

        def factory(**kwargs):
            streams.append(PacedStream(seconds, **kwargs))
            return streams[-1]

        recorder = Recorder(study, session.id, stream_factory=factory)
        cpu = time.process_time()
        recorder.start()
        streams[0].done.wait()
        result = recorder.stop()
        used = time.process_time() - cpu
        assert result.duration_ms >= seconds * 1000 - 200, result
        suffix = recorder.path.suffix
        assert suffix == (".efa" if encrypted else ".wav"), suffix
    shutil.rmtree(folder)
    return used * 60 / seconds


# -- editor -----------------------------------------------------------------------------------------------
def editor_study(work: Path, encrypted: bool, silence: Path):
    from echo_fieldwork.sessions.sessions import add_recording_row
    from echo_fieldwork.study.sealed_audio import SealedAppender
    from echo_fieldwork.transcript.segments import insert_segments
    from tests.editor_data import make_session, synthetic_transcript

    study = new_study(work / f"editor-{'enc' if encrypted else 'plain'}", encrypted)
    session = make_session(study)
    segments = synthetic_transcript(session.id, 2600)
    insert_segments(study, segments)
    duration = segments[-1].end_ms + 1000
    if encrypted:
        import wave

        relative = "audio/bench.efa"
        writer = SealedAppender(study.folder / relative, study.keys, 16000, 1)
        with wave.open(str(silence), "rb") as reader:
            while frames := reader.readframes(1 << 16):
                writer.write(frames)
        writer.close()
    else:
        relative = "audio/bench.wav"
        shutil.copyfile(silence, study.folder / relative)
    add_recording_row(study, session.id, relative, source="imported", status="complete", sample_rate=16000,
                      duration_ms=duration)
    return study, session, segments


def editor_once(app, study, session, segments) -> tuple[float, float]:
    """(open → first paint, median seek), in ms."""
    from PySide6.QtCore import QEvent, QObject

    from echo_fieldwork.settings import Settings
    from echo_fieldwork.ui.correction.editor_window import EditorWindow

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    watch = PaintWatch()
    start = time.perf_counter()
    window = EditorWindow(study, Settings(), session.id)
    window.view.viewport().installEventFilter(watch)
    window.resize(1200, 800)
    window.show()
    while not watch.painted:
        app.processEvents()
    first_paint = time.perf_counter() - start
    for _ in range(20):
        app.processEvents()
    rng = random.Random(1)
    seeks = []
    for _ in range(60):
        row = rng.randrange(len(segments))
        target = window.model.segments[row].start_ms
        t = time.perf_counter()
        window.go_to_row(row)
        window.player.seek(target)
        window._position_changed(target)
        window.view.viewport().repaint()
        app.processEvents()
        seeks.append(time.perf_counter() - t)
    window.close()
    window.deleteLater()
    app.processEvents()
    return first_paint * 1000, statistics.median(seeks) * 1000


# -- transcription ----------------------------------------------------------------------------------------
def transcribe_once(work: Path, encrypted: bool, clip: Path, model_dir: Path) -> tuple[float, int]:
    """(seconds from file in the study to segments in the database, segments)."""
    from echo_fieldwork.audio.importer import import_audio
    from echo_fieldwork.transcript.segments import load_segments
    from echo_fieldwork.transcription.protocol import EngineOptions
    from echo_fieldwork.transcription.runner import transcribe_session
    from tests.sessions_helpers import make_session

    folder = work / f"tr-{len(list(work.iterdir()))}"
    with new_study(folder, encrypted) as study:
        session = make_session(study, attendees=("P01",))
        import_audio(study, session.id, clip)
        started = time.perf_counter()
        transcribe_session(study, session.id, options=EngineOptions(model=str(model_dir), nice=0))
        elapsed = time.perf_counter() - started
        count = len(load_segments(study, session.id))
    shutil.rmtree(folder)
    return elapsed, count


def summary(name: str, unit: str, runs: dict[str, list[float]], fmt: str = "{:.2f}") -> str:
    plain, enc = statistics.median(runs["plain"]), statistics.median(runs["encrypted"])
    each = lambda values: ", ".join(fmt.format(v) for v in values)
    return (f"{name:28s} plain {fmt.format(plain)} {unit} [{each(runs['plain'])}]   encrypted {fmt.format(enc)} "
            f"{unit} [{each(runs['encrypted'])}]   ratio {enc / plain:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--record-seconds", type=float, default=20)
    parser.add_argument("--skip-transcription", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="echo-encryption-cost-"))
    os.environ["ECHO_FIELDWORK_HOME"] = str(work / "home")
    os.environ["HF_HUB_OFFLINE"] = "1"
    from echo_fieldwork.offline import quiet_libraries

    quiet_libraries()
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    print(f"{os.cpu_count()} cores, {load()} at start; {args.repeat} interleaved runs of each variant")
    results: dict[str, dict[str, list[float]]] = {}

    def run(step: str, function) -> None:
        for index in range(args.repeat):
            for variant in (VARIANTS if index % 2 == 0 else VARIANTS[::-1]):   # ABBA: neither always first
                values = function(variant == "encrypted")
                values = values if isinstance(values, tuple) else (values,)
                for name, value in zip(step.split("|"), values):
                    results.setdefault(name, {"plain": [], "encrypted": []})[variant].append(value)
                print(f"  {step.split('|')[0]:22s} {variant:9s} " + ", ".join(f"{v:.3f}" for v in values)
                      + f"   ({load()})", flush=True)

    try:
        recordings = work / "recordings"
        recordings.mkdir()
        run("recording CPU", lambda encrypted: record_once(recordings, encrypted, args.record_seconds))
        silence = work / "silence.wav"
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(silence), "trim", "0", "7300"],
                       check=True)
        studies = {encrypted: editor_study(work, encrypted, silence) for encrypted in (False, True)}
        silence.unlink()
        run("editor open|editor seek", lambda encrypted: editor_once(app, *studies[encrypted]))
        for study, _session, _segments in studies.values():
            study.close()
        if not args.skip_transcription:
            from echo_fieldwork.transcription.models import resolve_model

            clip = work / "clip.wav"
            subprocess.run(["sox", *sorted(str(p) for p in DEV_SET.glob("dev0[1-5].wav")), "-r", "16000", "-c", "1",
                            "-b", "16", str(clip)], check=True)
            model_dir = resolve_model("base").path
            clips = work / "transcriptions"
            clips.mkdir()
            run("transcription|segments", lambda encrypted: transcribe_once(clips, encrypted, clip, model_dir))
        print(f"\n{load()} at the end. Medians [each run]; ratio = encrypted / plain:")
        print(summary("recording CPU", "s/min", results["recording CPU"], "{:.3f}"))
        print(summary("editor open → first paint", "ms", results["editor open"], "{:.0f}"))
        print(summary("editor seek (median of 60)", "ms", results["editor seek"], "{:.1f}"))
        if "transcription" in results:
            print(summary("transcription, 33 s clip", "s", results["transcription"], "{:.1f}"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
