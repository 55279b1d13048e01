"""Participants of a study, known by code (P01, M1…) and role. Names live in `identity`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import N_, _
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso

STUDY_ROLES = {
    "participant": N_("Participant"),
    "interviewer": N_("Interviewer / moderator"),
    "observer": N_("Observer"),
}
CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,15}$")


@dataclass(frozen=True)
class Participant:
    id: int
    code: str
    study_role: str


def validate_code(code: str) -> str:
    code = code.strip()
    if not CODE_PATTERN.match(code):
        raise UserError(_("The code {code!r} is not valid: use a letter followed by letters, digits, - or _ "
                          "(at most 16 characters), e.g. P01.").format(code=code))
    return code


def suggest_code(study: Study, study_role: str = "participant") -> str:
    """The next free code: P01, P02… for participants, M1, M2… for interviewers, O1… for observers."""
    prefix, width = {"participant": ("P", 2), "interviewer": ("M", 1), "observer": ("O", 1)}[study_role]
    used = {row[0].upper() for row in study.db.execute("SELECT code FROM participants")}
    number = 1
    while f"{prefix}{number:0{width}d}" in used:
        number += 1
    return f"{prefix}{number:0{width}d}"


def add_participant(study: Study, code: str, study_role: str = "participant") -> Participant:
    code = validate_code(code)
    if study_role not in STUDY_ROLES:
        raise UserError(_("Unknown study role {role!r}.").format(role=study_role))
    if get_by_code(study, code) is not None:
        raise UserError(_("The code {code} is already used in this study.").format(code=code))
    with study.db.atomic():
        cursor = study.db.execute(
            "INSERT INTO participants (code, study_role, created_at) VALUES (?, ?, ?)",
            [code, study_role, utc_now_iso()])
        participant = Participant(cursor.lastrowid, code, study_role)
        study.audit("participant.add", "participant", participant.id, {"code": code, "role": study_role})
    return participant


def get_by_code(study: Study, code: str) -> Participant | None:
    row = study.db.execute("SELECT id, code, study_role FROM participants WHERE code = ?", [code.strip()]).fetchone()
    return Participant(*row) if row else None


def require(study: Study, code: str) -> Participant:
    participant = get_by_code(study, code)
    if participant is None:
        raise UserError(_("No participant with the code {code} in this study.").format(code=code))
    return participant


def list_participants(study: Study) -> list[Participant]:
    return [Participant(*row) for row in study.db.execute(
        "SELECT id, code, study_role FROM participants ORDER BY study_role != 'participant', code")]


def team_members(study: Study) -> list[Participant]:
    """The study's team: its interviewers and observers (who may obtain a consent), by code."""
    return [Participant(*row) for row in study.db.execute(
        "SELECT id, code, study_role FROM participants WHERE study_role IN ('interviewer', 'observer') ORDER BY code")]


def change_code(study: Study, participant_id: int, new_code: str) -> Participant:
    """Give a participant another code (typo, a team's own scheme). Unique; the change is audited."""
    new_code = validate_code(new_code)
    row = study.db.execute("SELECT code, study_role FROM participants WHERE id = ?", [participant_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown participant."))
    old_code, study_role = row
    if new_code == old_code:
        return Participant(participant_id, old_code, study_role)
    other = get_by_code(study, new_code)
    if other is not None and other.id != participant_id:
        raise UserError(_("The code {code} is already used in this study.").format(code=new_code))
    with study.db.atomic():
        study.db.execute("UPDATE participants SET code = ? WHERE id = ?", [new_code, participant_id])
        # Transcript speaker labels are attendee codes: relabel this person's turns in the sessions they attended.
        relabelled = study.db.execute(
            "UPDATE segments SET speaker = ? WHERE speaker = ? COLLATE NOCASE AND session_id IN "
            "(SELECT session_id FROM attendance WHERE participant_id = ?)",
            [new_code, old_code, participant_id]).rowcount
        study.audit("participant.code_change", "participant", participant_id,
                    {"from": old_code, "to": new_code, "segments_relabelled": relabelled})
    return Participant(participant_id, new_code, study_role)


def change_role(study: Study, participant_id: int, study_role: str) -> None:
    if study_role not in STUDY_ROLES:
        raise UserError(_("Unknown study role {role!r}.").format(role=study_role))
    row = study.db.execute("SELECT study_role FROM participants WHERE id = ?", [participant_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown participant."))
    if row[0] == study_role:
        return
    with study.db.atomic():
        study.db.execute("UPDATE participants SET study_role = ? WHERE id = ?", [study_role, participant_id])
        study.audit("participant.role_change", "participant", participant_id, {"from": row[0], "to": study_role})


def get_participant(study: Study, participant_id: int) -> Participant:
    row = study.db.execute("SELECT id, code, study_role FROM participants WHERE id = ?", [participant_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown participant."))
    return Participant(*row)


@dataclass(frozen=True)
class ParticipantStatus:
    """What the overview and `participants list` show for one participant (never a name)."""
    participant: Participant
    consent_status: str          # 'consented' | 'missing' | 'withdrawn' (permissions.consent_status)
    questionnaire_done: bool


def list_with_status(study: Study) -> list[ParticipantStatus]:
    from echo_fieldwork.people.permissions import consent_status
    from echo_fieldwork.people.questionnaire import latest_answers

    answered = latest_answers(study)
    return [ParticipantStatus(p, consent_status(study, p.id), p.id in answered) for p in list_participants(study)]
