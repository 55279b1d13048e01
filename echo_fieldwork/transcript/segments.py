"""A session's transcript: time-stamped segments with speaker labels (attendee codes), text and words."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso


@dataclass
class Word:
    start_ms: int
    end_ms: int
    text: str
    probability: float = 1.0


@dataclass
class Segment:
    id: int | None
    session_id: int
    start_ms: int
    end_ms: int
    text: str
    speaker: str = ""
    words: list[Word] = field(default_factory=list)
    flags: str = ""
    model: str = ""
    avg_logprob: float | None = None
    no_speech_prob: float | None = None


def _words_from_json(text: str) -> list[Word]:
    return [Word(**w) for w in json.loads(text or "[]")]


_COLUMNS = "id, session_id, start_ms, end_ms, text, speaker, words, flags, model"


def _segment(row: tuple) -> Segment:
    return Segment(row[0], row[1], row[2], row[3], row[4], row[5], _words_from_json(row[6]), row[7], row[8])


def load_segments(study: Study, session_id: int) -> list[Segment]:
    return [_segment(row) for row in study.db.execute(
        f"SELECT {_COLUMNS} FROM segments WHERE session_id = ? ORDER BY start_ms, id", [session_id])]


def load_segments_by_id(study: Study, ids: list[int]) -> list[Segment]:
    """These segments (those that still exist), in transcript order."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return [_segment(row) for row in study.db.execute(
        f"SELECT {_COLUMNS} FROM segments WHERE id IN ({marks}) ORDER BY start_ms, id", list(ids))]


def insert_segments(study: Study, segments: list[Segment], *, settings: dict[str, Any] | None = None) -> list[int]:
    """Store new segments in one transaction."""
    db = study.db
    now = utc_now_iso()
    ids = []
    with db.atomic():
        for s in segments:
            words = json.dumps([w.__dict__ for w in s.words], ensure_ascii=False)
            cursor = db.execute(
                "INSERT INTO segments (session_id, start_ms, end_ms, speaker, text, words, flags, model, settings, "
                "avg_logprob, no_speech_prob, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [s.session_id, s.start_ms, s.end_ms, s.speaker, s.text, words, s.flags, s.model,
                 json.dumps(settings or {}, sort_keys=True), s.avg_logprob, s.no_speech_prob, now, now])
            s.id = cursor.lastrowid
            ids.append(s.id)
        db.execute("INSERT OR IGNORE INTO transcripts (session_id) VALUES (?)", [segments[0].session_id]) if segments else None
    return ids


def delete_segments_overlapping(study: Study, session_id: int, start_ms: int, end_ms: int) -> tuple[int, int]:
    """Delete the segments touching [start_ms, end_ms) (and what refers to them) in one transaction.
    Returns the time span they covered together with the range, so it can be transcribed again whole."""
    db = study.db
    where = "session_id = ? AND end_ms > ? AND start_ms < ?"
    with db.atomic():
        row = db.execute(f"SELECT MIN(start_ms), MAX(end_ms) FROM segments WHERE {where}",
                         [session_id, start_ms, end_ms]).fetchone()
        _delete_segments(db, where, [session_id, start_ms, end_ms])
    low = start_ms if row[0] is None else min(start_ms, row[0])
    high = end_ms if row[1] is None else max(end_ms, row[1])
    return low, high


def delete_session_segments(study: Study, session_id: int) -> None:
    """Delete a session's whole transcript (before a replacement), in one transaction."""
    db = study.db
    with db.atomic():
        _delete_segments(db, "session_id = ?", [session_id])


def delete_segment_rows(db, segment_ids: list[int]) -> None:
    """Delete these segments (inside the caller's transaction), with what points into their text."""
    for segment_id in segment_ids:
        _delete_segments(db, "id = ?", [segment_id])


def _delete_segments(db, where: str, params: list) -> None:
    # Deidentification proposals point into the segments' text: they go with it (the review then sees
    # the text changed and asks for detection again).
    db.execute(f"DELETE FROM deid_replacements WHERE segment_id IN (SELECT id FROM segments WHERE {where})", params)
    db.execute(f"DELETE FROM segments WHERE {where}", params)


@dataclass(frozen=True)
class DecodingRun:
    """The segments of a session that one transcription run wrote, with the settings it recorded."""

    settings: dict[str, Any]
    segments: int
    flags: dict[str, int]   # "uncertain", "redecoded", "repetition" → how many segments
    start_ms: int
    end_ms: int


def decoding_runs(study: Study, session_id: int) -> list[DecodingRun]:
    """Which run produced which part of the transcript: segments grouped by their stored settings (a
    range transcribed again has its own run), in time order. Segments typed by hand have none."""
    runs: dict[str, list] = {}
    for settings, flags, start, end in study.db.execute(
            "SELECT settings, flags, start_ms, end_ms FROM segments WHERE session_id = ? ORDER BY start_ms, id",
            [session_id]):
        run = runs.setdefault(settings or "{}", [0, {}, start, end])
        run[0] += 1
        if flags:
            run[1][flags] = run[1].get(flags, 0) + 1
        run[2], run[3] = min(run[2], start), max(run[3], end)
    return [DecodingRun(json.loads(key), count, flags, start, end)
            for key, (count, flags, start, end) in sorted(runs.items(), key=lambda item: item[1][2])]
