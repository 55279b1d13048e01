"""The editing core against a real study file: each operation writes at once and undoes exactly."""

from __future__ import annotations

import pytest

from echo_fieldwork.correction import edits as te
from echo_fieldwork.errors import UserError
from echo_fieldwork.people import participants
from echo_fieldwork.timeutil import utc_now_iso
from echo_fieldwork.transcript.segments import Segment, Word, insert_segments, load_segments
from tests.editor_data import make_session


def _seg(session_id, start, end, text, speaker="", words=None, flags=""):
    if words is None:
        tokens = text.split()
        step = (end - start) // max(1, len(tokens))
        words = [Word(start + i * step, start + (i + 1) * step - 20, t, 0.9) for i, t in enumerate(tokens)]
    return Segment(None, session_id, start, end, text, speaker, words, flags)


@pytest.fixture
def session(study):
    return make_session(study)


@pytest.fixture
def three(study, session):
    segs = [_seg(session.id, 0, 3000, "bonjour à tous merci", "S1"),
            _seg(session.id, 3500, 6000, "on commence par vous", "S1"),
            _seg(session.id, 6500, 9000, "moi je trouve ça bien", "S2")]
    insert_segments(study, segs)
    return segs


def _state(study, session_id):
    return [(s.start_ms, s.end_ms, s.speaker, s.text) for s in load_segments(study, session_id)]


def test_split_at_word_boundary_uses_word_times_and_undoes(study, session, three):
    original = _state(study, session.id)
    change = te.split_segment(study, three[0].id, len("bonjour à to"))  # inside "tous": snaps to a space
    state = _state(study, session.id)
    assert state[0][3] == "bonjour à tous" and state[1][3] == "merci"
    words = three[0].words
    assert state[0][1] == state[1][0] == round((words[2].end_ms + words[3].start_ms) / 2)
    first, second = load_segments(study, session.id)[:2]
    assert [w.text for w in first.words] == ["bonjour", "à", "tous"] and [w.text for w in second.words] == ["merci"]
    te.revert(study, change)
    assert _state(study, session.id) == original
    te.reapply(study, change)
    assert _state(study, session.id) == state


def test_split_falls_back_to_proportional_time(study, session):
    [seg] = [_seg(session.id, 1000, 2000, "abcd efgh", words=[])]
    insert_segments(study, [seg])
    te.split_segment(study, seg.id, 4)
    assert [s[:2] for s in _state(study, session.id)] == [(1000, 1444), (1444, 2000)]


def test_split_refuses_edges(study, session, three):
    with pytest.raises(UserError, match="between two words"):
        te.split_segment(study, three[0].id, 0)
    assert len(load_segments(study, session.id)) == 3


def test_merge_with_next_and_undo(study, session, three):
    change = te.merge_with_next(study, three[0].id)
    state = _state(study, session.id)
    assert state[0] == (0, 6000, "S1", "bonjour à tous merci on commence par vous") and len(state) == 2
    assert len(load_segments(study, session.id)[0].words) == 8
    te.revert(study, change)
    assert len(load_segments(study, session.id)) == 3
    with pytest.raises(UserError, match="last segment"):
        te.merge_with_next(study, three[2].id)


def test_merge_after_deidentification_detection(study, session):
    """A segment holding deidentification proposals can still be merged away: its proposals go with it
    and the review asks for detection again (the text changed)."""
    from echo_fieldwork.deid import deidentify
    from echo_fieldwork.people import identity

    identity.set_identity(study, identity.Identity(participants.get_by_code(study, "P01").id,
                                                   full_name="Amélie Tremblay"))
    segs = [_seg(session.id, 0, 3000, "bonjour Amélie", "S1"), _seg(session.id, 3500, 6000, "merci Amélie", "S1")]
    insert_segments(study, segs)
    assert deidentify.run_detection(study, session.id, use_ner=False)["new"] == 2
    change = te.merge_with_next(study, segs[0].id)
    assert _state(study, session.id) == [(0, 6000, "S1", "bonjour Amélie merci Amélie")]
    assert [r.segment_id for r in deidentify.list_replacements(study, session.id)] == [segs[0].id]
    assert not deidentify.review_state(study, session.id).exportable
    te.revert(study, change)
    assert len(load_segments(study, session.id)) == 2


def test_nudge_never_overlaps_or_goes_negative(study, session, three):
    te.nudge(study, three[1].id, "start", -5000)
    assert _state(study, session.id)[1][0] == 3000  # stopped at the previous end
    te.nudge(study, three[1].id, "end", +9000)
    assert _state(study, session.id)[1][1] == 6500  # stopped at the next start
    te.nudge(study, three[0].id, "start", +200)
    te.nudge(study, three[0].id, "start", -300)
    assert _state(study, session.id)[0][0] == 0
    with pytest.raises(UserError, match="cannot move"):
        te.nudge(study, three[0].id, "start", -100)
    te.nudge(study, three[2].id, "start", +99999)
    assert _state(study, session.id)[2][:2] == (9000, 9000)


def test_set_text_keeps_times_of_unchanged_words(study, session, three):
    te.set_text(study, three[2].id, "moi je trouve cela bien")
    words = load_segments(study, session.id)[2].words
    old = three[2].words
    assert [w.text for w in words] == ["moi", "je", "trouve", "cela", "bien"]
    assert words[0].start_ms == old[0].start_ms and words[4].end_ms == old[4].end_ms
    assert words[3].probability == 1.0 and old[2].end_ms <= words[3].start_ms <= words[3].end_ms <= old[4].start_ms


