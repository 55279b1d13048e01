import json
import sqlite3

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people import consent
from echo_fieldwork.people.identity import Identity, set_identity
from echo_fieldwork.people.participants import add_participant, change_code, get_by_code
from tests.consent_helpers import ready_form


def test_default_templates_are_real_forms_with_ethics_fields(study):
    fr, en = consent.latest_form(study, "fr"), consent.latest_form(study, "en")
    assert fr.title == "Formulaire d’information et de consentement" and fr.version == 1
    assert en.title == "Information and consent form"
    assert "{{ethics_reference}}" in fr.body and "---" not in fr.body.splitlines()[0]
    assert "(to be completed)" in consent.render_form_text(en)
    assert "séparables" in fr.body and "not be separable" in en.body


def test_editing_makes_a_new_version_and_a_used_version_never_changes(study):
    form = ready_form(study, "fr")   # version 2: the template with its fields filled in
    p = add_participant(study, "P01")
    consent.record_consent(study, p.id, form.id, "paper", {"audio"})
    assert consent.form_is_used(study, form.id)
    edited = consent.edit_form(study, form.id, ethics_reference="MP-21-2026-123", ethics_approval_date="2026-09-15")
    assert (edited.version, edited.ethics_reference, edited.body) == (3, "MP-21-2026-123", form.body)
    assert "MP-21-2026-123" in consent.render_form_text(edited) and "2026-09-15" in consent.render_form_text(edited)
    assert consent.get_form(study, form.id) == form
    assert consent.latest_form(study, "fr").id == edited.id
    assert consent.find_form(study, "fr", 2) == form
    with pytest.raises(sqlite3.IntegrityError):
        study.db.execute("UPDATE consent_forms SET body = 'x' WHERE id = ?", [form.id])
    with pytest.raises(sqlite3.IntegrityError):
        study.db.execute("DELETE FROM consent_forms WHERE id = ?", [form.id])
    with pytest.raises(UserError):
        consent.edit_form(study, edited.id)
    with pytest.raises(UserError, match="not a date"):
        consent.edit_form(study, edited.id, ethics_approval_date="15/09/2026")
    assert consent.latest_form(study, "fr").version == 3


def test_consent_and_withdrawal_events_cannot_be_edited(study):
    p = add_participant(study, "P01")
    add_participant(study, "RA2", "interviewer")   # who obtains a consent is a team member, by code
    form = ready_form(study, "en")
    consent.edit_form(study, form.id, ethics_reference="REF-1")
    form = consent.latest_form(study, "en")
    cid = consent.record_consent(study, p.id, form.id, "oral", {"quotes"}, obtained_by="RA2",
                                 consented_at="2026-11-20")
    consent.record_withdrawal(study, p.id, "verbal", {"no_quotes"}, note="said so at the end")
    for sql in ("UPDATE consents SET mode = 'paper'", "DELETE FROM withdrawals", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError):
            study.db.execute(sql)
    text, digest = consent.frozen_copy(study, cid)
    assert "Ethics approval: REF-1" in text and "Participant: P01" in text and "RA2" in text
    assert digest == consent.sha256_text(text)
    [event] = consent.consent_events(study, p.id)
    assert (event.mode, event.obtained_by, event.agreed, event.consented_at) == ("oral", "RA2", {"quotes"},
                                                                                "2026-11-20")
    [withdrawal] = consent.withdrawal_events(study, p.id)
    assert withdrawal.scopes == {"no_quotes"} and withdrawal.channel == "verbal"


def test_audit_log_records_who_did_what_without_names(study):
    p = add_participant(study, "P01")
    set_identity(study, Identity(p.id, full_name="Lucie Côté", email="lucie@example.org"))
    form = ready_form(study, "fr")
    consent.record_consent(study, p.id, form.id, "signed", {"audio", "contact"})
    consent.record_withdrawal(study, p.id, "written", {"remove_data"}, note="Lucie wrote to us")
    change_code(study, p.id, "P10")
    rows = study.db.execute("SELECT actor, action, entity_id, detail FROM audit_log WHERE entity = 'participant'"
                            ).fetchall()
    assert [r[1] for r in rows] == ["participant.add", "identity.update", "consent.record", "withdrawal.record",
                                    "participant.code_change"]
    assert all(r[0] == "RA1" and r[2] == str(p.id) for r in rows)
    assert json.loads(rows[1][3]) == {"fields": ["email", "full_name"]}
    assert json.loads(rows[2][3])["agreed"] == ["audio", "contact"]
    everything = json.dumps(study.db.execute("SELECT * FROM audit_log").fetchall(), ensure_ascii=False)
    assert "Lucie" not in everything and "Côté" not in everything and "lucie@" not in everything


