"""REFI-QDA project (`.qdpx`): a zip with `project.qde` (QDA-XML 1.0) and the transcripts as plain
text in `sources/`. Element order follows Project.xsd's sequences; GUIDs are upper case without braces;
UTF-8 without BOM (selection offsets count characters from the file's first one).

How the parts are tied, and why (read against QualCoder's importer, `qualcoder/refi.py`):
- each speaker turn is a PlainTextSelection of its words; the speaker's Case lists its turns with
  SelectionRef (the standard's way), and the selection is coded with the speaker's Code, which carries
  the Case's GUID: QualCoder (like NVivo, whose cases are nodes) turns codings of a code sharing a
  case's GUID into that case's text, and ignores SelectionRef. No Case points at a whole source, which
  would give every attendee the whole focus group. Withdrawn speakers have no case and no selection;
- a field note with a recording time is an annotation on the turn under way (a Note holding the text
  and a PlainTextSelection, referenced from the TextSource); every session's notes are also one
  project note (a journal in QualCoder) stored as a file, which is what importers read for journals;
- case variables are the questionnaire's closed answers under the form's labels in the transcript's
  language (free-text answers, deidentified, and dates, as years, only when asked for: see
  `model.build_cases`); session variables (kind, date, mode, duration, number of participants) sit on the TextSource;
- with recordings (an option, off by default: voices identify people), each session also has an
  AudioSource whose file is the session's timeline as one WAV in `sources/`, named "<code>.wav" (QualCoder
  copies it under that name). Its Transcript ("<code>.wav.txt", the name QualCoder gives a recording's
  transcript: no clash with the TextSource's file) is the same text, with a SyncPoint at the start of
  every turn's line (timeStamp: the turn's start in ms; position: a character offset). Codings and cases
  stay on the TextSource, which every importer reads."""

from __future__ import annotations

import uuid
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable
from xml.etree import ElementTree as ET

from echo_fieldwork.export.model import Case, Note, SessionExport
from echo_fieldwork.export.text import plain_layout
from echo_fieldwork.fileutil import save_in_one_write
from echo_fieldwork.sessions.sessions import SESSION_KINDS, SESSION_MODES
from echo_fieldwork.timeutil import format_ms

NAMESPACE = "urn:QDA-XML:project:1.0"


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


class _Guids:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self) -> str:
        while True:
            guid = str(uuid.uuid4()).upper()
            if guid not in self.used:
                self.used.add(guid)
                return guid


