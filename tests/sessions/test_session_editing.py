"""Sessions as they really happen: edited after the fact (a no-show, a late arrival, a new date), an empty
one deleted, one with audio only on an explicit second confirmation; every change in the audit log."""

from __future__ import annotations

import json

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.sessions import sessions as ss
from tests.sessions_helpers import consented, make_session


def audit(study, action: str) -> list[dict]:
    return [json.loads(row[0]) for row in study.db.execute(
        "SELECT detail FROM audit_log WHERE action = ? ORDER BY id", [action])]


def test_a_no_show_removed_a_late_arrival_added_and_the_date_fixed(study):
    session = make_session(study, "FG1", attendees=("P01", "P02", "P03"))
    consented(study, "P04")
    updated = ss.update_session(study, session.id, "FG1", "focus_group", "2026-11-21", "videoconference",
                                attendees=["P01", "P03", "P04"], interviewers=["M1"])
    assert (updated.date, updated.mode) == ("2026-11-21", "videoconference")
    assert [(code, role) for _id, code, role in ss.attendance(study, session.id)] == [
        ("P01", "participant"), ("P03", "participant"), ("P04", "participant"), ("M1", "interviewer")]
    [detail] = audit(study, "session.update")
    assert detail["added"] == ["P04:participant"] and detail["removed"] == ["P02:participant"]
    assert detail["changed"] == {"date": ["2026-11-20", "2026-11-21"], "mode": ["in_person", "videoconference"]}


def test_an_edit_changes_code_and_kind_but_never_takes_a_used_code(study):
    first = make_session(study, "FG1")
    make_session(study, "FG2")
    with pytest.raises(UserError, match="FG2 is already used"):
        ss.update_session(study, first.id, "FG2", "focus_group", "2026-11-20", "in_person",
                          attendees=["P01", "P02"], interviewers=["M1"])
    renamed = ss.update_session(study, first.id, "I7", "interview", "2026-11-20", "in_person",
                                attendees=["P01"], interviewers=["M1"])
    assert (renamed.code, renamed.kind) == ("I7", "interview")
    assert ss.session_id_for_code(study, "FG1") is None


def test_someone_added_must_be_able_to_take_part_but_a_nochange_edit_writes_nothing(study):
    from echo_fieldwork.people.participants import add_participant

    session = make_session(study, "FG1")
    add_participant(study, "P09", "participant")  # no consent recorded
    with pytest.raises(UserError) as raised:
        ss.update_session(study, session.id, "FG1", "focus_group", "2026-11-20", "in_person",
                          attendees=["P01", "P02", "P09"], interviewers=["M1"])
    assert "P09 has no recorded consent." in raised.value.details
    ss.update_session(study, session.id, "FG1", "focus_group", "2026-11-20", "in_person",
                      attendees=["P02", "P01"], interviewers=["M1"])
    assert audit(study, "session.update") == []


def test_an_empty_session_is_deleted_at_once(study):
    session = make_session(study, "FG1")
    assert ss.session_contents(study, session.id).empty
    ss.delete_session(study, session.id)
    assert ss.list_sessions(study) == []
    assert study.db.execute("SELECT COUNT(*) FROM attendance").fetchone()[0] == 0
    assert audit(study, "session.delete") == [{"code": "FG1", "recordings": 0, "duration_ms": 0, "segments": 0,
                                               "notes": 0, "quotes": 0}]


def test_a_session_with_audio_needs_the_explicit_confirmation_and_its_files_go(study):
    from echo_fieldwork.transcript.segments import Segment, insert_segments

    session = make_session(study, "FG1")
    keep = make_session(study, "FG2")
    audio = study.folder / "audio" / "FG1.wav"
    audio.write_bytes(b"RIFF")
    ss.add_recording_row(study, session.id, "audio/FG1.wav", source="recorded", status="complete",
                         sample_rate=16000, duration_ms=12_000)
    insert_segments(study, [Segment(None, session.id, 0, 1000, "Bonjour.", "M1", [])])
    contents = ss.session_contents(study, session.id)
    assert (contents.recordings, contents.duration_ms, contents.segments, contents.empty) == (1, 12_000, 1, False)
    with pytest.raises(UserError, match="confirm"):
        ss.delete_session(study, session.id)
    assert audio.exists() and len(ss.list_sessions(study)) == 2
    ss.delete_session(study, session.id, with_recordings=True)
    assert not audio.exists()
    assert [s.code for s in ss.list_sessions(study)] == ["FG2"] and keep.id
    assert study.db.execute("SELECT COUNT(*) FROM segments").fetchone()[0] == 0
    assert audit(study, "session.delete")[0]["recordings"] == 1


def test_a_session_being_recorded_is_never_deleted(study):
    session = make_session(study, "FG1")
    ss.add_recording_row(study, session.id, "audio/FG1.wav", source="recorded", status="recording",
                         sample_rate=16000)
    with pytest.raises(UserError, match="being recorded"):
        ss.delete_session(study, session.id, with_recordings=True)


def test_deletion_covers_every_table_that_refers_to_a_session(study):
    """A table added later that refers to sessions must be handled by delete_session."""
    referring = set()
    for (table,) in study.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        if any(fk[2] == "sessions" for fk in study.db.execute(f"PRAGMA foreign_key_list({table})")):
            referring.add(table)
    assert referring == set(ss.SESSION_TABLES) | {"exports"}


def test_default_codes_follow_the_interface_language(study):
    from echo_fieldwork.i18n import set_language

    assert ss.suggest_session_code(study, "focus_group") == "FG1"
    assert ss.suggest_session_code(study, "interview") == "I1"
    set_language("fr")
    assert ss.suggest_session_code(study, "focus_group") == "GD1"
    assert ss.suggest_session_code(study, "interview") == "E1"
    make_session(study, "GD1")
    assert ss.suggest_session_code(study, "focus_group") == "GD2"
