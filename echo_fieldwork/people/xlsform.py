"""Questionnaire forms written as XLSForm spreadsheets (`.xlsx`), as ODK and KoBoToolbox users write them.

Sheets `survey` (type, name, label, hint, required, constraint, constraint_message, relevant, and this
app's own `table1`: counts or median, how Table 1 summarises the field),
`choices` (list_name, name, label) and `settings` (form_id, version, form_title). Labels per language
are columns such as `label::Français (fr)`, `label::fr` or `label::English (en)`; a plain `label` column
serves both languages. The subset read is the one of YAML forms (`forms.FIELD_TYPES`); XLSForm's metadata
(start, end, today…), notes and groups hold no answer and are skipped. Every problem is reported with its
sheet and row, and a form with any problem is refused as a whole, as YAML forms are. The form's SHA-256
is that of its cells, so the same sheet saved again is the same form.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from echo_fieldwork.errors import UserError
from echo_fieldwork.fileutil import sha256_text
from echo_fieldwork.i18n import _
from echo_fieldwork.people.form_expr import Expression, ExpressionError, parse_expression
from echo_fieldwork.people.forms import (
    FIELD_TYPES,
    LANGUAGES,
    NAME_PATTERN,
    Choice,
    Field,
    Form,
    check_names_and_references,
    table1_problem,
)

# Rows that hold no answer: XLSForm metadata, notes, and group boundaries (their fields are read as if flat).
SKIPPED_TYPES = {"start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber",
                 "audit", "note", "begin group", "end group", "begin_group", "end_group", "begin repeat",
                 "end repeat", "begin_repeat", "end_repeat"}
_SURVEY_COLUMNS = {"type", "name", "label", "hint", "required", "constraint", "constraint_message", "relevant",
                   "required_message", "appearance", "default", "read_only", "calculation", "media", "image",
                   "audio", "video", "guidance_hint", "choice_filter", "parameters", "trigger", "table1"}
_TRANSLATED = {"label", "hint", "constraint_message", "form_title", "required_message", "guidance_hint"}
_LANGUAGE_NAMES = {"fr": "fr", "français": "fr", "francais": "fr", "french": "fr",
                   "en": "en", "english": "en", "anglais": "en"}
_YES = {"yes", "true", "true()", "1"}
_NO = {"no", "false", "false()", "0", ""}


def is_xlsform(path: Path | str) -> bool:
    return Path(path).suffix.lower() in (".xlsx", ".xlsm")


def load_xlsform(path: Path | str) -> Form:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(_("The form file {path} cannot be read: {error}").format(path=path, error=error.strerror)) from None
    return parse_xlsform(raw, source=str(path))


def _language(suffix: str) -> str | None:
    """'French (fr)' → 'fr'; 'fr' → 'fr'; 'English' → 'en'; anything else → None."""
    text = suffix.strip().casefold()
    match = re.search(r"\(([a-z]{2,3})(?:[-_][a-z]+)?\)\s*$", text)
    if match:
        text = match.group(1)
    return _LANGUAGE_NAMES.get(text)


class _Sheet:
    """One sheet as its header and rows: {column: text}, with the spreadsheet's row numbers."""

    def __init__(self, name: str, worksheet: Any, problems: list[str]) -> None:
        self.name = name
        self.rows: list[tuple[int, dict[str, str]]] = []
        self.columns: list[str] = []
        header: list[str] | None = None
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = ["" if v is None else str(v).strip() for v in values]
            if header is None:
                if any(cells):
                    header = [c.strip() for c in cells]
                    self.header_row = number
                continue
            if not any(cells):
                continue
            row = {header[i]: cells[i] for i in range(min(len(header), len(cells))) if header[i] and cells[i]}
            self.rows.append((number, row))
        self.columns = [c for c in (header or []) if c]
        self.problems = problems

    def add(self, row: int, message: str) -> None:
        self.problems.append(_("sheet {sheet}, row {row}: {problem}").format(sheet=self.name, row=row,
                                                                             problem=message))


