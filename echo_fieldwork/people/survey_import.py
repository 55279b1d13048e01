"""Consent and questionnaire filled online beforehand: importing a survey tool's CSV export (REDCap,
LimeSurvey, Microsoft Forms).

Each row is one person. Its columns are mapped to the study: the participant code (`code`, else REDCap's
`record_id`, or the column named with `code_column`), the questionnaire (columns named as the study form's
fields, or mapped `column → field`), and the electronic consent: the date it was given (`consent_date`),
whether the person consented (`consent`, yes/no) and which optional elements they agreed to
(`consent_audio`, `consent_quotes`, `consent_contact`, or mapped `column → item`, e.g. REDCap's checkbox
columns `consent_items___1`). The consent is recorded as an event in mode "electronic" on the study's
consent form of the given version and language, as for any consent.

The file is read the way `participant_import` reads its CSV (UTF-8 with or without BOM, `,` `;` or tab),
every row is checked first and reported with its line number; a single bad row imports nothing. A code
already in the study gets the answers and consent (the person was enrolled first); a new one is added.
Other columns (timestamps, IP address, the tool's own ids) are ignored and listed in the preview.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people import consent, questionnaire
from echo_fieldwork.people.forms import Form, fold
from echo_fieldwork.people.participant_import import _read, code_of_row, refuse_unless_clean, table_rows
from echo_fieldwork.people.participants import add_participant, get_by_code
from echo_fieldwork.people.study_form import study_form
from echo_fieldwork.study.study import Study

log = logging.getLogger("echo_fieldwork.people.survey_import")

CODE_COLUMNS = ("code", "record_id", "participant_code")
CONSENT_COLUMN = "consent"
CONSENT_DATE_COLUMN = "consent_date"
ITEM_COLUMNS = {"consent_audio": "audio", "consent_quotes": "quotes", "consent_contact": "contact"}
_YES = {"1", "yes", "oui", "y", "o", "true", "vrai", "checked", "coche", "x", "agree", "accepte", "j'accepte"}
_NO = {"", "0", "no", "non", "n", "false", "faux", "unchecked", "non coche", "disagree", "refuse"}


@dataclass(frozen=True)
class SurveyMapping:
    """How the export's columns map to the study (empty: the defaults above)."""
    code_column: str = ""
    fields: dict[str, str] = field(default_factory=dict)      # column → form field
    items: dict[str, str] = field(default_factory=dict)       # column → consent item (audio, quotes, contact)
    consent_column: str = CONSENT_COLUMN
    consent_date_column: str = CONSENT_DATE_COLUMN
    consent_version: int | None = None
    consent_language: str = "fr"


@dataclass(frozen=True)
class SurveyRow:
    line: int
    code: str
    new: bool
    answers: dict[str, Any]
    consented_at: str | None          # None: no consent in this row
    agreed: frozenset[str]


@dataclass(frozen=True)
class SurveyPlan:
    rows: tuple[SurveyRow, ...]
    ignored_columns: tuple[str, ...]
    consent_form_id: int | None

    def preview(self) -> list[str]:
        lines = []
        for row in self.rows:
            consent_text = (_("electronic consent of {date} ({items})").format(
                date=row.consented_at[:10], items=", ".join(sorted(row.agreed)) or _("no optional element"))
                if row.consented_at else _("no consent"))
            lines.append(_("line {line}: {code} ({status}), {n} answers, {consent}").format(
                line=row.line, code=row.code, status=_("new") if row.new else _("already in the study"),
                n=len(row.answers), consent=consent_text))
        if self.ignored_columns:
            lines.append(_("Columns ignored: {columns}").format(columns=", ".join(self.ignored_columns)))
        return lines


def _yes_no(value: str) -> bool | None:
    folded = fold(value)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    return None


