"""One answer to "may we do X with this participant's data?", from their consent and withdrawal events.

Recording, exporting, quoting and contacting all ask here; nothing else decides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from echo_fieldwork.i18n import _
from echo_fieldwork.study.study import Study


class Use(str, Enum):
    PARTICIPATE = "participate"        # take part in a new session
    RECORD_AUDIO = "record_audio"      # be recorded
    USE_DATA = "use_data"              # their words in transcripts, exports and analysis
    QUOTE = "quote"                    # verbatim quotes in publications
    CONTACT = "contact"                # contact for future studies
    SHARE_AUDIO = "share_audio"        # their recorded voice in an export (voices identify people)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def consent_status(study: Study, participant_id: int) -> str:
    """'withdrawn', 'consented' or 'missing' (the badge shown wherever the participant appears)."""
    if _withdrawals(study, participant_id):
        return "withdrawn"
    return "consented" if _latest_consent(study, participant_id) else "missing"


def consented_without_audio(study: Study, participant_id: int) -> bool:
    """A participant whose current consent excludes audio recording (shown as "no audio" on their badge):
    a session they attend cannot be recorded."""
    if consent_status(study, participant_id) != "consented":
        return False
    consent = _latest_consent(study, participant_id)
    return not consent["agree_audio"]


def may(study: Study, participant_id: int, use: Use) -> Decision:
    row = study.db.execute("SELECT code, study_role FROM participants WHERE id = ?", [participant_id]).fetchone()
    if row is None:
        return Decision(False, _("Unknown participant."))
    code, study_role = row
    if study_role == "interviewer" and use in (Use.PARTICIPATE, Use.RECORD_AUDIO, Use.USE_DATA, Use.QUOTE,
                                               Use.SHARE_AUDIO):
        # Research staff take part in every session by their role; the moderator's own questions may be
        # quoted (exports must not list the moderator as "do not quote").
        return Decision(True)
    consent = _latest_consent(study, participant_id)
    withdrawals = _withdrawals(study, participant_id)
    if consent is None:
        return Decision(False, _("{code} has no recorded consent.").format(code=code))
    for withdrawal in withdrawals:
        if use in (Use.PARTICIPATE, Use.RECORD_AUDIO) and withdrawal["no_further_participation"]:
            return Decision(False, _("{code} has withdrawn from further participation.").format(code=code))
        if use in (Use.USE_DATA, Use.QUOTE, Use.SHARE_AUDIO) and withdrawal["remove_data"]:
            return Decision(False, _("{code} withdrew and asked for their data to be removed.").format(code=code))
        if use == Use.QUOTE and withdrawal["no_quotes"]:
            return Decision(False, _("{code} asked not to be quoted.").format(code=code))
        if use == Use.CONTACT and withdrawal["no_future_contact"]:
            return Decision(False, _("{code} asked not to be contacted again.").format(code=code))
    if use == Use.RECORD_AUDIO and not consent["agree_audio"]:
        return Decision(False, _("{code} did not consent to audio recording.").format(code=code))
    if use == Use.SHARE_AUDIO and not consent["agree_audio"]:
        return Decision(False, _("{code} did not consent to the use of their recorded voice.").format(code=code))
    if use == Use.QUOTE and not consent["agree_quotes"]:
        return Decision(False, _("{code} did not consent to verbatim quotes.").format(code=code))
    if use == Use.CONTACT and not consent["agree_future_contact"]:
        return Decision(False, _("{code} did not consent to be contacted for future studies.").format(code=code))
    return Decision(True)


def _latest_consent(study: Study, participant_id: int) -> dict | None:
    rows = list(study.db.query(
        "SELECT * FROM consents WHERE participant_id = ? ORDER BY consented_at DESC, id DESC LIMIT 1",
        [participant_id]))
    return rows[0] if rows else None


def _withdrawals(study: Study, participant_id: int) -> list[dict]:
    return list(study.db.query("SELECT * FROM withdrawals WHERE participant_id = ? ORDER BY id", [participant_id]))
