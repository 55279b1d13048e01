"""REFI-QDA project (`.qdpx`): a zip with `project.qde` (QDA-XML 1.0) and the transcripts as plain
text in `sources/`. Transcripts are TextSources, field notes project Notes, participants Cases with
their questionnaire answers as Variables. Element order follows Project.xsd's sequences; GUIDs are
upper case without braces; UTF-8 without BOM."""

from __future__ import annotations

import uuid
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from xml.etree import ElementTree as ET

from echo_fieldwork.export.model import Case, SessionExport
from echo_fieldwork.export.text import render_plain
from echo_fieldwork.fileutil import save_in_one_write
from echo_fieldwork.sessions.sessions import SESSION_KINDS
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


def build_project(docs: list[SessionExport], cases: list[Case], project_name: str) -> tuple[bytes, dict[str, str]]:
    """The project.qde bytes and {file name in sources/: text}."""
    guids = _Guids()
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    user_guid = guids.new()
    project = ET.Element(_q("Project"), {
        "name": project_name or "echo_fieldwork", "origin": "echo_fieldwork",
        "creatingUserGUID": user_guid, "creationDateTime": now})
    users = ET.SubElement(project, _q("Users"))
    ET.SubElement(users, _q("User"), {"guid": user_guid, "name": "echo_fieldwork"})

    # Variables, from every case's answers; one type per variable.
    values_by_name: dict[str, list[object]] = {}
    for case in cases:
        for name, value in case.variables.items():
            values_by_name.setdefault(name, []).append(value)
    variable_types = {name: _variable_type(values) for name, values in values_by_name.items()}
    variable_guids = {name: guids.new() for name in variable_types}
    if variable_types:
        variables = ET.SubElement(project, _q("Variables"))
        for name, kind in variable_types.items():
            ET.SubElement(variables, _q("Variable"), {"guid": variable_guids[name], "name": name,
                                                      "typeOfVariable": kind})

    source_guids = {doc.session_id: guids.new() for doc in docs}
    if cases:
        cases_element = ET.SubElement(project, _q("Cases"))
        for case in cases:
            element = ET.SubElement(cases_element, _q("Case"), {"guid": guids.new(), "name": case.code})
            for name, value in case.variables.items():
                kind = variable_types[name]
                holder = ET.SubElement(element, _q("VariableValue"))
                ET.SubElement(holder, _q("VariableRef"), {"targetGUID": variable_guids[name]})
                ET.SubElement(holder, _q(_VALUE_ELEMENT[kind])).text = _value_text(value, kind)
            for session_id in case.session_ids:
                if session_id in source_guids:
                    ET.SubElement(element, _q("SourceRef"), {"targetGUID": source_guids[session_id]})

    files: dict[str, str] = {}
    note_elements = []
    sources = ET.SubElement(project, _q("Sources"))
    for doc in docs:
        guid = source_guids[doc.session_id]
        files[f"{guid}.txt"] = render_plain(doc)
        source = ET.SubElement(sources, _q("TextSource"), {
            "guid": guid, "name": doc.code, "plainTextPath": f"internal://{guid}.txt",
            "creatingUser": user_guid, "creationDateTime": now})
        ET.SubElement(source, _q("Description")).text = doc.tr.gettext(
            "{kind}, {date}, {duration}; participants: {participants}").format(
            kind=doc.tr.gettext(SESSION_KINDS.get(doc.kind, doc.kind)), date=doc.date, duration=format_ms(doc.duration_ms),
            participants=", ".join(doc.attendees) or "-")
        if doc.notes:
            note_guid = guids.new()
            text = "\n".join(f"[{format_ms(n.recording_ms) if n.recording_ms is not None else '--:--:--'}]"
                             f"{' (' + n.question_label + ')' if n.question_label else ''} {n.text}" for n in doc.notes)
            note_elements.append((note_guid, doc.tr.gettext("Field notes — {code}").format(code=doc.code), text))
            ET.SubElement(source, _q("NoteRef"), {"targetGUID": note_guid})
    if note_elements:
        notes = ET.SubElement(project, _q("Notes"))
        for guid, name, text in note_elements:
            note = ET.SubElement(notes, _q("Note"), {"guid": guid, "name": name, "creatingUser": user_guid,
                                                     "creationDateTime": now})
            ET.SubElement(note, _q("PlainTextContent")).text = text
    # Registered here, not at import: the mapping is global to ElementTree, so importing must not change it.
    ET.register_namespace("", NAMESPACE)
    xml = ET.tostring(project, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + xml, files


def render_qdpx(docs: list[SessionExport], cases: list[Case], path: Path, project_name: str) -> None:
    qde, files = build_project(docs, cases, project_name)

    def save(stream) -> None:
        with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("project.qde", qde)
            for name, text in files.items():
                archive.writestr(f"sources/{name}", text.encode("utf-8"))

    save_in_one_write(save, path)