def plan_survey_import(study: Study, path: Path | str, mapping: SurveyMapping | None = None,
                       form: Form | None = None) -> SurveyPlan:
    """Check every row; UserError listing each bad row (with its line number) if any is bad."""
    mapping = mapping or SurveyMapping()
    form = form or study_form(study)
    table = _read(Path(path))
    if not table or not any(cell.strip() for cell in table[0]):
        raise UserError(_("The file {path} is empty.").format(path=path))
    columns = [c.strip() for c in table[0]]
    header_problems = []
    code_column = mapping.code_column or next((c for c in CODE_COLUMNS if c in columns), "")
    if code_column not in columns:
        header_problems.append(_("no participant code column (code or record_id; choose one with --code-column)"))
    field_of = {c: c for c in columns if c in form.field_names}
    field_of.update(mapping.fields)
    item_of = {c: item for c, item in ITEM_COLUMNS.items() if c in columns}
    item_of.update(mapping.items)
    for column in [*mapping.fields, *mapping.items]:
        if column not in columns:
            header_problems.append(_("the mapped column {column!r} is not in the file").format(column=column))
    for name in mapping.fields.values():
        if name not in form.field_names:
            header_problems.append(_("{field!r} is not a field of the study's questionnaire ({fields})").format(
                field=name, fields=", ".join(form.field_names)))
    for item in mapping.items.values():
        if item not in consent.OPTIONAL_ITEMS:
            header_problems.append(_("{item!r} is not a consent element ({items})").format(
                item=item, items=", ".join(consent.OPTIONAL_ITEMS)))
    has_consent = mapping.consent_date_column in columns
    form_id = None
    if has_consent:
        if mapping.consent_version is None:
            header_problems.append(_("the file holds consents: say which version of the consent form they were "
                                     "given on (--consent-version)"))
        else:
            found = consent.find_form(study, mapping.consent_language, mapping.consent_version)
            consent.check_ready(found)
            form_id = found.id
    if header_problems:
        raise UserError(_("The CSV header (line 1) cannot be used:"), details=header_problems)
    used = {code_column, *field_of, *item_of, mapping.consent_column, mapping.consent_date_column}
    ignored = tuple(c for c in columns if c and c not in used)

    rows: list[SurveyRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, values in table_rows(table, columns, problems):
        reasons: list[str] = []
        code = code_of_row(values.get(code_column, ""), line, seen, reasons)
        raw = {name: values[column] for column, name in field_of.items() if values.get(column)}
        answers: dict[str, Any] = {}
        if raw:
            answers, answer_problems = questionnaire.check_answers(form, raw, match_labels=True)
            reasons.extend(questionnaire.problem_lines(form, answer_problems))
        consented_at, agreed = None, set()
        if has_consent and values.get(mapping.consent_date_column):
            given = _yes_no(values[mapping.consent_column]) if mapping.consent_column in values else True
            if given is None:
                reasons.append(_("{column}: {value!r} is neither yes nor no").format(
                    column=mapping.consent_column, value=values[mapping.consent_column]))
            elif given:
                try:
                    consented_at = consent.parse_event_time(values[mapping.consent_date_column])
                except UserError as error:
                    reasons.append(f"{mapping.consent_date_column}: {error.message}")
                for column, item in item_of.items():
                    answer = _yes_no(values.get(column, ""))
                    if answer is None:
                        reasons.append(_("{column}: {value!r} is neither yes nor no").format(
                            column=column, value=values[column]))
                    elif answer:
                        agreed.add(item)
        if reasons:
            problems.append(_("line {line}: {reasons}").format(
                line=line, reasons="; ".join(reason.rstrip(".") for reason in reasons)))
            continue
        rows.append(SurveyRow(line, code, get_by_code(study, code) is None, answers, consented_at, frozenset(agreed)))
    refuse_unless_clean(problems, rows, path)
    return SurveyPlan(tuple(rows), ignored, form_id)


@dataclass(frozen=True)
class SurveyImportResult:
    participants_added: int
    answer_sets: int
    consents: int


def import_survey(study: Study, plan: SurveyPlan, form: Form | None = None) -> SurveyImportResult:
    """Import every row of a checked plan in one transaction (all or nothing)."""
    form = form or study_form(study)
    added = answer_sets = consents = 0
    with study.db.atomic():
        for row in plan.rows:
            participant = get_by_code(study, row.code)
            if participant is None:
                participant = add_participant(study, row.code, "participant")
                added += 1
            if row.answers:
                questionnaire.save_answers(study, participant.id, form, row.answers)
                answer_sets += 1
            if row.consented_at and plan.consent_form_id is not None:
                consent.record_consent(study, participant.id, plan.consent_form_id, "electronic", set(row.agreed),
                                       consented_at=row.consented_at)
                consents += 1
        study.audit("participants.import_survey", "study", "", {"rows": len(plan.rows), "added": added,
                                                                "answer_sets": answer_sets, "consents": consents})
    log.info("survey import: %d rows, %d added, %d answer sets, %d consents", len(plan.rows), added, answer_sets,
             consents)
    return SurveyImportResult(added, answer_sets, consents)
