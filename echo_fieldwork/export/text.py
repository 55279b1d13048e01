"""Plain-text renderers (UTF-8): speaker turns with [hh:mm:ss], MAXQDA/f4 timestamps, NVivo rows,
SRT and WebVTT subtitles. Each takes a deidentified `SessionExport` and returns the file's text."""

from __future__ import annotations

from echo_fieldwork.export.model import SessionExport
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


def render_plain(doc: SessionExport) -> str:
    sep = _colon(doc)
    lines = [f"{label}{sep}{value}" for label, value in header_lines(doc)]
    lines.append("")
    lines += [f"[{format_ms(t.start_ms)}] {t.speaker}{sep}{t.text}" for t in doc.turns]
    return "\n".join(lines) + "\n"


def _f4_time(ms: int) -> str:
    return f"#{format_ms(ms)}-{(max(0, ms) % 1000) // 100}#"


def render_maxqda(doc: SessionExport) -> str:
    """f4transkript style read by MAXQDA: "P03: text #hh:mm:ss-t#" (time stamp at the end of each
    turn), one turn per paragraph; "P03:" lets MAXQDA recognise the speakers. No header block, so that
    every paragraph is a turn."""
    lines = []
    for turn in doc.turns:
        lines.append(f"{turn.speaker}: {turn.text} {_f4_time(turn.end_ms)}")
    return "\n\n".join(lines) + "\n"


def _tenths(ms: int) -> str:
    return f"{format_ms(ms)}.{(max(0, ms) % 1000) // 100}"


def render_nvivo(doc: SessionExport) -> str:
    """NVivo transcript rows (tab separated): Timespan, Speaker, Content. The header row stays in English
    whatever the language: NVivo's import matches these column names."""
    rows = ["Timespan\tSpeaker\tContent"]
    for turn in doc.turns:
        content = turn.text.replace("\t", " ")
        rows.append(f"{_tenths(turn.start_ms)} - {_tenths(turn.end_ms)}\t{turn.speaker}\t{content}")
    return "\n".join(rows) + "\n"


def _cues(doc: SessionExport):
    for turn in doc.turns:
        for part in turn.parts:
            end = part.end_ms if part.end_ms > part.start_ms else part.start_ms + 1000
            yield turn.speaker, part.start_ms, end, part.text


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


TEXT_RENDERERS = {
    "txt": render_plain,
    "maxqda": render_maxqda,
    "nvivo": render_nvivo,
    "srt": render_srt,
    "vtt": render_vtt,
}
