"""The `.efpkg` exchange file: one session's records and audio, sealed with a passphrase agreed in the team.

Layout (little-endian), the same wrapped-key design as the encrypted study (`study.crypto`):
    MAGIC (8) · header length u32 · header (JSON, plaintext: format, version, scrypt parameters and salt,
    the random package key sealed with AES-256-GCM under scrypt(passphrase))
    then sealed records, each: kind u8 · length u32 · nonce (12) · ciphertext + GCM tag
        kind 1: the manifest (JSON: the session's records), exactly once, first
        kind 2: a chunk of audio (at most 1 MiB of 16-bit PCM), file by file, in order
        kind 3: the end (empty): a package cut short is refused
The associated data of every record is the header, the record's kind and its number, so nothing can be
changed, moved, dropped, added or taken from another package without the package being refused. The
passphrase never leaves the process; the package key exists only in memory."""

from __future__ import annotations

import json
import secrets
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from echo_fieldwork.errors import UserError
from echo_fieldwork.fileutil import atomic_path
from echo_fieldwork.i18n import _
from echo_fieldwork.study import crypto

MAGIC = b"EFPKG\x00\x01\x00"
FORMAT = "echo-fieldwork-handoff"
VERSION = 1
SUFFIX = ".efpkg"
AUDIO_CHUNK = 1024 * 1024
KIND_MANIFEST, KIND_AUDIO, KIND_END = 1, 2, 3
_RECORD = struct.Struct("<BI")
NONCE_SIZE = 12
MAX_HEADER = 64 * 1024
MAX_RECORD = 256 * 1024 * 1024


class PackageError(UserError):
    """Not a package, a damaged or altered one, or the wrong passphrase: nothing was changed."""


@dataclass
class AudioTrack:
    """One recording carried by a package: its format and its plain PCM, in order."""
    sample_rate: int
    channels: int
    chunks: list[bytes] = field(default_factory=list)

    @property
    def pcm(self) -> bytes:
        return b"".join(self.chunks)


def _aad(header: bytes, kind: int, index: int) -> bytes:
    return header + struct.pack("<BQ", kind, index)


def _refused() -> PackageError:
    return PackageError(_("The package cannot be opened: the passphrase is wrong, or the file is damaged or was "
                          "altered. Nothing was changed."))


def write_records(path: Path, passphrase: str, fmt: str, records: Iterable[tuple[int, bytes]], *,
                  scrypt_n: int | None = None) -> None:
    """Write a sealed file of format `fmt` at `path` (complete or not at all) from (kind, plain) records, read
    lazily (a study's audio is never all in memory); the end record is added."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    crypto.check_new_passphrase(passphrase)
    n = scrypt_n or crypto.SCRYPT_N
    salt = secrets.token_bytes(16)
    key = secrets.token_bytes(32)
    kek = crypto._scrypt(passphrase, salt, n, crypto.SCRYPT_R, crypto.SCRYPT_P)
    header = json.dumps({"format": fmt, "version": VERSION, "kdf": "scrypt", "n": n, "r": crypto.SCRYPT_R,
                         "p": crypto.SCRYPT_P, "salt": salt.hex(), **crypto._seal(kek, key, b"package key")},
                        sort_keys=True).encode("ascii")
    aes = AESGCM(key)
    path = Path(path)
    with atomic_path(path) as temp, open(temp, "wb") as handle:
        handle.write(MAGIC + struct.pack("<I", len(header)) + header)
        index = 0
        for kind, plain in _ended(records):
            nonce = secrets.token_bytes(NONCE_SIZE)
            sealed = aes.encrypt(nonce, plain, _aad(header, kind, index))
            handle.write(_RECORD.pack(kind, len(sealed)) + nonce + sealed)
            index += 1


def _ended(records: Iterable[tuple[int, bytes]]) -> Iterator[tuple[int, bytes]]:
    yield from records
    yield KIND_END, b""


def write_package(path: Path, passphrase: str, manifest: dict, audio: Iterable[tuple[int, bytes]] = (),
                  *, scrypt_n: int | None = None) -> None:
    """Write a package at `path` (complete or not at all). `audio` yields (track index, PCM) in track order;
    the manifest describes the tracks (`manifest["audio"]`)."""
    def records() -> Iterator[tuple[int, bytes]]:
        yield KIND_MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8")
        for track, pcm in audio:
            for start in range(0, len(pcm), AUDIO_CHUNK):
                yield KIND_AUDIO, struct.pack("<I", track) + pcm[start:start + AUDIO_CHUNK]

    write_records(path, passphrase, FORMAT, records(), scrypt_n=scrypt_n)


def file_format(path: Path) -> str | None:
    """The format named in a sealed file's plaintext header (a package, a backup), or None (not one)."""
    try:
        with open(path, "rb") as handle:
            return str(_read_header(handle)[1].get("format"))
    except (OSError, PackageError):
        return None


