"""Who obtained a consent is stored as a team member's code, never as a name."""

from __future__ import annotations

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people import consent
from echo_fieldwork.people.identity import Identity, set_identity
from echo_fieldwork.people.participants import add_participant
from tests.consent_helpers import ready_form


def _obtained_by(study, consent_id: int) -> tuple[str, str]:
    text, _digest = consent.frozen_copy(study, consent_id)
    line = next(line for line in text.splitlines() if line.startswith("Consentement obtenu"))
    return study.db.execute("SELECT obtained_by FROM consents WHERE id = ?", [consent_id]).fetchone()[0], line


def test_a_team_members_code_in_any_case_is_stored_as_the_code(study):
    form = ready_form(study, "fr")
    person = add_participant(study, "P01")
    member = add_participant(study, "RA1", "observer")
    set_identity(study, Identity(member.id, full_name="Roxanne Tremblay"))
    consent_id = consent.record_consent(study, person.id, form.id, "paper", {"audio"}, obtained_by=" ra1 ",
                                        consented_at="2026-03-02")
    assert _obtained_by(study, consent_id) == ("RA1", "Consentement obtenu : 2026-03-02, Formulaire papier conservé "
                                               "au dossier, par RA1")


@pytest.mark.parametrize("typed", ["Roxanne Tremblay", "P01", "", "study.actor"])
def test_anything_but_a_team_members_code_is_refused_with_the_codes(study, typed):
    form = ready_form(study, "fr")
    person = add_participant(study, "P01")
    member = add_participant(study, "M1", "interviewer")
    set_identity(study, Identity(member.id, full_name="Roxanne Tremblay"))
    add_participant(study, "O1", "observer")
    with pytest.raises(UserError, match="not a team member's code") as refused:
        consent.record_consent(study, person.id, form.id, "paper", {"audio"},
                               obtained_by=study.actor if typed == "study.actor" else typed)
    assert refused.value.details == ["M1", "O1"]
    assert study.db.execute("SELECT COUNT(*) FROM consents").fetchone()[0] == 0


def test_a_study_without_team_says_how_to_add_one(study):
    person = add_participant(study, "P01")
    with pytest.raises(UserError, match="no team member yet"):
        consent.record_consent(study, person.id, ready_form(study, "fr").id, "oral", set(), obtained_by="Marie")


def test_omitted_it_is_the_only_team_member_else_nobody(study):
    form = ready_form(study, "fr")
    first, second = add_participant(study, "P01"), add_participant(study, "P02")
    assert _obtained_by(study, consent.record_consent(study, first.id, form.id, "oral", set()))[0] == ""
    add_participant(study, "M1", "interviewer")
    assert _obtained_by(study, consent.record_consent(study, first.id, form.id, "oral", set()))[0] == "M1"
    # An online form was obtained by nobody in person: the frozen copy says so.
    stored, line = _obtained_by(study, consent.record_consent(study, second.id, form.id, "electronic", set()))
    assert stored == "" and line.endswith(", par —")
    add_participant(study, "M2", "interviewer")
    assert _obtained_by(study, consent.record_consent(study, second.id, form.id, "oral", set()))[0] == ""
