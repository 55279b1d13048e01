"""Renderers: one `Report` → Markdown text, CSV text, or a DOCX file (APA-style table)."""

from __future__ import annotations

import io
from pathlib import Path

from echo_fieldwork.fileutil import SpreadsheetCsvWriter, save_in_one_write
from echo_fieldwork.reports.document import Paragraph, Report, Row, Table

FORMATS = ("docx", "csv", "md")


# -- Markdown --------------------------------------------------------------------------------------------
def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _md_row(row: Row, width: int) -> str:
    if row.kind == "section":
        cells = [f"**{_md_cell(row.cells[0])}**"] + [_md_cell(c) for c in row.cells[1:]]
    elif row.kind == "subsection":
        cells = [f"*{_md_cell(row.cells[0])}*"] + [_md_cell(c) for c in row.cells[1:]]
    else:
        cells = [f"*{_md_cell(c)}*" if i in row.muted and c else _md_cell(c) for i, c in enumerate(row.cells)]
    cells += [""] * (width - len(cells))
    return "| " + " | ".join(cells) + " |"


def _md_table(table: Table) -> list[str]:
    width = len(table.columns)
    align = [":--"] + ([":-:"] if table.align_numbers else [":--"]) * (width - 1)
    lines = ["| " + " | ".join(_md_cell(c) for c in table.columns) + " |", "| " + " | ".join(align) + " |"]
    lines += [_md_row(row, width) for row in table.rows]
    return lines


def render_markdown(report: Report) -> str:
    lines: list[str] = []
    if report.label:
        lines += [f"**{report.label}**", ""]
    lines += [f"*{report.title}*" if report.label else f"# {report.title}", ""]
    for block in report.blocks:
        if isinstance(block, Table):
            lines += _md_table(block) + [""]
        elif block.style == "heading":
            lines += [f"### {block.text}", ""]
        elif block.style == "quote":
            lines += [f"> {block.text}", ""]
        else:
            lines += [block.text, ""]
    if report.notes:
        lines += [f"*{report.note_label}* " + " ".join(report.notes), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- CSV -------------------------------------------------------------------------------------------------
def render_csv(report: Report) -> str:
    """The report's tables as CSV (comma, UTF-8; the file is written with a BOM so Excel reads accents).
    Notes are not in the CSV: it is data for a spreadsheet; the DOCX and Markdown carry the footnotes."""
    buffer = io.StringIO()
    writer = SpreadsheetCsvWriter(buffer, lineterminator="\n")
    for index, table in enumerate(report.tables()):
        if index:
            writer.writerow([])
        if table.csv_rows is not None:
            writer.writerow(table.csv_columns or table.columns)
            writer.writerows(table.csv_rows)
        else:
            writer.writerow(table.columns)
            for row in table.rows:
                writer.writerow(row.cells + [""] * (len(table.columns) - len(row.cells)))
    return buffer.getvalue()


# -- DOCX ------------------------------------------------------------------------------------------------
def render_docx(report: Report, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    # Letter paper: the team is in Montréal; 2.54 cm margins as APA asks.
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)
    if report.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.54))
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(0)
    document.core_properties.title = report.title
    document.core_properties.language = report.language

    def paragraph(text: str = "", *, bold: bool = False, italic: bool = False, space_after: float = 6):
        par = document.add_paragraph()
        par.paragraph_format.space_after = Pt(space_after)
        if text:
            run = par.add_run(text)
            run.bold, run.italic = bold, italic
        return par

    if report.label:
        paragraph(report.label, bold=True, space_after=12)
        paragraph(report.title, italic=True, space_after=12)
    else:
        paragraph(report.title, bold=True, space_after=12).runs[0].font.size = Pt(14)
    usable_cm = (section.page_width - section.left_margin - section.right_margin) / 360000
    for block in report.blocks:
        if isinstance(block, Paragraph):
            if block.style == "heading":
                paragraph(block.text, bold=True, space_after=6)
            elif block.style == "quote":
                par = paragraph(block.text, italic=True)
                par.paragraph_format.left_indent = Cm(1)
            else:
                paragraph(block.text)
            continue
        table = document.add_table(rows=1 + len(block.rows), cols=len(block.columns))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = block.widths_cm or _default_widths(block, usable_cm)
        for col, width in enumerate(widths):
            table.columns[col].width = Cm(width)
            for cell in table.columns[col].cells:
                cell.width = Cm(width)
        size = block.font_size_pt
        for col, title in enumerate(block.columns):
            _fill(table.cell(0, col), title, centred=block.align_numbers and col > 0, size=size)
        for index, row in enumerate(block.rows, start=1):
            if row.kind in ("section", "subsection"):
                merged = table.cell(index, 0).merge(table.cell(index, len(block.columns) - 1))
                _fill(merged, row.cells[0], bold=row.kind == "section", italic=row.kind == "subsection", size=size)
                continue
            for col, text in enumerate(row.cells):
                par = _fill(table.cell(index, col), text, centred=block.align_numbers and col > 0, size=size,
                            muted=col in row.muted)
                if col == 0 and row.indent:
                    par.paragraph_format.left_indent = Cm(0.5 * row.indent)
        _apa_borders(table, header_rows=1)
        for cell in table.rows[0].cells:
            # Set after the borders: w:vAlign must follow w:tcBorders in the cell properties.
            cell.vertical_alignment = WD_ALIGN_VERTICAL.BOTTOM
        _repeat_header(table.rows[0])
        paragraph(space_after=6)
    if report.notes:
        par = paragraph(space_after=0)
        par.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run = par.add_run(report.note_label)
        run.italic = True
        par.add_run(" " + " ".join(report.notes))
    save_in_one_write(document.save, path)


def _default_widths(table: Table, usable_cm: float) -> list[float]:
    count = len(table.columns)
    if count == 1:
        return [usable_cm]
    first = min(usable_cm * 0.55, 9.5) if table.align_numbers else usable_cm / count
    rest = (usable_cm - first) / (count - 1)
    return [first] + [rest] * (count - 1)


def _fill(cell, text: str, *, bold: bool = False, italic: bool = False, centred: bool = False,
          size: float | None = None, muted: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    par = cell.paragraphs[0]
    lines = text.split("\n")
    for number, line in enumerate(lines):
        run = par.add_run(line)
        run.bold, run.italic = bold, italic or muted
        if size:
            run.font.size = Pt(size)
        if muted:
            run.font.color.rgb = RGBColor(0x6E, 0x6E, 0x6E)
        if number < len(lines) - 1:
            run.add_break()
    par.paragraph_format.space_before = Pt(2)
    par.paragraph_format.space_after = Pt(2)
    if centred:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return par


def _border_xml(edges: dict[str, bool]):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        if edges.get(edge):
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), "8")
            element.set(qn("w:color"), "000000")
        else:
            element.set(qn("w:val"), "nil")
        borders.append(element)
    return borders


def _apa_borders(table, header_rows: int) -> None:
    """APA tables: a rule above and below the header and one at the bottom, no vertical lines."""
    last = len(table.rows) - 1
    for r, row in enumerate(table.rows):
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            edges = {"top": r == 0, "bottom": r == header_rows - 1 or r == last}
            properties = cell._tc.get_or_add_tcPr()
            for old in properties.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tcBorders"):
                properties.remove(old)
            properties.append(_border_xml(edges))


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
