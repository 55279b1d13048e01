"""The one plain structure every report is built into before any renderer sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass
class Row:
    cells: list[str]
    kind: str = "data"      # "data"; "section"/"subsection": a heading (first cell only) spanning the table
    indent: int = 0         # data rows under a section heading are indented one level in the DOCX
    muted: tuple[int, ...] = ()  # columns holding a placeholder ("to complete"): italic grey, italic in Markdown


@dataclass
class Table:
    columns: list[str]
    rows: list[Row]
    widths_cm: list[float] | None = None
    # Machine-readable form for CSV (raw numbers, one row per fact); the display rows are used if absent.
    csv_columns: list[str] | None = None
    csv_rows: list[list[str]] | None = None
    align_numbers: bool = True  # centre every column but the first (APA tables of counts)
    font_size_pt: float | None = None  # smaller type for long checklists


@dataclass
class Paragraph:
    text: str
    style: str = "body"     # "body", "heading" or "quote"


Block = Union[Table, Paragraph]


@dataclass
class Report:
    kind: str               # "table1", "methods", "coreq", "quotes"
    language: str           # the language the document is written in
    label: str              # "Table 1" / "Tableau 1"; may be empty
    title: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    note_label: str = "Note."
    landscape: bool = False

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
