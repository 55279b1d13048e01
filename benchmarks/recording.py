"""Recording benchmark: record several minutes from the PulseAudio null sink while paplay plays into it.

    PULSE_RUNTIME_PATH=/tmp/echo-fieldwork-pulse PYTHONPATH=. python benchmarks/recording.py --minutes 3

Plays a test signal (quiet espeak-ng French speech with a loud 1 kHz tone burst every 10 s) into the
`echo_test` sink, records its monitor with the app's recorder, and stamps a note (Recorder.position_ms())
at the wall-clock moment each tone is played. Prints:
- CPU seconds used by this process per recorded minute (PortAudio callback, writer thread, level meter);
- input overruns reported by PortAudio;
- the gap between each note's time and the tone's onset found in the recorded file. Its median includes
  the playback latency of paplay/PulseAudio (constant); its spread shows drift/jitter over the recording.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RATE = 16000
TONE_EVERY_S = 10
TONE_S = 0.2


def make_signal(path: Path, seconds: int) -> list[float]:
    """Write the test signal; return the tone onsets in seconds."""
    speech_file = path.with_suffix(".speech.wav")
    subprocess.run(["espeak-ng", "-v", "fr+m3", "-w", str(speech_file),
                    "Nous parlons du programme de télémentorat, de son financement et de sa pérennité."],
                   check=True, capture_output=True)
    with wave.open(str(speech_file)) as reader:
        speech = np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16).astype(np.float32)
        speech_rate = reader.getframerate()
    speech = np.interp(np.arange(0, len(speech), speech_rate / RATE), np.arange(len(speech)), speech)
    total = seconds * RATE
    signal = np.resize(speech * 0.1, total)
    onsets = [float(t) for t in range(5, seconds - 1, TONE_EVERY_S)]
    tone = 0.7 * 32767 * np.sin(2 * np.pi * 1000 * np.arange(int(TONE_S * RATE)) / RATE)
    for onset in onsets:
        start = int(onset * RATE)
        signal[start:start + len(tone)] = tone
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(np.clip(signal, -32768, 32767).astype(np.int16).tobytes())
    return onsets


def tone_onsets_ms(path: Path) -> list[int]:
    with wave.open(str(path)) as reader:
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16).astype(np.float32)
    window = RATE // 200  # 5 ms
    count = len(samples) // window
    rms = np.sqrt(np.mean(samples[: count * window].reshape(count, window) ** 2, axis=1))
    loud = 20 * np.log10(np.maximum(rms, 1e-9) / 32768) > -12
    onsets, last = [], -10_000
    for index in np.nonzero(loud)[0]:
        ms = int(index * 5)
        if ms - last > 2000:
            onsets.append(ms)
        last = ms
    return onsets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--device", default="pulse")
    args = parser.parse_args()
    os.environ.setdefault("PULSE_RUNTIME_PATH", "/tmp/echo-fieldwork-pulse")
    os.environ["PULSE_SOURCE"] = "echo_test.monitor"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ECHO_FIELDWORK_HOME"] = str(Path(tmp) / "home")
        from echo_fieldwork.audio.recorder import Recorder
        from echo_fieldwork.people import consent
        from echo_fieldwork.people.participants import add_participant
        from echo_fieldwork.sessions import fieldnotes
        from echo_fieldwork.sessions.sessions import create_session
        from echo_fieldwork.study.study import Study

        seconds = int(args.minutes * 60)
        signal_path = Path(tmp) / "signal.wav"
        onsets = make_signal(signal_path, seconds)
        study = Study.create(Path(tmp) / "study", "Benchmark", "fr")
        participant = add_participant(study, "P01")
        consent.record_consent(study, participant.id, consent.latest_form(study, "fr").id, "paper", {"audio"})
        session = create_session(study, "B1", "interview", "2026-11-27", "in_person", attendees=["P01"])
        recorder = Recorder(study, session.id, device=args.device)
        recorder.start()
        if not recorder.wait_for_audio(15):
            print("no audio arrived from the device", file=sys.stderr)
            return 1
        cpu_start = time.process_time()
        player = subprocess.Popen(["paplay", "--device=echo_test", str(signal_path)])
        played_at = time.monotonic()
        note_ms = []
        for onset in onsets:
            time.sleep(max(0.0, played_at + onset - time.monotonic()))
            note = fieldnotes.add_note(study, session.id, "tone", recording_ms=recorder.position_ms())
            note_ms.append(note.recording_ms)
        player.wait()
        time.sleep(1.0)
        result = recorder.stop()
        cpu = time.process_time() - cpu_start
        found = tone_onsets_ms(result.path)
        pairs = [(n, min(found, key=lambda f: abs(f - n))) for n in note_ms] if found else []
        gaps = [n - f for n, f in pairs]
        minutes = result.duration_ms / 60000
        print(f"recorded: {result.duration_ms / 1000:.1f} s ({minutes:.2f} min), wall {seconds} s of signal")
        print(f"CPU: {cpu:.2f} s total, {cpu / minutes:.2f} CPU s per recorded minute")
        print(f"input overruns: {result.overruns}")
        print(f"tones: {len(onsets)} played, {len(found)} found in the file")
        if gaps:
            print(f"note time minus tone onset in the file: median {statistics.median(gaps):.0f} ms, "
                  f"min {min(gaps)} ms, max {max(gaps)} ms, spread {max(gaps) - min(gaps)} ms")
        study.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
