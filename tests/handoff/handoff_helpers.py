"""An origin study with two sessions (only one is sent), names, a phone number and a recording."""

from __future__ import annotations

import json
import wave
from pathlib import Path

PASSPHRASE = "phrase convenue en équipe"
NAME = "Gisèle Ouellette"
PHONE = "514-555-0199"
OTHER_TEXT = "une autre séance que l'assistante ne doit pas voir"
TEXTS = ["Bonjour à tous, merci d'être venus.", "Gisèle Ouellette travaille à Rimouski depuis dix ans.",
         "Le télémentorat nous aide beaucoup.", "On parle de la formation continue."]


def pcm_tone(seconds: float = 2.0, rate: int = 16000) -> bytes:
    import math
    import struct

    return b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 220 * i / rate)))
                    for i in range(int(seconds * rate)))


def add_recording(study, session_id: int, name: str, pcm: bytes, rate: int = 16000) -> None:
    from echo_fieldwork.sessions.sessions import add_recording_row
    from echo_fieldwork.study.sealed_audio import SealedAppender

    if study.keys is not None:
        appender = SealedAppender(study.audio_dir / f"{name}.efa", study.keys, rate)
        appender.write(pcm)
        appender.close()
        path = f"audio/{name}.efa"
    else:
        with wave.open(str(study.audio_dir / f"{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(pcm)
        path = f"audio/{name}.wav"
    add_recording_row(study, session_id, path, source="imported", status="complete", sample_rate=rate,
                      duration_ms=len(pcm) * 1000 // (2 * rate))


def fill_origin(study) -> int:
    """FG1 (sent) with a recording, four segments, a note and a speaker log; FG2 (never sent)."""
    from echo_fieldwork.people import identity
    from echo_fieldwork.sessions.fieldnotes import add_note
    from echo_fieldwork.transcript.segments import Segment, Word, insert_segments
    from tests.sessions_helpers import make_session

    session = make_session(study, "FG1", attendees=("P01", "P02"))
    other = make_session(study, "FG2", attendees=("P03",))
    p01 = study.db.execute("SELECT id FROM participants WHERE code = 'P01'").fetchone()[0]
    identity.set_identity(study, identity.Identity(p01, full_name=NAME, phone=PHONE))
    add_recording(study, session.id, "FG1-1", pcm_tone())
    segments = []
    for index, text in enumerate(TEXTS):
        start = index * 2000
        words = [Word(start + k * 100, start + k * 100 + 90, w, 0.9) for k, w in enumerate(text.split())]
        segments.append(Segment(None, session.id, start, start + 1800, text, speaker="P01" if index % 2 else "M1",
                                words=words))
    insert_segments(study, segments)
    insert_segments(study, [Segment(None, other.id, 0, 1000, OTHER_TEXT, speaker="P03")])
    add_note(study, session.id, "Rires quand on parle de Rimouski", recording_ms=2500)
    return session.id


def segment_ids(study, session_id: int) -> list[int]:
    return [r[0] for r in study.db.execute("SELECT id FROM segments WHERE session_id = ? ORDER BY start_ms, id",
                                           [session_id])]


def texts(study, session_id: int) -> list[str]:
    return [r[0] for r in study.db.execute("SELECT text FROM segments WHERE session_id = ? ORDER BY start_ms, id",
                                           [session_id])]


def audit_actions(study, prefix: str = "handoff.") -> list[tuple[str, dict]]:
    return [(a, json.loads(d)) for a, d in study.db.execute(
        "SELECT action, detail FROM audit_log WHERE action LIKE ? ORDER BY id", [prefix + "%"])]


def passphrase_file(tmp_path: Path, text: str = PASSPHRASE) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path