def _translations(sheet: _Sheet, row_number: int, row: dict[str, str], key: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    for column, value in row.items():
        base, sep, suffix = column.partition("::")
        if base.strip().casefold() != key:
            continue
        if not sep:
            for language in LANGUAGES:
                texts.setdefault(language, value)
            continue
        language = _language(suffix)
        if language is None:
            sheet.add(row_number, _("the column {column!r} is in a language this app does not use (French or "
                                    "English: write e.g. label::Français (fr))").format(column=column))
            continue
        texts[language] = value
    return texts


def _check_columns(sheet: _Sheet, known: set[str]) -> None:
    for column in sheet.columns:
        base = column.partition("::")[0].strip().casefold()
        if base not in known:
            sheet.add(sheet.header_row, _("unknown column {column!r}").format(column=column))


def _expression(sheet: _Sheet, row_number: int, text: str, key: str) -> Expression | None:
    if not text:
        return None
    try:
        return parse_expression(text)
    except ExpressionError as error:
        sheet.add(row_number, _("bad '{key}' expression: {error}").format(key=key, error=error))
        return None


def parse_xlsform(raw: bytes, *, source: str = "<form.xlsx>") -> Form:
    """Check and build a form from the bytes of an XLSForm spreadsheet; UserError listing every problem."""
    import openpyxl  # only when a spreadsheet is read: the app starts without it

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UserError(_("The form file {path} is not an Excel spreadsheet (.xlsx): {error}").format(
            path=source, error=error)) from None
    problems: list[str] = []
    try:
        names = {name.strip().casefold(): name for name in book.sheetnames}
        if "survey" not in names:
            raise UserError(_("The form file {path} has no 'survey' sheet (an XLSForm has the sheets survey, "
                              "choices and settings).").format(path=source))
        survey = _Sheet("survey", book[names["survey"]], problems)
        choices_sheet = _Sheet("choices", book[names["choices"]], problems) if "choices" in names else None
        settings = _Sheet("settings", book[names["settings"]], problems) if "settings" in names else None
    finally:
        book.close()
    lists = _choice_lists(choices_sheet) if choices_sheet else {}
    form_id, version, titles = _settings(settings, source, problems)
    _check_columns(survey, _SURVEY_COLUMNS)
    fields: list[Field] = []
    for row_number, row in survey.rows:
        built = _field(survey, row_number, row, lists)
        if built is not None:
            fields.append(built)
    if not fields and not problems:
        problems.append(_("sheet survey: the form has no field to answer"))
    check_names_and_references(fields, problems, where=lambda item: _("sheet {sheet}, row {row}").format(
        sheet="survey", row=item.line))
    if problems:
        raise UserError(_("The form file {path} has problems:").format(path=source), details=problems)
    # The digest is of the cells, not of the file: saving the same sheet again (new timestamps inside the
    # zip) is the same form; changing a label is not.
    cells = {sheet.name: sheet.rows for sheet in (survey, choices_sheet, settings) if sheet is not None}
    digest = sha256_text(json.dumps(cells, ensure_ascii=False, sort_keys=True))
    return Form(form_id, version, digest, fields, titles, source)


def _settings(sheet: _Sheet | None, source: str, problems: list[str]) -> tuple[str, str, dict[str, str]]:
    fallback_id = re.sub(r"[^A-Za-z0-9_]+", "_", Path(source).stem).strip("_") or "form"
    if sheet is None or not sheet.rows:
        problems.append(_("sheet settings: give form_id and version (a 'settings' sheet with the columns "
                          "form_id and version, and one row)"))
        return fallback_id, "", {}
    _check_columns(sheet, {"form_id", "version", "form_title", "default_language", "instance_name", "style",
                           "public_key", "submission_url", "allow_choice_duplicates"})
    row_number, row = sheet.rows[0]
    form_id = row.get("form_id", "")
    version = row.get("version", "")
    if not form_id:
        sheet.add(row_number, _("'{key}' is missing").format(key="form_id"))
    elif not NAME_PATTERN.match(form_id):
        sheet.add(row_number, _("the name {name!r} must be letters, digits and _ (no spaces)").format(name=form_id))
    if not version:
        sheet.add(row_number, _("'{key}' is missing").format(key="version"))
    return form_id, version, _translations(sheet, row_number, row, "form_title")


def _choice_lists(sheet: _Sheet) -> dict[str, list[Choice]]:
    _check_columns(sheet, {"list_name", "list name", "name", "label", "image", "media", "filter"})
    lists: dict[str, list[Choice]] = {}
    for row_number, row in sheet.rows:
        list_name = row.get("list_name") or row.get("list name", "")
        name = row.get("name", "")
        labels = _translations(sheet, row_number, row, "label")
        if not list_name:
            sheet.add(row_number, _("'{key}' is missing").format(key="list_name"))
            continue
        if not name:
            sheet.add(row_number, _("'{key}' is missing").format(key="name"))
            continue
        if not labels:
            sheet.add(row_number, _("the choice {name!r} has no label").format(name=name))
        entries = lists.setdefault(list_name, [])
        if any(c.name == name for c in entries):
            sheet.add(row_number, _("the choice {name!r} appears twice").format(name=name))
            continue
        entries.append(Choice(name, labels))
    return lists


def _field(sheet: _Sheet, row_number: int, row: dict[str, str], lists: dict[str, list[Choice]]) -> Field | None:
    type_text = " ".join(row.get("type", "").split())
    if type_text.casefold() in SKIPPED_TYPES:
        if type_text.casefold().startswith("begin") and row.get("relevant"):
            sheet.add(row_number, _("'relevant' on a group is not supported here: put it on each field of the "
                                    "group"))
        return None
    name = row.get("name", "")
    if not type_text:
        sheet.add(row_number, _("'{key}' is missing").format(key="type"))
        return None
    if not name:
        sheet.add(row_number, _("'{key}' is missing").format(key="name"))
    elif not NAME_PATTERN.match(name):
        sheet.add(row_number, _("the name {name!r} must be letters, digits and _ (no spaces)").format(name=name))
    field_type, _space, list_name = type_text.partition(" ")
    list_name = list_name.strip()
    if field_type not in FIELD_TYPES:
        sheet.add(row_number, _("unknown type {type!r} (use one of: {types})").format(
            type=type_text, types=", ".join(FIELD_TYPES)))
        return None
    choices: list[Choice] = []
    if field_type in ("select_one", "select_multiple"):
        if not list_name:
            sheet.add(row_number, _("a {type} field needs choices").format(type=field_type))
        elif list_name not in lists:
            sheet.add(row_number, _("no choice list named {list!r}").format(list=list_name))
        else:
            choices = lists[list_name]
    labels = _translations(sheet, row_number, row, "label")
    if not labels:
        sheet.add(row_number, _("'label' is missing"))
    required_text = row.get("required", "").strip().casefold()
    if required_text not in _YES | _NO:
        sheet.add(row_number, _("'required' must be yes or no"))
    table1 = row.get("table1", "").strip().casefold()
    if table1 and table1_problem(field_type, table1):
        sheet.add(row_number, table1_problem(field_type, table1))
    return Field(name=name, type=field_type, labels=labels, choices=choices, required=required_text in _YES,
                 table1=table1,
                 constraint=_expression(sheet, row_number, row.get("constraint", ""), "constraint"),
                 constraint_messages=_translations(sheet, row_number, row, "constraint_message"),
                 relevant=_expression(sheet, row_number, row.get("relevant", ""), "relevant"),
                 hints=_translations(sheet, row_number, row, "hint"), line=row_number)
