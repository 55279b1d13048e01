"""Consent forms (versioned, immutable once used), consent events and withdrawal events.

A consent or a withdrawal is an event: appended, never edited (the schema refuses UPDATE/DELETE).
What the person agreed to is frozen as rendered text with its SHA-256 next to the event.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass

import yaml

from echo_fieldwork.errors import UserError
from echo_fieldwork.fileutil import sha256_text
from echo_fieldwork.i18n import N_, _, ngettext, translator
from echo_fieldwork.people.participants import team_members
from echo_fieldwork.resources import resource_path
from echo_fieldwork.study import schema
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso

CONSENT_MODES = {
    "signed": N_("Signed on screen"),
    "paper": N_("Paper form kept on file"),
    "oral": N_("Oral consent documented"),
    "electronic": N_("Electronic consent (online form)"),
}
OPTIONAL_ITEMS = {
    "audio": N_("Audio recording"),
    "quotes": N_("Verbatim quotes in publications"),
    "contact": N_("Contact for future studies"),
}
WITHDRAWAL_CHANNELS = {
    "written": N_("Written"),
    "verbal": N_("Verbal"),
    "email": N_("E-mail"),
}
WITHDRAWAL_SCOPES = {
    "no_further_participation": N_("No further participation"),
    "remove_data": N_("Remove my data"),
    "no_quotes": N_("No quotes"),
    "no_future_contact": N_("No future contact"),
}
DEFAULT_FORM_NAME = "consent"
log = logging.getLogger("echo_fieldwork.people.consent")


@dataclass(frozen=True)
class ConsentForm:
    id: int
    name: str
    version: int
    language: str
    title: str
    ethics_reference: str
    ethics_approval_date: str
    body: str
    sha256: str


def _check_form_fields(language: str, body: str, ethics_reference: str, ethics_approval_date: str) -> None:
    if language not in ("fr", "en"):
        raise UserError(_("A consent form must be in French (fr) or English (en)."))
    if not body.strip():
        raise UserError(_("The consent form text is empty."))
    if len(ethics_reference) > 100:
        raise UserError(_("The ethics approval reference is too long (100 characters at most)."))
    if ethics_approval_date:
        try:
            dt.date.fromisoformat(ethics_approval_date)
        except ValueError:
            raise UserError(_("The ethics approval date {date!r} is not a date (use YYYY-MM-DD).").format(
                date=ethics_approval_date)) from None


def add_form_version(study: Study, name: str, language: str, body: str, *, ethics_reference: str = "",
                     ethics_approval_date: str = "") -> ConsentForm:
    """Store a new version of a consent form (the previous versions stay as they were)."""
    ethics_reference, ethics_approval_date = ethics_reference.strip(), ethics_approval_date.strip()
    _check_form_fields(language, body, ethics_reference, ethics_approval_date)
    body = body.strip() + "\n"
    title = next((line.lstrip("# ").strip() for line in body.splitlines() if line.startswith("#")), name)
    with study.db.atomic():
        row = study.db.execute("SELECT COALESCE(MAX(version), 0) FROM consent_forms WHERE name = ? AND language = ?",
                               [name, language]).fetchone()
        version = row[0] + 1
        cursor = study.db.execute(
            "INSERT INTO consent_forms (name, version, language, title, ethics_reference, ethics_approval_date, "
            "body, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, version, language, title, ethics_reference, ethics_approval_date, body, sha256_text(body),
             utc_now_iso()])
        study.audit("consent_form.add", "consent_form", cursor.lastrowid,
                    {"name": name, "language": language, "version": version, "sha256": sha256_text(body),
                     "ethics_reference": ethics_reference, "ethics_approval_date": ethics_approval_date})
    return get_form(study, cursor.lastrowid)


def edit_form(study: Study, form_id: int, *, body: str | None = None, ethics_reference: str | None = None,
              ethics_approval_date: str | None = None) -> ConsentForm:
    """Editing a form makes its next version; the edited one stays as it was (consents point to it)."""
    form = get_form(study, form_id)
    new_body = form.body if body is None else body.strip() + "\n"
    new_reference = form.ethics_reference if ethics_reference is None else ethics_reference.strip()
    new_date = form.ethics_approval_date if ethics_approval_date is None else ethics_approval_date.strip()
    if (new_body, new_reference, new_date) == (form.body, form.ethics_reference, form.ethics_approval_date):
        raise UserError(_("Nothing was changed in the consent form, so no new version was made."))
    return add_form_version(study, form.name, form.language, new_body, ethics_reference=new_reference,
                            ethics_approval_date=new_date)


def form_is_used(study: Study, form_id: int) -> bool:
    return study.db.execute("SELECT 1 FROM consents WHERE form_id = ? LIMIT 1", [form_id]).fetchone() is not None


def find_form(study: Study, language: str, version: int, name: str = DEFAULT_FORM_NAME) -> ConsentForm:
    ensure_default_forms(study)
    row = study.db.execute("SELECT id FROM consent_forms WHERE name = ? AND language = ? AND version = ?",
                           [name, language, version]).fetchone()
    if row is None:
        raise UserError(_("There is no version {version} of the consent form in {language}.").format(
            version=version, language=language))
    return get_form(study, row[0])


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


def parse_template(text: str) -> tuple[str, dict[str, str]]:
    """A template's Markdown body and its front matter (ethics_reference, ethics_approval_date)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, {}
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        raise UserError(_("The consent template's header (between the --- lines) is not valid.")) from None
    if not isinstance(meta, dict):
        meta = {}
    return text[match.end():], {k: str(v) for k, v in meta.items() if v is not None}


