"""Whom a report counts: consented participants, or those who attended at least one session.

Only people whose study role is 'participant' are counted (interviewers and observers never are).
Withdrawals follow their scope through `permissions.may(..., Use.USE_DATA)`: a withdrawal that asks for
the data to be removed excludes the person; any other scope (no further participation, no quotes, no
future contact) keeps their answers in the counts. The report says both in a footnote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people.consent import consent_events
from echo_fieldwork.people.participants import Participant, list_participants
from echo_fieldwork.people.permissions import Use, consent_status, may
from echo_fieldwork.study.study import Study

POPULATIONS = ("consented", "attended")


@dataclass
class Population:
    mode: str
    counted: list[Participant] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)          # codes excluded: withdrew with data removal
    withdrawn_kept: list[str] = field(default_factory=list)   # codes counted although they withdrew

    @property
    def size(self) -> int:
        return len(self.counted)


def attended_ids(study: Study) -> set[int]:
    return {row[0] for row in study.db.execute(
        "SELECT DISTINCT participant_id FROM attendance WHERE role = 'participant'")}


def select_population(study: Study, mode: str = "consented") -> Population:
    if mode not in POPULATIONS:
        raise UserError(_("Unknown population {mode!r}: use 'consented' or 'attended'.").format(mode=mode))
    attended = attended_ids(study) if mode == "attended" else None
    population = Population(mode)
    for participant in list_participants(study):
        if participant.study_role != "participant" or not consent_events(study, participant.id):
            continue
        if attended is not None and participant.id not in attended:
            continue
        if not may(study, participant.id, Use.USE_DATA):
            population.removed.append(participant.code)
            continue
        if consent_status(study, participant.id) == "withdrawn":
            population.withdrawn_kept.append(participant.code)
        population.counted.append(participant)
    return population
