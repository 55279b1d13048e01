"""Sessions (focus groups and interviews): what happened, who attended, how long it lasted."""

from __future__ import annotations

from echo_fieldwork.study import Study


def session_duration_ms(study: Study, session_id: int) -> int:
    """The one definition of a session's duration: the total length of its recordings.
    The methods summary, export headers and the UI all call this."""
    row = study.db.execute(
        "SELECT COALESCE(SUM(duration_ms), 0) FROM recordings WHERE session_id = ?", [session_id]).fetchone()
    return int(row[0])


def session_id_for_code(study: Study, code: str) -> int | None:
    row = study.db.execute("SELECT id FROM sessions WHERE code = ?", [code]).fetchone()
    return int(row[0]) if row else None
