#!/usr/bin/env python3
"""Detection recall and precision on the hand-annotated French transcripts (tests/data/): the focus
group and interview, and the hard cases (every failure class seen on held-out transcripts), each with a
development part (detection tuned on it) and a held-out part.

    PYTHONPATH=. python benchmarks/deidentification.py [--misses] [--plain] [--no-PART …]

`--no-second` leaves out the second held-out hard-case part, and likewise `--no-third` … `--no-thirty-sixth` each
later part (the flags are listed in `PARTS`); a set held back from tuning is added only to be run once.

Builds a throw-away study with the fixture's people and identifier list, runs the same detection as
the app (`deidentify.run_detection`) in three configurations, and compares the proposals with the
hand annotation, per category:
- recall: annotated spans whose every letter and digit is covered by proposals (a partial cover
  still leaks part of the identifier, so it counts as missed; partial covers are shown apart);
- precision: proposals that overlap an annotated span (any category), per proposed category.
Prints a Markdown table for docs/deidentification-report.md.

`--plain` also runs the rules (no NER, a study with nobody in it) over text with no annotation, where every
proposal that is not a real name or contact is a false one: the app's French messages, the docs but the
deidentification report, the interview guides, consent templates and licence files. It prints the number
of words and the proposals per detector (listed with --misses), so a new rule's flood shows there.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from echo_fieldwork.deid import deidentify
from echo_fieldwork.deid import detect as deid_detect
from echo_fieldwork.deid import entities as deid_entities
from echo_fieldwork.deid import index as deid_index
from echo_fieldwork.deid import words as deid_words
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript import segments as transcript
from tests.exports_helpers import (
    FIXTURE,
    HARD_CASES,
    HARD_CASES_HELD_OUT,
    HARD_CASES_HELD_OUT_2,
    HARD_CASES_HELD_OUT_3,
    HARD_CASES_HELD_OUT_4,
    HARD_CASES_HELD_OUT_5,
    HARD_CASES_HELD_OUT_6,
    HARD_CASES_HELD_OUT_7,
    HARD_CASES_HELD_OUT_8,
    HARD_CASES_HELD_OUT_9,
    HARD_CASES_HELD_OUT_10,
    HARD_CASES_HELD_OUT_11,
    HARD_CASES_HELD_OUT_12,
    HARD_CASES_HELD_OUT_13,
    HARD_CASES_HELD_OUT_14,
    HARD_CASES_HELD_OUT_15,
    HARD_CASES_HELD_OUT_16,
    HARD_CASES_HELD_OUT_17,
    HARD_CASES_HELD_OUT_18,
    HARD_CASES_HELD_OUT_19,
    HARD_CASES_HELD_OUT_20,
    HARD_CASES_HELD_OUT_21,
    HARD_CASES_HELD_OUT_22,
    HARD_CASES_HELD_OUT_23,
    HARD_CASES_HELD_OUT_24,
    HARD_CASES_HELD_OUT_25,
    HARD_CASES_HELD_OUT_26,
    HARD_CASES_HELD_OUT_27,
    HARD_CASES_HELD_OUT_28,
    HARD_CASES_HELD_OUT_29,
    HARD_CASES_HELD_OUT_30,
    HARD_CASES_HELD_OUT_31,
    HARD_CASES_HELD_OUT_32,
    HARD_CASES_HELD_OUT_33,
    HARD_CASES_HELD_OUT_34,
    HARD_CASES_HELD_OUT_35,
    HARD_CASES_HELD_OUT_36,
    HARD_PEOPLE_2,
    HARD_PEOPLE_3,
    HARD_PEOPLE_4,
    HARD_PEOPLE_5,
    HARD_PEOPLE_6,
    HARD_PEOPLE_7,
    HARD_PEOPLE_8,
    HARD_PEOPLE_9,
    HARD_PEOPLE_10,
    HARD_PEOPLE_11,
    HARD_PEOPLE_12,
    HARD_PEOPLE_13,
    HARD_PEOPLE_14,
    HARD_PEOPLE_15,
    HARD_PEOPLE_16,
    HARD_PEOPLE_17,
    HARD_PEOPLE_18,
    HARD_PEOPLE_19,
    HARD_PEOPLE_20,
    HARD_PEOPLE_21,
    HARD_PEOPLE_22,
    HARD_PEOPLE_23,
    HARD_PEOPLE_24,
    HARD_PEOPLE_25,
    HARD_PEOPLE_26,
    HARD_PEOPLE_27,
    HARD_PEOPLE_28,
    HARD_PEOPLE_29,
    HARD_PEOPLE_30,
    HARD_PEOPLE_31,
    HARD_PEOPLE_32,
    HARD_PEOPLE_33,
    HARD_PEOPLE_34,
    HARD_PEOPLE_35,
    HARD_PEOPLE_36,
    HELD_OUT,
    add_interview,
    build_focus_group,
    build_hard_cases,
    parse_fixture,
)

GROUPS = ["known", "person", "place", "organisation", "contact"]
GROUP_OF = {"known": "known", "person": "person", "place": "place", "organisation": "organisation",
            "program": "organisation", "email": "contact", "phone": "contact", "postal_code": "contact", "address": "contact", "health_number": "contact",
            "date_of_birth": "contact", "date": "contact", "url": "contact"}
LABELS = {"known": "Known names (study's people)", "person": "Other people", "place": "Places",
          "organisation": "Organisations & programs", "contact": "Contacts and identifiers (e-mail, phone, postal code, birth date, address, health number, web address)"}


MISSES: list[str] = []
# The held-out parts with their own people: option to leave one out, its fixture and people, its heading.
PARTS = {
    "second": ("--no-second", HARD_CASES_HELD_OUT_2, HARD_PEOPLE_2,
               "Second held-out part (street addresses, public bodies, phonetic spellings, untitled third parties)"),
    "third": ("--no-third", HARD_CASES_HELD_OUT_3, HARD_PEOPLE_3,
              "Third held-out part (written after issue 13's detection work was merged; run once)"),
    "fourth": ("--no-fourth", HARD_CASES_HELD_OUT_4, HARD_PEOPLE_4,
               "Fourth held-out part (written blind to the detection code by a colleague; focus group, 58 segments)"),
    "fifth": ("--no-fifth", HARD_CASES_HELD_OUT_5, HARD_PEOPLE_5,
              "Fifth held-out part (written blind with the fourth, held back from tuning; interview and focus group, "
              "57 segments)"),
    "sixth": ("--no-sixth", HARD_CASES_HELD_OUT_6, HARD_PEOPLE_6,
              "Sixth held-out part (written blind by another colleague, held back from the fifth part's tuning; "
              "focus group by videoconference, 60 segments)"),
    "seventh": ("--no-seventh", HARD_CASES_HELD_OUT_7, HARD_PEOPLE_7,
                "Seventh held-out part (written blind by a third colleague, held back from round 3's tuning; "
                "a focus group and an interview, 58 segments)"),
    "eighth": ("--no-eighth", HARD_CASES_HELD_OUT_8, HARD_PEOPLE_8,
               "Eighth held-out part (written blind by a fourth colleague, held back from round 4's tuning; "
               "an interview and a focus group, 60 segments)"),
    "ninth": ("--no-ninth", HARD_CASES_HELD_OUT_9, HARD_PEOPLE_9,
              "Ninth held-out part (written blind by a fifth colleague, held back from round 5's tuning; "
              "an interview and a focus group, 60 segments)"),
    "tenth": ("--no-tenth", HARD_CASES_HELD_OUT_10, HARD_PEOPLE_10,
              "Tenth held-out part (written blind by a sixth colleague, held back from round 6's tuning; "
              "a focus group and an interview, 60 segments)"),
    "eleventh": ("--no-eleventh", HARD_CASES_HELD_OUT_11, HARD_PEOPLE_11,
                 "Eleventh held-out part (written blind by a seventh colleague, held back from round 7's tuning; "
                 "a focus group and an interview, 60 segments)"),
    "twelfth": ("--no-twelfth", HARD_CASES_HELD_OUT_12, HARD_PEOPLE_12,
                "Twelfth held-out part (written blind by an eighth colleague, held back from round 8's tuning; "
                "a focus group and an interview, 60 segments)"),
    "thirteenth": ("--no-thirteenth", HARD_CASES_HELD_OUT_13, HARD_PEOPLE_13,
                   "Thirteenth held-out part (written blind by a ninth colleague, held back from round 9's tuning; "
                   "an interview and a focus group, partly in English, 60 segments)"),
    "fourteenth": ("--no-fourteenth", HARD_CASES_HELD_OUT_14, HARD_PEOPLE_14,
                   "Fourteenth held-out part (written blind by a tenth colleague, held back from round 10's tuning; "
                   "a focus group and an interview, 54 segments)"),
    "fifteenth": ("--no-fifteenth", HARD_CASES_HELD_OUT_15, HARD_PEOPLE_15,
                  "Fifteenth held-out part (written blind by an eleventh colleague, held back from round 11's tuning; "
                  "an interview and a focus group, 59 segments)"),
    "sixteenth": ("--no-sixteenth", HARD_CASES_HELD_OUT_16, HARD_PEOPLE_16,
                  "Sixteenth held-out part (written blind by a twelfth colleague, held back from round 12's tuning; "
                  "a focus group and an interview, 60 segments)"),
    "seventeenth": ("--no-seventeenth", HARD_CASES_HELD_OUT_17, HARD_PEOPLE_17,
                    "Seventeenth held-out part (written blind by a thirteenth colleague, held back from round 13's "
                    "tuning; a focus group and an interview, 65 segments)"),
    "eighteenth": ("--no-eighteenth", HARD_CASES_HELD_OUT_18, HARD_PEOPLE_18,
                   "Eighteenth held-out part (written blind by a fourteenth colleague, held back from round 13's "
                   "tuning; a focus group and an interview, 65 segments)"),
    "nineteenth": ("--no-nineteenth", HARD_CASES_HELD_OUT_19, HARD_PEOPLE_19,
                   "Nineteenth held-out part (written blind by a fifteenth colleague, held back from round 14's "
                   "tuning; a focus group and an interview, 64 segments)"),
    "twentieth": ("--no-twentieth", HARD_CASES_HELD_OUT_20, HARD_PEOPLE_20,
                  "Twentieth held-out part (written blind by a sixteenth colleague, held back from round 14's "
                  "tuning; a focus group and an interview, 63 segments)"),
    "twenty-first": ("--no-twenty-first", HARD_CASES_HELD_OUT_21, HARD_PEOPLE_21,
                     "Twenty-first held-out part (written blind by a seventeenth colleague, held back from round 15's "
                     "tuning; a focus group and an interview, 65 segments)"),
    "twenty-second": ("--no-twenty-second", HARD_CASES_HELD_OUT_22, HARD_PEOPLE_22,
                      "Twenty-second held-out part (written blind by an eighteenth colleague, held back from round 15's "
                      "tuning; a focus group and an interview, 65 segments)"),
    "twenty-third": ("--no-twenty-third", HARD_CASES_HELD_OUT_23, HARD_PEOPLE_23,
                     "Twenty-third held-out part (written blind by a nineteenth colleague, held back from round 16's "
                     "tuning; a focus group and an interview, 65 segments)"),
    "twenty-fourth": ("--no-twenty-fourth", HARD_CASES_HELD_OUT_24, HARD_PEOPLE_24,
                      "Twenty-fourth held-out part (written blind by a twentieth colleague, held back from round 16's "
                      "tuning; a focus group and an interview, 64 segments)"),
    "twenty-fifth": ("--no-twenty-fifth", HARD_CASES_HELD_OUT_25, HARD_PEOPLE_25,
                     "Twenty-fifth held-out part (written blind by a twenty-first colleague, held back from round 17's "
                     "tuning; an interview and a focus group, 64 segments)"),
    "twenty-sixth": ("--no-twenty-sixth", HARD_CASES_HELD_OUT_26, HARD_PEOPLE_26,
                     "Twenty-sixth held-out part (written blind by a twenty-second colleague, held back from round 17's "
                     "tuning; a focus group and an interview, 65 segments)"),
    "twenty-seventh": ("--no-twenty-seventh", HARD_CASES_HELD_OUT_27, HARD_PEOPLE_27,
                       "Twenty-seventh held-out part (written blind by a twenty-third colleague, held back from round "
                       "18's tuning; a focus group and an interview, 64 segments)"),
    "twenty-eighth": ("--no-twenty-eighth", HARD_CASES_HELD_OUT_28, HARD_PEOPLE_28,
                      "Twenty-eighth held-out part (written blind by a twenty-fourth colleague, held back from round "
                      "18's tuning; a focus group and an interview, 65 segments)"),
    "twenty-ninth": ("--no-twenty-ninth", HARD_CASES_HELD_OUT_29, HARD_PEOPLE_29,
                     "Twenty-ninth held-out part (written blind by a twenty-fifth colleague, held back from round "
                     "19's tuning; a focus group and an interview, 65 segments)"),
    "thirtieth": ("--no-thirtieth", HARD_CASES_HELD_OUT_30, HARD_PEOPLE_30,
                  "Thirtieth held-out part (written blind by a twenty-sixth colleague, held back from round 19's "
                  "tuning; a focus group and an interview, 65 segments)"),
    "thirty-first": ("--no-thirty-first", HARD_CASES_HELD_OUT_31, HARD_PEOPLE_31,
                     "Thirty-first held-out part (written blind by a twenty-seventh colleague, held back from round "
                     "20's tuning; a focus group and an interview, 64 segments)"),
    "thirty-second": ("--no-thirty-second", HARD_CASES_HELD_OUT_32, HARD_PEOPLE_32,
                      "Thirty-second held-out part (written blind by a twenty-eighth colleague, held back from round "
                      "20's tuning; a focus group and an interview, 65 segments)"),
    "thirty-third": ("--no-thirty-third", HARD_CASES_HELD_OUT_33, HARD_PEOPLE_33,
                     "Thirty-third held-out part (written blind by a twenty-ninth colleague, held back from round "
                     "21's tuning; a focus group and an interview, 64 segments)"),
    "thirty-fourth": ("--no-thirty-fourth", HARD_CASES_HELD_OUT_34, HARD_PEOPLE_34,
                      "Thirty-fourth held-out part (written blind by a thirtieth colleague, held back from round "
                      "21's tuning; a focus group and an interview, 65 segments)"),
    "thirty-fifth": ("--no-thirty-fifth", HARD_CASES_HELD_OUT_35, HARD_PEOPLE_35,
                     "Thirty-fifth held-out part (written blind by a thirty-first colleague, held back from round "
                     "22's tuning; a focus group and an interview, 60 segments)"),
    "thirty-sixth": ("--no-thirty-sixth", HARD_CASES_HELD_OUT_36, HARD_PEOPLE_36,
                     "Thirty-sixth held-out part (written blind by a thirty-second colleague, held back from round "
                     "22's tuning; a focus group and an interview, 64 segments)"),
}


def evaluate(identifiers: bool, use_ner: bool, held_out: bool = False, hard: bool = False,
             part: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        study = Study.create(Path(folder) / "study", "benchmark", "fr", actor="bench")
        try:
            if part:
                _option, fixture, people, _heading = PARTS[part]
                session_id = build_hard_cases(study, fixture, people=people)
            elif hard:
                session_id = build_hard_cases(study, HARD_CASES_HELD_OUT if held_out else HARD_CASES)
            else:
                session_id = build_focus_group(study, identifiers=identifiers, withdraw=False, notes=False)
                if held_out:
                    session_id = add_interview(study)
            deidentify.run_detection(study, session_id, use_ner=use_ner)
            segments = transcript.load_segments(study, session_id)
            proposals = deidentify.list_replacements(study, session_id)
        finally:
            study.close()
    if part:
        gold = parse_fixture(PARTS[part][1])
    elif hard:
        gold = parse_fixture(HARD_CASES_HELD_OUT if held_out else HARD_CASES)
    else:
        gold = parse_fixture(HELD_OUT if held_out else FIXTURE)
    by_segment: dict[int, list] = {}
    for p in proposals:
        by_segment.setdefault(p.segment_id, []).append(p)
    stats = {g: {"gold": 0, "found": 0, "partial": 0, "proposed": 0, "correct": 0, "same": 0} for g in GROUPS}
    for segment, annotated in zip(segments, gold):
        assert segment.text == annotated.text
        found = by_segment.get(segment.id, [])
        covered = set()
        for p in found:
            covered.update(range(p.start_char, p.end_char))
        for span in annotated.gold:
            need = {i for i in range(span.start, span.end) if segment.text[i].isalnum()}
            stats[span.category]["gold"] += 1
            if need <= covered:
                stats[span.category]["found"] += 1
            else:
                stats[span.category]["partial"] += bool(need & covered)
                MISSES.append(f"missed {span.category}: {span.text!r}" + (" (partly)" if need & covered else ""))
        for p in found:
            group = GROUP_OF[p.category]
            stats[group]["proposed"] += 1
            overlapping = [g for g in annotated.gold if p.start_char < g.end and p.end_char > g.start]
            if overlapping:
                stats[group]["correct"] += 1
            else:
                MISSES.append(f"false {p.category} ({p.detector}): {p.original!r}")
            if any(g.category == group for g in overlapping):
                stats[group]["same"] += 1
    return stats


def print_misses() -> None:
    """With --misses: what each configuration missed or proposed wrongly (the fixtures are fictional)."""
    if "--misses" in sys.argv:
        print("\n".join(f"    {m}" for m in MISSES) + "\n")
    MISSES.clear()


def percent(a: int, b: int) -> str:
    return f"{100 * a / b:.0f} %" if b else "–"


def table(title: str, stats: dict) -> str:
    lines = [f"### {title}", "", "| Category | Annotated | Recall (fully covered) | Partly covered | Proposals | Precision | Precision, same category |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    totals = {k: 0 for k in ("gold", "found", "partial", "proposed", "correct", "same")}
    for group in GROUPS:
        s = stats[group]
        for k in totals:
            totals[k] += s[k]
        lines.append(f"| {LABELS[group]} | {s['gold']} | {s['found']}/{s['gold']} = {percent(s['found'], s['gold'])} | "
                     f"{s['partial']} | {s['proposed']} | {s['correct']}/{s['proposed']} = "
                     f"{percent(s['correct'], s['proposed'])} | {percent(s['same'], s['proposed'])} |")
    t = totals
    lines.append(f"| **All** | {t['gold']} | {t['found']}/{t['gold']} = {percent(t['found'], t['gold'])} | {t['partial']} | "
                 f"{t['proposed']} | {t['correct']}/{t['proposed']} = {percent(t['correct'], t['proposed'])} | "
                 f"{percent(t['same'], t['proposed'])} |")
    return "\n".join(lines) + "\n"


def plain_texts() -> list[str]:
    """Paragraphs of text with no annotation (see `--plain`)."""
    paragraphs: list[str] = []
    for po in sorted((ROOT / "resources" / "locale" / "fr").glob("*.po")):
        for line in po.read_text(encoding="utf-8").splitlines():
            if line.startswith("msgstr"):
                text = line.split(" ", 1)[1].strip().strip('"').replace("\\n", "\n")
                if text:
                    paragraphs.append(text)
    files = [p for p in sorted((ROOT / "docs").glob("*.md")) if p.name != "deidentification-report.md"]
    files += sorted((ROOT / "interview_guides").glob("*")) + sorted((ROOT / "resources" / "consent").glob("*"))
    files += sorted((ROOT / "resources" / "deid").glob("LICENCE-*"))
    for path in files:
        if path.is_file():
            paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return paragraphs


def plain() -> None:
    texts = plain_texts()
    words = sum(len(deid_words.WORD.findall(t)) for t in texts)
    found = deid_detect.detect_texts(texts, deid_index.NameIndex.build({}), "fr", use_ner=False)
    by_rule: dict[str, list[str]] = {}
    for detections in found:
        for d in detections:
            by_rule.setdefault(f"{d.detector}/{d.category}", []).append(d.original)
    print(f"## Text with no annotation ({words} words; rules without NER, nobody in the study)\n")
    print("| Detector / category | Proposals |\n|---|---:|")
    for rule, values in sorted(by_rule.items()):
        print(f"| {rule} | {len(values)} |")
    print()
    if "--misses" in sys.argv:
        for rule, values in sorted(by_rule.items()):
            print(f"    {rule}: " + ", ".join(repr(v) for v in values))
        print()


def main() -> int:
    print(f"spaCy NER available: {deid_entities.ner_available()} ({deid_entities.SPACY_MODEL} {deid_entities.SPACY_MODEL_VERSION})\n")
    print("## Development transcript (focus group FG01; detection was written against it)\n")
    print(table("Full configuration: known names + the study's identifier list + patterns + NER", evaluate(True, True)))
    print_misses()
    print(table("Without the study's identifier list (names + patterns + NER)", evaluate(False, True)))
    MISSES.clear()
    print(table("Without NER (names + identifier list + patterns)", evaluate(True, False)))
    MISSES.clear()
    print("## Held-out transcript (interview IV01; written after the detection code, not tuned on)\n")
    print(table("Held-out interview, full configuration", evaluate(True, True, held_out=True)))
    print_misses()
    print(table("Held-out interview, without NER", evaluate(True, False, held_out=True)))
    print_misses()
    print("## Hard cases (ASR spellings, third parties, particles, names that are words, extensions)\n")
    print(table("Hard cases, development part, full configuration", evaluate(True, True, hard=True)))
    print_misses()
    print(table("Hard cases, development part, without NER", evaluate(True, False, hard=True)))
    print_misses()
    print(table("Hard cases, held-out part, full configuration", evaluate(True, True, held_out=True, hard=True)))
    print_misses()
    print(table("Hard cases, held-out part, without NER", evaluate(True, False, held_out=True, hard=True)))
    print_misses()
    for part, (option, _fixture, _people, heading) in PARTS.items():
        if option in sys.argv:
            continue
        name = heading.split(" (")[0]
        print(f"## {heading}\n")
        print(table(f"{name}, full configuration", evaluate(True, True, part=part)))
        print_misses()
        print(table(f"{name}, without NER", evaluate(True, False, part=part)))
        print_misses()
    if "--plain" in sys.argv:
        plain()
    return 0


if __name__ == "__main__":
    sys.exit(main())
