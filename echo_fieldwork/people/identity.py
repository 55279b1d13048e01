"""Real names and contact details: the only module that reads or writes the `identities` table.

Everything else in the app refers to participants by code. Deidentification needs the names to find
them in transcripts; it asks here (`names_for_deidentification`, `aliases_for_deidentification`: nicknames
and maiden names) and never shows them in an export.
Every change is audited (without the values themselves).
"""

from __future__ import annotations

from dataclasses import dataclass

from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso

IDENTITY_FIELDS = ("full_name", "email", "phone", "other_contact")


@dataclass
class Identity:
    participant_id: int
    full_name: str = ""
    email: str = ""
    phone: str = ""
    other_contact: str = ""


def get_identity(study: Study, participant_id: int) -> Identity:
    row = study.db.execute(
        "SELECT full_name, email, phone, other_contact FROM identities WHERE participant_id = ?",
        [participant_id]).fetchone()
    return Identity(participant_id, *row) if row else Identity(participant_id)


def set_identity(study: Study, identity: Identity) -> None:
    values = {field: (getattr(identity, field) or "").strip() for field in IDENTITY_FIELDS}
    before = get_identity(study, identity.participant_id)
    changed = sorted(f for f in IDENTITY_FIELDS if getattr(before, f) != values[f])
    if not changed:
        return
    with study.db.atomic():
        study.db.execute(
            "INSERT INTO identities (participant_id, full_name, email, phone, other_contact, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(participant_id) DO UPDATE SET full_name = excluded.full_name, "
            "email = excluded.email, phone = excluded.phone, other_contact = excluded.other_contact, "
            "updated_at = excluded.updated_at",
            [identity.participant_id, values["full_name"], values["email"], values["phone"],
             values["other_contact"], utc_now_iso()])
        study.audit("identity.update", "participant", identity.participant_id, {"fields": changed})


def names_for_deidentification(study: Study) -> dict[int, str]:
    """participant id -> full name, for every participant with a name (interviewers and observers too)."""
    return {row[0]: row[1] for row in study.db.execute(
        "SELECT participant_id, full_name FROM identities WHERE full_name != ''")}


def get_aliases(study: Study, participant_id: int) -> list[str]:
    """Other names a participant goes by (nicknames, a maiden name), one per line in `identities.aliases`."""
    row = study.db.execute("SELECT aliases FROM identities WHERE participant_id = ?", [participant_id]).fetchone()
    return [a for a in (row[0] if row else "").split("\n") if a.strip()]


def set_aliases(study: Study, participant_id: int, aliases: list[str]) -> None:
    cleaned = list(dict.fromkeys(" ".join(a.split()) for a in aliases if a.strip()))
    if cleaned == get_aliases(study, participant_id):
        return
    with study.db.atomic():
        study.db.execute(
            "INSERT INTO identities (participant_id, aliases, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(participant_id) DO UPDATE SET aliases = excluded.aliases, updated_at = excluded.updated_at",
            [participant_id, "\n".join(cleaned), utc_now_iso()])
        study.audit("identity.aliases", "participant", participant_id, {"count": len(cleaned)})


def aliases_for_deidentification(study: Study) -> dict[int, list[str]]:
    """participant id -> aliases, for every participant who has some."""
    return {pid: [a for a in text.split("\n") if a.strip()] for pid, text in study.db.execute(
        "SELECT participant_id, aliases FROM identities WHERE aliases != ''")}


def _compact(text: str) -> str:
    """A name reduced for comparison: no accents, no case, letters and digits only."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).casefold()


def match_display_name(study: Study, display_name: str, participant_ids: list[int]) -> int | None:
    """Which of these participants a videoconference display name (e.g. Zoom's `MarieTremblay` in a track's file
    name) belongs to: their full name, an alias, or their first name alone, ignoring accents, case and spaces.
    None when nobody or more than one person matches. The name itself is compared here and never returned."""
    wanted = _compact(display_name)
    if not wanted:
        return None
    exact, first = set(), set()
    for participant_id in participant_ids:
        identity = get_identity(study, participant_id)
        names = [identity.full_name, *get_aliases(study, participant_id)]
        if any(name and _compact(name) == wanted for name in names):
            exact.add(participant_id)
        elif identity.full_name and _compact(identity.full_name.split()[0]) == wanted:
            first.add(participant_id)
    found = exact or first
    return next(iter(found)) if len(found) == 1 else None
