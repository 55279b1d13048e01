"""Field notes go through the same detection and review as the transcript: their proposals are stored,
decided by the reviewer, part of the session's review, and the decisions are what the exports apply."""

from __future__ import annotations

import csv

import docx
import pytest

from echo_fieldwork.deid import deidentify
from echo_fieldwork.errors import UserError
from echo_fieldwork.export import runner
from echo_fieldwork.sessions import fieldnotes, sessions
from tests.exports_helpers import build_focus_group


def _notes_csv(path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))[1:]


def _note_proposal(study, session_id, original):
    return next(r for r in deidentify.list_replacements(study, session_id)
                if r.note_id is not None and r.original == original)


def test_notes_get_proposals_that_the_review_decides_and_exports_apply(study, tmp_path):
    session_id = build_focus_group(study)
    counts = deidentify.run_detection(study, session_id, use_ner=False)
    proposals = deidentify.list_replacements(study, session_id)
    in_notes = [r for r in proposals if r.note_id is not None]
    # The three notes of the fixture: a first name, an identifier with its tag, two names.
    assert sorted((r.original, r.tag) for r in in_notes) == [
        ("Amélie", "P01"), ("Isabelle", "P05"), ("Jean-François", "P02"), ("Rimouski", "région")]
    assert all(r.segment_id is None and r.status == "proposed" for r in in_notes)
    assert proposals[-len(in_notes):] == in_notes            # after the transcript's, in the note order
    assert counts["new"] == len(proposals)
    amelie = _note_proposal(study, session_id, "Amélie")
    assert deidentify.context(study, amelie) == ("", "Amélie", " arrive en retard, s'excuse.")

    # Unreviewed notes are refused like an unreviewed transcript.
    with pytest.raises(UserError) as refused:
        runner.export_notes(study, [session_id], "csv", tmp_path)
    assert "field notes cannot be exported yet" in refused.value.message
    assert refused.value.details == [f"FG01: the deidentification has not been reviewed ({len(proposals)} proposals "
                                     "to decide)."]

    # The reviewer keeps one (the place is not identifying in this study) and changes another's tag.
    deidentify.set_status(study, [_note_proposal(study, session_id, "Rimouski").id], "rejected")
    deidentify.change_tag(study, _note_proposal(study, session_id, "Isabelle").id, "une collègue")
    deidentify.mark_reviewed(study, session_id)
    assert deidentify.review_state(study, session_id).state == "reviewed"

    [path] = runner.export_notes(study, [session_id], "csv", tmp_path)
    texts = [row[5] for row in _notes_csv(path)]
    assert texts == ["[P01] arrive en retard, s'excuse.", "P03 très émue en parlant de Rimouski.",
                     "Bon échange entre [P02] et [une collègue]."]
    # The transcript's DOCX appendix shows the same reviewed notes.
    [document] = runner.export_sessions(study, [session_id], "docx", tmp_path)
    paragraphs = "\n".join(p.text for p in docx.Document(str(document)).paragraphs)
    assert "Bon échange entre [P02] et [une collègue]." in paragraphs and "Rimouski." in paragraphs


def test_a_note_written_or_edited_after_the_review_blocks_every_export(study, tmp_path):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    runner.export_notes(study, [session_id], "csv", tmp_path)

    note = fieldnotes.list_notes(study, session_id)[0]
    fieldnotes.edit_note(study, note.id, "Amélie Tremblay arrive en retard avec Nathalie.")
    assert deidentify.review_state(study, session_id).state == "stale"
    for export in (lambda: runner.export_notes(study, [session_id], "csv", tmp_path),
                   lambda: runner.export_sessions(study, [session_id], "txt", tmp_path)):
        with pytest.raises(UserError) as refused:
            export()
        assert refused.value.details == ["FG01: the transcript changed after its deidentification was run or "
                                         "reviewed; run it and review it again."]
    with pytest.raises(UserError, match="changed after the deidentification ran"):
        deidentify.mark_reviewed(study, session_id)

    counts = deidentify.run_detection(study, session_id, use_ner=False)
    assert counts["dropped"] == 1 and counts["new"] == 2   # "Amélie" moved; "Amélie Tremblay" and "Nathalie" are new
    deidentify.mark_reviewed(study, session_id)
    [path] = runner.export_notes(study, [session_id], "csv", tmp_path)
    assert _notes_csv(path)[0][5] == "[P01] arrive en retard avec [P03]."

    # A note added after the review (the session window stays open) is not exported unseen either.
    fieldnotes.add_note(study, session_id, "Kevin a dû partir plus tôt.", recording_ms=400_000)
    assert deidentify.review_state(study, session_id).state == "stale"
    # A note of tags only has no text to review.
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    fieldnotes.add_note(study, session_id, "", recording_ms=410_000, tags=["interruption"])
    assert deidentify.review_state(study, session_id).state == "reviewed"


def test_a_session_with_notes_and_no_transcript_is_reviewed_too(study, tmp_path):
    build_focus_group(study)
    session = sessions.create_session(study, "FG02", "focus_group", "2026-02-10", "in_person", interviewers=["M1"])
    assert deidentify.review_state(study, session.id).state == "empty"
    fieldnotes.add_note(study, session.id, "Jean-François a annulé ce matin.", recording_ms=None)
    assert deidentify.review_state(study, session.id).state == "not_run"
    assert session.id in deidentify.sessions_to_deidentify(study)
    with pytest.raises(UserError, match="field notes cannot be exported yet"):
        runner.export_notes(study, [session.id], "csv", tmp_path)

    deidentify.run_detection(study, session.id, use_ner=False)
    deidentify.mark_reviewed(study, session.id)
    [path] = runner.export_notes(study, [session.id], "csv", tmp_path)
    assert _notes_csv(path) == [["FG02", "", "", "", "", "[P02] a annulé ce matin."]]


def test_notes_export_override_is_explicit_and_logged(study, tmp_path):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    [path] = runner.export_notes(study, [session_id], "csv", tmp_path, override_reason="notes only, for the PI")
    # Undecided proposals are applied (the safe side).
    assert _notes_csv(path)[0][5] == "[P01] arrive en retard, s'excuse."
    assert deidentify.review_state(study, session_id).state == "overridden"
    assert study.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'deid.override'").fetchone()[0] == 1
