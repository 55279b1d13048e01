"""Importing a transcript made with another tool: SRT, WebVTT (with `<v Speaker>` voice tags) and plain
text with `[hh:mm:ss]` or f4-style `#hh:mm:ss-t#` timestamps (optionally "P03: " speaker prefixes).

A file is parsed completely before anything is written; then the segments are stored in one
transaction. A malformed file raises a UserError naming the line that failed and changes nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people.participants import CODE_PATTERN
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import parse_hms
from echo_fieldwork.transcript.segments import Segment, delete_session_segments, insert_segments

log = logging.getLogger("echo_fieldwork.transcript.importers")

FORMATS = ("srt", "vtt", "txt")
_CUE_TIMES = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)(\s.*)?$")
_SPEAKER_PREFIX = re.compile(r"^((?:[A-Z]{1,4}\d{0,3})|(?:[A-Za-z]{1,4}\d{1,3})|unknown)\s?:\s+(.*)$", re.S)
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
# [01:02:03], [02:03.5]; #01:02:03-4# (tenths after the dash, f4transkript).
_TXT_STAMP = re.compile(r"\[(\d[\d:.,]*)\]|#(\d[\d:.,]*)(?:-(\d+))?#")


@dataclass
class ParsedSegment:
    start_ms: int
    end_ms: int
    text: str
    speaker: str
    line: int


class _Malformed(Exception):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


# hh:mm:ss,mmm or mm:ss.mmm (WebVTT): digits only, so a sign, an exponent or "nan" is refused, not reinterpreted.
_STRICT_TIME = re.compile(r"^(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?$")


def _time(text: str, line: int) -> int:
    if text.strip().startswith("-"):
        raise _Malformed(line, _("{time!r} is a negative time").format(time=text))
    try:
        if not _STRICT_TIME.match(text.strip()):
            raise ValueError(text)
        return parse_hms(text)
    except ValueError:
        raise _Malformed(line, _("{time!r} is not a time (expected hh:mm:ss,mmm)").format(time=text)) from None


def _split_speaker(text: str) -> tuple[str, str]:
    match = _SPEAKER_PREFIX.match(text)
    return (match.group(1), match.group(2).strip()) if match else ("", text)


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks with the (1-based) number of their first line."""
    blocks, current, first = [], [], 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                first = number
            current.append(line.rstrip())
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def _cues(blocks: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Split blocks where a timing line follows text without the blank line between cues (a common slip):
    the new cue starts at its timing line, or at the number just above it."""
    result = []
    for first, block in blocks:
        start = 0
        timing_seen = False
        for index, line in enumerate(block):
            if "-->" not in line:
                continue
            if timing_seen:
                cut = index - 1 if index - 1 > start and block[index - 1].strip().isdigit() else index
                if cut > start:
                    result.append((first + start, block[start:cut]))
                    start = cut
            timing_seen = True
        result.append((first + start, block[start:]))
    return result


def _cue(first: int, block: list[str], index: int) -> tuple[int, int, list[str]]:
    match = _CUE_TIMES.match(block[index])
    if not match:
        raise _Malformed(first + index, _("expected a timing line such as 00:00:01,000 --> 00:00:04,000"))
    start, end = _time(match.group(1), first + index), _time(match.group(2), first + index)
    if end < start:
        raise _Malformed(first + index, _("the cue ends before it starts"))
    return start, end, block[index + 1:]


def parse_srt(text: str) -> list[ParsedSegment]:
    result = []
    for first, block in _cues(_blocks(text.splitlines())):
        index = 1 if block[0].strip().isdigit() else 0
        if index >= len(block):
            raise _Malformed(first, _("a cue number without timing line"))
        start, end, body = _cue(first, block, index)
        speaker, content = _split_speaker(_TAG.sub("", " ".join(line.strip() for line in body)).strip())
        result.append(ParsedSegment(start, end, content, speaker, first))
    return result


def parse_vtt(text: str) -> list[ParsedSegment]:
    lines = text.splitlines()
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise _Malformed(1, _("a WebVTT file starts with WEBVTT"))
    result = []
    for first, block in _cues(_blocks(lines)):
        head = block[0].strip()
        if first == 1 or head.startswith(("NOTE", "STYLE", "REGION")):
            continue
        index = 0 if "-->" in block[0] else 1  # an optional cue identifier comes first
        if index >= len(block):
            raise _Malformed(first, _("a cue identifier without timing line"))
        start, end, body = _cue(first, block, index)
        joined = " ".join(line.strip() for line in body)
        voice = _VOICE.search(joined)
        speaker = voice.group(1).strip() if voice else ""
        content = re.sub(r"\s+", " ", _TAG.sub("", joined)).strip()
        if not speaker:
            speaker, content = _split_speaker(content)
        result.append(ParsedSegment(start, end, content, speaker, first))
    return result


def parse_timestamped_text(text: str, duration_ms: int = 0) -> list[ParsedSegment]:
    """Each timestamp marks a point in time; the text between two timestamps is one segment (so both
    "[00:01:02] text" and f4's "text #00:01:02-3#" work)."""
    points: list[tuple[int, int, int, int]] = []  # (ms, line, start char, end char) of each stamp
    line_starts = [0]
    for line in text.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))

    def line_of(offset: int) -> int:
        import bisect
        return bisect.bisect_right(line_starts, offset)

    for match in _TXT_STAMP.finditer(text):
        line = line_of(match.start())
        if match.group(1) is not None:
            ms = _time(match.group(1), line)
        else:
            ms = _time(match.group(2), line) + (int(match.group(3)) * 100 if match.group(3) else 0)
        if points and ms < points[-1][0]:
            raise _Malformed(line, _("this timestamp is earlier than the one before it"))
        points.append((ms, line, match.start(), match.end()))
    if not points:
        raise _Malformed(1, _("no timestamps found ([hh:mm:ss] or #hh:mm:ss-t#)"))
    pieces: list[tuple[int, int | None, str, int]] = []
    leading = text[:points[0][2]]
    if leading.strip():  # text before the first stamp ends at that stamp (f4 style)
        pieces.append((0, points[0][0], leading, 1))
    for k, (ms, line, _s, end_char) in enumerate(points):
        next_start = points[k + 1][2] if k + 1 < len(points) else len(text)
        next_ms = points[k + 1][0] if k + 1 < len(points) else None
        pieces.append((ms, next_ms, text[end_char:next_start], line))
    result = []
    for start, end, body, line in pieces:
        body = re.sub(r"\s+", " ", body).strip()
        if not body:
            continue
        if end is None:  # the last piece: up to the end of the audio, or an estimate from its length
            end = duration_ms if duration_ms > start else start + 80 * len(body)
        speaker, content = _split_speaker(body)
        result.append(ParsedSegment(start, end, content, speaker, line))
    return result


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("srt", "vtt"):
        return suffix
    if text.lstrip("\ufeff").startswith("WEBVTT"):
        return "vtt"
    return "txt"


