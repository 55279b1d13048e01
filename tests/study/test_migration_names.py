"""Migration 10 (names only in the identity table) on a study made before it: who obtained a consent becomes
the team member's code, in the row and in the frozen copy (re-fingerprinted, both fingerprints audited);
values naming nobody on the team are kept for `check` to list; imported audio forgets its file's name."""

from __future__ import annotations

import json
import sqlite3

import pytest

from echo_fieldwork.fileutil import sha256_text
from echo_fieldwork.people import consent
from echo_fieldwork.people.identity import Identity, set_aliases, set_identity
from echo_fieldwork.people.participants import add_participant
from echo_fieldwork.sessions.sessions import add_recording_row, create_session
from echo_fieldwork.study import schema
from echo_fieldwork.study.study import DB_NAME, Study
from tests.consent_helpers import ready_form

# What was typed in "Obtained by" before version 10 -> what the migration stores.
OBTAINED = [
    ("m1", "M1"),                              # a team member's code, typed in another case
    ("GENEVIÈVE  lachance-roy", "M1"),         # a team member's identity name, case and spacing aside
    ("Kevin Nguyen", "O1"),                    # the observer's identity name
    ("KNGUYEN", "O1"),                         # one of the observer's other names (their computer login)
    ("Jean Inconnu", "Jean Inconnu"),          # nobody on the team: kept, listed by check
    ("Camille Roy", "Camille Roy"),            # two team members have this name: ambiguous, kept
    ("P02", "P02"),                            # a participant's code (not a name): kept as is
]
ORIGINAL_NAMES = [("Entrevue Marie Tremblay.m4a", ""), (schema.ZOOM_MIXED_LABEL, schema.ZOOM_MIXED_LABEL), ("", "")]


def _old_consent(study: Study, participant_id: int, code: str, form: consent.ConsentForm, obtained_by: str) -> int:
    """A consent row as versions before 10 wrote it: free text in obtained_by and in the frozen copy."""
    frozen = consent.render_frozen_copy(form, code, "paper", {"audio"}, "2026-03-02", obtained_by)
    return study.db.execute(
        "INSERT INTO consents (participant_id, form_id, consented_at, mode, obtained_by, agree_audio, agree_quotes, "
        "agree_future_contact, signature_name, frozen_copy, frozen_copy_sha256, recorded_at) "
        "VALUES (?, ?, '2026-03-02', 'paper', ?, 1, 0, 0, '', ?, ?, '2026-03-02T10:00:00+00:00')",
        [participant_id, form.id, obtained_by, frozen, sha256_text(frozen)]).lastrowid


def make_version_9_study(folder) -> dict:
    """A study whose consents and recordings hold names as version 9 allowed, then set back to version 9 (10
    changes data only: the tables are the same)."""
    with Study.create(folder, "Étude", "fr", actor="RA1") as study:
        form = ready_form(study, "fr")
        team = {}
        for code, role, name in (("M1", "interviewer", "Geneviève Lachance-Roy"), ("O1", "observer", "Kevin Nguyen"),
                                 ("M2", "interviewer", "Camille Roy"), ("O2", "observer", "camille roy")):
            team[code] = add_participant(study, code, role)
            set_identity(study, Identity(team[code].id, full_name=name))
        set_aliases(study, team["O1"].id, ["Kev", "knguyen"])
        ids = {}
        for index, (typed, _expected) in enumerate(OBTAINED, start=1):
            person = add_participant(study, f"P{index:02d}")
            ids[typed] = _old_consent(study, person.id, person.code, form, typed)
        session = create_session(study, "E1", "interview", "2026-03-02", "in_person", attendees=["P01"],
                                 interviewers=["M1"])
        recordings = {name: add_recording_row(study, session.id, f"audio/E1-{i}.wav", source="imported",
                                               status="complete", sample_rate=16000, original_name=name)
                      for i, (name, _kept) in enumerate(ORIGINAL_NAMES)}
        before = {row[0]: row[1:] for row in study.db.execute(
            "SELECT id, frozen_copy, frozen_copy_sha256 FROM consents")}
        folder = study.folder
    connection = sqlite3.connect(folder / DB_NAME)
    connection.execute("PRAGMA user_version = 9")
    connection.close()
    return {"consents": ids, "recordings": recordings, "before": before, "folder": folder}


