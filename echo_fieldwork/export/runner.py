"""Running an export: check the review, build the deidentified structure, render, re-scan every file
for known names (a hit deletes the files and blocks the export), log it in `exports` and the audit."""

from __future__ import annotations

import html
import io
import logging
import re
import zipfile
from pathlib import Path

from echo_fieldwork.deid import deidentify
from echo_fieldwork.deid import known_names as deid_known_names
from echo_fieldwork.errors import UserError, os_error
from echo_fieldwork.export import docx as docx_renderer
from echo_fieldwork.export import qdpx as qdpx_renderer
from echo_fieldwork.export import recordings
from echo_fieldwork.export.model import SessionExport, build_cases, build_session_export, withdrawal_refusal
from echo_fieldwork.export.text import BOM_FORMATS, TEXT_RENDERERS
from echo_fieldwork.fileutil import SpreadsheetCsvWriter, private_mkdir, sha256_file
from echo_fieldwork.i18n import N_, _, translator
from echo_fieldwork.sessions.sessions import get_session
from echo_fieldwork.study import staging
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms, utc_now_iso

log = logging.getLogger("echo_fieldwork.export")

FORMATS = {
    "docx": (N_("Word document (DOCX)"), ".docx"),
    "txt": (N_("Plain text with [hh:mm:ss]"), ".txt"),
    "maxqda": (N_("MAXQDA / f4 text (#hh:mm:ss-t#)"), "_maxqda.txt"),
    "nvivo": (N_("NVivo rows (Timespan, Speaker, Content)"), "_nvivo.txt"),
    "srt": (N_("SRT subtitles"), ".srt"),
    "vtt": (N_("WebVTT subtitles with voices"), ".vtt"),
    "qdpx": (N_("REFI-QDA project (QDPX)"), ".qdpx"),
}
AUDIO_SUFFIXES = (".wav",)
NOTES_FORMATS = {"csv": N_("CSV table"), "docx": N_("Word document (DOCX)")}


def refusals(study: Study, session_ids: list[int], *, notes_only: bool = False) -> list[str]:
    """Why each session may not be exported yet (empty when all may): the deidentification review (of the
    transcript and the field notes together), and speech without a speaker in a session where someone
    withdrew their words (no override for that; not asked of an export of the notes alone)."""
    reasons = []
    for session_id in session_ids:
        state = deidentify.review_state(study, session_id)
        if not state.exportable:
            reasons.append(state.reason(get_session(study, session_id).code))
        withdrawal = "" if notes_only else withdrawal_refusal(study, session_id)
        if withdrawal:
            reasons.append(withdrawal)
    return reasons


def split_exportable(study: Study, session_ids: list[int], *, override: bool = False) -> tuple[list[int], list[str]]:
    """The sessions that may be exported now, and why each other one is skipped. With `override` (a reason
    will be logged), an unfinished deidentification review does not skip a session; a withdrawal still does."""
    exportable, skipped = [], []
    for session_id in session_ids:
        reasons = []
        state = deidentify.review_state(study, session_id)
        if not state.exportable and not override:
            reasons.append(state.reason(get_session(study, session_id).code))
        withdrawal = withdrawal_refusal(study, session_id)
        if withdrawal:
            reasons.append(withdrawal)
        if reasons:
            skipped.extend(reasons)
        else:
            exportable.append(session_id)
    return exportable, skipped


def planned_files(study: Study, session_ids: list[int], fmt: str, out_dir: Path | None = None) -> list[Path]:
    """The files `export_sessions` would write (to ask before replacing any that exist)."""
    out_dir = Path(out_dir) if out_dir else study.exports_dir
    codes = [get_session(study, sid).code for sid in session_ids]
    if fmt == "qdpx":
        return [out_dir / f"{codes[0] if len(codes) == 1 else 'project'}.qdpx"] if codes else []
    return [out_dir / f"{code}{FORMATS[fmt][1]}" for code in codes]


_XML_TAG = re.compile(r"<[^>]*>")
_XML_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")


def _xml_text(raw: str) -> str:
    """Every text node and every attribute value of an XML document (a study title in a `name="…"`)."""
    def tag(match: re.Match) -> str:
        values = [a or b for a, b in _XML_ATTRIBUTE.findall(match.group())]
        # Tags become line breaks so that words in separate runs or attributes stay separate words.
        return "\n" + "\n".join(values) + "\n"
    return html.unescape(_XML_TAG.sub(tag, raw))


def _file_text(path: Path) -> str:
    """Every byte a reader of the file could see: a text file, or every member of a zip (DOCX, QDPX) by
    name and content, XML text nodes and attributes alike."""
    if zipfile.is_zipfile(path):
        chunks = []
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.lower().endswith(AUDIO_SUFFIXES):
                    continue  # a recording: no text to scan (and it is not deidentified: see include_audio)
                raw = archive.read(name).decode("utf-8", errors="replace")
                chunks.append(name)
                chunks.append(_xml_text(raw) if raw.lstrip().startswith("<") else raw)
        return "\n".join(chunks)
    return path.read_text(encoding="utf-8", errors="replace")


