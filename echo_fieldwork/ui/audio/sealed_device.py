"""An encrypted study's recordings played from memory: a read-only, seekable QIODevice that serves a WAV
stream (a header made in memory, then the audio) decrypting only the chunks the player reads.

QMediaPlayer.setSourceDevice plays it; no decrypted file is ever written (no playback cache either:
several recordings of one session are served one after the other)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QIODevice, QObject

from echo_fieldwork.study.crypto import StudyKeys
from echo_fieldwork.study.sealed_audio import SealedConcatenation, wav_header


class SealedAudioDevice(QIODevice):
    def __init__(self, paths: list[Path], keys: StudyKeys, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._audio = SealedConcatenation(paths, keys)
        self._header = wav_header(self._audio.sample_rate, self._audio.channels, self._audio.data_bytes)
        self._size = len(self._header) + self._audio.data_bytes
        self.open(QIODevice.OpenModeFlag.ReadOnly)

    @property
    def duration_ms(self) -> int:
        return self._audio.data_bytes // (2 * self._audio.channels) * 1000 // self._audio.sample_rate

    def isSequential(self) -> bool:
        return False

    def size(self) -> int:
        return self._size

    def bytesAvailable(self) -> int:
        return max(0, self._size - self.pos()) + super().bytesAvailable()

    def readData(self, maxlen: int) -> bytes:
        position = self.pos()
        if position >= self._size:
            return b""
        out = b""
        if position < len(self._header):
            out = self._header[position:position + maxlen]
        wanted = maxlen - len(out)
        if wanted > 0:
            start = max(0, position - len(self._header))
            out += self._audio.read(start, wanted)
        return out

    def writeData(self, data: bytes) -> int:
        return -1

    def close(self) -> None:
        super().close()
        self._audio.close()
