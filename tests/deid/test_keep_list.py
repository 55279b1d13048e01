"""The review screen's "never propose this again in this study": the keep list grows, the same text's
undecided proposals are rejected everywhere, decisions already made stay, and the audit holds no word."""

from __future__ import annotations

import json

import pytest

from echo_fieldwork.deid import deidentify
from echo_fieldwork.deid import detect as deid_detect
from echo_fieldwork.errors import UserError
from tests.exports_helpers import build_focus_group


def test_keeping_a_proposed_text(study):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    rimouski = [r for r in deidentify.list_replacements(study, session_id) if r.original == "Rimouski"]
    assert len(rimouski) >= 2
    deidentify.set_status(study, [rimouski[0].id], "accepted")

    rejected = deidentify.keep_proposed_text(study, [rimouski[1].id])
    assert rejected == len(rimouski) - 1
    statuses = {r.id: r.status for r in deidentify.list_replacements(study, session_id) if r.original == "Rimouski"}
    assert statuses == {rimouski[0].id: "accepted", **{r.id: "rejected" for r in rimouski[1:]}}
    assert deidentify.list_keep_words(study) == ["Rimouski"]
    # Detection no longer proposes it, anywhere in the study.
    assert deid_detect.detect_texts(["Elle vient de Rimouski."], deidentify.name_index(study), "fr",
                                     use_ner=False) == [[]]
    rows = study.db.execute("SELECT action, entity, entity_id, detail FROM audit_log "
                            "WHERE action IN ('deid.keep.add', 'deid.rejected')").fetchall()
    assert {row[0] for row in rows} == {"deid.keep.add", "deid.rejected"}
    assert "rimouski" not in json.dumps(rows, ensure_ascii=False).casefold()


def test_a_participant_name_is_not_kept_from_a_proposal(study):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    name = next(r for r in deidentify.list_replacements(study, session_id) if r.category == "known")
    with pytest.raises(UserError, match="participant's name cannot go on the keep list"):
        deidentify.keep_proposed_text(study, [name.id])
    assert deidentify.list_keep_words(study) == []
    assert deidentify.get_replacement(study, name.id).status == "proposed"
