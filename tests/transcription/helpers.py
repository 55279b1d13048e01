"""Test material for transcription: a study session with French speech made by espeak-ng, and the real
base model assembled once per test run (assembling copies 150 MB, too slow to repeat in every test)."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

from tests.consent_helpers import ready_form

PHRASES = [
    "Bonjour, je travaille comme infirmière à l'hôpital depuis dix ans.",
    "Le programme de télémentorat nous aide beaucoup avec les patients.",
    "Nous avons des rencontres chaque semaine avec l'équipe de soutien.",
    "Parfois la connexion est difficile dans les régions éloignées.",
    "Les médecins répondent rapidement à nos questions cliniques.",
    "Je recommande ce projet à mes collègues de la région.",
]


def espeak_wav(text: str, out: Path, tmp: Path) -> Path:
    raw = tmp / (out.stem + ".raw.wav")
    subprocess.run(["espeak-ng", "-v", "fr+m3", "-s", "150", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    raw.unlink()
    return out


def long_wav(out: Path, tmp: Path, phrases: list[str], pause_s: float = 0.8) -> Path:
    """Phrases one after the other with silences between them (as in an interview)."""
    parts = []
    for index, phrase in enumerate(phrases):
        parts.append(espeak_wav(phrase, tmp / f"p{index}.wav", tmp))
    silence = tmp / "silence.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(silence), "trim", "0", str(pause_s)],
                   check=True)
    args = []
    for part in parts:
        args += [str(part), str(silence)]
    subprocess.run(["sox", *args, str(out)], check=True)
    return out


def wav_duration_ms(path: Path) -> int:
    with wave.open(str(path)) as handle:
        return handle.getnframes() * 1000 // handle.getframerate()


def make_session(study, code: str = "E01", participant: str = "P01", language: str = "fr") -> int:
    from echo_fieldwork.people import consent, participants
    from echo_fieldwork.sessions import sessions

    if participants.get_by_code(study, participant) is None:
        person = participants.add_participant(study, participant)
        consent.record_consent(study, person.id, ready_form(study, "fr").id, "paper",
                               {"audio", "quotes", "contact"})
    return sessions.create_session(study, code, "interview", "2026-11-20", "in_person", attendees=[participant],
                                   language=language).id


def add_audio(study, session_id: int, source: Path, name: str = "e01.wav") -> Path:
    import shutil

    from echo_fieldwork.sessions import sessions

    target = study.audio_dir / name
    shutil.copyfile(source, target)
    sessions.add_recording_row(study, session_id, f"audio/{name}", source="imported", status="complete",
                               sample_rate=16000, duration_ms=wav_duration_ms(target))
    return target


def fake_model_folder(folder: Path) -> Path:
    """A folder that passes `validate_model_folder` (multilingual config, non-empty files) but holds no real
    weights: for what does not decode with it (listing, choosing, bundling, the fake engine)."""
    import json

    folder.mkdir(parents=True)
    for name in ("model.bin", "tokenizer.json", "vocabulary.json"):
        (folder / name).write_text(f"not a real {name}")
    (folder / "config.json").write_text(json.dumps({"alignment_heads": [], "lang_ids": [1, 2, 3]}))
    return folder