def test_an_older_study_keeps_names_only_in_identities(tmp_path):
    old = make_version_9_study(tmp_path / "s")
    with Study.open(old["folder"], actor="RA1") as study:
        assert study.schema_version == schema.SCHEMA_VERSION == 10
        audits = {json.loads(row[0])["consent_id"]: (row[1], json.loads(row[0])) for row in study.db.execute(
            "SELECT detail, actor FROM audit_log WHERE action = 'consent.obtained_by_code'")}
        for typed, expected in OBTAINED:
            consent_id = old["consents"][typed]
            stored = study.db.execute("SELECT obtained_by FROM consents WHERE id = ?", [consent_id]).fetchone()[0]
            assert stored == expected
            text, digest = consent.frozen_copy(study, consent_id)   # checks the fingerprint again
            old_text, old_digest = old["before"][consent_id]
            if expected == typed:
                assert (text, digest) == (old_text, old_digest) and consent_id not in audits
                continue
            # Only the "obtained by" line changed; the form's text and everything else are as they were.
            assert text == old_text.replace(f", par {typed}\n", f", par {expected}\n")
            assert f"par {expected}\n" in text and typed not in text
            actor, detail = audits[consent_id]
            assert actor == "migration" and detail == {"consent_id": consent_id, "obtained_by": expected,
                                                       "previous_sha256": old_digest, "sha256": digest}
        assert len(audits) == 4
        # Consents stay append-only.
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            study.db.execute("UPDATE consents SET obtained_by = 'x'")
        names = {row[0]: row[1] for row in study.db.execute("SELECT id, original_name FROM recordings")}
        assert [names[old["recordings"][name]] for name, _kept in ORIGINAL_NAMES] == [
            kept for _name, kept in ORIGINAL_NAMES]
        # What check will list: the values naming no code of the study.
        flagged = consent.obtainers_outside_team(study)
        assert flagged == [(old["consents"]["Jean Inconnu"], "P05"), (old["consents"]["Camille Roy"], "P06")]
        # Once the team adds that person as a team member with this name, check converts it.
        newcomer = add_participant(study, "O3", "observer")
        set_identity(study, Identity(newcomer.id, full_name="Jean Inconnu"))
        assert consent.obtainers_outside_team(study) == [(old["consents"]["Camille Roy"], "P06")]
        assert study.db.execute("SELECT obtained_by FROM consents WHERE id = ?",
                                [old["consents"]["Jean Inconnu"]]).fetchone()[0] == "O3"
        consent.frozen_copy(study, old["consents"]["Jean Inconnu"])
        assert study.db.execute("SELECT actor FROM audit_log WHERE action = 'consent.obtained_by_code' "
                                "ORDER BY id DESC LIMIT 1").fetchone()[0] == "RA1"
        # No name is left anywhere outside the identity table but the two kept for the team to resolve.
        outside = "\n".join(line for line in study.db.conn.iterdump()
                             if not line.startswith('INSERT INTO "identities"'))
    for name in ("Geneviève", "GENEVIÈVE", "Kevin", "KNGUYEN", "Marie Tremblay", "Entrevue"):
        assert name not in outside


def test_a_code_kept_after_the_member_changed_code_is_not_flagged(study):
    """A consent keeps the code of its day: after M1 becomes M7, its consents still say M1 and check is quiet."""
    from echo_fieldwork.people.participants import change_code

    member = add_participant(study, "M1", "interviewer")
    person = add_participant(study, "P01")
    consent.record_consent(study, person.id, ready_form(study, "fr").id, "paper", {"audio"}, obtained_by="m1")
    change_code(study, member.id, "M7")
    assert study.db.execute("SELECT obtained_by FROM consents").fetchone()[0] == "M1"
    assert consent.obtainers_outside_team(study) == []


def test_the_kept_label_is_the_one_zoom_imports_write():
    from echo_fieldwork.audio.zoom import MIXED_NAME

    assert schema.ZOOM_MIXED_LABEL == MIXED_NAME


def test_the_obtained_by_line_is_found_after_the_form_text_only():
    frozen = "# Form\n\nAsk Jean Inconnu\nfor details\n\n---\n\nConsent obtained: today, Paper, by Jean Inconnu\n\n- A: Yes\n"
    assert schema.recode_frozen_copy(frozen, "Jean Inconnu", "O3") == frozen.replace(
        "by Jean Inconnu\n", "by O3\n")
    assert schema.recode_frozen_copy(frozen.replace("by Jean Inconnu", "by J. I."), "Jean Inconnu", "O3") \
        is None