def _read_header(handle: BinaryIO) -> tuple[bytes, dict]:
    start = handle.read(len(MAGIC) + 4)
    if start[:len(MAGIC)] != MAGIC or len(start) < len(MAGIC) + 4:
        raise PackageError(_("{path} is not an echo_fieldwork package.").format(path=Path(handle.name).name))
    (length,) = struct.unpack_from("<I", start, len(MAGIC))
    try:
        if length > MAX_HEADER:
            raise ValueError
        header = handle.read(length)
        if len(header) != length:
            raise ValueError
        meta = json.loads(header)
        if not isinstance(meta, dict):
            raise ValueError
    except ValueError:
        raise _refused() from None
    return header, meta


def read_records(path: Path, passphrase: str, fmt: str = FORMAT) -> Iterator[tuple[int, bytes]]:
    """The authenticated (kind, plain) records of a sealed file of format `fmt`, read one at a time; the end
    record is not yielded. PackageError (wrong passphrase, damaged, altered, cut short, extended) can come
    at any record, the last included: act on what was read only when the iteration completes."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        handle = open(path, "rb")
    except OSError as error:
        raise UserError(_("The package {path} cannot be read: {error}").format(path=path, error=error.strerror)) from None
    with handle:
        header, meta = _read_header(handle)
        if meta.get("format") != fmt:
            raise _refused()
        if int(meta.get("version", 0)) > VERSION:
            raise PackageError(_("This package was written by a newer version of echo_fieldwork. Update the app to "
                                 "open it."))
        try:
            kek = crypto._scrypt(passphrase, bytes.fromhex(meta["salt"]), int(meta["n"]), int(meta["r"]),
                                 int(meta["p"]))
        except (KeyError, ValueError, TypeError, MemoryError):
            raise _refused() from None
        key = crypto._open(kek, meta, b"package key")
        if key is None:
            raise _refused()
        aes = AESGCM(key)
        index = 0
        while True:
            head = handle.read(_RECORD.size + NONCE_SIZE)
            if len(head) != _RECORD.size + NONCE_SIZE:
                raise _refused()      # cut short: no end record
            kind, size = _RECORD.unpack_from(head)
            if size > MAX_RECORD:
                raise _refused()
            sealed = handle.read(size)
            if len(sealed) != size:
                raise _refused()
            try:
                plain = aes.decrypt(head[_RECORD.size:], sealed, _aad(header, kind, index))
            except InvalidTag:
                raise _refused() from None
            index += 1
            if kind == KIND_END:
                if plain or handle.read(1):
                    raise _refused()  # something after the end
                return
            yield kind, plain


def stream_package(path: Path, passphrase: str) -> tuple[dict, Iterator[tuple[int, bytes]]]:
    """The manifest of a package, and its audio as (track index, PCM chunk) read one record at a time (an
    hour of audio is never all in memory). Every record is authenticated; PackageError can come at any chunk,
    the last included (a package cut short or with a track of the wrong length): act on what was read only
    when the iteration completes."""
    records = read_records(Path(path), passphrase)
    first = next(records, None)
    if first is None or first[0] != KIND_MANIFEST:
        raise _refused()
    try:
        manifest = json.loads(first[1].decode("utf-8"))
        described = [int(t["bytes"]) for t in manifest.get("audio", [])]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _refused() from None

    def audio() -> Iterator[tuple[int, bytes]]:
        received = [0] * len(described)
        for kind, plain in records:
            if kind != KIND_AUDIO or len(plain) < 4:
                raise _refused()
            (track,) = struct.unpack_from("<I", plain)
            if track >= len(described):
                raise _refused()
            received[track] += len(plain) - 4
            yield track, plain[4:]
        if received != described:
            raise _refused()

    return manifest, audio()


def read_package(path: Path, passphrase: str) -> tuple[dict, list[AudioTrack]]:
    """The manifest and the audio of a package in memory, every record authenticated; PackageError otherwise
    (for small packages and tests; opening a workspace streams)."""
    manifest, audio = stream_package(path, passphrase)
    tracks = [AudioTrack(int(t["sample_rate"]), int(t["channels"])) for t in manifest.get("audio", [])]
    for track, chunk in audio:
        tracks[track].chunks.append(chunk)
    return manifest, tracks
