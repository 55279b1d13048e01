"""Sending a session for correction, opening the package as a workspace, and returning it.

`send_session` writes one `.efpkg` (`handoff.package`) holding one session: its recordings, transcript
(segments with words), speaker log, field notes, deidentification proposals and review, and what the
assistant needs to deidentify (the names and aliases of the study's people, by code; the study's lists of
identifiers and words to keep). Nothing else: no contact details, consent, questionnaires or other sessions.
The study remembers the transcript as sent (the base of the merge, `handoff.merge`) and marks the session
"out for correction" until the package comes back.

`open_workspace` turns a package into a small encrypted study (same schema, same row ids, the package's
passphrase) marked as a workspace, so the editor, speaker labelling and the deidentification review work
on it unchanged. `return_workspace` writes the corrected transcript and review back into a package.
"""

from __future__ import annotations

import json
import shutil
import uuid
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from echo_fieldwork.errors import UserError
from echo_fieldwork.handoff.package import AUDIO_CHUNK, SUFFIX, PackageError, stream_package, write_package
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import require_session
from echo_fieldwork.study import crypto
from echo_fieldwork.study.sealed_audio import SUFFIX as SEALED_SUFFIX
from echo_fieldwork.study.sealed_audio import SealedAppender, SealedReader, is_sealed
from echo_fieldwork.study.study import WORKSPACE_META as WORKSPACE
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso

STUDY_ID = "study_id"                      # meta: this study's id (made on the first hand-off)
OUT = "handoff.out."                       # meta + session id: the package out for correction, with its base
RECEIVED = "handoff.received."             # meta + package id: when it was merged
DEID_META = ("deid_run", "deid_ner_missing", "deid_text", "deid_review_text")
SEGMENT_COLUMNS = ("id", "start_ms", "end_ms", "speaker", "text", "words", "flags", "model")


@dataclass(frozen=True)
class Handoff:
    """A session out for correction."""
    session_id: int
    code: str
    package_id: str
    to: str
    at: str
    by: str


def _rows(study: Study, sql: str, params: list | tuple = ()) -> list[dict]:
    cursor = study.db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _insert(study: Study, table: str, rows: list[dict]) -> None:
    for row in rows:
        columns = list(row)
        study.db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                         [row[c] for c in columns])


def study_id(study: Study) -> str:
    """This study's id, made once: a returned package is taken back only by the study that sent it."""
    value = study.meta(STUDY_ID)
    if not value:
        value = uuid.uuid4().hex
        study.set_meta(STUDY_ID, value)
    return value


def workspace_info(study: Study) -> dict | None:
    """Where a workspace comes from (origin study, session, package), or None for a study."""
    text = study.meta(WORKSPACE)
    return json.loads(text) if text else None


def out_for_correction(study: Study) -> dict[int, Handoff]:
    """session id -> the hand-off it is out for."""
    result = {}
    for key, value in study.db.execute("SELECT key, value FROM study WHERE key LIKE ?", [OUT + "%"]):
        record = json.loads(value)
        session_id = int(key[len(OUT):])
        result[session_id] = Handoff(session_id, record["code"], record["package_id"], record["to"], record["at"],
                                     record["by"])
    return result


def base_of(study: Study, session_id: int) -> dict | None:
    value = study.meta(OUT + str(session_id))
    return json.loads(value) if value else None


def transcript_rows(study: Study, session_id: int) -> list[dict]:
    return _rows(study, f"SELECT {', '.join(SEGMENT_COLUMNS)} FROM segments WHERE session_id = ? ORDER BY start_ms, id",
                 [session_id])


def _recording_format(study: Study, path: Path) -> tuple[int, int, int]:
    """(sample rate, channels, bytes of PCM) of a recording, plain WAV or sealed, without reading its audio."""
    if is_sealed(path):
        if study.keys is None:
            raise UserError(_("A sealed recording was found in a plaintext study: {name}.").format(name=path.name))
        with SealedReader(path, study.keys) as reader:
            return reader.sample_rate, reader.channels, reader.data_bytes
    with wave.open(str(path), "rb") as handle:
        return handle.getframerate(), handle.getnchannels(), handle.getnframes() * handle.getsampwidth() \
            * handle.getnchannels()


