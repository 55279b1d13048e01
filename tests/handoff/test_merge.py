"""Taking a corrected transcript back: three-way merge against the transcript as sent."""

from __future__ import annotations

import pytest

from echo_fieldwork.correction import edits
from echo_fieldwork.errors import UserError
from echo_fieldwork.handoff.exchange import open_workspace, out_for_correction, return_workspace, send_session
from echo_fieldwork.handoff.merge import (
    EDIT,
    KEEP_MINE,
    KEEP_THEIRS,
    Resolution,
    apply_merge,
    plan_merge,
    read_return,
    receive,
)
from tests.handoff.handoff_helpers import PASSPHRASE, TEXTS, audit_actions, fill_origin, segment_ids, texts


def _round_trip(study, tmp_path, *, theirs, mine=lambda study, ids: None):
    """Send FG1, let the assistant edit it in a workspace (`theirs`), edit here (`mine`), return it."""
    session_id = fill_origin(study)
    ids = segment_ids(study, session_id)
    send_session(study, "FG1", "RA2", tmp_path / "FG1.efpkg", PASSPHRASE)
    workspace = open_workspace(tmp_path / "FG1.efpkg", tmp_path / "ws", PASSPHRASE, actor="RA2")
    try:
        theirs(workspace, ids)
        back = return_workspace(workspace, tmp_path / "FG1-corrected.efpkg", PASSPHRASE)
    finally:
        workspace.close()
    mine(study, ids)
    return session_id, ids, back


def test_changes_on_different_segments_merge_cleanly(study, tmp_path):
    def theirs(ws, ids):
        edits.set_text(ws, ids[1], "[NOM] travaille à Rimouski depuis dix ans.")
        edits.assign_speaker(ws, [ids[2]], "P02")
        edits.split_segment(ws, ids[3], len("On parle de la"))

    def mine(origin, ids):
        edits.set_text(origin, ids[0], "Bonjour à toutes et à tous, merci d'être venus.")

    session_id, ids, back = _round_trip(study, tmp_path, theirs=theirs, mine=mine)
    plan, change = receive(study, back, PASSPHRASE)

    assert plan.conflicts == [] and plan.taken == 3 and plan.kept == 1
    assert texts(study, session_id) == ["Bonjour à toutes et à tous, merci d'être venus.",
                                        "[NOM] travaille à Rimouski depuis dix ans.", TEXTS[2], "On parle de la",
                                        "formation continue."]
    assert study.db.execute("SELECT speaker FROM segments WHERE id = ?", [ids[2]]).fetchone()[0] == "P02"
    assert session_id not in out_for_correction(study)
    action, detail = audit_actions(study)[-1]
    assert action == "handoff.receive" and detail["taken"] == 3 and detail["conflicts"] == 0
    # One undoable step: undo brings back the transcript as it was before receiving.
    edits.revert(study, change)
    assert texts(study, session_id) == ["Bonjour à toutes et à tous, merci d'être venus.", *TEXTS[1:]]
    edits.reapply(study, change)
    assert len(texts(study, session_id)) == 5


def test_a_package_is_received_once(study, tmp_path):
    session_id, ids, back = _round_trip(study, tmp_path, theirs=lambda ws, ids: edits.set_text(ws, ids[0], "Salut."))
    receive(study, back, PASSPHRASE)
    before = texts(study, session_id)
    with pytest.raises(UserError, match="already received"):
        receive(study, back, PASSPHRASE)
    assert texts(study, session_id) == before
    assert [a for a, _d in audit_actions(study)].count("handoff.receive") == 1


def test_a_superseded_package_and_another_studys_package_are_refused(study, tmp_path):
    from echo_fieldwork.study.study import Study

    session_id, ids, back = _round_trip(study, tmp_path, theirs=lambda ws, ids: edits.set_text(ws, ids[0], "Salut."))
    send_session(study, "FG1", "RA3", tmp_path / "again.efpkg", PASSPHRASE)
    with pytest.raises(UserError, match="not the one the study is waiting for"):
        receive(study, back, PASSPHRASE)
    with Study.create(tmp_path / "other", "Autre étude", "fr") as other:
        with pytest.raises(UserError, match="another study"):
            receive(other, back, PASSPHRASE)
    assert texts(study, session_id) == TEXTS


def _conflicting(study, tmp_path):
    def theirs(ws, ids):
        edits.set_text(ws, ids[1], "[NOM] travaille à [VILLE] depuis dix ans.")
        edits.set_text(ws, ids[2], "Le télémentorat nous aide vraiment beaucoup.")

    def mine(origin, ids):
        edits.set_text(origin, ids[1], "Gisèle Ouellette travaille à Rimouski depuis 10 ans.")

    return _round_trip(study, tmp_path, theirs=theirs, mine=mine)


def test_a_conflict_is_reported_and_nothing_changes_until_it_is_resolved(study, tmp_path):
    session_id, ids, back = _conflicting(study, tmp_path)
    with pytest.raises(UserError, match="changed both here and by the assistant") as raised:
        receive(study, back, PASSPHRASE)
    assert raised.value.details == ["at 00:00:02"]
    assert texts(study, session_id)[1:3] == ["Gisèle Ouellette travaille à Rimouski depuis 10 ans.", TEXTS[2]]
    assert session_id in out_for_correction(study)

    plan = plan_merge(study, read_return(study, back, PASSPHRASE))
    (conflict,) = plan.conflicts
    assert [s.text for s in conflict.mine] == ["Gisèle Ouellette travaille à Rimouski depuis 10 ans."]
    assert [s.text for s in conflict.theirs] == ["[NOM] travaille à [VILLE] depuis dix ans."]