def _variable_type(values: list[object]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "Boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "Integer"
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "Float"
    return "Text"


_VALUE_ELEMENT = {"Boolean": "BooleanValue", "Integer": "IntegerValue", "Float": "FloatValue", "Text": "TextValue"}


def _value_text(value: object, kind: str) -> str:
    if kind == "Boolean":
        return "true" if value else "false"
    return str(value)


def session_variables(doc: SessionExport) -> dict[str, object]:
    """What describes the session itself, named in the transcript's language."""
    tr = doc.tr
    return {
        tr.gettext("Session: kind"): tr.gettext(SESSION_KINDS.get(doc.kind, doc.kind)),
        tr.gettext("Session: date"): doc.date,
        tr.gettext("Session: mode"): tr.gettext(SESSION_MODES.get(doc.mode, doc.mode)),
        tr.gettext("Session: duration (minutes)"): round(doc.duration_ms / 60000, 1),
        tr.gettext("Session: participants"): len([c for c in doc.attendees if c not in doc.withdrawn]),
    }


def _note_line(note: Note) -> str:
    when = format_ms(note.recording_ms) if note.recording_ms is not None else "--:--:--"
    return f"[{when}]{' (' + note.question_label + ')' if note.question_label else ''} {note.text}"


def _variable_value(parent: ET.Element, guid: str, kind: str, value: object) -> None:
    holder = ET.SubElement(parent, _q("VariableValue"))
    ET.SubElement(holder, _q("VariableRef"), {"targetGUID": guid})
    ET.SubElement(holder, _q(_VALUE_ELEMENT[kind])).text = _value_text(value, kind)


def build_project(docs: list[SessionExport], cases: list[Case], project_name: str, *,
                  audio_sessions: frozenset[int] | set[int] = frozenset()) -> tuple[bytes, dict[str, str], dict[int, str]]:
    """The project.qde bytes, {file name in sources/: text} and, for the sessions of `audio_sessions`,
    {session id: the file name in sources/ their recording must be written to}."""
    guids = _Guids()
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    user_guid = guids.new()
    stamp = {"creatingUser": user_guid, "creationDateTime": now}
    project = ET.Element(_q("Project"), {
        "name": project_name or "echo_fieldwork", "origin": "echo_fieldwork",
        "creatingUserGUID": user_guid, "creationDateTime": now})
    users = ET.SubElement(project, _q("Users"))
    ET.SubElement(users, _q("User"), {"guid": user_guid, "name": "echo_fieldwork"})

    case_guids = {case.code: guids.new() for case in cases}
    layouts = {doc.session_id: plain_layout(doc) for doc in docs}
    if cases:
        # One code per speaker, sharing the case's GUID (see the module's docstring).
        codebook = ET.SubElement(ET.SubElement(project, _q("CodeBook")), _q("Codes"))
        for case in cases:
            code = ET.SubElement(codebook, _q("Code"), {"guid": case_guids[case.code], "name": case.code,
                                                      "isCodable": "true"})
            ET.SubElement(code, _q("Description")).text = docs[0].tr.gettext("Turns spoken by {code}").format(
                code=case.code) if docs else case.code

    # Variables, from every case's answers and every session; one type per variable.
    values_by_name: dict[str, list[object]] = {}
    for case in cases:
        for name, value in case.variables.items():
            values_by_name.setdefault(name, []).append(value)
    for doc in docs:
        for name, value in session_variables(doc).items():
            values_by_name.setdefault(name, []).append(value)
    variable_types = {name: _variable_type(values) for name, values in values_by_name.items()}
    variable_guids = {name: guids.new() for name in variable_types}
    if variable_types:
        variables = ET.SubElement(project, _q("Variables"))
        for name, kind in variable_types.items():
            ET.SubElement(variables, _q("Variable"), {"guid": variable_guids[name], "name": name,
                                                      "typeOfVariable": kind})

    # Each turn's selection, made now so that the cases can refer to them.
    selections: dict[int, list[tuple[str, str, int, int, str]]] = {}  # session -> (guid, speaker, start, end, name)
    for doc in docs:
        rows = selections.setdefault(doc.session_id, [])
        for turn, start, end in layouts[doc.session_id][1]:
            if turn.withdrawn or turn.speaker not in case_guids or end <= start:
                continue
            rows.append((guids.new(), turn.speaker, start, end, f"{turn.speaker} {format_ms(turn.start_ms)}"))
    if cases:
        cases_element = ET.SubElement(project, _q("Cases"))
        for case in cases:
            element = ET.SubElement(cases_element, _q("Case"), {"guid": case_guids[case.code], "name": case.code})
            for name, value in case.variables.items():
                _variable_value(element, variable_guids[name], variable_types[name], value)
            for session_id in case.session_ids:
                for guid, speaker, _start, _end, _name in selections.get(session_id, []):
                    if speaker == case.code:
                        ET.SubElement(element, _q("SelectionRef"), {"targetGUID": guid})

    files: dict[str, str] = {}
    audio_files: dict[int, str] = {}
    annotations: list[tuple[str, str, int, int, str]] = []  # guid, name, start, end, text
    journals: list[tuple[str, str]] = []  # guid, name (the text is a file)
    sources = ET.SubElement(project, _q("Sources"))
    for doc in docs:
        guid = guids.new()
        text, spans = layouts[doc.session_id]
        files[f"{guid}.txt"] = text
        source = ET.SubElement(sources, _q("TextSource"), {
            "guid": guid, "name": doc.code, "plainTextPath": f"internal://{guid}.txt", **stamp})
        ET.SubElement(source, _q("Description")).text = doc.tr.gettext(
            "{kind}, {date}, {duration}; participants: {participants}").format(
            kind=doc.tr.gettext(SESSION_KINDS.get(doc.kind, doc.kind)), date=doc.date, duration=format_ms(doc.duration_ms),
            participants=", ".join(doc.attendees) or "-")
        for selection_guid, speaker, start, end, name in selections.get(doc.session_id, []):
            element = ET.SubElement(source, _q("PlainTextSelection"), {
                "guid": selection_guid, "name": name, "startPosition": str(start), "endPosition": str(end), **stamp})
            coding = ET.SubElement(element, _q("Coding"), {"guid": guids.new(), **stamp})
            ET.SubElement(coding, _q("CodeRef"), {"targetGUID": case_guids[speaker]})
        for note in doc.notes:
            if note.recording_ms is None or not spans:
                continue
            # The turn under way when the note was taken (or the first one).
            _turn, start, end = next(((t, a, b) for t, a, b in reversed(spans) if t.start_ms <= note.recording_ms),
                                     spans[0])
            note_guid = guids.new()
            annotations.append((note_guid, doc.tr.gettext("Field note {time}").format(
                time=format_ms(note.recording_ms)), start, end, _note_line(note)))
            ET.SubElement(source, _q("NoteRef"), {"targetGUID": note_guid})
        for name, value in session_variables(doc).items():
            _variable_value(source, variable_guids[name], variable_types[name], value)
        if doc.session_id in audio_sessions:
            audio_files[doc.session_id] = _audio_source(sources, doc, text, spans, guids, stamp, files)
        if doc.notes:
            journal_guid = guids.new()
            files[f"{journal_guid}.txt"] = "\n".join(_note_line(n) for n in doc.notes) + "\n"
            journals.append((journal_guid, doc.tr.gettext("Field notes — {code}").format(code=doc.code)))
    if annotations or journals:
        notes = ET.SubElement(project, _q("Notes"))
        for guid, name, start, end, text in annotations:
            note = ET.SubElement(notes, _q("Note"), {"guid": guid, "name": name, **stamp})
            ET.SubElement(note, _q("PlainTextContent")).text = text
            ET.SubElement(note, _q("PlainTextSelection"), {"guid": guids.new(), "startPosition": str(start),
                                                           "endPosition": str(end)})
        for guid, name in journals:
            ET.SubElement(notes, _q("Note"), {"guid": guid, "name": name, "plainTextPath": f"internal://{guid}.txt",
                                              **stamp})
    for guid, _name in journals:
        ET.SubElement(project, _q("NoteRef"), {"targetGUID": guid})  # notes about the project as a whole
    # Registered here, not at import: the mapping is global to ElementTree, so importing must not change it.
    ET.register_namespace("", NAMESPACE)
    xml = ET.tostring(project, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + xml, files, audio_files


def _audio_source(sources: ET.Element, doc: SessionExport, text: str, spans: list, guids: _Guids,
                  stamp: dict[str, str], files: dict[str, str]) -> str:
    """The session's AudioSource and its synchronised Transcript; returns the audio's file name."""
    audio_guid, transcript_guid = guids.new(), guids.new()
    source = ET.SubElement(sources, _q("AudioSource"), {
        "guid": audio_guid, "name": f"{doc.code}.wav", "path": f"internal://{audio_guid}.wav", **stamp})
    ET.SubElement(source, _q("Description")).text = doc.tr.gettext(
        "Recording of {code} (not deidentified: voices and any names spoken can identify people)").format(
        code=doc.code)
    files[f"{transcript_guid}.txt"] = text
    transcript = ET.SubElement(source, _q("Transcript"), {
        "guid": transcript_guid, "name": f"{doc.code}.wav.txt", "plainTextPath": f"internal://{transcript_guid}.txt",
        **stamp})
    for turn, start, _end in spans:
        line_start = text.rfind("\n", 0, start) + 1
        ET.SubElement(transcript, _q("SyncPoint"), {"guid": guids.new(), "timeStamp": str(turn.start_ms),
                                                    "position": str(line_start)})
    return f"{audio_guid}.wav"


def render_qdpx(docs: list[SessionExport], cases: list[Case], path: Path, project_name: str, *,
                write_audio: Callable[[int, BinaryIO], object] | None = None,
                audio_sessions: frozenset[int] | set[int] = frozenset()) -> None:
    """Write the .qdpx; with `audio_sessions`, `write_audio(session_id, member)` writes each one's WAV
    straight into its zip member (stored, not compressed: audio does not shrink)."""
    qde, files, audio_files = build_project(docs, cases, project_name, audio_sessions=audio_sessions)

    def save(stream) -> None:
        with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", qde)
            for name, text in files.items():
                archive.writestr(f"sources/{name}", text.encode("utf-8"))
            _write_audio_members(archive, audio_files, write_audio)

    if audio_files:  # recordings are too large to build in memory: streamed to the (private, staged) file
        with open(path, "wb") as stream:
            save(stream)
    else:
        save_in_one_write(save, path)


def _write_audio_members(archive: zipfile.ZipFile, audio_files: dict[int, str],
                         write_audio: Callable[[int, BinaryIO], object] | None) -> None:
    for session_id, name in audio_files.items():
        info = zipfile.ZipInfo(f"sources/{name}", date_time=datetime.now().timetuple()[:6])
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o600 << 16
        with archive.open(info, "w", force_zip64=True) as member:
            write_audio(session_id, member)
