"""DOCX renderer (python-docx): header block, timestamped speaker turns, field notes as an appendix,
page numbers in the footer. Arial 11 pt: present in Word everywhere, and LibreOffice maps it to the
metric-compatible Liberation Sans."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from echo_fieldwork.export.model import Note, SessionExport
from echo_fieldwork.export.text import header_lines, no_quote_mark
from echo_fieldwork.fileutil import save_in_one_write
from echo_fieldwork.i18n import translator
from echo_fieldwork.timeutil import format_ms

FONT = "Arial"
GREY = RGBColor(0x59, 0x59, 0x59)


def new_document(language: str, title: str) -> Document:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "fr-CA" if language == "fr" else "en-CA")
    normal.element.get_or_add_rPr().append(lang)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.name = FONT
    # No personal data in the file's properties (python-docx's template names its own author).
    properties = document.core_properties
    properties.author = "echo_fieldwork"
    properties.last_modified_by = "echo_fieldwork"
    properties.title = title
    properties.comments = ""
    properties.keywords = ""
    _page_numbers(document)
    return document


def _page_numbers(document: Document) -> None:
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")  # the same word in French and English
    _field(paragraph, "PAGE")
    paragraph.add_run(" / ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / placeholder / end runs."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run("1")
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _header_table(document: Document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Light List Accent 1" if "Light List Accent 1" in [s.name for s in document.styles] else None
    table.autofit = False
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
        # Word reads the width of each cell, LibreOffice that of the columns: set both.
        cells[0].width, cells[1].width = Cm(5.5), Cm(10.5)
    table.columns[0].width, table.columns[1].width = Cm(5.5), Cm(10.5)


def _notes_section(document: Document, doc: SessionExport, notes: list[Note]) -> None:
    tr = doc.tr
    document.add_heading(tr.gettext("Appendix: field notes"), level=1)
    for note in notes:
        paragraph = document.add_paragraph()
        when = format_ms(note.recording_ms) if note.recording_ms is not None else "--:--:--"
        stamp = paragraph.add_run(f"[{when}] ")
        stamp.font.color.rgb = GREY
        if note.question_label:
            paragraph.add_run(f"({note.question_label}) ").italic = True
        paragraph.add_run(note.text)


NOTES_AS = ("appendix", "comments")


def render_docx(doc: SessionExport, path: Path, notes_as: str = "appendix") -> None:
    """`notes_as`: field notes in an appendix, or as Word comments on the turn being spoken when the
    note was taken (notes without a recording time still go to the appendix)."""
    tr = doc.tr
    title = tr.gettext("Transcript — {code}").format(code=doc.code)
    document = new_document(doc.language, title)
    document.add_heading(title, level=0)
    _header_table(document, header_lines(doc))
    document.add_paragraph()
    separator = " : " if doc.language == "fr" else ": "
    bodies = []
    for turn in doc.turns:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(6)
        stamp = paragraph.add_run(f"[{format_ms(turn.start_ms)}] ")
        stamp.font.color.rgb = GREY
        stamp.font.size = Pt(9)
        paragraph.add_run(doc.speaker_label(turn) + separator).bold = True
        mark = no_quote_mark(doc, turn)
        if mark:
            paragraph.add_run(mark).font.color.rgb = GREY
        body = paragraph.add_run(turn.text)
        bodies.append((turn.start_ms, body))
        if turn.withdrawn:
            body.italic = True
    appendix = doc.notes
    if notes_as == "comments" and bodies:
        appendix = [n for n in doc.notes if n.recording_ms is None]
        for note in doc.notes:
            if note.recording_ms is None:
                continue
            # The turn under way when the note was taken (or the first one).
            anchor = next((run for start, run in reversed(bodies) if start <= note.recording_ms), bodies[0][1])
            key = f"({note.question_label}) " if note.question_label else ""
            document.add_comment(anchor, f"[{format_ms(note.recording_ms)}] {key}{note.text}", author="echo_fieldwork",
                                 initials="EF")
    if appendix:
        _notes_section(document, doc, appendix)
    save_in_one_write(document.save, path)


def render_notes_docx(docs: list[SessionExport], path: Path) -> None:
    """Field notes of one or more sessions, with recording times and guide question keys."""
    language = docs[0].language if docs else "fr"
    title = translator(language).gettext("Field notes")
    document = new_document(language, title)
    document.add_heading(title, level=0)
    for doc in docs:
        document.add_heading(f"{doc.code} — {doc.date}", level=1)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, (doc.tr.gettext("Time"), doc.tr.gettext("Guide question"),
                                                     doc.tr.gettext("Note"))):
            cell.paragraphs[0].add_run(label).bold = True
        for note in doc.notes:
            cells = table.add_row().cells
            cells[0].text = format_ms(note.recording_ms) if note.recording_ms is not None else ""
            cells[1].text = note.question_label
            cells[2].text = note.text
    save_in_one_write(document.save, path)
