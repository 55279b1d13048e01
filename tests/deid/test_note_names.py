"""A withdrawal note names nobody: the transcript's detection of known names finds who a note names, and
proposes the note with codes."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid.deidentify import NoteNamesPeople, check_note_names_nobody, people_named_in
from echo_fieldwork.people.identity import Identity, set_aliases, set_identity
from echo_fieldwork.people.participants import add_participant


@pytest.fixture
def named(study):
    lucie = add_participant(study, "P07")
    set_identity(study, Identity(lucie.id, full_name="Lucie Côté"))
    set_aliases(study, lucie.id, ["Lulu"])
    member = add_participant(study, "M1", "interviewer")
    set_identity(study, Identity(member.id, full_name="Roxanne Tremblay"))
    return study


def test_known_names_and_aliases_are_found_and_coded(named):
    hits, coded = people_named_in(named, "Lucie Côté a écrit à Roxanne; Lulu ne veut plus être citée.", "fr")
    assert {code for _name, code in hits} == {"P07", "M1"}
    assert coded == "P07 a écrit à M1; P07 ne veut plus être citée."
    assert people_named_in(named, "A écrit au secrétariat le 3 mars.", "fr") == ([], "A écrit au secrétariat le 3 mars.")


def test_a_note_naming_someone_is_refused_without_repeating_the_name(named):
    with pytest.raises(NoteNamesPeople) as refused:
        check_note_names_nobody(named, "Appel de Lucie Côté")
    assert refused.value.suggestion == "Appel de P07"
    assert "Lucie" not in refused.value.message and "1 person" in refused.value.message
    check_note_names_nobody(named, "Appel de P07")
    check_note_names_nobody(named, "")
