"""Bulk import of participants and their questionnaire answers from a CSV file.

Header: `code`, then any of the form's field names, and optionally `study_role`, `name`, `email`,
`phone`, `other_contact` (names and contacts go to the identity table through `identity`). Choice
values may be written as the choice name or its label in either language, ignoring case and accents.
All rows valid → all imported in one transaction; any row invalid → nothing imported, and every bad
row is reported with its line number and reason.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext, translator
from echo_fieldwork.people import identity, questionnaire
from echo_fieldwork.people.forms import Form, fold
from echo_fieldwork.people.participants import STUDY_ROLES, add_participant, get_by_code, validate_code
from echo_fieldwork.people.study_form import study_form
from echo_fieldwork.study.study import Study

log = logging.getLogger("echo_fieldwork.people.participant_import")

IDENTITY_COLUMNS = {"name": "full_name", "email": "email", "phone": "phone", "other_contact": "other_contact"}
_ROLE_SYNONYMS = {"moderator": "interviewer", "moderateur": "interviewer", "animateur": "interviewer",
                  "animatrice": "interviewer", "intervieweur": "interviewer", "intervieweuse": "interviewer",
                  "observateur": "observer", "observatrice": "observer"}


@dataclass(frozen=True)
class ImportResult:
    participants: int
    answer_sets: int
    identities: int


@dataclass
class _Row:
    line: int
    code: str
    study_role: str
    identity: dict[str, str]
    answers: dict[str, Any]


def parse_role(value: str) -> str | None:
    """A study role from its name or its label in French or English ('' → participant)."""
    wanted = fold(value)
    if not wanted:
        return "participant"
    for role, label in STUDY_ROLES.items():
        if wanted == role or any(fold(translator(lang).gettext(label)) == wanted for lang in ("en", "fr")):
            return role
    return _ROLE_SYNONYMS.get(wanted)


def _read(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(_("The file {path} cannot be read: {error}").format(path=path, error=error.strerror)) from None
    try:
        text = raw.decode("utf-8-sig")  # Excel writes a BOM in front of UTF-8 CSV
    except UnicodeDecodeError as error:
        raise UserError(_("The file {path} is not UTF-8 text (byte {position}). Save it as “CSV UTF-8” and try "
                          "again.").format(path=path, position=error.start)) from None
    # French-locale spreadsheets save with ';' between values; take the separator the header uses.
    header = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise UserError(_("The file {path} is not a readable CSV file: {error}").format(path=path, error=error)) from None


def _check_header(header: list[str], form: Form) -> list[str]:
    columns = [h.strip() for h in header]
    known = {"code", "study_role", *IDENTITY_COLUMNS, *form.field_names}
    problems = []
    if "code" not in columns:
        problems.append(_("the header has no 'code' column"))
    unknown = [c for c in columns if c not in known]
    if unknown:
        problems.append(_("unknown columns: {columns} (expected code, study_role, name, email, phone, "
                          "other_contact and the form fields {fields})").format(
            columns=", ".join(repr(c) for c in unknown), fields=", ".join(form.field_names)))
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        problems.append(_("columns appear twice: {columns}").format(columns=", ".join(repeated)))
    if problems:
        raise UserError(_("The CSV header (line 1) cannot be used:"), details=problems)
    return columns


def table_rows(table: list[list[str]], columns: list[str], problems: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows of a CSV table as (line number, {column: value}). Blank lines are skipped (often at the
    end of a file); a row with the wrong number of values is reported in `problems` and skipped."""
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            problems.append(_("line {line}: {found} values for {expected} columns").format(
                line=line, found=len(cells), expected=len(columns)))
            continue
        yield line, dict(zip(columns, (cell.strip() for cell in cells)))


def code_of_row(raw: str, line: int, seen: dict[str, int], reasons: list[str]) -> str:
    """A row's participant code, checked and not repeated in the file (`seen`: code → first line);
    '' with the reason added when it is not usable."""
    try:
        code = validate_code(raw)
    except UserError as error:
        reasons.append(error.message)
        return ""
    if code.upper() in seen:
        reasons.append(_("the code {code} is already on line {other}").format(code=code, other=seen[code.upper()]))
        return ""
    seen[code.upper()] = line
    return code


def refuse_unless_clean(problems: list[str], rows: list, path: Path | str) -> None:
    """All or nothing: a file with any row in trouble, or with no row at all, imports nothing (every problem
    listed)."""
    if problems:
        raise UserError(ngettext("Nothing was imported: {n} row has a problem.",
                                 "Nothing was imported: {n} rows have problems.", len(problems)).format(
            n=len(problems)), details=problems)
    if not rows:
        raise UserError(_("The file {path} has no participant rows.").format(path=path))


def read_rows(study: Study, path: Path | str, form: Form) -> list[_Row]:
    """Check every row against the study and the form; UserError listing each bad row if any is bad."""
    table = _read(Path(path))
    if not table or not any(cell.strip() for cell in table[0]):
        raise UserError(_("The file {path} is empty.").format(path=path))
    columns = _check_header(table[0], form)
    rows: list[_Row] = []
    problems: list[str] = []
    codes_in_file: dict[str, int] = {}
    for line, values in table_rows(table, columns, problems):
        reasons: list[str] = []
        code = code_of_row(values.get("code", ""), line, codes_in_file, reasons)
        if code and get_by_code(study, code) is not None:
            reasons.append(_("the code {code} is already used in this study").format(code=code))
        role = parse_role(values.get("study_role", ""))
        if role is None:
            reasons.append(_("unknown study role {role!r} (participant, interviewer or observer)").format(
                role=values["study_role"]))
        raw_answers = {name: values[name] for name in form.field_names if values.get(name)}
        answers: dict[str, Any] = {}
        # A row without any answer (an interviewer, say) adds the person without a questionnaire.
        if raw_answers:
            answers, answer_problems = questionnaire.check_answers(form, raw_answers, match_labels=True)
            reasons.extend(questionnaire.problem_lines(form, answer_problems))
        if reasons:
            problems.append(_("line {line}: {reasons}").format(
                line=line, reasons="; ".join(reason.rstrip(".") for reason in reasons)))
            continue
        rows.append(_Row(line, code, role or "participant",
                         {target: values.get(column, "") for column, target in IDENTITY_COLUMNS.items()}, answers))
    refuse_unless_clean(problems, rows, path)
    return rows


def import_participants(study: Study, path: Path | str, form: Form | None = None) -> ImportResult:
    """Import every row of the CSV file or none of them."""
    form = form or study_form(study)
    rows = read_rows(study, path, form)
    answer_sets = identities = 0
    with study.db.atomic():
        for row in rows:
            participant = add_participant(study, row.code, row.study_role)
            if any(row.identity.values()):
                identity.set_identity(study, identity.Identity(participant.id, **row.identity))
                identities += 1
            if row.answers:
                questionnaire.save_answers(study, participant.id, form, row.answers, quiet=True)
                answer_sets += 1
        study.audit("participants.import", "study", "", {"rows": len(rows), "answer_sets": answer_sets,
                                                         "identities": identities})
    log.info("imported %d participants (%d answer sets, %d identities)", len(rows), answer_sets, identities)
    return ImportResult(len(rows), answer_sets, identities)