def render_form_text(form: ConsentForm) -> str:
    """The form as the participant reads it: the body with its ethics approval fields filled in."""
    tr = translator(form.language)
    blank = tr.gettext("(to be completed)")
    return (form.body.replace("{{ethics_reference}}", form.ethics_reference or blank)
            .replace("{{ethics_approval_date}}", form.ethics_approval_date or blank))


# A field left to fill: "[TO COMPLETE: …]", "[À COMPLÉTER : …]", or any "[…]" that is not a Markdown link;
# "{{…}}" that nothing fills in.
_BRACKETED = re.compile(r"\[([^\[\]\n]{1,200})\](?!\()")
_UNKNOWN_TOKEN = re.compile(r"\{\{\s*([^{}\n]*?)\s*\}\}")


def unfilled_placeholders(form: ConsentForm) -> list[str]:
    """What is left to fill in before the form may be used to record a consent (empty when ready): the
    bracketed placeholders of its text as written, then the empty ethics approval fields."""
    found: list[str] = []
    for match in _BRACKETED.finditer(form.body):
        text = f"[{match.group(1).strip()}]"
        if text not in found:
            found.append(text)
    for match in _UNKNOWN_TOKEN.finditer(form.body):
        if match.group(1) not in ("ethics_reference", "ethics_approval_date") and match.group(0) not in found:
            found.append(match.group(0))
    if "{{ethics_reference}}" in form.body and not form.ethics_reference:
        found.append(_("the ethics approval reference"))
    if "{{ethics_approval_date}}" in form.body and not form.ethics_approval_date:
        found.append(_("the ethics approval date"))
    return found


def check_ready(form: ConsentForm) -> None:
    """UserError naming every placeholder left in the form: a consent is never recorded on an unfinished form."""
    missing = unfilled_placeholders(form)
    if missing:
        raise UserError(ngettext(
            "Version {version} of the consent form ({language}) still has {n} field to fill in; edit the form "
            "(Edit consent form…) before recording a consent on it:",
            "Version {version} of the consent form ({language}) still has {n} fields to fill in; edit the form "
            "(Edit consent form…) before recording a consent on it:", len(missing)).format(
                version=form.version, language=form.language, n=len(missing)), details=missing)


def ensure_default_forms(study: Study) -> None:
    """Load the French and English default templates shipped in resources/consent/ once per study."""
    for language in ("fr", "en"):
        exists = study.db.execute("SELECT 1 FROM consent_forms WHERE language = ? LIMIT 1", [language]).fetchone()
        path = resource_path("consent", f"consent_{language}.md")
        if not exists and path.is_file():
            body, meta = parse_template(path.read_text(encoding="utf-8"))
            add_form_version(study, DEFAULT_FORM_NAME, language, body,
                             ethics_reference=meta.get("ethics_reference", ""),
                             ethics_approval_date=meta.get("ethics_approval_date", ""))


