#!/usr/bin/env python3
"""Make the built-in one-minute French sample that a Whisper model is benchmarked on (`models benchmark`,
the model picker's "Benchmark" button): `resources/benchmark/sample-fr.opus` and its reference text
`resources/benchmark/sample-fr.txt`.

    python3 tools/make_benchmark_sample.py

Run once; the two files are committed. The speech is synthetic: espeak-ng (`-v fr+m3` and `-v fr+f2`,
an interviewer and a participant taking turns, with pauses between turns) reading the script below,
which was written for this app (no recording of a person, no copy of any data set). espeak-ng's output
is not covered by its GPL licence; the text and the audio are the app's own (MIT, like the app).
Synthetic speech is easier than real conversation: the word error rate on it compares models with each
other on one computer, it does not predict accuracy on a focus group.

Encoded as Opus (24 kbit/s, mono, 16 kHz): about 200 KB for a minute, decoded by PyAV (faster-whisper's
own decoder) in the app, so nothing new is needed to read it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "benchmark"
AUDIO = OUT / "sample-fr.opus"
REFERENCE = OUT / "sample-fr.txt"
VOICES = ("fr+m3", "fr+f2")   # interviewer, participant
PAUSE_S = 0.7

TURNS = [
    "Bonjour et merci d'avoir accepté de participer à cette entrevue.",
    "Avec plaisir. Je travaille comme infirmière clinicienne dans un petit hôpital depuis douze ans.",
    "Pouvez-vous me décrire une journée typique dans votre unité?",
    "Le matin, nous faisons la tournée des patients avec le médecin de garde. Ensuite, je prépare les "
    "médicaments et je réponds aux questions des familles.",
    "Qu'est-ce qui a changé depuis l'arrivée du programme de télésanté?",
    "Nous pouvons maintenant consulter un spécialiste par vidéo. Avant, les patients devaient voyager "
    "plusieurs heures pour un rendez-vous de quinze minutes.",
    "Comment les patients ont-ils réagi à ces consultations à distance?",
    "Les personnes âgées étaient inquiètes au début, mais la plupart apprécient de rester près de leur "
    "famille. Certaines demandent encore à voir le médecin en personne.",
    "Selon vous, que faudrait-il améliorer en priorité?",
    "Il faudrait une meilleure formation pour le personnel et un soutien technique disponible le soir et "
    "la fin de semaine.",
]


def run(*args: str) -> None:
    subprocess.run(args, check=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        silence = work / "silence.wav"
        run("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(silence), "trim", "0", str(PAUSE_S))
        parts: list[str] = []
        for index, text in enumerate(TURNS):
            raw, turn = work / f"raw{index}.wav", work / f"turn{index}.wav"
            run("espeak-ng", "-v", VOICES[index % 2], "-s", "155", "-w", str(raw), text)
            run("sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(turn))
            parts += [str(turn), str(silence)]
        joined = work / "sample.wav"
        run("sox", *parts, str(joined))
        run("ffmpeg", "-loglevel", "error", "-y", "-i", str(joined), "-c:a", "libopus", "-b:a", "24k",
            "-ac", "1", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact", str(AUDIO))
        seconds = float(subprocess.run(["soxi", "-D", str(joined)], check=True, capture_output=True,
                                       text=True).stdout)
    REFERENCE.write_text("\n".join(TURNS) + "\n", encoding="utf-8")
    print(f"{AUDIO.relative_to(ROOT)}: {seconds:.1f} s, {AUDIO.stat().st_size / 1000:.0f} KB; "
          f"{REFERENCE.relative_to(ROOT)}: {sum(len(t.split()) for t in TURNS)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
