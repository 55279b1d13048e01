"""Field notes, guide progress and the speaker log."""

from __future__ import annotations

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people.participants import get_by_code
from echo_fieldwork.sessions import fieldnotes
from tests.sessions_helpers import consented, make_session


def test_notes_keep_their_original_time_when_edited(study):
    session = make_session(study)
    note = fieldnotes.add_note(study, session.id, "  P02 hoche la tête  ", recording_ms=61_500,
                               question_key="interet.besoins", tags=["key_quote", "nonverbal"])
    assert note.text == "P02 hoche la tête" and note.tags == ("nonverbal", "key_quote")
    edited = fieldnotes.edit_note(study, note.id, "P02 hoche la tête (accord)")
    assert (edited.recording_ms, edited.wall_at, edited.question_key) == (61_500, note.wall_at, "interet.besoins")
    assert edited.edited_at and edited.tags == note.tags
    fieldnotes.add_note(study, session.id, "", recording_ms=5_000, tags=["technical"])
    fieldnotes.add_note(study, session.id, "avant l’enregistrement", recording_ms=None)
    assert [n.recording_ms for n in fieldnotes.list_notes(study, session.id)] == [5_000, 61_500, None]
    with pytest.raises(UserError):
        fieldnotes.add_note(study, session.id, "   ", recording_ms=1)
    with pytest.raises(UserError, match="tags"):
        fieldnotes.add_note(study, session.id, "x", recording_ms=1, tags=["gossip"])


def test_guide_progress_marks_and_unmarks(study):
    session = make_session(study)
    fieldnotes.mark_question(study, session.id, "s1.q1", recording_ms=1_000)
    fieldnotes.mark_question(study, session.id, "s1.q2", recording_ms=2_000)
    fieldnotes.mark_question(study, session.id, "s1.q1", covered=False, recording_ms=3_000)
    progress = fieldnotes.guide_progress(study, session.id)
    assert not progress["s1.q1"].covered and progress["s1.q2"].covered
    assert progress["s1.q2"].recording_ms == 2_000


def test_speaker_events_only_for_attendees(study):
    session = make_session(study, attendees=("P01", "P02"))
    outsider = consented(study, "P03")
    p2 = get_by_code(study, "P02")
    fieldnotes.add_speaker_event(study, session.id, p2.id, 4_000)
    fieldnotes.add_speaker_event(study, session.id, get_by_code(study, "P01").id, 1_000)
    assert [(e.participant_code, e.recording_ms) for e in fieldnotes.speaker_events(study, session.id)] == [
        ("P01", 1_000), ("P02", 4_000)]
    with pytest.raises(UserError):
        fieldnotes.add_speaker_event(study, session.id, outsider.id, 5_000)