def get_form(study: Study, form_id: int) -> ConsentForm:
    row = study.db.execute(
        "SELECT id, name, version, language, title, ethics_reference, ethics_approval_date, body, sha256 "
        "FROM consent_forms WHERE id = ?", [form_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown consent form version."))
    return ConsentForm(*row)


def list_forms(study: Study) -> list[ConsentForm]:
    return [ConsentForm(*row) for row in study.db.execute(
        "SELECT id, name, version, language, title, ethics_reference, ethics_approval_date, body, sha256 "
        "FROM consent_forms ORDER BY name, language, version")]


def latest_form(study: Study, language: str, name: str = DEFAULT_FORM_NAME) -> ConsentForm:
    ensure_default_forms(study)
    row = study.db.execute("SELECT id FROM consent_forms WHERE name = ? AND language = ? ORDER BY version DESC LIMIT 1",
                           [name, language]).fetchone()
    if row is None:
        raise UserError(_("No consent form in {language} in this study.").format(language=language))
    return get_form(study, row[0])


def render_frozen_copy(form: ConsentForm, participant_code: str, mode: str, agreed: set[str], consented_at: str,
                       obtained_by: str) -> str:
    """The text of what was agreed, in the form's language, as stored with the event."""
    tr = translator(form.language)
    # One paragraph per line (blank lines between them) so that the Markdown copy renders as it reads.
    lines = [render_form_text(form).rstrip(), "", "---", "",
             tr.gettext("Participant: {code}").format(code=participant_code), "",
             tr.gettext("Form: {name}, version {version} ({language}), SHA-256 {sha}").format(
                 name=form.name, version=form.version, language=form.language, sha=form.sha256), "",
             tr.gettext("Ethics approval: {reference}, {date}").format(
                 reference=form.ethics_reference or "—", date=form.ethics_approval_date or "—"), "",
             tr.gettext("Consent obtained: {when}, {mode}, by {who}").format(
                 when=consented_at, mode=tr.gettext(CONSENT_MODES[mode]), who=obtained_by or "—"), ""]
    for item, label in OPTIONAL_ITEMS.items():
        answer = tr.gettext("Yes") if item in agreed else tr.gettext("No")
        lines.append("- " + tr.gettext("{item}: {answer}").format(item=tr.gettext(label), answer=answer))
    return "\n".join(lines) + "\n"


def team_codes(study: Study) -> list[str]:
    """The codes of the study's team members (interviewers and observers): who may obtain a consent."""
    return [member.code for member in team_members(study)]


def obtainer_code(study: Study, obtained_by: str | None) -> str:
    """Who obtained a consent, as stored: a team member's code (never a name, which lives in the identity
    table). Given, it must be a team member's code (any case); omitted, it is the study's only team member,
    or "" (not said) when the study has none or several."""
    codes = team_codes(study)
    if obtained_by is None:
        return codes[0] if len(codes) == 1 else ""
    wanted = obtained_by.strip().casefold()
    found = next((code for code in codes if code.casefold() == wanted), None)
    if found is not None:
        return found
    if not codes:
        raise UserError(_("{value!r} is not a team member's code, and the study has no team member yet. Add the "
                          "person who obtained the consent as a participant with the role interviewer or observer "
                          "(their name goes in the identity table), then give their code.").format(
                              value=obtained_by.strip()))
    raise UserError(_("{value!r} is not a team member's code. Who obtained a consent is given by the code of an "
                      "interviewer or observer of the study (names stay in the identity table):").format(
                          value=obtained_by.strip()), details=codes)


def obtainers_outside_team(study: Study) -> list[tuple[int, str]]:
    """Consents whose "obtained by" is no code of the study, current or former (free text from before version
    10, usually a name outside the identity table), as (consent id, participant code). Those that now name a
    team member (their code, or the full name of their identity) are converted first, as migration 10 does."""
    changed = []
    if not study.read_only:
        with study.db.atomic():
            changed = schema.code_consent_obtainers(study.db.conn, actor=study.actor)
    if changed:
        log.info("check: %d consents now give who obtained them as a team member's code", len(changed))
    # A code stays valid after its owner's code or role changed: the consent keeps the code of its day.
    codes = {row[0].casefold() for row in study.db.execute("SELECT code FROM participants")}
    for (detail,) in study.db.execute("SELECT detail FROM audit_log WHERE action = 'participant.code_change'"):
        codes.add(str(json.loads(detail).get("from", "")).casefold())
    return [(row[0], row[1]) for row in study.db.execute(
        "SELECT c.id, p.code, c.obtained_by FROM consents c JOIN participants p ON p.id = c.participant_id "
        "WHERE c.obtained_by != '' ORDER BY c.id") if row[2].casefold() not in codes]


def record_consent(study: Study, participant_id: int, form_id: int, mode: str, agreed: set[str] | list[str], *,
                   obtained_by: str | None = None, consented_at: str | None = None, signature_name: str = "") -> int:
    """Append a consent event. `obtained_by` is a team member's code (see `obtainer_code`); omitted for an
    electronic consent, nobody ("")."""
    agreed = set(agreed)
    if mode not in CONSENT_MODES:
        raise UserError(_("Unknown consent mode {mode!r}.").format(mode=mode))
    unknown = agreed - set(OPTIONAL_ITEMS)
    if unknown:
        raise UserError(_("Unknown consent items: {items}.").format(items=", ".join(sorted(unknown))))
    form = get_form(study, form_id)
    check_ready(form)
    code_row = study.db.execute("SELECT code FROM participants WHERE id = ?", [participant_id]).fetchone()
    if code_row is None:
        raise UserError(_("Unknown participant."))
    consented_at = parse_event_time(consented_at) if consented_at else utc_now_iso()
    # An online form (survey import) was obtained by nobody in person unless a code is given.
    obtained_by = "" if obtained_by is None and mode == "electronic" else obtainer_code(study, obtained_by)
    frozen = render_frozen_copy(form, code_row[0], mode, agreed, consented_at, obtained_by)
    with study.db.atomic():
        cursor = study.db.execute(
            "INSERT INTO consents (participant_id, form_id, consented_at, mode, obtained_by, agree_audio, "
            "agree_quotes, agree_future_contact, signature_name, frozen_copy, frozen_copy_sha256, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [participant_id, form_id, consented_at, mode, obtained_by, "audio" in agreed, "quotes" in agreed,
             "contact" in agreed, signature_name, frozen, sha256_text(frozen), utc_now_iso()])
        study.audit("consent.record", "participant", participant_id,
                    {"form_id": form_id, "mode": mode, "agreed": sorted(agreed)})
    return cursor.lastrowid


def record_withdrawal(study: Study, participant_id: int, channel: str, scopes: set[str] | list[str], *,
                      recorded_by: str | None = None, withdrawn_at: str | None = None, note: str = "") -> int:
    scopes = set(scopes)
    if channel not in WITHDRAWAL_CHANNELS:
        raise UserError(_("Unknown withdrawal channel {channel!r}.").format(channel=channel))
    if not scopes:
        raise UserError(_("Choose at least one scope for the withdrawal."))
    unknown = scopes - set(WITHDRAWAL_SCOPES)
    if unknown:
        raise UserError(_("Unknown withdrawal scopes: {scopes}.").format(scopes=", ".join(sorted(unknown))))
    if study.db.execute("SELECT 1 FROM participants WHERE id = ?", [participant_id]).fetchone() is None:
        raise UserError(_("Unknown participant."))
    withdrawn_at = parse_event_time(withdrawn_at) if withdrawn_at else None
    with study.db.atomic():
        cursor = study.db.execute(
            "INSERT INTO withdrawals (participant_id, withdrawn_at, channel, no_further_participation, remove_data, "
            "no_quotes, no_future_contact, recorded_by, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [participant_id, withdrawn_at or utc_now_iso(), channel, "no_further_participation" in scopes,
             "remove_data" in scopes, "no_quotes" in scopes, "no_future_contact" in scopes,
             recorded_by or study.actor, note, utc_now_iso()])
        study.audit("withdrawal.record", "participant", participant_id, {"channel": channel, "scopes": sorted(scopes)})
    return cursor.lastrowid