@pytest.mark.parametrize("keep, expected", [
    (KEEP_MINE, "Gisèle Ouellette travaille à Rimouski depuis 10 ans."),
    (KEEP_THEIRS, "[NOM] travaille à [VILLE] depuis dix ans."),
])
def test_a_conflict_is_resolved_either_way(study, tmp_path, keep, expected):
    session_id, ids, back = _conflicting(study, tmp_path)
    plan, _change = receive(study, back, PASSPHRASE, keep=keep)
    assert texts(study, session_id)[1:3] == [expected, "Le télémentorat nous aide vraiment beaucoup."]
    detail = audit_actions(study)[-1][1]
    assert detail["conflicts"] == 1 and detail[f"keep_{keep}"] == 1


def test_a_conflict_resolved_by_editing(study, tmp_path):
    session_id, ids, back = _conflicting(study, tmp_path)
    plan = plan_merge(study, read_return(study, back, PASSPHRASE))
    apply_merge(study, plan, {0: Resolution(EDIT, "[NOM] travaille à [VILLE] depuis 10 ans.")})
    assert texts(study, session_id)[1] == "[NOM] travaille à [VILLE] depuis 10 ans."
    assert segment_ids(study, session_id)[1] == ids[1]


def test_deleted_on_one_side_and_changed_on_the_other_is_a_conflict(study, tmp_path):
    def theirs(ws, ids):
        edits.merge_with_next(ws, ids[2])          # deletes ids[3], extends ids[2]

    def mine(origin, ids):
        edits.set_text(origin, ids[3], "On parle de la formation continue, surtout.")

    session_id, ids, back = _round_trip(study, tmp_path, theirs=theirs, mine=mine)
    plan = plan_merge(study, read_return(study, back, PASSPHRASE))
    (conflict,) = plan.conflicts
    assert conflict.theirs == [] and [s.text for s in conflict.mine] == ["On parle de la formation continue, surtout."]
    apply_merge(study, plan, {0: Resolution(KEEP_THEIRS)})
    assert texts(study, session_id)[2:] == [TEXTS[2] + " " + TEXTS[3]]


def test_the_assistants_deidentification_review_comes_back(study, tmp_path):
    from echo_fieldwork.deid import deidentify

    def theirs(ws, ids):
        deidentify.run_detection(ws, ws.db.execute("SELECT id FROM sessions").fetchone()[0], use_ner=False)
        deidentify.mark_reviewed(ws, ws.db.execute("SELECT id FROM sessions").fetchone()[0])

    session_id, ids, back = _round_trip(study, tmp_path, theirs=theirs)
    assert deidentify.review_state(study, session_id).state == "not_run"
    receive(study, back, PASSPHRASE)
    assert deidentify.review_state(study, session_id).state == "reviewed"
    originals = [r.original for r in deidentify.list_replacements(study, session_id)]
    assert "Gisèle Ouellette" in originals


def test_the_assistants_decisions_on_field_notes_come_back(study, tmp_path):
    """The note "Rires quand on parle de Rimouski": the assistant rejects the place proposal in it (a decision
    the study must not lose), and the review, made on transcript and notes together, comes back whole."""
    from echo_fieldwork.deid import deidentify

    def theirs(ws, ids):
        session_id = ws.db.execute("SELECT id FROM sessions").fetchone()[0]
        deidentify.run_detection(ws, session_id, use_ner=False)
        in_notes = [r for r in deidentify.list_replacements(ws, session_id) if r.note_id is not None]
        assert [r.original for r in in_notes] == ["Rimouski"]
        deidentify.set_status(ws, [in_notes[0].id], "rejected")
        deidentify.mark_reviewed(ws, session_id)

    session_id, ids, back = _round_trip(study, tmp_path, theirs=theirs)
    receive(study, back, PASSPHRASE)
    in_notes = [r for r in deidentify.list_replacements(study, session_id) if r.note_id is not None]
    assert [(r.original, r.status) for r in in_notes] == [("Rimouski", "rejected")]
    assert deidentify.review_state(study, session_id).state == "reviewed"


def test_a_note_changed_here_meanwhile_keeps_the_studys_decisions_and_no_review_is_taken(study, tmp_path):
    from echo_fieldwork.deid import deidentify
    from echo_fieldwork.sessions.fieldnotes import edit_note

    def theirs(ws, ids):
        session_id = ws.db.execute("SELECT id FROM sessions").fetchone()[0]
        deidentify.run_detection(ws, session_id, use_ner=False)
        deidentify.mark_reviewed(ws, session_id)

    def mine(study, ids):
        note_id = study.db.execute("SELECT id FROM field_notes").fetchone()[0]
        edit_note(study, note_id, "Rires quand on parle de la formation")

    session_id, ids, back = _round_trip(study, tmp_path, theirs=theirs, mine=mine)
    receive(study, back, PASSPHRASE)
    assert not [r for r in deidentify.list_replacements(study, session_id) if r.note_id is not None]
    # Their review covered a note the study no longer has: the study reviews again.
    assert deidentify.review_state(study, session_id).state != "reviewed"
