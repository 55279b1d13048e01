"""The quote bank: passages chosen for the paper, attributed by session code and role, never by name.

A quote keeps the session and time range it comes from, the speaker (participant id, never shown), the
deidentified text the researcher confirmed, and a forward and a back translation with who made each.
Two guards run on every save and edit: the speaker must have allowed quotes
(`permissions.may(..., Use.QUOTE)`), and no known name may appear in the text, the role or a translation.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from echo_fieldwork.deid.deidentify import deidentify_text
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people.forms import fold
from echo_fieldwork.people.identity import names_for_deidentification
from echo_fieldwork.people.participants import get_by_code, get_participant
from echo_fieldwork.people.permissions import Use, may
from echo_fieldwork.sessions.sessions import attendance, get_session
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso
from echo_fieldwork.transcript.segments import load_segments

log = logging.getLogger("echo_fieldwork.reports.quotes")
MAX_ROLE_LENGTH = 60
MIN_NAME_PART = 3  # shorter name parts ("Li", "Bo") would match ordinary words too often to be useful


@dataclass(frozen=True)
class Quote:
    id: int
    session_id: int
    session_code: str
    participant_id: int | None
    start_ms: int
    end_ms: int
    role: str
    text: str
    translation: str
    translated_by: str
    back_translation: str
    back_translated_by: str
    created_at: str

    @property
    def attribution(self) -> str:
        return f"[{self.session_code}, {self.role}]"


# -- reading the passage -------------------------------------------------------------------------------
def passage(study: Study, session_id: int, start_ms: int, end_ms: int) -> tuple[str, list[str]]:
    """(text of the segments overlapping the range, their distinct speaker codes in order of speech)."""
    segments = [s for s in load_segments(study, session_id) if s.end_ms > start_ms and s.start_ms < end_ms]
    speakers: list[str] = []
    for segment in segments:
        if segment.speaker and segment.speaker not in speakers:
            speakers.append(segment.speaker)
    return " ".join(s.text.strip() for s in segments if s.text.strip()), speakers


def proposed_text(study: Study, session_id: int, text: str) -> str:
    """The passage with known names replaced. The researcher confirms (and may edit) the text before it
    is saved; `save_quote` checks it again."""
    return deidentify_text(study, text, get_session(study, session_id).language)


# -- the guards ------------------------------------------------------------------------------------------
def _name_patterns(study: Study) -> list[tuple[int, re.Pattern]]:
    patterns = []
    for participant_id, full_name in names_for_deidentification(study).items():
        parts = {full_name.strip()} | {p for p in re.split(r"[\s\-]+", full_name) if len(p) >= MIN_NAME_PART}
        for part in parts:
            if part:
                patterns.append((participant_id, re.compile(r"(?<!\w)" + re.escape(fold(part)) + r"(?!\w)")))
    return patterns


def check_no_known_names(study: Study, texts: dict[str, str]) -> None:
    """Refuse (UserError) if any text contains a name the study knows; the message names the code, not the name."""
    patterns = _name_patterns(study)
    hits: list[str] = []
    for what, text in texts.items():
        folded = fold(text or "")
        found = sorted({pid for pid, pattern in patterns if pattern.search(folded)})
        if found:
            codes = [get_participant(study, pid).code for pid in found]
            hits.append(_("{what}: a name of {codes}").format(what=what, codes=", ".join(codes)))
    if hits:
        raise UserError(_("A quote must not contain anyone's name. Replace it with a code or a tag such as "
                          "[P03] or [person 1]:"), details=hits)


def check_quotable(study: Study, participant_id: int | None) -> None:
    if participant_id is None:
        return  # only quotes saved before a speaker was required; nothing to ask
    decision = may(study, participant_id, Use.QUOTE)
    if not decision:
        raise UserError(_("This passage cannot be quoted: {reason}").format(reason=decision.reason))


def _speaker_id(study: Study, session_id: int, start_ms: int, end_ms: int, speaker_code: str | None) -> int:
    if speaker_code is None:
        _text, speakers = passage(study, session_id, start_ms, end_ms)
        if len(speakers) > 1:
            raise UserError(_("This passage has several speakers ({codes}); choose whose words the quote is.").format(
                codes=", ".join(speakers)))
        speaker_code = speakers[0] if speakers else None
    if not speaker_code:
        # Without a speaker nobody's consent could be checked: refuse rather than guess.
        raise UserError(_("Choose who is speaking in this passage: a quote needs a speaker whose consent allows "
                          "quotes."))
    participant = get_by_code(study, speaker_code)
    if participant is None:
        raise UserError(_("The speaker {code} is not a participant of this study.").format(code=speaker_code))
    if participant.id not in {pid for pid, _code, _role in attendance(study, session_id)}:
        raise UserError(_("{code} did not attend this session.").format(code=participant.code))
    return participant.id


def _clean_role(role: str) -> str:
    role = " ".join((role or "").split())
    if not role:
        raise UserError(_("Choose a role for the attribution, e.g. Medical lead (never a name)."))
    if len(role) > MAX_ROLE_LENGTH:
        raise UserError(_("The role is too long ({n} characters; at most {max}).").format(n=len(role),
                                                                                          max=MAX_ROLE_LENGTH))
    if any(c in role for c in "[],"):
        raise UserError(_("The role cannot contain brackets or commas (they separate the attribution)."))
    return role


# -- storing ---------------------------------------------------------------------------------------------
def save_quote(study: Study, session_id: int, start_ms: int, end_ms: int, text: str, role: str, *,
               speaker_code: str | None = None, translation: str = "", translated_by: str = "",
               back_translation: str = "", back_translated_by: str = "") -> Quote:
    """Store a quote; refuse with a clear UserError (nothing stored) if it may not be kept as given."""
    session = get_session(study, session_id)
    if not (0 <= start_ms < end_ms):
        raise UserError(_("Choose a passage: the end must come after the start."))
    text = (text or "").strip()
    if not text:
        raise UserError(_("The quote has no text."))
    role = _clean_role(role)
    participant_id = _speaker_id(study, session_id, start_ms, end_ms, speaker_code)
    check_quotable(study, participant_id)
    fields = _translation_fields(translation, translated_by, back_translation, back_translated_by)
    check_no_known_names(study, {_("Quote"): text, _("Role"): role, _("Translation"): fields[0],
                                 _("Back-translation"): fields[2]})
    with study.db.atomic():
        cursor = study.db.execute(
            "INSERT INTO quotes (session_id, participant_id, start_ms, end_ms, attribution_role, text, translation, "
            "translated_by, back_translation, back_translated_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [session_id, participant_id, start_ms, end_ms, role, text, *fields, utc_now_iso()])
        study.audit("quote.add", "quote", cursor.lastrowid, {"session": session.code})
    log.info("quote %d saved from session %s", cursor.lastrowid, session.code)
    return get_quote(study, cursor.lastrowid)


def _translation_fields(translation: str, translated_by: str, back_translation: str,
                        back_translated_by: str) -> list[str]:
    fields = [(translation or "").strip(), (translated_by or "").strip(), (back_translation or "").strip(),
              (back_translated_by or "").strip()]
    if fields[0] and not fields[1]:
        raise UserError(_("Say who made the translation (initials or pseudonym)."))
    if fields[2] and not fields[3]:
        raise UserError(_("Say who made the back-translation (initials or pseudonym)."))
    return fields


def update_quote(study: Study, quote_id: int, *, text: str, role: str, translation: str = "", translated_by: str = "",
                 back_translation: str = "", back_translated_by: str = "") -> Quote:
    """Edit the text, role and translations of a quote (its source passage and speaker stay as they were)."""
    quote = get_quote(study, quote_id)
    text = (text or "").strip()
    if not text:
        raise UserError(_("The quote has no text."))
    role = _clean_role(role)
    check_quotable(study, quote.participant_id)
    fields = _translation_fields(translation, translated_by, back_translation, back_translated_by)
    check_no_known_names(study, {_("Quote"): text, _("Role"): role, _("Translation"): fields[0],
                                 _("Back-translation"): fields[2]})
    with study.db.atomic():
        study.db.execute(
            "UPDATE quotes SET text = ?, attribution_role = ?, translation = ?, translated_by = ?, "
            "back_translation = ?, back_translated_by = ? WHERE id = ?", [text, role, *fields, quote_id])
        study.audit("quote.update", "quote", quote_id, {"session": quote.session_code})
    return get_quote(study, quote_id)


def delete_quote(study: Study, quote_id: int) -> None:
    quote = get_quote(study, quote_id)
    with study.db.atomic():
        study.db.execute("DELETE FROM quotes WHERE id = ?", [quote_id])
        study.audit("quote.delete", "quote", quote_id, {"session": quote.session_code})


_SELECT = ("SELECT q.id, q.session_id, s.code, q.participant_id, q.start_ms, q.end_ms, q.attribution_role, q.text, "
           "q.translation, q.translated_by, q.back_translation, q.back_translated_by, q.created_at "
           "FROM quotes q JOIN sessions s ON s.id = q.session_id")


def get_quote(study: Study, quote_id: int) -> Quote:
    row = study.db.execute(f"{_SELECT} WHERE q.id = ?", [quote_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown quote."))
    return Quote(*row)


def list_quotes(study: Study) -> list[Quote]:
    return [Quote(*row) for row in study.db.execute(f"{_SELECT} ORDER BY s.date, s.code, q.start_ms, q.id")]