@dataclass(frozen=True)
class ConsentEvent:
    id: int
    participant_id: int
    form_id: int
    consented_at: str
    mode: str
    obtained_by: str
    agreed: frozenset[str]
    frozen_copy_sha256: str


@dataclass(frozen=True)
class WithdrawalEvent:
    id: int
    participant_id: int
    withdrawn_at: str
    channel: str
    scopes: frozenset[str]
    recorded_by: str
    note: str


def consent_events(study: Study, participant_id: int) -> list[ConsentEvent]:
    """Every consent recorded for a participant, oldest first (for display; decisions go through permissions)."""
    return [ConsentEvent(r[0], r[1], r[2], r[3], r[4], r[5],
                         frozenset(item for item, flag in zip(("audio", "quotes", "contact"), r[6:9]) if flag), r[9])
            for r in study.db.execute(
                "SELECT id, participant_id, form_id, consented_at, mode, obtained_by, agree_audio, agree_quotes, "
                "agree_future_contact, frozen_copy_sha256 FROM consents WHERE participant_id = ? ORDER BY id",
                [participant_id])]


def withdrawal_events(study: Study, participant_id: int) -> list[WithdrawalEvent]:
    scope_names = tuple(WITHDRAWAL_SCOPES)
    return [WithdrawalEvent(r[0], r[1], r[2], r[3],
                            frozenset(name for name, flag in zip(scope_names, r[4:8]) if flag), r[8], r[9])
            for r in study.db.execute(
                "SELECT id, participant_id, withdrawn_at, channel, no_further_participation, remove_data, no_quotes, "
                "no_future_contact, recorded_by, note FROM withdrawals WHERE participant_id = ? ORDER BY id",
                [participant_id])]


def frozen_copy(study: Study, consent_id: int) -> tuple[str, str]:
    """The stored text of what was agreed and its SHA-256 (checked again when read)."""
    row = study.db.execute("SELECT frozen_copy, frozen_copy_sha256 FROM consents WHERE id = ?", [consent_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown consent."))
    if sha256_text(row[0]) != row[1]:
        raise UserError(_("The stored copy of this consent does not match its SHA-256: it was altered."))
    return row[0], row[1]


def parse_event_time(text: str) -> str:
    """A date (YYYY-MM-DD) or date-time typed by a user, as ISO 8601 UTC text; UserError if it is not one."""
    text = text.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise UserError(_("{value!r} is not a date (YYYY-MM-DD) or date-time.").format(value=text)) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
