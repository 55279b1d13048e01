"""A session's recordings in an export (the .qdpx "include recordings" option): who must agree, and the
session's timeline written as one WAV straight into a zip member (a sealed recording is decrypted in
memory, chunk by chunk: no plaintext file is ever written)."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from echo_fieldwork.i18n import _
from echo_fieldwork.people.permissions import Use, may
from echo_fieldwork.sessions.sessions import attendance, get_session, session_timeline
from echo_fieldwork.study.sealed_audio import SealedAudioError, SealedReader, is_sealed, wav_header
from echo_fieldwork.study.study import Study

_BLOCK = 1 << 20  # bytes copied at a time


@dataclass
class _Piece:
    path: Path
    sample_rate: int
    channels: int
    sample_width: int
    data_bytes: int


def _speakers(study: Study, session_id: int) -> list[tuple[int, str]]:
    """Everyone whose voice may be on the session's recordings: the attendance list, and anyone labelled
    as a speaker in its transcript."""
    people = {pid: code for pid, code, _role in attendance(study, session_id)}
    for pid, code in study.db.execute(
            "SELECT DISTINCT p.id, p.code FROM participants p JOIN segments s ON s.session_id = ? "
            "AND s.speaker = p.code COLLATE NOCASE", [session_id]):
        people.setdefault(pid, code)
    return sorted(people.items(), key=lambda item: item[1])


def _pieces(study: Study, session_id: int) -> tuple[list[_Piece], list[str]]:
    """The session's timeline recordings, read from their headers, and what prevents using them."""
    code = get_session(study, session_id).code
    timeline = session_timeline(study, session_id)
    if not timeline:
        return [], [_("{code}: the session has no recording.").format(code=code)]
    unfinished = {row[0] for row in study.db.execute(
        "SELECT id FROM recordings WHERE session_id = ? AND status = 'recording'", [session_id])}
    pieces, problems = [], []
    for recording_id, relative, _start, _duration in timeline:
        path = study.folder / relative
        if recording_id in unfinished:
            problems.append(_("{code}: a recording is still under way.").format(code=code))
            continue
        try:
            if is_sealed(path):
                if study.keys is None:
                    raise SealedAudioError("sealed recording in a plaintext study")
                with SealedReader(path, study.keys) as reader:
                    pieces.append(_Piece(path, reader.sample_rate, reader.channels, 2, reader.data_bytes))
            else:
                with wave.open(str(path), "rb") as reader:
                    pieces.append(_Piece(path, reader.getframerate(), reader.getnchannels(), reader.getsampwidth(),
                                         reader.getnframes() * reader.getnchannels() * reader.getsampwidth()))
        except (OSError, EOFError, wave.Error, SealedAudioError):
            problems.append(_("{code}: the recording {file} is missing or cannot be read.").format(
                code=code, file=path.name))
    if pieces and len({(p.sample_rate, p.channels, p.sample_width) for p in pieces}) > 1:
        problems.append(_("{code}: its recordings differ in format and cannot be joined into one file.").format(
            code=code))
    if pieces and pieces[0].sample_width != 2:
        problems.append(_("{code}: its recordings are not 16-bit audio.").format(code=code))
    return pieces, problems


def audio_refusals(study: Study, session_id: int) -> list[str]:
    """Why the session's recordings may not leave in an export (empty when they may): voices identify
    people, so everyone heard must have consented to the use of their recording and not withdrawn
    with removal of their data; and the recordings must all be there."""
    reasons = []
    for pid, _code in _speakers(study, session_id):
        decision = may(study, pid, Use.SHARE_AUDIO)
        if not decision:
            reasons.append(_("{session}: recordings cannot be included: {reason}").format(
                session=get_session(study, session_id).code, reason=decision.reason))
    return reasons + _pieces(study, session_id)[1]


def write_session_wav(study: Study, session_id: int, out: BinaryIO) -> int:
    """Write the session's timeline as one 16-bit WAV to `out` (a zip member opened for writing); returns
    its duration in ms. Call `audio_refusals` first: this only refuses what it cannot do."""
    pieces, problems = _pieces(study, session_id)
    if problems or not pieces:
        raise ValueError("; ".join(problems) or "no recording")
    first = pieces[0]
    total = sum(p.data_bytes for p in pieces)
    if total + 36 > 0xFFFFFFFF:
        raise ValueError("a WAV file holds at most 4 GiB")
    out.write(wav_header(first.sample_rate, first.channels, total))
    for piece in pieces:
        if is_sealed(piece.path):
            with SealedReader(piece.path, study.keys) as reader:
                for offset in range(0, reader.data_bytes, _BLOCK):
                    out.write(reader.read(offset, _BLOCK))
        else:
            with wave.open(str(piece.path), "rb") as reader:
                frames_per_block = _BLOCK // (first.channels * 2)
                while True:
                    data = reader.readframes(frames_per_block)
                    if not data:
                        break
                    out.write(data)
    frames = total // (first.channels * 2)
    return frames * 1000 // first.sample_rate