def test_codes_are_editable_and_unique(study):
    p1, p2 = add_participant(study, "P01"), add_participant(study, "P02")
    assert change_code(study, p1.id, "P01a").code == "P01a"
    assert get_by_code(study, "P01") is None and get_by_code(study, "p01A").id == p1.id
    with pytest.raises(UserError, match="already used"):
        change_code(study, p2.id, "p01a")
    with pytest.raises(UserError, match="not valid"):
        change_code(study, p2.id, "2 bad")
    assert get_by_code(study, "P02").id == p2.id


def test_a_code_change_follows_into_transcript_speaker_labels(study):
    from echo_fieldwork.sessions import sessions

    p = add_participant(study, "P01")
    consent.record_consent(study, p.id, ready_form(study, "fr").id, "paper", {"audio"})
    add_participant(study, "M1", "interviewer")
    session = sessions.create_session(study, "FG1", "focus_group", "2026-11-20", "in_person",
                                      attendees=["P01"], interviewers=["M1"])
    for speaker in ("P01", "M1", "P01"):
        study.db.execute("INSERT INTO segments (session_id, start_ms, end_ms, speaker, text, created_at, updated_at) "
                         "VALUES (?, 0, 1000, ?, 'texte', 'x', 'x')", [session.id, speaker])
    change_code(study, p.id, "P11")
    assert [r[0] for r in study.db.execute("SELECT speaker FROM segments ORDER BY id")] == ["P11", "M1", "P11"]
    detail = study.db.execute("SELECT detail FROM audit_log WHERE action = 'participant.code_change'").fetchone()[0]
    assert json.loads(detail) == {"from": "P01", "to": "P11", "segments_relabelled": 2}


def test_the_bundled_templates_are_generic_and_mark_what_to_fill(study):
    for language, marker in (("fr", "[À COMPLÉTER"), ("en", "[TO COMPLETE")):
        form = consent.latest_form(study, language)
        assert "télémentorat" not in form.body.casefold() and "telementoring" not in form.body.casefold()
        assert "ECHO" not in form.body
        missing = consent.unfilled_placeholders(form)
        assert missing and all(m.startswith(marker) for m in missing[:-2])
        assert missing[-2:] == ["the ethics approval reference", "the ethics approval date"]


def test_a_form_with_placeholders_left_cannot_record_a_consent(study):
    p = add_participant(study, "P01")
    form = consent.latest_form(study, "fr")
    with pytest.raises(UserError, match="10 fields to fill in") as caught:
        consent.record_consent(study, p.id, form.id, "paper", {"audio"})
    assert "[À COMPLÉTER : titre du projet]" in caught.value.details
    assert "the ethics approval date" in caught.value.details
    assert study.db.execute("SELECT COUNT(*) FROM consents").fetchone()[0] == 0
    # Filling the text but not the ethics fields is not enough; one placeholder left is named.
    body = form.body.replace("[À COMPLÉTER : durée]", "45")
    for placeholder in consent.unfilled_placeholders(form):
        if placeholder.startswith("[") and "durée" not in placeholder:
            body = body.replace(placeholder, "x")
    partly = consent.edit_form(study, form.id, body=body, ethics_reference="MP-1")
    with pytest.raises(UserError, match="1 field to fill in") as caught:
        consent.record_consent(study, p.id, partly.id, "paper", {"audio"})
    assert caught.value.details == ["the ethics approval date"]
    ready = consent.edit_form(study, partly.id, ethics_approval_date="2026-01-15")
    assert consent.unfilled_placeholders(ready) == []
    consent.record_consent(study, p.id, ready.id, "paper", {"audio"})


def test_markdown_links_and_filled_tokens_are_not_placeholders(study):
    form = consent.add_form_version(study, "consent", "en", "# Form\n\nSee [the ethics board](https://example.org).\n"
                                    "Reference {{ethics_reference}}; also {{sponsor}}.\n",
                                    ethics_reference="R-1")
    assert consent.unfilled_placeholders(form) == ["{{sponsor}}"]
