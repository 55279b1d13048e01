"""Hand-off and backup of a one-hour focus group: file sizes and times, plaintext and encrypted study.

    PYTHONPATH=$PWD python benchmarks/handoff.py [--minutes 60] [--segments 2000]

Builds a study with one focus group: 60 minutes of 16 kHz mono audio (quiet noise, which no codec would
shrink either) and 2,000 segments with word timings, its people named. Then, with the real scrypt
parameters (the app's), the whole trip: `handoff send` (package), `open` (the assistant's workspace),
100 segments corrected there, `return`, `receive` (merge) — and `backup`, `check`, `restore` of the study.
Each step is timed once (wall clock); the load average of the shared machine is printed with it. Prints a
Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from echo_fieldwork.correction import edits
from echo_fieldwork.handoff.backup import backup_study, restore_backup, verify_backup
from echo_fieldwork.handoff.exchange import open_workspace, return_workspace, send_session
from echo_fieldwork.handoff.merge import receive
from echo_fieldwork.people import identity
from echo_fieldwork.study import crypto
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript.segments import Segment, Word, insert_segments
from tests.handoff.handoff_helpers import add_recording
from tests.sessions_helpers import make_session

PASSPHRASE = "phrase convenue en équipe pour le banc d'essai"
WORDS = ("alors on a surtout parlé de la formation continue et du télémentorat avec les infirmières "
         "de la région parce que les distances sont grandes").split()


def build(folder: Path, minutes: float, count: int, encrypted: bool) -> list[int]:
    with Study.create(folder, "Banc d'essai", "fr", actor="bench",
                      passphrase=PASSPHRASE if encrypted else None) as study:
        session = make_session(study, "FG1", attendees=tuple(f"P{i:02d}" for i in range(1, 9)))
        for pid, in study.db.execute("SELECT id FROM participants").fetchall():
            identity.set_identity(study, identity.Identity(pid, full_name=f"Personne Numéro{pid}"))
        rng = np.random.default_rng(1)
        pcm = rng.normal(0, 800, int(minutes * 60 * 16000)).astype("<i2").tobytes()
        add_recording(study, session.id, "FG1-1", pcm)
        del pcm
        length = int(minutes * 60_000 / count)
        segments = []
        for index in range(count):
            start = index * length
            words = [Word(start + k * 90, start + k * 90 + 80, w, 0.9) for k, w in enumerate(WORDS)]
            segments.append(Segment(None, session.id, start, start + length - 100, " ".join(WORDS),
                                    speaker=f"P{index % 8 + 1:02d}", words=words))
        insert_segments(study, segments)
        return [r[0] for r in study.db.execute("SELECT id FROM segments ORDER BY start_ms")]


def timed(label: str, rows: list, action):
    """Time one step and its peak Python allocations (tracemalloc: the audio buffers a step holds)."""
    load = os.getloadavg()[0]
    tracemalloc.start()
    started = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows.append((label, elapsed, load, peak))
    print(f"  {label}: {elapsed:.1f} s (load {load:.1f}), peak allocations {peak / 1e6:.1f} MB", flush=True)
    return result


def run(base: Path, minutes: float, count: int, encrypted: bool) -> tuple[list, dict]:
    folder, ws = base / "study", base / "ws"
    ids = build(folder, minutes, count, encrypted)
    crypto.forget()
    rows: list = []
    sizes: dict = {}
    if encrypted:
        timed("unlock the study (scrypt)", rows, lambda: crypto.unlock(folder, PASSPHRASE))
    study = Study.open(folder, actor="bench")
    timed("send (write the package)", rows,
          lambda: send_session(study, "FG1", "RA2", base / "FG1.efpkg", PASSPHRASE))
    sizes["package sent"] = (base / "FG1.efpkg").stat().st_size
    workspace = timed("open (package → workspace)", rows,
                      lambda: open_workspace(base / "FG1.efpkg", ws, PASSPHRASE, actor="RA2"))
    for sid in ids[::count // 100]:
        edits.set_text(workspace, sid, "Texte corrigé par l'assistante.")
    timed("return (write the package)", rows, lambda: return_workspace(workspace, base / "back.efpkg", PASSPHRASE))
    workspace.close()
    sizes["package returned"] = (base / "back.efpkg").stat().st_size
    timed("receive (read, merge 100 changed segments)", rows,
          lambda: receive(study, base / "back.efpkg", PASSPHRASE))
    timed("backup (whole study)", rows, lambda: backup_study(study, base / "study.efbak", PASSPHRASE))
    study.close()
    sizes["study folder"] = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    sizes["backup"] = (base / "study.efbak").stat().st_size
    timed("check (verify the backup)", rows, lambda: verify_backup(base / "study.efbak", PASSPHRASE))
    timed("restore (into a new folder)", rows, lambda: restore_backup(base / "study.efbak", base / "r", PASSPHRASE))
    crypto.forget()
    return rows, sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--segments", type=int, default=2000)
    args = parser.parse_args()
    results = {}
    for encrypted in (False, True):
        name = "encrypted" if encrypted else "plaintext"
        print(f"{name} study, {args.minutes:g} min, {args.segments} segments", flush=True)
        with tempfile.TemporaryDirectory(prefix="handoff-bench-") as base:
            results[name] = run(Path(base), args.minutes, args.segments, encrypted)
    print("\n| step | plaintext study | encrypted study |\n|---|---|---|")
    for (label, plain, load_p, peak_p), (_label, enc, load_e, peak_e) in zip(results["plaintext"][0][-7:],
                                                                              results["encrypted"][0][-7:]):
        print(f"| {label} | {plain:.1f} s (load {load_p:.1f}), {peak_p / 1e6:.0f} MB | "
              f"{enc:.1f} s (load {load_e:.1f}), {peak_e / 1e6:.0f} MB |")
    for key in results["plaintext"][1]:
        print(f"| size: {key} | {results['plaintext'][1][key] / 1e6:.1f} MB | "
              f"{results['encrypted'][1][key] / 1e6:.1f} MB |")


if __name__ == "__main__":
    main()
