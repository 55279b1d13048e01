"""Encryption benchmark: plain WAV vs sealed (AES-256-GCM, 64 KiB chunks) recordings, in the same run.

    PYTHONPATH=. python benchmarks/encryption.py --minutes 60

Writes the same audio (16 kHz mono 16-bit, in the recorder's 100 ms blocks, flushed and fsynced every
0.5 s as the recorder does) as a plain WAV and as a sealed file, then reads each back whole and seeks at
random (100 reads of 2 s, as the player and re-transcription do). Also times one scrypt unlock with the
production parameters. Prints CPU and wall seconds per hour of audio.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from echo_fieldwork.audio.wavfile import WavAppender
from echo_fieldwork.study import crypto
from echo_fieldwork.study.sealed_audio import SealedAppender, SealedReader

RATE = 16000
BLOCK = RATE // 10 * 2          # 100 ms of 16-bit mono


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def write(appender_factory, path: Path, blocks: int, block: bytes) -> None:
    writer = appender_factory(path)
    for index in range(blocks):
        writer.write(block)
        if index % 5 == 4:
            writer.flush()
    writer.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=60)
    args = parser.parse_args()
    blocks = int(args.minutes * 60 * 10)
    block = os.urandom(BLOCK)
    keys = crypto.StudyKeys(secrets.token_bytes(32))
    per_hour = 60 / args.minutes
    with tempfile.TemporaryDirectory() as folder:
        plain, sealed = Path(folder) / "a.wav", Path(folder) / "a.efa"
        rows = []
        wall, cpu, _ = timed(lambda: write(lambda p: WavAppender(p, RATE), plain, blocks, block))
        rows.append(("write (recorder pattern)", "plain", wall, cpu))
        wall, cpu, _ = timed(lambda: write(lambda p: SealedAppender(p, keys, RATE), sealed, blocks, block))
        rows.append(("write (recorder pattern)", "sealed", wall, cpu))

        def read_plain():
            with wave.open(str(plain)) as reader:
                return len(reader.readframes(reader.getnframes()))

        def read_sealed():
            with SealedReader(sealed, keys) as reader:
                return len(reader.read_all())

        wall, cpu, n1 = timed(read_plain)
        rows.append(("read whole file", "plain", wall, cpu))
        wall, cpu, n2 = timed(read_sealed)
        rows.append(("read whole file", "sealed", wall, cpu))
        assert n1 == n2
        size = n1
        offsets = [random.randrange(0, size - 2 * RATE * 2) // 2 * 2 for _ in range(100)]

        def seek_plain():
            with open(plain, "rb") as handle:
                for offset in offsets:
                    handle.seek(44 + offset)
                    handle.read(2 * RATE * 2)

        def seek_sealed():
            with SealedReader(sealed, keys) as reader:
                for offset in offsets:
                    reader.read(offset, 2 * RATE * 2)

        wall_p, cpu_p, _ = timed(seek_plain)
        wall_s, cpu_s, _ = timed(seek_sealed)
        print(f"audio: {args.minutes:g} min; sizes plain {plain.stat().st_size / 1e6:.1f} MB, "
              f"sealed {sealed.stat().st_size / 1e6:.1f} MB")
        print(f"{'operation':28} {'file':7} {'wall s/h audio':>15} {'cpu s/h audio':>14}")
        for name, kind, wall, cpu in rows:
            print(f"{name:28} {kind:7} {wall * per_hour:15.2f} {cpu * per_hour:14.2f}")
        print(f"{'100 random 2-s reads':28} {'plain':7} {wall_p * 1000 / 100:12.2f} ms/read (cpu {cpu_p * 10:.2f} ms)")
        print(f"{'100 random 2-s reads':28} {'sealed':7} {wall_s * 1000 / 100:12.2f} ms/read (cpu {cpu_s * 10:.2f} ms)")
        key_path = Path(folder) / "study.key"
        crypto.new_key_file(key_path, "a passphrase for the benchmark")
        wall, cpu, _ = timed(lambda: crypto.unwrap(key_path, "a passphrase for the benchmark"))
        print(f"unlock (scrypt N=2^17, r=8, p=1): {wall:.2f} s wall, {cpu:.2f} s cpu")


if __name__ == "__main__":
    main()