def parse_file(path: Path, *, duration_ms: int = 0) -> list[ParsedSegment]:
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UserError(_("The file {name} does not exist.").format(name=path.name)) from None
    except UnicodeDecodeError:
        raise UserError(_("{name} is not UTF-8 text; save it as UTF-8 and try again.").format(name=path.name)) from None
    kind = detect_format(path, text)
    try:
        parsed = {"srt": parse_srt, "vtt": parse_vtt}.get(kind, lambda t: parse_timestamped_text(t, duration_ms))(text)
    except _Malformed as error:
        raise UserError(_("{name}, line {line}: {problem}. Nothing was imported.").format(
            name=path.name, line=error.line, problem=error.problem)) from None
    if not parsed:
        raise UserError(_("{name} contains no transcript text. Nothing was imported.").format(name=path.name))
    for segment in parsed:
        if segment.speaker and not CODE_PATTERN.match(segment.speaker):
            raise UserError(_("{name}, line {line}: the speaker {label!r} is not a code (such as P03 or M1). "
                              "Nothing was imported.").format(name=path.name, line=segment.line, label=segment.speaker))
    return parsed


def import_transcript(study: Study, session_id: int, path: Path | str, *, replace: bool = False) -> int:
    """Import a file as the session's transcript; returns the number of segments. All or nothing."""
    from echo_fieldwork.sessions.sessions import get_session, session_duration_ms

    session = get_session(study, session_id)
    parsed = parse_file(Path(path), duration_ms=session_duration_ms(study, session_id))
    existing = study.db.execute("SELECT COUNT(*) FROM segments WHERE session_id = ?", [session_id]).fetchone()[0]
    if existing and not replace:
        raise UserError(_("The session {code} already has a transcript ({count} segments). Import with "
                          "replace to overwrite it.").format(code=session.code, count=existing))
    segments = [Segment(None, session_id, p.start_ms, p.end_ms, p.text, p.speaker,
                        flags="speaker_set" if p.speaker else "") for p in parsed]
    with study.db.atomic():
        if existing:
            delete_session_segments(study, session_id)
        insert_segments(study, segments, settings={"imported_from": Path(path).suffix.lower()})
        study.db.execute("UPDATE transcripts SET source = 'import' WHERE session_id = ?", [session_id])
        study.audit("transcript.import", "session", session_id,
                    {"segments": len(segments), "format": detect_format(Path(path), ""), "replaced": existing})
    log.info("imported %d segments", len(segments))
    return len(segments)
