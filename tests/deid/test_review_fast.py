"""Reviewing fast: every proposal of the same text in a session at once (accents and case aside), and one
tag for many proposals, all or none."""

from __future__ import annotations

import json

import pytest

from echo_fieldwork.deid import deidentify
from echo_fieldwork.errors import UserError
from echo_fieldwork.people.forms import fold
from tests.exports_helpers import build_focus_group


def test_same_text_finds_every_occurrence_in_the_session(study):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    proposals = deidentify.list_replacements(study, session_id)
    amelie = [r for r in proposals if fold(r.original) == "amelie"]
    assert len(amelie) >= 3 and len({r.original for r in amelie}) == 2  # "Amélie" and "amélie"
    assert deidentify.same_text(study, session_id, [amelie[-1].id]) == [r.id for r in amelie]
    rimouski = [r for r in proposals if r.original == "Rimouski"]
    assert any(r.note_id is not None for r in rimouski)  # the field notes' proposals too
    both = deidentify.same_text(study, session_id, [amelie[0].id, rimouski[0].id])
    assert sorted(both) == sorted(r.id for r in amelie + rimouski)


def test_one_tag_for_many_proposals_all_or_none(study):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    rimouski = [r.id for r in deidentify.list_replacements(study, session_id) if r.original == "Rimouski"]
    before = {r.id: (r.tag, r.status) for r in deidentify.list_replacements(study, session_id)}
    with pytest.raises(UserError, match="known name"):
        deidentify.change_tags(study, rimouski, "ville de Tremblay")
    assert {r.id: (r.tag, r.status) for r in deidentify.list_replacements(study, session_id)} == before

    deidentify.change_tags(study, rimouski, "[ville côtière]")
    changed = [r for r in deidentify.list_replacements(study, session_id) if r.id in rimouski]
    assert {(r.tag, r.status) for r in changed} == {("ville côtière", "accepted")}
    others = [r for r in deidentify.list_replacements(study, session_id) if r.id not in rimouski]
    assert all((r.tag, r.status) == before[r.id] for r in others)
    details = [row[0] for row in study.db.execute("SELECT detail FROM audit_log WHERE action = 'deid.change_tag'")]
    assert [json.loads(d)["replacements"] for d in details] == [sorted(rimouski)]
    assert "rimouski" not in " ".join(details).casefold() and "côtière" not in " ".join(details)
