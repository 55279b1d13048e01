"""The cheap change detection behind the editor's follow mode, and what a re-transcription replaces."""

from __future__ import annotations

from echo_fieldwork.correction import edits as te
from echo_fieldwork.correction import watch as tw
from echo_fieldwork.sessions.sessions import create_session
from echo_fieldwork.transcript.segments import Segment, delete_segments_overlapping, insert_segments, load_segments


def _session(study):
    session = create_session(study, "E01", "interview", "2026-11-20", "in_person")
    insert_segments(study, [Segment(None, session.id, i * 1000, i * 1000 + 900, f"phrase {i}", "P01")
                            for i in range(10)])
    return session.id


def test_the_fingerprint_moves_on_every_kind_of_change(study):
    sid = _session(study)
    first = tw.segments_fingerprint(study.db, sid)
    assert first[1] == 10
    seg = load_segments(study, sid)[3]
    te.set_text(study, seg.id, "phrase corrigée")
    second = tw.segments_fingerprint(study.db, sid)
    assert second[1] == 10 and second[2] >= first[2]
    other = study.extra_connection()  # another process writing, even within the same millisecond
    with other.atomic():
        other.execute("UPDATE segments SET text = 'ailleurs', updated_at = ? WHERE id = ?", [second[2], seg.id])
    other.close()
    assert tw.segments_fingerprint(study.db, sid) != second
    study.db.execute("DELETE FROM segments WHERE id = ?", [load_segments(study, sid)[0].id])
    assert tw.segments_fingerprint(study.db, sid)[1] == 9
    stamps = tw.segment_stamps(study.db, sid)
    assert len(stamps) == 9 and seg.id in stamps


def test_overlapping_follows_the_deletion_rule_and_replacing_skips_kept_rows(study):
    sid = _session(study)
    old = tw.segments_overlapping(study, sid, 2500, 4200)
    assert [s.text for s in old] == ["phrase 2", "phrase 3", "phrase 4"]
    kept = set(tw.segment_stamps(study.db, sid)) - {s.id for s in old}
    span = delete_segments_overlapping(study, sid, 2500, 4200)
    assert span == (2000, 4900)
    insert_segments(study, [Segment(None, sid, 2100, 4000, "nouvelle phrase", "")])
    new = tw.segments_replacing(study, sid, span, kept)
    assert [s.text for s in new] == ["nouvelle phrase"]
    change = te.Change(old, new)
    te.revert(study, change)  # undo brings the old rows back with their ids
    assert [(s.id, s.text) for s in load_segments(study, sid)][2:5] == [(s.id, s.text) for s in old]
    assert tw.deid_choices_count(study.db, [s.id for s in old]) == 0
