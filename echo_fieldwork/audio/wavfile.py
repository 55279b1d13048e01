"""A 16-bit PCM WAV file that is valid on disk after every flush, and its repair after a crash.

The header's size fields are rewritten at each flush, so a crash loses only what was written since the
last flush; `repair_wav` fixes a header left behind by a crash from the data actually on disk.
"""

from __future__ import annotations

import os
import struct
import wave
from pathlib import Path

from echo_fieldwork.fileutil import create_private

HEADER_SIZE = 44
SAMPLE_WIDTH = 2


def _discard(handle, path: Path) -> None:
    """Close and remove a recording file that could not even be started."""
    try:
        handle.close()
    except OSError:
        pass
    Path(path).unlink(missing_ok=True)


def _header(sample_rate: int, channels: int, data_bytes: int) -> bytes:
    block_align = channels * SAMPLE_WIDTH
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, channels, sample_rate, sample_rate * block_align,
                                    block_align, 8 * SAMPLE_WIDTH)
            + b"data" + struct.pack("<I", data_bytes))


class WavAppender:
    """Append PCM bytes; `flush()` makes everything so far durable and readable."""

    def __init__(self, path: Path, sample_rate: int, channels: int = 1) -> None:
        self.path = Path(path)
        self.sample_rate = sample_rate
        self.channels = channels
        self.data_bytes = 0
        self._flushed_bytes = 0
        # Exclusive: never overwrite an existing recording. 0600 whatever the umask: it is a person's voice.
        self._file = create_private(self.path)
        try:
            self._file.write(_header(sample_rate, channels, 0))
            self.flush()
        except BaseException:  # e.g. a full disk: no file without its header is left behind
            _discard(self._file, self.path)
            raise

    def write(self, pcm: bytes) -> None:
        self._file.write(pcm)
        self.data_bytes += len(pcm)

    def flush(self) -> None:
        self._file.flush()
        if self.data_bytes != self._flushed_bytes or self._flushed_bytes == 0:
            # Sizes first reach the disk with the data they describe (one fsync for both).
            end = self._file.tell()
            self._file.seek(4)
            self._file.write(struct.pack("<I", 36 + self.data_bytes))
            self._file.seek(40)
            self._file.write(struct.pack("<I", self.data_bytes))
            self._file.seek(end)
            self._file.flush()
        os.fsync(self._file.fileno())
        self._flushed_bytes = self.data_bytes

    @property
    def duration_ms(self) -> int:
        return frames_to_ms(self.data_bytes // (SAMPLE_WIDTH * self.channels), self.sample_rate)

    def close(self) -> None:
        if not self._file.closed:
            self.flush()
            self._file.close()


def frames_to_ms(frames: int, sample_rate: int) -> int:
    return frames * 1000 // sample_rate


def wav_info(path: Path) -> tuple[int, int, int]:
    """(sample rate, channels, duration ms) of a readable WAV file; raises wave.Error/EOFError otherwise."""
    with wave.open(str(path), "rb") as reader:
        return reader.getframerate(), reader.getnchannels(), frames_to_ms(reader.getnframes(), reader.getframerate())


def repair_wav(path: Path) -> int:
    """Rewrite the size fields of a 16-bit PCM WAV from the bytes on disk; return its duration in ms.

    Only our own 44-byte-header files are repaired; the channel count and rate are read from the header,
    which is written (and fsynced) before any audio."""
    path = Path(path)
    with open(path, "r+b") as handle:
        header = handle.read(HEADER_SIZE)
        if len(header) < HEADER_SIZE or header[:4] != b"RIFF" or header[8:16] != b"WAVEfmt " \
                or header[36:40] != b"data":
            raise ValueError("not a PCM WAV header written by this app")
        channels, sample_rate = struct.unpack("<HI", header[22:28])
        size = os.fstat(handle.fileno()).st_size
        block_align = channels * SAMPLE_WIDTH
        data_bytes = (size - HEADER_SIZE) // block_align * block_align
        handle.truncate(HEADER_SIZE + data_bytes)  # a half-written last sample is dropped
        handle.seek(0)
        handle.write(_header(sample_rate, channels, data_bytes))
        handle.flush()
        os.fsync(handle.fileno())
    return frames_to_ms(data_bytes // block_align, sample_rate)
