"""The study's questionnaire written for an online survey tool: a REDCap data dictionary (CSV) and an
XLSForm (.xlsx, for LimeSurvey's or KoboToolbox's importers), so that participants can fill it in
beforehand and the answers come back through `survey_import`.

The field names are kept as they are, so the export imports back without any mapping. REDCap's first
column is its record id: `record_id`, which `survey_import` reads as the participant code. Constraints
and relevance are written in the XLSForm (same language); REDCap's branching logic has its own syntax
and is left for the team to set in REDCap (the import checks every answer against the form anyway).
"""

from __future__ import annotations

import csv
from pathlib import Path

from echo_fieldwork.fileutil import create_private
from echo_fieldwork.people.forms import Form

REDCAP_COLUMNS = ("Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
                  "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
                  "Text Validation Min", "Text Validation Max", "Identifier?",
                  "Branching Logic (Show field only if...)", "Required Field?", "Custom Alignment",
                  "Question Number (surveys only)", "Matrix Group Name", "Matrix Ranking?", "Field Annotation")
_REDCAP_TYPES = {"select_one": ("radio", ""), "select_multiple": ("checkbox", ""), "integer": ("text", "integer"),
                 "text": ("text", ""), "date": ("text", "date_ymd")}
LANGUAGES = {"fr": "French (fr)", "en": "English (en)"}


def redcap_rows(form: Form, language: str = "fr") -> list[list[str]]:
    instrument = form.id.lower()
    rows = [list(REDCAP_COLUMNS),
            ["record_id", instrument, "", "text", "Code" if language == "en" else "Code du participant"]
            + [""] * (len(REDCAP_COLUMNS) - 5)]
    for item in form.fields:
        field_type, validation = _REDCAP_TYPES[item.type]
        choices = " | ".join(f"{c.name}, {c.label(language)}" for c in item.choices)
        row = dict.fromkeys(REDCAP_COLUMNS, "")
        row.update({"Variable / Field Name": item.name, "Form Name": instrument, "Field Type": field_type,
                    "Field Label": item.label(language), "Choices, Calculations, OR Slider Labels": choices,
                    "Field Note": item.hint(language) if item.hints else "",
                    "Text Validation Type OR Show Slider Number": validation,
                    "Required Field?": "y" if item.required else ""})
        rows.append([row[c] for c in REDCAP_COLUMNS])
    return rows


def write_redcap_dictionary(form: Form, path: Path | str, language: str = "fr") -> Path:
    path = Path(path)
    with create_private(path, exclusive=False) as raw:
        raw.write("\ufeff".encode())   # Excel and REDCap read UTF-8 with its BOM
        text = _csv_text(redcap_rows(form, language))
        raw.write(text.encode("utf-8"))
    return path


def _csv_text(rows: list[list[str]]) -> str:
    import io

    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def write_xlsform(form: Form, path: Path | str) -> Path:
    """An XLSForm with both languages' labels, hints, constraints and relevance."""
    from openpyxl import Workbook

    languages = [lang for lang in LANGUAGES if any(lang in f.labels for f in form.fields)] or ["en"]
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", *(f"label::{LANGUAGES[lang]}" for lang in languages),
                   *(f"hint::{LANGUAGES[lang]}" for lang in languages), "required", "constraint",
                   *(f"constraint_message::{LANGUAGES[lang]}" for lang in languages), "relevant"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", *(f"label::{LANGUAGES[lang]}" for lang in languages)])
    for item in form.fields:
        field_type = f"{item.type} {item.name}" if item.is_select else item.type
        survey.append([field_type, item.name, *(item.labels.get(lang, "") for lang in languages),
                       *(item.hints.get(lang, "") for lang in languages), "yes" if item.required else "",
                       item.constraint.source if item.constraint else "",
                       *(item.constraint_messages.get(lang, "") for lang in languages),
                       item.relevant.source if item.relevant else ""])
        for choice in item.choices:
            choices.append([item.name, choice.name, *(choice.labels.get(lang, "") for lang in languages)])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version", *(f"form_title::{LANGUAGES[lang]}" for lang in languages)])
    settings.append([form.id, form.version, *(form.titles.get(lang, "") for lang in languages)])
    path = Path(path)
    with create_private(path, exclusive=False) as raw:
        book.save(raw)
    return path
