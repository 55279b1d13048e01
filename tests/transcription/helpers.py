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


# -- audio without speech, and speech nobody can make out (tests of honest output) ----------------------
def _sox(*args: str) -> None:
    """sox with the same output every time (-R: no random dither, noise generators seeded), quiet."""
    subprocess.run(["sox", "-R", "-V1", *args], check=True)


_OUT = ["-r", "16000", "-c", "1", "-b", "16"]
_NOTES = ["C4", "E4", "G4", "A4", "G4", "E4", "D4", "F4", "A4", "C5", "B4", "G4"]
_CHORDS = [("C3", "E3", "G3"), ("A2", "C3", "E3"), ("F2", "A2", "C3"), ("G2", "B2", "D3")]


def music_wav(out: Path, tmp: Path, seconds: float = 24.0) -> Path:
    """A tune: a plucked melody over sustained chords and a drum beat (kick and hi-hat), mixed."""
    melody, chords, beat = tmp / "melody.wav", tmp / "chords.wav", tmp / "beat.wav"
    notes = []
    for index in range(int(seconds / 0.4)):
        note = tmp / f"note{index}.wav"
        _sox("-n", *_OUT, str(note), "synth", "0.4", "pluck", _NOTES[index % len(_NOTES)], "vol", "0.5")
        notes.append(str(note))
    _sox(*notes, str(melody))
    parts = []
    for index in range(int(seconds / 2)):
        part = tmp / f"chord{index}.wav"
        a, b, c = _CHORDS[index % len(_CHORDS)]
        _sox("-n", *_OUT, str(part), "synth", "2", "sawtooth", a, "sawtooth", b, "sawtooth", c,
             "lowpass", "1200", "fade", "0.05", "2", "0.2", "vol", "0.15")
        parts.append(str(part))
    _sox(*parts, str(chords))
    kick, hat = tmp / "kick.wav", tmp / "hat.wav"
    _sox("-n", *_OUT, str(kick), "synth", "0.25", "sine", "90-40", "fade", "0", "0.25", "0.2", "pad", "0", "0.25")
    _sox("-n", *_OUT, str(hat), "synth", "0.05", "whitenoise", "highpass", "6000", "fade", "0", "0.05", "0.04",
         "vol", "0.3", "pad", "0", "0.45")
    bar = tmp / "bar.wav"
    _sox(str(kick), str(hat), str(kick), str(hat), str(bar))  # one second: kick, hat, kick, hat
    _sox(*[str(bar)] * int(seconds), str(beat))
    _sox("-m", str(melody), str(chords), str(beat), str(out), "trim", "0", str(seconds), "norm", "-3")
    return out


def room_noise_wav(out: Path, tmp: Path, seconds: float = 24.0) -> Path:
    """A room with no one speaking: ventilation (brown noise, 60 Hz hum), and now and then a chair or a
    cup (short knocks)."""
    air, hum, knocks = tmp / "air.wav", tmp / "hum.wav", tmp / "knocks.wav"
    _sox("-n", *_OUT, str(air), "synth", str(seconds), "brownnoise", "vol", "0.3")
    _sox("-n", *_OUT, str(hum), "synth", str(seconds), "sine", "60", "sine", "120", "vol", "0.05")
    knock = tmp / "knock.wav"
    _sox("-n", *_OUT, str(knock), "synth", "0.12", "pinknoise", "lowpass", "900", "fade", "0", "0.12", "0.1",
         "vol", "0.8")
    pieces = []
    for index, gap in enumerate([1.3, 2.9, 0.7, 4.1, 2.2, 3.3, 1.8, 5.0]):
        padded = tmp / f"knock{index}.wav"
        _sox(str(knock), str(padded), "pad", str(gap), "0")
        pieces.append(str(padded))
    _sox(*pieces, str(knocks), "pad", "0", str(seconds))
    _sox("-m", str(air), str(hum), str(knocks), str(out), "trim", "0", str(seconds), "norm", "-12")
    return out


BABBLE_VOICES = ["fr+m3", "fr+f2", "fr+m7", "fr+f4", "fr+m1", "fr+f1"]


def babble_wav(out: Path, tmp: Path, seconds: float = 20.0, voices: int = 6, lowpass_hz: int = 400) -> Path:
    """A café in the next room: several voices talking at once, muffled (low-passed) until no word can be
    made out."""
    tracks = []
    for index in range(voices):
        raw = tmp / f"voice{index}.raw.wav"
        text = " ".join(PHRASES[(index + k) % len(PHRASES)] for k in range(4))
        subprocess.run(["espeak-ng", "-v", BABBLE_VOICES[index % len(BABBLE_VOICES)], "-s", str(140 + 10 * index),
                        "-w", str(raw), text], check=True)
        track = tmp / f"voice{index}.wav"
        _sox(str(raw), *_OUT, str(track), "pad", str(0.3 * index), "0", "pad", "0", str(seconds), "trim", "0",
             str(seconds))
        tracks.append(str(track))
    _sox("-m", *tracks, str(out), "vol", "0.5", "lowpass", str(lowpass_hz), "lowpass", str(lowpass_hz), "norm", "-10")
    return out


def silence_wav(out: Path, seconds: float = 20.0, hiss_db: float | None = None) -> Path:
    """Digital silence, or with `hiss_db` a faint hiss (a microphone left open in a quiet room)."""
    if hiss_db is None:
        _sox("-n", *_OUT, str(out), "trim", "0", str(seconds))
    else:
        _sox("-n", *_OUT, str(out), "synth", str(seconds), "whitenoise", "gain", "-n", str(hiss_db))
    return out


def overlap_wav(out: Path, tmp: Path) -> Path:
    """Two people talking at once at the same level, different sentences (a focus group's cross-talk)."""
    voices = []
    for name, voice, speed, text in (("a", "fr+m3", "150", PHRASES[1] + " " + PHRASES[3]),
                                     ("b", "fr+f2", "165", PHRASES[4] + " " + PHRASES[2])):
        raw, track = tmp / f"overlap_{name}.raw.wav", tmp / f"overlap_{name}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", speed, "-w", str(raw), text], check=True)
        _sox(str(raw), *_OUT, str(track), "norm", "-6")
        voices.append(str(track))
    _sox("-m", *voices, str(out), "norm", "-3")
    return out
