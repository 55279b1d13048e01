"""Write resources/forms/sociodemographic_example.xlsx: the bundled generic questionnaire as an XLSForm.

    python3 tools/xlsform_example.py

The spreadsheet is what a team starts from to write its own questionnaire (docs/user-guide.md,
"Votre propre questionnaire"); tests check that it reads back as the same form as the YAML one.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from echo_fieldwork.people.forms import load_form

SOURCE = ROOT / "resources" / "forms" / "sociodemographic_generic.yaml"
TARGET = ROOT / "resources" / "forms" / "sociodemographic_example.xlsx"
LANGS = (("fr", "Français (fr)"), ("en", "English (en)"))


def _sheet(book, title: str, header: list[str], rows: list[list[str]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 48)
    sheet.freeze_panes = "A2"


def main() -> None:
    import yaml

    form = load_form(SOURCE)
    raw = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    book = openpyxl.Workbook()
    book.remove(book.active)
    header = (["type", "name"] + [f"label::{n}" for _c, n in LANGS] + [f"hint::{n}" for _c, n in LANGS]
              + ["required", "relevant", "constraint"] + [f"constraint_message::{n}" for _c, n in LANGS])
    rows = []
    for item, entry in zip(form.fields, raw["survey"]):
        rows.append([entry["type"], item.name] + [item.labels.get(c, "") for c, _n in LANGS]
                    + [item.hints.get(c, "") for c, _n in LANGS]
                    + ["yes" if item.required else "", entry.get("relevant", ""), entry.get("constraint", "")]
                    + [item.constraint_messages.get(c, "") for c, _n in LANGS])
    _sheet(book, "survey", header, rows)
    choice_rows = []
    for list_name, choices in raw["choices"].items():
        for choice in choices:
            choice_rows.append([list_name, str(choice["name"])] + [choice["label"][c] for c, _n in LANGS])
    _sheet(book, "choices", ["list_name", "name"] + [f"label::{n}" for _c, n in LANGS], choice_rows)
    _sheet(book, "settings", ["form_id", "version"] + [f"form_title::{n}" for _c, n in LANGS],
           [[form.id, form.version] + [form.titles[c] for c, _n in LANGS]])
    stamp = dt.datetime(2026, 1, 1)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "echo_fieldwork"
    book.save(TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
