"""Benchmark the transcript editor on a 2-hour focus group (2,600 segments with words), offscreen.

    PYTHONPATH=$PWD QT_QPA_PLATFORM=offscreen python benchmarks/editor.py

Prints the time from "open" (reading the segments included) to the first paint of the list, the time
to seek to a segment (select it, move the player, highlight and scroll, repaint) and the time per
keystroke while typing (including the keystrokes that save to the study).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PULSE_RUNTIME_PATH", "/tmp/echo-fieldwork-pulse")


def main() -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from echo_fieldwork.sessions.sessions import add_recording_row
    from echo_fieldwork.settings import Settings
    from echo_fieldwork.study.study import Study
    from echo_fieldwork.transcript.segments import insert_segments
    from tests.editor_data import make_session, synthetic_transcript

    temp = Path(tempfile.mkdtemp(prefix="echo-editor-bench-"))
    os.environ["ECHO_FIELDWORK_HOME"] = str(temp / "home")
    app = QApplication([])
    study = Study.create(temp / "study", "Benchmark", "fr", actor="bench")
    session = make_session(study)
    segments = synthetic_transcript(session.id, 2600)
    insert_segments(study, segments)
    duration = segments[-1].end_ms + 1000
    # Two hours of silence as FLAC (tiny on disk) so the player has real media to seek in.
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", str(study.audio_dir / "bench.flac"), "trim", "0",
                    f"{duration / 1000:.3f}"], check=True)
    add_recording_row(study, session.id, "audio/bench.flac", source="imported", status="complete",
                      sample_rate=16000, duration_ms=duration)
    print(f"transcript: {len(segments)} segments, {duration / 3600000:.2f} h, "
          f"{sum(len(s.words) for s in segments)} words")

    from echo_fieldwork.ui.correction.editor_window import EditorWindow

    class PaintWatch(QObject):
        painted_at: float | None = None

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and self.painted_at is None:
                self.painted_at = -1.0  # mark; the time is taken after the paint returns
            return False

    watch = PaintWatch()
    start = time.perf_counter()
    window = EditorWindow(study, Settings(), session.id)
    window.view.viewport().installEventFilter(watch)
    window.resize(1200, 800)
    window.show()
    while watch.painted_at is None:
        app.processEvents()
    first_paint = time.perf_counter() - start
    for _ in range(20):
        app.processEvents()
    print(f"open → first paint: {first_paint * 1000:.0f} ms")

    rng = random.Random(1)
    seeks = []
    for _ in range(60):
        row = rng.randrange(len(segments))
        target = window.model.segments[row].start_ms
        t = time.perf_counter()
        window.go_to_row(row)
        window.player.seek(target)
        window._position_changed(target)  # what the player's position signal does
        window.view.viewport().repaint()
        app.processEvents()
        seeks.append(time.perf_counter() - t)
    print(f"seek to a segment: median {statistics.median(seeks) * 1000:.1f} ms, "
          f"max {max(seeks) * 1000:.1f} ms (n={len(seeks)})")

    window.go_to_row(1300)
    edit = window.editor.text_edit
    edit.setFocus()
    window.editor.set_cursor_offset(len(window.current_segment().text))
    keys = []
    text = " nous avons corrige ce passage pendant la seance de groupe" * 4
    for char in text:
        t = time.perf_counter()
        QTest.keyClicks(edit, char)
        app.processEvents()
        keys.append(time.perf_counter() - t)
        time.sleep(0.03)  # a fast typist: ~30 keys per second, so the periodic saves happen as in real use
    window.editor.flush()
    app.processEvents()
    keys.sort()
    print(f"keystroke while typing: median {statistics.median(keys) * 1000:.1f} ms, "
          f"p95 {keys[int(len(keys) * 0.95)] * 1000:.1f} ms, max {keys[-1] * 1000:.1f} ms (n={len(keys)}, "
          f"including the keystrokes that save)")
    stored = study.db.execute("SELECT text FROM segments WHERE id = ?", [window.current_segment().id]).fetchone()[0]
    assert stored.endswith("de groupe"), "typed text was not saved"
    splits = []
    for row in (200, 900, 1700, 2400):
        window.go_to_row(row)
        window.editor.set_cursor_offset(len(window.current_segment().text) // 2)
        t = time.perf_counter()
        window.split()
        app.processEvents()
        window.undo()
        app.processEvents()
        splits.append((time.perf_counter() - t) / 2)
    print(f"split or undo (rows inserted/removed, all rows laid out again): median "
          f"{statistics.median(splits) * 1000:.1f} ms")
    # Following changes made elsewhere: the 2-s poll when nothing changed, and a segment stored by another
    # connection (a running transcription) picked up and shown.
    from echo_fieldwork.timeutil import utc_now_iso

    window.sync.poll_timer.stop()
    ticks, syncs = [], []
    for _ in range(50):
        t = time.perf_counter()
        window.sync.poll_transcript()
        ticks.append(time.perf_counter() - t)
    other = study.extra_connection()
    end = window.model.segments[-1].end_ms
    for n in range(10):
        with other.atomic():
            other.execute("INSERT INTO segments (session_id, start_ms, end_ms, speaker, text, created_at, updated_at) "
                          "VALUES (?, ?, ?, 'P01', 'un segment de plus', ?, ?)",
                          [session.id, end + n * 1000, end + n * 1000 + 900, utc_now_iso(), utc_now_iso()])
        t = time.perf_counter()
        window.sync.poll_transcript()
        window.view.viewport().repaint()
        app.processEvents()
        syncs.append(time.perf_counter() - t)
    other.close()
    assert len(window.model.segments) == len(segments) + 10, "stored segments were not picked up"
    print(f"follow mode: poll tick with no change median {statistics.median(ticks) * 1000:.2f} ms; a segment stored "
          f"elsewhere picked up and shown: median {statistics.median(syncs) * 1000:.1f} ms, "
          f"max {max(syncs) * 1000:.1f} ms")
    window.close()
    study.close()


if __name__ == "__main__":
    main()