def test_markers_and_timestamp_insertion(study, session, three):
    # Markers follow the transcript's language (this session is in French).
    te.insert_marker(study, three[0].id, len("bonjour"), "laughter")
    assert _state(study, session.id)[0][3] == "bonjour [rires] à tous merci"
    assert te.marker_text("crosstalk", "en") == "[crosstalk]" and te.marker_text("crosstalk", "fr") == "[chevauchement]"
    with pytest.raises(UserError):
        te.insert_marker(study, three[0].id, 0, "[rire]")


def test_relabel_everywhere_and_assign(study, session, three):
    change = te.relabel_speaker(study, session.id, "S1", "P03")
    assert [s[2] for s in _state(study, session.id)] == ["P03", "P03", "S2"]
    te.revert(study, change)
    assert [s[2] for s in _state(study, session.id)] == ["S1", "S1", "S2"]
    te.assign_speaker(study, [three[1].id, three[2].id], "M1")
    assert [s[2] for s in _state(study, session.id)] == ["S1", "M1", "M1"]
    with pytest.raises(UserError, match="never a name"):
        te.assign_speaker(study, [three[0].id], "Marie Tremblay")
    assert "speaker_set" in load_segments(study, session.id)[1].flags


def test_talk_time(study, session, three):
    times = te.talk_time(study, session.id)
    assert [(t.speaker, t.ms) for t in times] == [("S1", 5500), ("S2", 2500)]
    assert times[0].share == pytest.approx(5500 / 8000)


def test_replace_in_transcript_and_study(study, session, three):
    other = make_session(study, "GD02")
    insert_segments(study, [_seg(other.id, 0, 1000, "Bonjour Tremblay")])
    change = te.replace_in_transcript(study, session.id, "bonjour", "Salut")
    assert change.count == 1 and _state(study, session.id)[0][3] == "Salut à tous merci"
    assert _state(study, other.id)[0][3] == "Bonjour Tremblay"
    change, counts = te.replace_in_study(study, "tremblay", "[NOM]", whole_word=True)
    assert counts == {other.id: 1} and change.count == 1
    assert _state(study, other.id)[0][3] == "Bonjour [NOM]"
    te.revert(study, change)
    assert _state(study, other.id)[0][3] == "Bonjour Tremblay"


def test_review_status_is_audited(study, session, three):
    assert te.review_status(study, session.id).status == "draft"
    te.set_review_status(study, session.id, "corrected", actor="RA2")
    status = te.review_status(study, session.id)
    assert (status.status, status.by) == ("corrected", "RA2") and status.at
    row = study.db.execute("SELECT actor, detail FROM audit_log WHERE action = 'transcript.status'").fetchone()
    assert row[0] == "RA2" and '"to": "corrected"' in row[1]
    with pytest.raises(UserError):
        te.set_review_status(study, session.id, "done")
    [summary] = te.transcript_summaries(study)
    assert (summary.segments, summary.status.status) == (3, "corrected")


def _log(study, session_id, code, ms):
    pid = participants.require(study, code).id
    study.db.execute("INSERT INTO speaker_events (session_id, participant_id, recording_ms, wall_at) "
                     "VALUES (?, ?, ?, ?)", [session_id, pid, ms, utc_now_iso()])


def test_prelabel_from_speaker_log_keeps_corrections(study, session, three):
    _log(study, session.id, "M1", 200)      # logged 0.2 s after the first segment started: still counts
    _log(study, session.id, "P02", 6800)
    te.assign_speaker(study, [three[1].id], "P05")  # a person's choice is kept
    te.prelabel_speakers(study, session.id)
    assert [s[2] for s in _state(study, session.id)] == ["M1", "P05", "P02"]


def test_prelabel_without_log_splits_turns_at_pauses(study, session):
    insert_segments(study, [_seg(session.id, 0, 1000, "un"), _seg(session.id, 1200, 2000, "deux"),
                            _seg(session.id, 5000, 6000, "trois")])
    te.prelabel_speakers(study, session.id, pause_ms=2000)
    segs = load_segments(study, session.id)
    assert [s.speaker for s in segs] == ["unknown"] * 3
    assert ["turn" in s.flags for s in segs] == [False, False, True]


def test_next_uncertain_word_wraps():
    segs = [Segment(1, 1, 0, 1, "a b", words=[Word(0, 1, "a", 0.9), Word(0, 1, "b", 0.2)]),
            Segment(2, 1, 1, 2, "c", words=[Word(1, 2, "c", 0.3)])]
    assert te.next_uncertain_word(segs, 0) == (0, 1)
    assert te.next_uncertain_word(segs, 0, 1) == (1, 0)
    assert te.next_uncertain_word(segs, 1, 0) == (0, 1)
    assert te.next_uncertain_word(segs, 0, threshold=0.1) is None


def test_redo_never_overwrites_a_segment_written_meanwhile(study, session, three):
    change = te.split_segment(study, three[0].id, len("bonjour à tous"))
    new_id = change.after[1].id
    te.revert(study, change)
    # A transcription running in parallel stores a segment that gets the freed row id.
    study.db.execute("INSERT INTO segments (id, session_id, start_ms, end_ms, text, created_at, updated_at) "
                     "VALUES (?, ?, 20000, 21000, 'nouveau', 'x', 'x')", [new_id, session.id])
    before = _state(study, session.id)
    with pytest.raises(UserError, match="can no longer be redone"):
        te.reapply(study, change)
    assert _state(study, session.id) == before