def _recording_chunks(study: Study, path: Path) -> Iterator[bytes]:
    """A recording's PCM, one package chunk at a time (an hour of audio is never all in memory)."""
    if is_sealed(path):
        with SealedReader(path, study.keys) as reader:
            for offset in range(0, reader.data_bytes, AUDIO_CHUNK):
                yield reader.read(offset, AUDIO_CHUNK)
        return
    with wave.open(str(path), "rb") as handle:
        frame_bytes = handle.getsampwidth() * handle.getnchannels()
        while chunk := handle.readframes(AUDIO_CHUNK // frame_bytes):
            yield chunk


def _package_audio(study: Study, paths: list[Path], sizes: list[int]) -> Iterator[tuple[int, bytes]]:
    """(track, PCM chunk) for the package, checking each track is as long as the manifest says: a recording
    that changed under the send fails it (nothing is published) rather than making a package the assistant
    cannot open."""
    for track, (path, size) in enumerate(zip(paths, sizes)):
        sent = 0
        for chunk in _recording_chunks(study, path):
            sent += len(chunk)
            yield track, chunk
        if sent != size:
            raise UserError(_("The recording {name} changed while the package was written; nothing was sent. "
                              "Try again.").format(name=path.name))


def _deid_state(study: Study, session_id: int) -> dict:
    return {
        "replacements": _rows(study, "SELECT * FROM deid_replacements WHERE session_id = ? ORDER BY id", [session_id]),
        "review": _rows(study, "SELECT * FROM deid_reviews WHERE session_id = ?", [session_id]),
        "meta": {key: study.meta(f"{key}.{session_id}") for key in DEID_META},
        "identifiers": _rows(study, "SELECT text, category, tag, created_at FROM deid_identifiers ORDER BY id"),
        "keep_words": _rows(study, "SELECT word, created_at FROM deid_keep_words ORDER BY id"),
    }


# -- sending -------------------------------------------------------------------------------------------------
def send_session(study: Study, code: str, to: str, out: Path | str, passphrase: str, *,
                 scrypt_n: int | None = None) -> Handoff:
    """Write `out` (.efpkg) for session `code`, mark the session out for correction and audit it."""
    if workspace_info(study) is not None:
        raise UserError(_("This is a correction workspace: use Return to send the transcript back."))
    to = " ".join(to.split())
    if not to:
        raise UserError(_("Say to whom the session is sent."))
    session = require_session(study, code)
    sid = session.id
    recordings = _rows(study, "SELECT * FROM recordings WHERE session_id = ? AND status != 'recording' ORDER BY id",
                       [sid])
    if not recordings and not transcript_rows(study, sid):
        raise UserError(_("The session {code} has neither a recording nor a transcript: there is nothing to "
                          "correct.").format(code=session.code))
    attendee_ids = {row[0] for row in study.db.execute("SELECT participant_id FROM attendance WHERE session_id = ?",
                                                       [sid])}
    # The assistant needs every name to look for (a participant may name another), never contact details.
    named_ids = {row[0] for row in study.db.execute(
        "SELECT participant_id FROM identities WHERE full_name != '' OR aliases != ''")}
    people = _rows(study, "SELECT p.id, p.code, p.study_role, p.created_at, COALESCE(i.full_name, '') AS full_name, "
                          "COALESCE(i.aliases, '') AS aliases FROM participants p LEFT JOIN identities i "
                          "ON i.participant_id = p.id ORDER BY p.id")
    people = [p for p in people if p["id"] in attendee_ids | named_ids]
    package_id = uuid.uuid4().hex
    base = transcript_rows(study, sid)
    paths = []
    for recording in recordings:
        path = study.folder / recording["path"]
        if not path.is_file():
            raise UserError(_("The recording {name} of session {code} is missing.").format(
                name=Path(recording["path"]).name, code=session.code))
        paths.append(path)
    manifest = {
        "kind": "send", "package_id": package_id, "origin_study_id": study_id(study), "study_language": study.language,
        "sent_at": utc_now_iso(), "sent_by": study.actor, "to": to,
        "session": _rows(study, "SELECT * FROM sessions WHERE id = ?", [sid])[0],
        "attendance": _rows(study, "SELECT * FROM attendance WHERE session_id = ?", [sid]),
        "people": people,
        "recordings": recordings,
        "audio": [],
        "segments": _rows(study, "SELECT * FROM segments WHERE session_id = ? ORDER BY id", [sid]),
        "transcript": _rows(study, "SELECT * FROM transcripts WHERE session_id = ?", [sid]),
        "speaker_events": _rows(study, "SELECT * FROM speaker_events WHERE session_id = ? ORDER BY id", [sid]),
        "field_notes": _rows(study, "SELECT * FROM field_notes WHERE session_id = ? ORDER BY id", [sid]),
        "deid": _deid_state(study, sid),
    }
    for path in paths:
        rate, channels, size = _recording_format(study, path)
        manifest["audio"].append({"sample_rate": rate, "channels": channels, "bytes": size})
    out = Path(out)
    if out.suffix != SUFFIX:
        out = out.with_name(out.name + SUFFIX)
    write_package(out, passphrase, manifest, _package_audio(study, paths, [a["bytes"] for a in manifest["audio"]]),
                  scrypt_n=scrypt_n)
    handoff = Handoff(sid, session.code, package_id, to, manifest["sent_at"], study.actor)
    previous = base_of(study, sid)
    with study.db.atomic():
        study.set_meta(OUT + str(sid), json.dumps({
            "code": session.code, "package_id": package_id, "to": to, "at": handoff.at, "by": study.actor,
            "base": base, "review_status": (manifest["transcript"][0]["review_status"] if manifest["transcript"]
                                            else "draft")}, ensure_ascii=False))
        study.audit("handoff.send", "session", sid, {
            "code": session.code, "package": package_id, "to": to, "segments": len(base),
            "recordings": len(recordings), "replaces": previous["package_id"] if previous else ""})
    return handoff


def cancel_handoff(study: Study, code: str) -> None:
    """Stop waiting for a package (lost, or never to be corrected): it can no longer be received."""
    session = require_session(study, code)
    record = base_of(study, session.id)
    if record is None:
        raise UserError(_("The session {code} is not out for correction.").format(code=session.code))
    with study.db.atomic():
        study.db.execute("DELETE FROM study WHERE key = ?", [OUT + str(session.id)])
        study.audit("handoff.cancel", "session", session.id, {"code": session.code, "package": record["package_id"]})


# -- the assistant's side --------------------------------------------------------------------------------------
def open_workspace(package: Path | str, folder: Path | str, passphrase: str, *, actor: str | None = None) -> Study:
    """Materialise a sent package as an encrypted workspace study at `folder` (new or empty); return it open."""
    manifest, audio = stream_package(Path(package), passphrase)
    if manifest.get("kind") != "send":
        raise PackageError(_("This package holds a corrected transcript coming back: receive it in the study "
                             "that sent it."))
    folder = Path(folder).expanduser().resolve()
    existed = folder.exists()
    session = manifest["session"]
    study = Study.create(folder, _("Correction of {code}").format(code=session["code"]),
                         manifest.get("study_language", "fr"), actor=actor, passphrase=passphrase)
    try:
        # The audio first, straight from the package into sealed files, one chunk at a time; the records
        # after, in one transaction. A package found damaged at any chunk removes the whole workspace.
        names = [Path(recording["path"]).stem + SEALED_SUFFIX for recording in manifest["recordings"]]
        appenders = [SealedAppender(study.audio_dir / name, study.keys, int(track["sample_rate"]),
                                    int(track["channels"])) for name, track in zip(names, manifest["audio"])]
        try:
            for track, chunk in audio:
                appenders[track].write(chunk)
        finally:
            for appender in appenders:
                appender.close()
        with study.db.atomic():
            for person in manifest["people"]:
                _insert(study, "participants", [{k: person[k] for k in ("id", "code", "study_role", "created_at")}])
                if person["full_name"] or person["aliases"]:
                    _insert(study, "identities", [{"participant_id": person["id"], "full_name": person["full_name"],
                                                   "aliases": person["aliases"], "updated_at": utc_now_iso()}])
            _insert(study, "sessions", [{**session, "guide_id": None}])
            _insert(study, "attendance", manifest["attendance"])
            for recording, name in zip(manifest["recordings"], names):
                _insert(study, "recordings", [{**recording, "path": f"audio/{name}"}])
            _insert(study, "segments", manifest["segments"])
            _insert(study, "transcripts", manifest["transcript"])
            _insert(study, "speaker_events", manifest["speaker_events"])
            _insert(study, "field_notes", manifest["field_notes"])
            deid = manifest["deid"]
            _insert(study, "deid_identifiers", deid["identifiers"])
            _insert(study, "deid_keep_words", deid["keep_words"])
            _insert(study, "deid_replacements", deid["replacements"])
            _insert(study, "deid_reviews", deid["review"])
            for key, value in deid["meta"].items():
                if value:
                    study.set_meta(f"{key}.{session['id']}", value)
            study.set_meta(WORKSPACE, json.dumps({
                "package_id": manifest["package_id"], "origin_study_id": manifest["origin_study_id"],
                "session_id": session["id"], "code": session["code"], "sent_by": manifest["sent_by"],
                "sent_at": manifest["sent_at"], "to": manifest["to"]}, ensure_ascii=False))
            study.audit("handoff.open", "session", session["id"], {
                "code": session["code"], "package": manifest["package_id"], "segments": len(manifest["segments"])})
    except BaseException:
        study.close()
        crypto.forget(folder)
        if existed:
            for child in folder.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        else:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return study


def return_workspace(study: Study, out: Path | str, passphrase: str, *, scrypt_n: int | None = None) -> Path:
    """Write the workspace's transcript and deidentification review into a return package at `out`."""
    info = workspace_info(study)
    if info is None:
        raise UserError(_("This study is not a correction workspace: there is nothing to return."))
    sid = int(info["session_id"])
    manifest = {
        "kind": "return", "package_id": info["package_id"], "origin_study_id": info["origin_study_id"],
        "session_id": sid, "code": info["code"], "returned_by": study.actor, "returned_at": utc_now_iso(),
        "segments": transcript_rows(study, sid),
        "transcript": _rows(study, "SELECT * FROM transcripts WHERE session_id = ?", [sid]),
        # The notes' texts, so the study takes the assistant's decisions on the notes it still has unchanged.
        "field_notes": _rows(study, "SELECT id, text FROM field_notes WHERE session_id = ? ORDER BY id", [sid]),
        "deid": _deid_state(study, sid),
    }
    out = Path(out)
    if out.suffix != SUFFIX:
        out = out.with_name(out.name + SUFFIX)
    write_package(out, passphrase, manifest, scrypt_n=scrypt_n)
    study.audit("handoff.return", "session", sid, {"code": info["code"], "package": info["package_id"],
                                                  "segments": len(manifest["segments"])})
    return out
