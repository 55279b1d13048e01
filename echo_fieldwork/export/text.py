"""Plain-text renderers (UTF-8): speaker turns with [hh:mm:ss], MAXQDA/f4 timestamps, NVivo rows,
SRT and WebVTT subtitles. Each takes a deidentified `SessionExport` and returns the file's text.
A turn of someone who asked not to be quoted starts with the "[do not quote]" mark in every format."""

from __future__ import annotations

from echo_fieldwork.export.model import SessionExport, Turn
from echo_fieldwork.sessions.sessions import SESSION_KINDS
from echo_fieldwork.timeutil import format_ms


def header_lines(doc: SessionExport) -> list[tuple[str, str]]:
    """(label, value) pairs shown at the top of the DOCX and the plain text, in the document's language."""
    tr = doc.tr
    none = tr.gettext("none")
    rows = [
        (tr.gettext("Session"), doc.code),
        (tr.gettext("Kind"), tr.gettext(SESSION_KINDS.get(doc.kind, doc.kind))),
        (tr.gettext("Date"), doc.date),
        (tr.gettext("Duration"), format_ms(doc.duration_ms)),
        (tr.gettext("Participants"), ", ".join(doc.attendees) or none),
        (tr.gettext("Interviewers"), ", ".join(doc.interviewers) or none),
    ]
    if doc.observers:
        rows.append((tr.gettext("Observers"), ", ".join(doc.observers)))
    # Only what was done: a withdrawn person who did not speak had nothing removed.
    if doc.removed:
        rows.append((tr.gettext("Words removed (withdrawal or no consent)"), ", ".join(doc.removed)))
    if doc.withdrawn_silent:
        rows.append((tr.gettext("Withdrawn, no words of theirs in this transcript"), ", ".join(doc.withdrawn_silent)))
    if doc.no_quotes:
        rows.append((tr.gettext("Do not quote"), ", ".join(doc.no_quotes)))
    rows.append((tr.gettext("Deidentified"), tr.gettext("yes") if doc.deidentified else tr.gettext("NO")))
    return rows


def _colon(doc: SessionExport) -> str:
    # French typography puts a space before the colon.
    return " : " if doc.language == "fr" else ": "


def no_quote_mark(doc: SessionExport, turn: Turn) -> str:
    """"[do not quote] " before the words of someone who asked not to be quoted (else "")."""
    if turn.withdrawn or turn.speaker not in doc.no_quotes:
        return ""
    return doc.tr.gettext("[do not quote]") + " "


def turn_text(doc: SessionExport, turn: Turn, text: str | None = None) -> str:
    """The turn's words (or `text`, one part of them) as every format shows them, with the mark."""
    return no_quote_mark(doc, turn) + (turn.text if text is None else text)


def plain_layout(doc: SessionExport) -> tuple[str, list[tuple[Turn, int, int]]]:
    """The plain text, and where each turn's words are in it: (turn, start, end) as character offsets
    (Unicode code points, what REFI-QDA selections count)."""
    sep = _colon(doc)
    lines = [f"{label}{sep}{value}" for label, value in header_lines(doc)]
    lines.append("")
    text = "\n".join(lines) + "\n"
    spans = []
    for turn in doc.turns:
        prefix = f"[{format_ms(turn.start_ms)}] {doc.speaker_label(turn)}{sep}"
        body = turn_text(doc, turn)
        start = len(text) + len(prefix)
        text += prefix + body + "\n"
        spans.append((turn, start, start + len(body)))
    return text, spans


def render_plain(doc: SessionExport) -> str:
    return plain_layout(doc)[0]


def _f4_time(ms: int) -> str:
    return f"#{format_ms(ms)}-{(max(0, ms) % 1000) // 100}#"


def render_maxqda(doc: SessionExport) -> str:
    """f4transkript style read by MAXQDA's focus group import: "P03: text #hh:mm:ss-t#" (time stamp at the
    end of each turn), one turn per paragraph; "P03:" lets MAXQDA code each contribution to its speaker.
    No header block, so that every paragraph is a turn. Time stamps never go back (a turn overlapping the
    previous one, from an imported transcript, is stamped at the previous one's end), as typed ones never do."""
    lines = []
    stamp = 0
    for turn in doc.turns:
        stamp = max(stamp, turn.end_ms)
        lines.append(f"{doc.speaker_label(turn)}: {turn_text(doc, turn)} {_f4_time(stamp)}")
    return "\n\n".join(lines) + "\n"


def _tenths(ms: int) -> str:
    return f"{format_ms(ms)}.{(max(0, ms) % 1000) // 100}"


def render_nvivo(doc: SessionExport) -> str:
    """NVivo transcript rows (tab separated): Timespan, Speaker, Content. The header row stays in English
    whatever the language: NVivo's import matches these column names."""
    rows = ["Timespan\tSpeaker\tContent"]
    for turn in doc.turns:
        content = turn_text(doc, turn).replace("\t", " ")
        rows.append(f"{_tenths(turn.start_ms)} - {_tenths(turn.end_ms)}\t{doc.speaker_label(turn)}\t{content}")
    return "\n".join(rows) + "\n"


def _cues(doc: SessionExport):
    for turn in doc.turns:
        for part in turn.parts:
            end = part.end_ms if part.end_ms > part.start_ms else part.start_ms + 1000
            yield doc.speaker_label(turn), part.start_ms, end, turn_text(doc, turn, part.text)


def render_srt(doc: SessionExport) -> str:
    blocks = []
    for number, (speaker, start, end, text) in enumerate(_cues(doc), start=1):
        times = f"{format_ms(start, with_ms=True).replace('.', ',')} --> {format_ms(end, with_ms=True).replace('.', ',')}"
        blocks.append(f"{number}\n{times}\n{speaker}: {text}")
    return "\n\n".join(blocks) + "\n"


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_vtt(doc: SessionExport) -> str:
    blocks = ["WEBVTT"]
    for speaker, start, end, text in _cues(doc):
        times = f"{format_ms(start, with_ms=True)} --> {format_ms(end, with_ms=True)}"
        blocks.append(f"{times}\n<v {_vtt_escape(speaker)}>{_vtt_escape(text)}")
    return "\n\n".join(blocks) + "\n"


# Windows tools that read a plain text file as the system's code page unless it starts with a BOM
# (NVivo, MAXQDA, Notepad before 2019): accents come out garbled without it. Subtitle files stay without
# one (WebVTT is UTF-8 by definition; some players show a BOM as a character).
BOM_FORMATS = ("txt", "maxqda", "nvivo")

TEXT_RENDERERS = {
    "txt": render_plain,
    "maxqda": render_maxqda,
    "nvivo": render_nvivo,
    "srt": render_srt,
    "vtt": render_vtt,
}
