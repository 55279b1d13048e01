"""Recordings of an encrypted study: 16-bit PCM in 64 KiB chunks, each sealed with AES-256-GCM.

Layout (little-endian):
    header  MAGIC (8) · version u16 · chunk size u32 · sample rate u32 · channels u16 · sample width u16
            · file id (16 random bytes)                                                   = 38 bytes
    slot i  at HEADER_SIZE + i × SLOT_SIZE: nonce (12 random bytes) · ciphertext · GCM tag (16)
Every slot holds CHUNK_SIZE bytes of audio except the last, which may be shorter. Each file has its own
key (`StudyKeys.file_key(file id)`); the associated data of a chunk is the header and the chunk's number,
so chunks cannot be moved, swapped or put in another file. Plain sample i is in slot
i × width × channels // CHUNK_SIZE: playback and transcription seek without decrypting the rest.

Crash safety, as for plain WAV files: full chunks are written once; at each flush the unfinished last
chunk is written (again, with a fresh nonce) in its slot and fsynced, so a kill loses only what came
after the last flush. A power cut in the middle of rewriting the last chunk may lose that one chunk:
`repair_sealed` drops a last slot that does not authenticate and cuts a half-written slot off.
There is no plaintext header (no RIFF) and the plain audio exists only in memory.
"""

from __future__ import annotations

import os
import secrets
import struct
from dataclasses import dataclass
from pathlib import Path

from echo_fieldwork.study.crypto import StudyKeys

MAGIC = b"EFWAUD\x00\x01"
VERSION = 1
CHUNK_SIZE = 64 * 1024
NONCE_SIZE = 12
TAG_SIZE = 16
SLOT_SIZE = NONCE_SIZE + CHUNK_SIZE + TAG_SIZE
_HEADER = struct.Struct("<8sHIIHH16s")
HEADER_SIZE = _HEADER.size
SUFFIX = ".efa"   # "echo fieldwork audio": never played by another program by mistake


class SealedAudioError(ValueError):
    """Not a sealed recording, or one whose chunks do not authenticate with this study's key."""


@dataclass(frozen=True)
class SealedHeader:
    chunk_size: int
    sample_rate: int
    channels: int
    sample_width: int
    file_id: bytes
    raw: bytes

    @property
    def block_align(self) -> int:
        return self.channels * self.sample_width


