"""The MAXQDA and NVivo text exports follow each tool's documented speaker convention, read back from the
files (no exporter code), so that coding by speaker works on import. What is checked is what the
vendors' documentation states (cited in docs/user-guide*.md); the tools themselves cannot run here.

MAXQDA, "Import focus group transcripts" (maxqda.com/help-mx22/import/importing-focus-group-transcripts):
each contribution begins a new paragraph with the speaker's name followed by a colon (case counts, at most
63 characters); text at the very beginning without such a colon is not coded; f4/f5 time stamps
(#hh:mm:ss-t#) are read as usual.

NVivo, "Import transcripts" (rows of a recording's transcript: tab-delimited lines, each with the same
number of tabs, a Timespan and a Content column, optional custom fields such as Speaker) and "Automatic
coding techniques" (a transcript is autocoded by the values of its custom field Speaker)."""

from __future__ import annotations

import re

import pytest

from echo_fieldwork.deid import deidentify
from echo_fieldwork.export import runner
from echo_fieldwork.study.study import Study
from tests.exports_helpers import NO_QUOTES, PEOPLE, WITHDRAWN, build_focus_group

SPEAKERS = {code for code, _role, _name in PEOPLE}
F4_STAMP = re.compile(r"#(\d\d):(\d\d):(\d\d)-(\d)#")
MAXQDA_PARAGRAPH = re.compile(r"(?P<speaker>[^:\n]{1,63}): (?P<text>.*) " + F4_STAMP.pattern)
TIME = r"(\d\d):(\d\d):(\d\d)\.(\d)"
NVIVO_TIMESPAN = re.compile(rf"{TIME} - {TIME}")
PLAIN_TURN = re.compile(r"^\[(\d\d):(\d\d):(\d\d)\] (\S+) : ", re.M)


def tenths(h: str, m: str, s: str, t: str = "0") -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 10 + int(t)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("conventions")
    study = Study.create(folder / "study", "Étude", "fr", actor="RA1")
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    out = {fmt: runner.export_sessions(study, [session_id], fmt, folder / "out")[0] for fmt in ("txt", "maxqda", "nvivo")}
    study.close()
    plain = out["txt"].read_text(encoding="utf-8-sig")
    # The turns as the plain text shows them: (start in tenths, speaker), read from that file alone.
    turns = [(tenths(*m.groups()[:3]), m.group(4)) for m in PLAIN_TURN.finditer(plain)]
    return out, turns


def test_maxqda_every_paragraph_is_one_speakers_contribution_with_an_f4_time_stamp(files):
    out, turns = files
    raw = out["maxqda"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: MAXQDA on Windows reads the accents
    text = raw.decode("utf-8-sig")
    assert "\r" not in text and "\t" not in text
    paragraphs = text.split("\n")
    # One contribution per paragraph, an empty paragraph between two; no header for MAXQDA to misread.
    assert all(p == "" for p in paragraphs[1::2]) and paragraphs[-1] == ""
    contributions = [p for p in paragraphs if p]
    parsed = [MAXQDA_PARAGRAPH.fullmatch(p) for p in contributions]
    assert all(parsed), [p for p, m in zip(contributions, parsed) if not m][:3]
    speakers = [m.group("speaker") for m in parsed]
    # The speaker is a known code, spelt exactly (MAXQDA is case-sensitive), with nothing before it.
    assert set(speakers) <= SPEAKERS and speakers == [s for _start, s in turns]
    assert {"M1", "P01", "P02", "P04", "P05"} <= set(speakers)
    # One time stamp per paragraph, at its end, and none elsewhere; they never go back in time, and each
    # falls between its own turn's start and the next one's.
    assert all(len(F4_STAMP.findall(p)) == 1 for p in contributions)
    stamps = [tenths(*m.groups()[-4:]) for m in parsed]
    assert stamps == sorted(stamps)
    starts = [start for start, _speaker in turns] + [10 ** 9]
    assert all(starts[i] <= stamps[i] <= starts[i + 1] for i in range(len(stamps)))
    # Withdrawn and do-not-quote turns keep their speaker, so nothing is coded to the previous one.
    assert all(m.group("text") == "[retiré]" for m in parsed if m.group("speaker") == WITHDRAWN)
    assert all(m.group("text").startswith("[ne pas citer] ") for m in parsed if m.group("speaker") == NO_QUOTES)


def test_nvivo_rows_import_as_a_transcript_and_autocode_by_the_speaker_field(files):
    out, turns = files
    raw = out["nvivo"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\n")
    assert lines[-1] == "" and "\r" not in raw.decode("utf-8-sig")
    rows = [line.split("\t") for line in lines[:-1]]
    assert rows[0] == ["Timespan", "Speaker", "Content"]  # "File includes header row"
    assert all(len(row) == 3 for row in rows)  # every line has the same number of tabs
    spans = [NVIVO_TIMESPAN.fullmatch(row[0]) for row in rows[1:]]
    assert all(spans), [row[0] for row, m in zip(rows[1:], spans) if not m][:3]
    begins = [tenths(*m.groups()[:4]) for m in spans]
    ends = [tenths(*m.groups()[4:]) for m in spans]
    assert all(b <= e for b, e in zip(begins, ends)) and begins == sorted(begins)
    assert begins == [start for start, _speaker in turns]
    # The Speaker field holds exactly one known code per row: one node (or case) per person.
    assert [row[1] for row in rows[1:]] == [s for _start, s in turns] and {row[1] for row in rows[1:]} <= SPEAKERS
    assert all(row[2] for row in rows[1:])


def test_maxqda_time_stamps_never_go_back_when_turns_overlap():
    """An imported transcript may have a turn that ends after the next one (overlapping speech)."""
    from echo_fieldwork.export.model import Part, SessionExport, Turn
    from echo_fieldwork.export.text import render_maxqda

    turns = [Turn("M1", 0, 9_000, [Part(0, 9_000, "Bonjour.")]),
             Turn("P01", 5_000, 7_500, [Part(5_000, 7_500, "Oui.")]),
             Turn("P02", 8_000, 12_300, [Part(8_000, 12_300, "Moi aussi.")])]
    doc = SessionExport(1, "FG09", "focus_group", "2026-02-03", "in_person", "fr", 12_300, ["P01", "P02"], ["M1"],
                        [], [], [], turns, [], True)
    stamps = [tenths(*m.groups()) for m in F4_STAMP.finditer(render_maxqda(doc))]
    assert stamps == [90, 90, 123]
