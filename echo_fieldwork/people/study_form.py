"""Which questionnaire a study uses: a bundled one, a YAML form or an XLSForm spreadsheet, stored in the study.

Every choice is a row of `questionnaire_forms` with the form's source (the study folder stays portable:
the file it came from is not needed again); the last row is the form in use. A study made before this
table existed uses the telementoring form, the only one there was. Once answers exist, the questionnaire
can only be replaced by a new version of the same form (same form_id, another version), so that every
answer keeps the meaning it was given.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import N_, _
from echo_fieldwork.people.forms import Form, parse_form
from echo_fieldwork.people.xlsform import is_xlsform, parse_xlsform
from echo_fieldwork.resources import resource_path
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso

log = logging.getLogger("echo_fieldwork.people.study_form")

# key → (file under resources/forms/, what the user sees)
BUNDLED = {
    "generic": ("sociodemographic_generic.yaml", N_("General sociodemographic questionnaire (bundled)")),
    "telementoring": ("sociodemographic.yaml", N_("Telementoring program (ECHO) example (bundled)")),
}
DEFAULT_BUNDLED = "generic"
LEGACY_BUNDLED = "telementoring"   # what a study made before the choice existed was using
KINDS = {"bundled": N_("bundled"), "yaml": N_("YAML file"), "xlsform": N_("XLSForm spreadsheet")}


@dataclass(frozen=True)
class StudyForm:
    """One questionnaire choice of a study (`id` 0: no choice stored, the study's original form)."""
    id: int
    form: Form
    kind: str
    source_name: str
    chosen_by: str
    chosen_at: str


def parse_source(kind: str, content: bytes, source_name: str) -> Form:
    if kind == "xlsform":
        return parse_xlsform(content, source=source_name)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(_("The form file {path} is not UTF-8 text.").format(path=source_name)) from None
    from echo_fieldwork.fileutil import sha256_bytes

    return parse_form(text, source=source_name, sha256=sha256_bytes(content))


def read_form_file(path: Path | str) -> tuple[str, bytes, Form]:
    """(kind, content, form) of a questionnaire file: `.yaml`/`.yml` or XLSForm `.xlsx`; checked."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not (is_xlsform(path) or suffix in (".yaml", ".yml")):
        raise UserError(_("A questionnaire is a YAML file (.yaml) or an XLSForm spreadsheet (.xlsx); {name} is "
                          "neither.").format(name=path.name))
    try:
        content = path.read_bytes()
    except OSError as error:
        raise UserError(_("The form file {path} cannot be read: {error}").format(path=path, error=error.strerror)) from None
    kind = "xlsform" if is_xlsform(path) else "yaml"
    return kind, content, parse_source(kind, content, str(path))


def bundled_source(key: str) -> tuple[bytes, str]:
    if key not in BUNDLED:
        raise UserError(_("There is no bundled questionnaire named {key!r} (choose one of: {keys}).").format(
            key=key, keys=", ".join(BUNDLED)))
    path = resource_path("forms", BUNDLED[key][0])
    return path.read_bytes(), path.name


def _row_to_choice(row: tuple) -> StudyForm:
    form_id, kind, source_name, content, chosen_by, chosen_at, row_id = row
    return StudyForm(row_id, parse_source(kind, bytes(content), source_name), kind, source_name, chosen_by, chosen_at)


_SELECT = "SELECT form_id, kind, source_name, content, chosen_by, chosen_at, id FROM questionnaire_forms"


def current_choice(study: Study) -> StudyForm:
    row = study.db.execute(f"{_SELECT} ORDER BY id DESC LIMIT 1").fetchone()
    if row is not None:
        return _row_to_choice(row)
    content, name = bundled_source(LEGACY_BUNDLED)
    return StudyForm(0, parse_source("yaml", content, name), "bundled", name, "", "")


def study_form(study: Study) -> Form:
    """The questionnaire this study uses now."""
    return current_choice(study).form


def history(study: Study) -> list[StudyForm]:
    """Every questionnaire the study has used, oldest first."""
    return [_row_to_choice(row) for row in study.db.execute(f"{_SELECT} ORDER BY id")]


def answer_count(study: Study, form_id: str | None = None) -> int:
    if form_id is None:
        return study.db.execute("SELECT COUNT(*) FROM questionnaire_answers").fetchone()[0]
    return study.db.execute("SELECT COUNT(*) FROM questionnaire_answers WHERE form_id = ?", [form_id]).fetchone()[0]


def check_replacement(study: Study, new: Form) -> None:
    """UserError if `new` may not replace the study's questionnaire now (see the module's docstring)."""
    current = study_form(study)
    if not answer_count(study):
        return
    if new.id != current.id:
        raise UserError(_("Answers were already recorded with the questionnaire {current!r}: the new questionnaire "
                          "must be a new version of it (form_id {current}, another version), not the form "
                          "{new!r}.").format(current=current.id, new=new.id))
    answered = {row[0]: row[1] for row in study.db.execute(
        "SELECT form_version, form_sha256 FROM questionnaire_answers WHERE form_id = ?", [current.id])}
    if new.version in answered and answered[new.version] != new.sha256:
        raise UserError(_("Answers were already recorded with version {version} of this questionnaire and this file "
                          "differs from it: give the changed form a new version (e.g. {suggestion}).").format(
                              version=new.version, suggestion=_next_version(new.version)))


def _next_version(version: str) -> str:
    return str(int(version) + 1) if version.isdigit() else version + ".1"


def choose(study: Study, kind: str, content: bytes, source_name: str) -> StudyForm:
    """Make a checked form the study's questionnaire (a new row; earlier ones stay). Returns the choice."""
    if kind not in KINDS:
        raise UserError(_("Unknown kind of questionnaire {kind!r}.").format(kind=kind))
    form = parse_source(kind, content, source_name)
    current = current_choice(study)
    if current.id and current.form.sha256 == form.sha256:
        return current
    check_replacement(study, form)
    with study.db.atomic():
        cursor = study.db.execute(
            "INSERT INTO questionnaire_forms (form_id, version, sha256, kind, source_name, content, chosen_by, "
            "chosen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [form.id, form.version, form.sha256, kind, Path(source_name).name, content, study.actor, utc_now_iso()])
        study.audit("questionnaire_form.choose", "questionnaire_form", cursor.lastrowid,
                    {"form_id": form.id, "version": form.version, "sha256": form.sha256, "kind": kind,
                     "fields": len(form.fields)})
    log.info("questionnaire chosen: %s v%s (%s, %d fields)", form.id, form.version, kind, len(form.fields))
    return current_choice(study)


def choose_bundled(study: Study, key: str) -> StudyForm:
    content, name = bundled_source(key)
    return choose(study, "bundled", content, name)


def choose_file(study: Study, path: Path | str) -> StudyForm:
    kind, content, _form = read_form_file(path)
    return choose(study, kind, content, str(path))


def describe(choice: StudyForm, language: str | None = None) -> str:
    """One line: title, id, version and where the form came from."""
    return _("{title} — {form_id}, version {version} ({kind}: {source})").format(
        title=choice.form.title(language), form_id=choice.form.id, version=choice.form.version,
        kind=_(KINDS[choice.kind]), source=choice.source_name)