def scan_for_names(study: Study, paths: list[Path], session_ids: list[int]) -> list[Path]:
    """Files holding a known name (beyond the occurrences a reviewer deliberately kept)."""
    index = deidentify.name_index(study)
    allowed = deidentify.rejected_name_keys(study, session_ids)
    found: dict[str, int] = {}
    bad = []
    for path in paths:
        hits = deid_known_names.count_name_hits(_file_text(path), index)
        for key, n in hits.items():
            found[key] = found.get(key, 0) + n
        if any(found.get(key, 0) > allowed.get(key, 0) for key in hits):
            bad.append(path)
    return bad


def _finish(study: Study, written: list[tuple[Path, list[int]]], fmt: str, deidentified: bool,
            session_ids: list[int], out_dir: Path, *, include_audio: bool = False,
            free_text_variables: bool = False) -> list[Path]:
    """Scan the staged files, then move them into `out_dir` and record them in one step; on a hit, delete
    everything. `written` holds (staged file, its sessions); the staged name is the final name."""
    staged = [p for p, _ids in written]
    if deidentified:
        bad = scan_for_names(study, staged, session_ids)
        if bad:
            for path in staged:
                path.unlink(missing_ok=True)
            study.audit("export.blocked", "session", ",".join(str(i) for i in session_ids),
                        {"format": fmt, "files": len(bad)})
            log.error("export blocked: a known name was found in %d file(s)", len(bad))
            raise UserError(_("Export blocked: a known name is still in the exported text. Nothing was written. "
                              "Review the deidentification (or add the name's spelling as an identifier) and "
                              "export again."))
    final = [out_dir / path.name for path in staged]

    def record() -> None:
        for (path, ids), target in zip(written, final):
            digest = sha256_file(path)
            for session_id in ids:
                study.db.execute(
                    "INSERT INTO exports (session_id, format, path, deidentified, sha256, exported_by, exported_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [session_id, fmt, str(target), int(deidentified), digest, study.actor, utc_now_iso()])
        detail = {"format": fmt, "files": len(final), "deidentified": deidentified}
        if include_audio:
            detail["recordings"] = True
        if free_text_variables:
            detail["free_text_variables"] = True
        study.audit("export", "session", ",".join(str(i) for i in session_ids), detail)
        if include_audio:  # voices left the study: an entry of its own, easy to find
            study.audit("export.recordings", "session", ",".join(str(i) for i in session_ids),
                        {"format": fmt, "sessions": len(session_ids)})
        if free_text_variables:  # free-text and date answers left the study: an entry of its own too
            study.audit("export.free_text_variables", "session", ",".join(str(i) for i in session_ids),
                        {"format": fmt, "deidentified": deidentified})

    try:
        staging.publish(study, [staging.Publication(path, target, "export") for path, target in zip(staged, final)],
                        record)
    except OSError as error:
        raise os_error(error, out_dir, changed=False) from None
    log.info("exported %d session(s) as %s (%d file(s))", len(session_ids), fmt, len(final))
    return final


def _prepare(study: Study, session_ids: list[int], out_dir: Path | None, override_reason: str, *,
             notes_only: bool = False) -> Path:
    study.refuse_in_workspace()
    if not session_ids:
        raise UserError(_("Choose at least one session to export."))
    if override_reason.strip():
        for session_id in session_ids:
            if not deidentify.review_state(study, session_id).exportable:
                deidentify.override_review(study, session_id, override_reason)
    reasons = refusals(study, session_ids, notes_only=notes_only)
    if reasons:
        headline = (_("These sessions' field notes cannot be exported yet (they are deidentified with the "
                      "transcript, in one review):") if notes_only else _("These transcripts cannot be exported yet:"))
        raise UserError(headline, details=reasons)
    return _output_folder(study, out_dir)


def _output_folder(study: Study, out_dir: Path | None) -> Path:
    out_dir = Path(out_dir) if out_dir else study.exports_dir
    try:
        private_mkdir(out_dir)
    except OSError as error:
        raise UserError(_("The folder {folder} cannot be created: {error}").format(folder=out_dir, error=error)) from None
    return out_dir


def export_sessions(study: Study, session_ids: list[int], fmt: str, out_dir: Path | None = None, *,
                    deidentified: bool = True, override_reason: str = "", docx_notes: str = "appendix",
                    include_audio: bool = False, free_text_variables: bool = False) -> list[Path]:
    """Export the sessions' transcripts in `fmt`; returns the files written. Refuses unreviewed
    transcripts (unless `override_reason` is given, which is logged). `include_audio` (QDPX only) puts
    each session's recording in the project, linked to its transcript: recordings are not deidentified,
    so it is refused for a session where anyone heard did not consent to the use of their recording or
    withdrew with removal of their data. `free_text_variables` (QDPX only, logged) adds the
    questionnaire's free-text answers, deidentified with the transcripts' tags, and its dates, reduced
    to the year, to the case variables."""
    if fmt not in FORMATS:
        raise UserError(_("Unknown export format {format!r}.").format(format=fmt))
    if docx_notes not in docx_renderer.NOTES_AS:
        raise UserError(_("Field notes go in an appendix or in comments, not {choice!r}.").format(choice=docx_notes))
    if include_audio and fmt != "qdpx":
        raise UserError(_("Recordings can only be included in a REFI-QDA project (QDPX)."))
    if free_text_variables and fmt != "qdpx":
        raise UserError(_("Free-text and date answers can only be included as case variables in a REFI-QDA "
                          "project (QDPX)."))
    if include_audio and session_ids:
        reasons = [reason for sid in session_ids for reason in recordings.audio_refusals(study, sid)]
        if reasons:
            raise UserError(_("The recordings cannot be included (voices identify people):"), details=reasons)
    out_dir = _prepare(study, session_ids, out_dir, override_reason)
    if not deidentified:
        study.audit("export.identified", "session", ",".join(str(i) for i in session_ids), {"format": fmt})
    docs = [build_session_export(study, sid, deidentified=deidentified) for sid in session_ids]
    with staging.staging_area(study) as area:
        written: list[tuple[Path, list[int]]] = []
        try:
            if fmt == "qdpx":
                name = docs[0].code if len(docs) == 1 else "project"
                path = area / f"{name}.qdpx"
                cases = build_cases(study, docs, deidentified=deidentified, free_text=free_text_variables)
                # The study's title is the project's name: it may hold a name ("Étude Tremblay") too.
                title = deidentify.deidentify_text(study, study.title, docs[0].language) if deidentified \
                    else study.title
                written.append((path, session_ids))
                qdpx_renderer.render_qdpx(
                    docs, cases, path, title, audio_sessions=set(session_ids) if include_audio else set(),
                    write_audio=lambda sid, member: recordings.write_session_wav(study, sid, member))
            else:
                suffix = FORMATS[fmt][1]
                for doc in docs:
                    path = area / f"{doc.code}{suffix}"
                    if fmt == "docx":
                        docx_renderer.render_docx(doc, path, docx_notes)
                    else:
                        encoding = "utf-8-sig" if fmt in BOM_FORMATS else "utf-8"
                        path.write_text(TEXT_RENDERERS[fmt](doc), encoding=encoding, newline="\n")
                    written.append((path, [doc.session_id]))
        except OSError as error:
            raise os_error(error, out_dir, changed=False) from None
        except ValueError as error:  # a recording changed since it was checked
            raise UserError(_("The export could not be written: {error}").format(error=error)) from None
        return _finish(study, written, fmt, deidentified, session_ids, out_dir, include_audio=include_audio,
                       free_text_variables=free_text_variables)


def render_notes_csv(docs: list[SessionExport]) -> str:
    buffer = io.StringIO()
    writer = SpreadsheetCsvWriter(buffer, lineterminator="\n")  # a note starting with "=" stays text
    tr = translator(docs[0].language if docs else "fr")
    writer.writerow([tr.gettext("Session"), tr.gettext("Time"), tr.gettext("Time (ms)"), tr.gettext("Guide question"),
                     tr.gettext("Tags"), tr.gettext("Note")])
    for doc in docs:
        for note in doc.notes:
            writer.writerow([doc.code, format_ms(note.recording_ms) if note.recording_ms is not None else "",
                             "" if note.recording_ms is None else note.recording_ms, note.question_key, note.tags,
                             note.text])
    return buffer.getvalue()


def export_notes(study: Study, session_ids: list[int], fmt: str = "csv", out_dir: Path | None = None, *,
                 override_reason: str = "") -> list[Path]:
    """Field notes, deidentified by their reviewed proposals, with recording times and guide question
    keys, one file for all the sessions. Refuses sessions whose review is not done, as transcripts are
    (unless `override_reason` is given, which is logged)."""
    if fmt not in NOTES_FORMATS:
        raise UserError(_("Unknown notes format {format!r}.").format(format=fmt))
    out_dir = _prepare(study, session_ids, out_dir, override_reason, notes_only=True)
    docs = [build_session_export(study, sid) for sid in session_ids]
    name = (docs[0].code if len(docs) == 1 else "sessions") + "_notes"
    with staging.staging_area(study) as area:
        path = area / f"{name}.{fmt}"
        try:
            if fmt == "csv":
                path.write_text(render_notes_csv(docs), encoding="utf-8-sig", newline="")  # BOM: Excel reads accents
            else:
                docx_renderer.render_notes_docx(docs, path)
        except OSError as error:
            raise os_error(error, out_dir, changed=False) from None
        return _finish(study, [(path, session_ids)], f"notes-{fmt}", True, session_ids, out_dir)