def is_sealed(path: Path | str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _parse_header(raw: bytes) -> SealedHeader:
    if len(raw) < HEADER_SIZE or raw[:len(MAGIC)] != MAGIC:
        raise SealedAudioError("not a sealed recording")
    magic, version, chunk, rate, channels, width, file_id = _HEADER.unpack(raw[:HEADER_SIZE])
    if version != VERSION or chunk != CHUNK_SIZE or width != 2 or not channels or not rate:
        raise SealedAudioError("unsupported sealed recording")
    return SealedHeader(chunk, rate, channels, width, file_id, raw[:HEADER_SIZE])


def _aad(header: SealedHeader, index: int) -> bytes:
    return header.raw + struct.pack("<Q", index)


def _cipher(keys: StudyKeys | None, header: SealedHeader, file_key: bytes | None = None):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(file_key if file_key is not None else keys.file_key(header.file_id))


def file_key(path: Path | str, keys: StudyKeys) -> bytes:
    """The key of this one recording: what the transcription child gets (never the study's key)."""
    with open(path, "rb") as handle:
        return keys.file_key(_parse_header(handle.read(HEADER_SIZE)).file_id)


def _plain_size(file_size: int) -> int:
    """Audio bytes held by a file of this size (a slot shorter than nonce + tag holds nothing)."""
    body = max(0, file_size - HEADER_SIZE)
    full, rest = divmod(body, SLOT_SIZE)
    return full * CHUNK_SIZE + max(0, rest - NONCE_SIZE - TAG_SIZE)


class SealedAppender:
    """The sealed counterpart of `audio.wavfile.WavAppender`: append PCM; `flush()` makes it durable."""

    def __init__(self, path: Path, keys: StudyKeys, sample_rate: int, channels: int = 1) -> None:
        self.path = Path(path)
        self.sample_rate = sample_rate
        self.channels = channels
        self.data_bytes = 0
        raw = _HEADER.pack(MAGIC, VERSION, CHUNK_SIZE, sample_rate, channels, 2, secrets.token_bytes(16))
        self._header = _parse_header(raw)
        self._aes = _cipher(keys, self._header)
        self._pending = bytearray()      # audio of the unfinished last chunk
        self._full_chunks = 0
        self._flushed_pending = -1
        self._file = open(self.path, "xb")  # never overwrite an existing recording
        try:
            self._file.write(raw)
            self.flush()
        except BaseException:  # e.g. a full disk: no file without its header is left behind
            try:
                self._file.close()
            except OSError:
                pass
            self.path.unlink(missing_ok=True)
            raise

    def _write_slot(self, index: int, plain: bytes) -> None:
        nonce = secrets.token_bytes(NONCE_SIZE)
        self._file.seek(HEADER_SIZE + index * SLOT_SIZE)
        self._file.write(nonce + self._aes.encrypt(nonce, bytes(plain), _aad(self._header, index)))

    def write(self, pcm: bytes) -> None:
        self._pending += pcm
        self.data_bytes += len(pcm)
        while len(self._pending) >= CHUNK_SIZE:
            self._write_slot(self._full_chunks, self._pending[:CHUNK_SIZE])
            del self._pending[:CHUNK_SIZE]
            self._full_chunks += 1
            self._flushed_pending = -1

    def flush(self) -> None:
        if self._pending and len(self._pending) != self._flushed_pending:
            self._write_slot(self._full_chunks, self._pending)
            self._flushed_pending = len(self._pending)
        self._file.flush()
        os.fsync(self._file.fileno())

    @property
    def duration_ms(self) -> int:
        return (self.data_bytes // (2 * self.channels)) * 1000 // self.sample_rate

    def close(self) -> None:
        if not self._file.closed:
            self.flush()
            self._file.close()


class SealedReader:
    """Random access to a sealed recording's audio, one chunk decrypted at a time (the last is kept)."""

    def __init__(self, path: Path | str, keys: StudyKeys | None = None, *, file_key: bytes | None = None) -> None:
        self.path = Path(path)
        self._file = open(self.path, "rb")
        try:
            self.header = _parse_header(self._file.read(HEADER_SIZE))
        except BaseException:
            self._file.close()
            raise
        self._aes = _cipher(keys, self.header, file_key)
        self.data_bytes = _plain_size(os.fstat(self._file.fileno()).st_size)
        self.data_bytes -= self.data_bytes % self.header.block_align
        self._cached: tuple[int, bytes] | None = None

    @property
    def sample_rate(self) -> int:
        return self.header.sample_rate

    @property
    def channels(self) -> int:
        return self.header.channels

    @property
    def frames(self) -> int:
        return self.data_bytes // self.header.block_align

    @property
    def duration_ms(self) -> int:
        return self.frames * 1000 // self.sample_rate

    def chunk(self, index: int) -> bytes:
        from cryptography.exceptions import InvalidTag

        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._file.seek(HEADER_SIZE + index * SLOT_SIZE)
        slot = self._file.read(SLOT_SIZE)
        if len(slot) <= NONCE_SIZE + TAG_SIZE:
            raise SealedAudioError(f"chunk {index} is missing")
        try:
            plain = self._aes.decrypt(slot[:NONCE_SIZE], slot[NONCE_SIZE:], _aad(self.header, index))
        except InvalidTag:
            raise SealedAudioError(f"chunk {index} does not authenticate") from None
        self._cached = (index, plain)
        return plain

    def read(self, offset: int, size: int) -> bytes:
        """Audio bytes [offset, offset + size), clipped to the recording."""
        end = min(self.data_bytes, offset + size)
        out = bytearray()
        while offset < end:
            index, within = divmod(offset, CHUNK_SIZE)
            piece = self.chunk(index)[within:within + (end - offset)]
            if not piece:
                break
            out += piece
            offset += len(piece)
        return bytes(out)

    def read_all(self) -> bytes:
        return self.read(0, self.data_bytes)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "SealedReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sealed_info(path: Path | str, keys: StudyKeys) -> tuple[int, int, int]:
    """(sample rate, channels, duration ms), like `audio.wavfile.wav_info`."""
    with SealedReader(path, keys) as reader:
        return reader.sample_rate, reader.channels, reader.duration_ms


def repair_sealed(path: Path | str, keys: StudyKeys) -> int:
    """After a crash: cut a half-written last slot off, drop a last chunk that does not authenticate,
    and return the duration in ms of what remains (every chunk of which is then readable)."""
    path = Path(path)
    with open(path, "r+b") as handle:
        header = _parse_header(handle.read(HEADER_SIZE))
        size = os.fstat(handle.fileno()).st_size
        full, rest = divmod(max(0, size - HEADER_SIZE), SLOT_SIZE)
        if rest and rest <= NONCE_SIZE + TAG_SIZE:
            rest = 0
        keep = HEADER_SIZE + full * SLOT_SIZE + rest
        aes = _cipher(keys, header)
        from cryptography.exceptions import InvalidTag

        while keep > HEADER_SIZE:
            index = (keep - HEADER_SIZE - 1) // SLOT_SIZE
            start = HEADER_SIZE + index * SLOT_SIZE
            handle.seek(start)
            slot = handle.read(keep - start)
            try:
                plain = aes.decrypt(slot[:NONCE_SIZE], slot[NONCE_SIZE:], _aad(header, index))
            except InvalidTag:
                keep = start          # torn by the crash: this chunk is lost, the earlier ones are intact
                continue
            if len(plain) % header.block_align:
                keep = start          # never happens with our writer; a chunk is whole samples
                continue
            break
        handle.truncate(keep)
        handle.flush()
        os.fsync(handle.fileno())
    return (_plain_size(keep) // header.block_align) * 1000 // header.sample_rate


def wav_header(sample_rate: int, channels: int, data_bytes: int) -> bytes:
    """A 44-byte WAV header for audio served from memory (the player's decrypting device)."""
    block_align = channels * 2
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, channels, sample_rate, sample_rate * block_align,
                                    block_align, 16)
            + b"data" + struct.pack("<I", data_bytes))


class SealedConcatenation:
    """Several sealed recordings read as one stream of audio (a session's timeline), by byte offset."""

    def __init__(self, paths: list[Path], keys: StudyKeys) -> None:
        self.readers = [SealedReader(p, keys) for p in paths]
        if not self.readers:
            raise SealedAudioError("no recording")
        first = self.readers[0]
        self.sample_rate, self.channels = first.sample_rate, first.channels
        self.data_bytes = sum(r.data_bytes for r in self.readers)

    def read(self, offset: int, size: int) -> bytes:
        out = bytearray()
        base = 0
        for reader in self.readers:
            if offset < base + reader.data_bytes and len(out) < size:
                start = max(0, offset - base)
                piece = reader.read(start, size - len(out))
                out += piece
                offset = base + start + len(piece)
            base += reader.data_bytes
        return bytes(out)

    def close(self) -> None:
        for reader in self.readers:
            reader.close()
