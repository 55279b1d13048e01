import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people import consent
from echo_fieldwork.people.participants import add_participant
from echo_fieldwork.people.permissions import Use, consent_status, may
from echo_fieldwork.sessions import sessions
from tests.consent_helpers import ready_form


def _consented(study, code, agreed=("audio", "quotes", "contact")):
    participant = add_participant(study, code)
    form = ready_form(study, "fr")
    consent.record_consent(study, participant.id, form.id, "paper", set(agreed))
    return participant


def test_no_consent_means_nothing_is_allowed(study):
    p = add_participant(study, "P01")
    assert consent_status(study, p.id) == "missing"
    decision = may(study, p.id, Use.RECORD_AUDIO)
    assert not decision and "P01" in decision.reason


def test_optional_items_are_respected(study):
    p = _consented(study, "P01", agreed=("quotes",))
    assert consent_status(study, p.id) == "consented"
    assert may(study, p.id, Use.QUOTE)
    assert may(study, p.id, Use.USE_DATA)
    assert "audio" in may(study, p.id, Use.RECORD_AUDIO).reason
    assert not may(study, p.id, Use.CONTACT)


def test_withdrawal_scopes(study):
    p = _consented(study, "P01")
    consent.record_withdrawal(study, p.id, "email", {"no_quotes"})
    assert consent_status(study, p.id) == "withdrawn"
    assert not may(study, p.id, Use.QUOTE)
    assert may(study, p.id, Use.USE_DATA)
    consent.record_withdrawal(study, p.id, "written", {"remove_data", "no_further_participation"})
    assert not may(study, p.id, Use.USE_DATA)
    assert not may(study, p.id, Use.PARTICIPATE)


def test_interviewers_need_no_participant_consent(study):
    m = add_participant(study, "M1", "interviewer")
    assert may(study, m.id, Use.RECORD_AUDIO)
    assert may(study, m.id, Use.QUOTE)
    assert not may(study, m.id, Use.CONTACT)  # contact for future studies is a participant's consent


def test_a_session_refuses_attendees_without_consent_and_stores_nothing(study):
    _consented(study, "P01")
    add_participant(study, "P02")
    add_participant(study, "M1", "interviewer")
    with pytest.raises(UserError) as raised:
        sessions.create_session(study, "FG1", "focus_group", "2026-11-20", "in_person",
                                attendees=["P01", "P02"], interviewers=["M1"])
    assert "P02" in str(raised.value)
    assert sessions.list_sessions(study) == []
    created = sessions.create_session(study, "FG1", "focus_group", "2026-11-20", "in_person",
                                      attendees=["P01"], interviewers=["M1"])
    assert [(c, r) for _i, c, r in sessions.attendance(study, created.id)] == [("P01", "participant"), ("M1", "interviewer")]


def test_consent_events_are_frozen_with_their_text(study):
    _consented(study, "P01", agreed=("audio",))
    row = study.db.execute("SELECT frozen_copy, frozen_copy_sha256 FROM consents").fetchone()
    assert "P01" in row[0] and consent.sha256_text(row[0]) == row[1]
    assert "Enregistrement audio : Oui" in row[0] or "Enregistrement audio: Oui" in row[0]


def test_sharing_a_recorded_voice_needs_audio_consent_and_no_removal_of_data(study):
    without_audio = _consented(study, "P01", agreed=("quotes",))
    assert "recorded voice" in may(study, without_audio.id, Use.SHARE_AUDIO).reason
    p = _consented(study, "P02")
    assert may(study, p.id, Use.SHARE_AUDIO)
    consent.record_withdrawal(study, p.id, "email", {"no_further_participation"})  # past data stays usable
    assert may(study, p.id, Use.SHARE_AUDIO) and not may(study, p.id, Use.RECORD_AUDIO)
    consent.record_withdrawal(study, p.id, "written", {"remove_data"})
    assert "removed" in may(study, p.id, Use.SHARE_AUDIO).reason
    moderator = add_participant(study, "M1", "interviewer")
    assert may(study, moderator.id, Use.SHARE_AUDIO)
