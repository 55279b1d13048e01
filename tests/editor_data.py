"""Test data for the transcript editor: a focus group with consenting attendees, real French speech
(espeak-ng) and a realistic transcript, or a long synthetic one for benchmarks."""

from __future__ import annotations

import os
import random
import subprocess
import wave
from pathlib import Path

from echo_fieldwork.people import consent, participants
from echo_fieldwork.sessions.sessions import add_recording_row, create_session
from echo_fieldwork.transcript.segments import Segment, Word, insert_segments
from tests.consent_helpers import ready_form

ATTENDEES = ["P01", "P02", "P03", "P04", "P05"]
MODERATOR = "M1"

# (speaker, text) of a realistic focus group on telementoring; used for the real-audio tests and screenshots.
SCRIPT = [
    ("M1", "Bonjour à tous et merci d’être là ce matin."),
    ("M1", "Pour commencer, parlez-moi de votre première séance de télémentorat."),
    ("P01", "Moi, au début, j’étais assez stressée par la caméra."),
    ("P01", "Mais l’infirmière mentore était très patiente avec nous."),
    ("P02", "Pour ma part, la connexion coupait souvent à l’urgence."),
    ("P03", "Je trouve que ça nous a fait gagner beaucoup de temps."),
    ("P04", "On n’avait pas toujours un local calme pour les appels."),
    ("M1", "Est-ce que d’autres ont vécu la même chose ?"),
    ("P05", "Oui, surtout les fins de semaine, c’était difficile."),
    ("P02", "Et le soir, il n’y avait personne pour nous aider."),
]
VOICES = ["fr+m3", "fr+f2", "fr+m1", "fr+f3", "fr+m4", "fr+f4"]


def add_attendees(study, codes=ATTENDEES, moderator=MODERATOR) -> None:
    consent.ensure_default_forms(study)
    form = ready_form(study, "fr")
    for code in list(codes) + [moderator]:
        role = "interviewer" if code == moderator else "participant"
        person = participants.add_participant(study, code, role)
        consent.record_consent(study, person.id, form.id, "paper", {"audio", "quotes", "contact"})


def make_session(study, code: str = "GD01"):
    if participants.get_by_code(study, MODERATOR) is None:
        add_attendees(study)
    return create_session(study, code, "focus_group", "2026-03-12", "in_person", attendees=ATTENDEES,
                          interviewers=[MODERATOR])


def _words(text: str, start: int, end: int, rng: random.Random | None = None) -> list[Word]:
    tokens = text.split()
    total = sum(len(t) + 1 for t in tokens)
    words, at = [], start
    for token in tokens:
        length = round((end - start) * (len(token) + 1) / total)
        probability = 0.97 if rng is None else (rng.choice([0.3, 0.42]) if rng.random() < 0.06 else 0.95)
        words.append(Word(at, min(end, at + length - 40 if length > 80 else at + length), token, probability))
        at += length
    return words


def make_speech(study, session_id: int, script=SCRIPT, *, gap_ms: int = 300, labelled: bool = True,
                name: str = "gd01.wav") -> list[Segment]:
    """Speak the script with espeak-ng (a voice per speaker), register the WAV, store the segments with
    their real times (words spread over each sentence)."""
    audio_dir = Path(study.audio_dir)
    parts, at, segments = [], 0, []
    speakers = sorted({s for s, _t in script})
    for index, (speaker, text) in enumerate(script):
        raw = audio_dir / f"part{index}.wav"
        subprocess.run(["espeak-ng", "-v", VOICES[speakers.index(speaker) % len(VOICES)], "-w", str(raw), text],
                       check=True, capture_output=True)
        part = audio_dir / f"part{index}_16k.wav"
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(part), "pad", "0", f"{gap_ms / 1000}"],
                       check=True, capture_output=True)
        with wave.open(str(part)) as handle:
            length = round(handle.getnframes() * 1000 / handle.getframerate())
        speech_end = at + length - gap_ms
        segments.append(Segment(None, session_id, at, speech_end, text, speaker if labelled else "",
                                _words(text, at, speech_end)))
        parts.append(str(part))
        at += length
    out = audio_dir / name
    subprocess.run(["sox", *parts, str(out)], check=True, capture_output=True)
    if os.environ.get("ECHO_FIELDWORK_ENGINE") == "fake":  # what a re-transcription will "hear"
        from tests.transcription.fixtures import fake_engine_hears

        fake_engine_hears(out, [{"start_ms": s.start_ms, "end_ms": s.end_ms, "text": s.text} for s in segments])
    for path in parts:
        Path(path).unlink()
    for index in range(len(script)):
        (audio_dir / f"part{index}.wav").unlink()
    add_recording_row(study, session_id, f"audio/{name}", source="imported", status="complete", sample_rate=16000,
                      duration_ms=at)
    insert_segments(study, segments)
    return segments


SENTENCES = [
    "je pense que la formation aurait dû commencer plus tôt dans l’année",
    "on a eu des difficultés avec la plateforme au début",
    "c’est vraiment le soutien de l’équipe qui a fait la différence",
    "les patients étaient plutôt contents de voir quelqu’un à l’écran",
    "honnêtement je ne savais pas trop à quoi m’attendre",
    "la mentore répondait toujours dans la journée",
    "il faudrait prévoir du temps protégé pour les séances",
    "on en parlait entre nous pendant les pauses",
    "au CLSC ce n’était pas la même réalité qu’à l’hôpital",
    "ça m’a donné confiance pour les cas plus complexes",
]


def synthetic_transcript(session_id: int, count: int = 2600, seed: int = 5) -> list[Segment]:
    """A long focus group (≈ 2 h for 2,600 segments) with words and a few uncertain ones."""
    rng = random.Random(seed)
    speakers = ATTENDEES + [MODERATOR]
    segments, at, speaker = [], 0, "M1"
    for _index in range(count):
        if rng.random() < 0.35:
            speaker = rng.choice(speakers)
        text = " ".join(rng.sample(SENTENCES, rng.choice([1, 1, 2]))).capitalize() + "."
        duration = 300 + 30 * len(text)
        segments.append(Segment(None, session_id, at, at + duration, text, speaker,
                                _words(text, at, at + duration, rng), flags="speaker_set"))
        at += duration + rng.choice([150, 250, 400])
    return segments
