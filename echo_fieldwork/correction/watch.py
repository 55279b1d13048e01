"""Noticing that a session's segments changed under an open editor (a transcription still running, a
stretch transcribed again, another process), cheaply, and what a stretch transcribed again replaces.

The editor compares a fingerprint (SQLite's data version, count and latest `updated_at`) every few
seconds; only when it moved does it read each row's `updated_at` and load the rows that really changed.
"""

from __future__ import annotations

from echo_fieldwork.correction.edits import rows_key
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript.segments import Segment, load_segments_by_id


def segments_fingerprint(db, session_id: int) -> tuple[int, int, str]:
    """(SQLite's data version, number of segments, latest update instant). The data version moves whenever
    another connection (another process, a worker thread) commits, even within the same millisecond; the
    count and latest update catch writes made through this connection (e.g. another window of the app)."""
    version = db.execute("PRAGMA data_version").fetchone()[0]
    row = db.execute("SELECT COUNT(*), COALESCE(MAX(updated_at), '') FROM segments WHERE session_id = ?",
                     [session_id]).fetchone()
    return int(version), int(row[0]), row[1]


def segment_stamps(db, session_id: int) -> dict[int, str]:
    """Each segment's id → its `updated_at`."""
    return dict(db.execute("SELECT id, updated_at FROM segments WHERE session_id = ?", [session_id]).fetchall())


def same_content(a: Segment, b: Segment) -> bool:
    """Whether two versions of a row show the same thing (times, speaker, text, flags, words)."""
    return rows_key([a]) == rows_key([b])


def segments_overlapping(study: Study, session_id: int, start_ms: int, end_ms: int) -> list[Segment]:
    """The full rows a re-transcription of [start_ms, end_ms) deletes (same rule as
    `transcript.delete_segments_overlapping`), kept so that undo can bring them back."""
    ids = [row[0] for row in study.db.execute(
        "SELECT id FROM segments WHERE session_id = ? AND end_ms > ? AND start_ms < ?",
        [session_id, start_ms, end_ms])]
    return load_segments_by_id(study, ids)


def segments_replacing(study: Study, session_id: int, span: tuple[int, int], kept_ids: set[int]) -> list[Segment]:
    """The rows a re-transcription of `span` (the job's widened range) wrote: those starting in it that
    were not there before (`kept_ids`: the session's other segments before the job)."""
    ids = [row[0] for row in study.db.execute(
        "SELECT id FROM segments WHERE session_id = ? AND start_ms >= ? AND start_ms < ?",
        [session_id, span[0], span[1]]) if row[0] not in kept_ids]
    return load_segments_by_id(study, ids)


def deid_choices_count(db, segment_ids: list[int]) -> int:
    """Deidentification choices made on these segments (a re-transcription drops them)."""
    if not segment_ids:
        return 0
    marks = ",".join("?" * len(segment_ids))
    return int(db.execute(f"SELECT COUNT(*) FROM deid_replacements WHERE segment_id IN ({marks})",
                          list(segment_ids)).fetchone()[0])


def busy_job(db, session_id: int) -> int | None:
    """A transcription job of this session waiting or running, if any."""
    row = db.execute("SELECT id FROM transcription_jobs WHERE session_id = ? AND status IN ('queued', 'running')",
                     [session_id]).fetchone()
    return int(row[0]) if row else None


def job_span(db, job_id: int) -> tuple[int, int] | None:
    """The time range a range job really covered (widened to the segments it replaced)."""
    row = db.execute("SELECT range_start_ms, range_end_ms FROM transcription_jobs WHERE id = ?", [job_id]).fetchone()
    return (int(row[0]), int(row[1])) if row and row[0] is not None else None
