#!/usr/bin/env python3
"""Detection's speed on long material, the figures in docs/performance.md ("Exports"):

- a 4.5-hour session (the French focus-group fixture 35 times, 1,505 segments): detection with lists, patterns and
  NER, then each export with its final scan, which reads every byte that leaves;
- one long text (twelve annotated hard-case parts joined, about 108,000 characters) and the same text doubled and
  quadrupled, without NER: the time should double with the text; a rule that searches all the text before each word
  makes it grow faster (the growth ratio is printed).

    PYTHONPATH=. python benchmarks/detection_speed.py [--no-session]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from echo_fieldwork.deid import deidentify
from echo_fieldwork.deid.detect import detect_texts
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.export import runner
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript import segments as transcript
from tests.exports_helpers import build_focus_group, parse_fixture

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def long_session() -> None:
    with tempfile.TemporaryDirectory() as folder:
        study = Study.create(Path(folder) / "study", "bench", "fr", actor="bench")
        session = build_focus_group(study, withdraw=False)
        parsed = parse_fixture()
        more = []
        for copy in range(1, 35):
            shift = copy * 480_000
            for i, s in enumerate(parsed):
                end = parsed[i + 1].start_ms if i + 1 < len(parsed) else s.start_ms + 8000
                more.append(transcript.Segment(None, session, s.start_ms + shift, end + shift, s.text, s.speaker))
        transcript.insert_segments(study, more)
        count = len(transcript.load_segments(study, session))
        start = time.perf_counter()
        proposals = deidentify.run_detection(study, session)
        print(f"{count} segments: detection (lists, patterns, NER) {time.perf_counter() - start:.1f} s, "
              f"{sum(proposals.values()) if isinstance(proposals, dict) else proposals} proposals")
        deidentify.mark_reviewed(study, session)
        for fmt in ("docx", "txt", "qdpx"):
            start = time.perf_counter()
            runner.export_sessions(study, [session], fmt, Path(folder) / f"out-{fmt}")
            print(f"export {fmt}, final scan included: {time.perf_counter() - start:.2f} s")


def one_long_text() -> None:
    texts = [s.text for n in range(10, 22) for s in parse_fixture(DATA / f"hard_cases_heldout{n}_fr_annotated.txt")]
    text = "\n".join(texts)
    index = NameIndex.build({"P01": "Marie-Claude Boisvert", "P02": "Josiane Laplante"})
    detect_texts(["Bonjour Marie."], index, "fr", use_ner=False)     # lists loaded once, outside the timing
    times = []
    for times_over in (1, 2, 4):
        start = time.perf_counter()
        found = detect_texts([text * times_over], index, "fr", use_ner=False)[0]
        times.append(time.perf_counter() - start)
        print(f"one text of {len(text) * times_over} characters, without NER: {times[-1]:.2f} s, {len(found)} proposals")
    print(f"time ×{times[1] / times[0]:.1f} and ×{times[2] / times[1]:.1f} for each doubling (×2.0 is linear)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-session", action="store_true", help="only the long text")
    args = parser.parse_args()
    if not args.no_session:
        long_session()
    one_long_text()


if __name__ == "__main__":
    main()
