"""A whole study backed up as one verified file, restored into a new folder, or checked without restoring it.

A backup (`.efbak`) is the hand-off package's sealed format (`handoff.package`) with its own format name:
scrypt(passphrase) wraps a random key, and every record is sealed with AES-256-GCM, numbered and tied to
the header, so a changed, moved, dropped or added byte, a file cut short, or a wrong passphrase is refused.
Records: the manifest first (every file of the study folder: path, size, SHA-256), then each file in 1 MiB
chunks, in the manifest's order, then the end. An encrypted study's files (SQLCipher database, sealed
recordings, `study.key`) are already encrypted: they are copied as they are and still wrapped, so the
backup needs its passphrase as well; the restored study opens with the passphrase the study had.

The database is copied while the study is open here (no one else can write it), just after its journal is
folded back in, so the copy is consistent. Restoring writes into a hidden folder beside the target, checks
every file's size and fingerprint and the end of the backup, and only then renames it into place: a
refused backup leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from echo_fieldwork import __version__
from echo_fieldwork.errors import UserError, os_error
from echo_fieldwork.fileutil import make_private
from echo_fieldwork.handoff.package import (
    AUDIO_CHUNK,
    KIND_AUDIO,
    KIND_MANIFEST,
    PackageError,
    _refused,
    file_format,
    read_records,
    write_records,
)
from echo_fieldwork.i18n import _
from echo_fieldwork.study.lock import LOCK_NAME
from echo_fieldwork.study.study import DB_NAME, Study
from echo_fieldwork.timeutil import utc_now_iso

FORMAT = "echo-fieldwork-backup"
SUFFIX = ".efbak"
KIND_FILE = KIND_AUDIO          # a chunk of a file: u32 file index, then the bytes
_SKIPPED_NAMES = {LOCK_NAME, DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME + "-journal"}
_SKIPPED_DIRS = {".staging"}


@dataclass(frozen=True)
class BackupInfo:
    """What a verified backup holds."""
    title: str
    made_at: str
    made_by: str
    encrypted: bool
    files: int
    bytes: int


def _study_files(folder: Path) -> list[Path]:
    """Every file of the study folder to back up (not its lock, journal or half-written files), sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not Path(root, d).is_symlink())
        for name in sorted(files):
            path = Path(root, name)
            if name in _SKIPPED_NAMES or name.startswith(".partial-") or path.is_symlink() or not path.is_file():
                continue
            found.append(path)
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(AUDIO_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_study(study: Study, out: Path | str, passphrase: str, *, scrypt_n: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> tuple[Path, BackupInfo]:
    """Write the whole of the open `study` into one backup file at `out` (complete or not at all)."""
    if study.read_only:
        raise UserError(_("This study is on a read-only disk; copy its folder instead of backing it up."))
    out = Path(out).expanduser().resolve()
    if out.suffix != SUFFIX:
        out = out.with_name(out.name + SUFFIX)
    if out.is_relative_to(study.folder):
        raise UserError(_("Write the backup outside the study folder (on another disk, ideally)."))
    study.audit("study.backup", "study", "", {"file": out.name})
    study.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")   # the database file alone holds everything now
    paths = _study_files(study.folder)
    entries = [{"path": p.relative_to(study.folder).as_posix(), "bytes": p.stat().st_size, "sha256": _sha256(p)}
               for p in paths]
    manifest = {"kind": "backup", "title": study.title, "language": study.language, "made_at": utc_now_iso(),
                "made_by": study.actor, "app_version": __version__, "schema_version": study.schema_version,
                "encrypted": study.encrypted, "files": entries}
    total = sum(e["bytes"] for e in entries)

    def records() -> Iterator[tuple[int, bytes]]:
        yield KIND_MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8")
        done = 0
        for index, (path, entry) in enumerate(zip(paths, entries)):
            digest, size = hashlib.sha256(), 0
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(AUDIO_CHUNK), b""):
                    digest.update(block)
                    size += len(block)
                    done += len(block)
                    yield KIND_FILE, struct.pack("<I", index) + block
                    if progress:
                        progress(done, total)
            if size != entry["bytes"] or digest.hexdigest() != entry["sha256"]:
                raise UserError(_("The file {name} changed while it was backed up; nothing was written. Close "
                                  "what uses the study and try again.").format(name=path.name))

    try:
        write_records(out, passphrase, FORMAT, records(), scrypt_n=scrypt_n)
    except OSError as error:
        raise os_error(error, out, changed=False) from None
    return out, BackupInfo(study.title, manifest["made_at"], study.actor, study.encrypted, len(entries), total)


def is_backup(path: Path | str) -> bool:
    """Whether `path` is a backup file (by its plaintext header; nothing is decrypted)."""
    return Path(path).is_file() and file_format(Path(path)) == FORMAT


def _walk(backup: Path, passphrase: str, write: Callable[[int, dict, bytes], None] | None) -> dict:
    """Read and authenticate every record, check every file's size and fingerprint; `write(index, entry,
    block)` receives the bytes. The manifest, once all is verified; PackageError otherwise."""
    if not Path(backup).is_file():
        raise UserError(_("{path} does not exist.").format(path=backup))
    if not is_backup(backup):
        raise PackageError(_("{path} is not an echo_fieldwork backup.").format(path=Path(backup).name))
    manifest: dict | None = None
    entries: list[dict] = []
    digests: list = []
    sizes: list[int] = []
    current = 0
    for kind, plain in read_records(Path(backup), passphrase, FORMAT):
        if kind == KIND_MANIFEST and manifest is None:
            manifest = json.loads(plain.decode("utf-8"))
            entries = manifest.get("files", [])
            digests = [hashlib.sha256() for _e in entries]
            sizes = [0] * len(entries)
        elif kind == KIND_FILE and manifest is not None:
            (index,) = struct.unpack_from("<I", plain)
            if index >= len(entries) or index < current:
                raise _refused()
            current = index
            block = plain[4:]
            digests[index].update(block)
            sizes[index] += len(block)
            if sizes[index] > int(entries[index]["bytes"]):
                raise _refused()
            if write:
                write(index, entries[index], block)
        else:
            raise _refused()
    if manifest is None or manifest.get("kind") != "backup":
        raise _refused()
    for entry, digest, size in zip(entries, digests, sizes):
        if size != int(entry["bytes"]) or digest.hexdigest() != entry["sha256"]:
            raise _refused()
    return manifest


def _info(manifest: dict) -> BackupInfo:
    files = manifest["files"]
    return BackupInfo(manifest.get("title", ""), manifest.get("made_at", ""), manifest.get("made_by", ""),
                      bool(manifest.get("encrypted")), len(files), sum(int(f["bytes"]) for f in files))


def verify_backup(backup: Path | str, passphrase: str) -> BackupInfo:
    """Read the whole backup and check it (authenticity, completeness, every file's fingerprint) without
    writing anything."""
    return _info(_walk(Path(backup), passphrase, None))


def restore_backup(backup: Path | str, folder: Path | str, passphrase: str) -> BackupInfo:
    """Restore a backup into `folder`, which must not exist or be empty; nothing is left there if the backup is
    refused."""
    backup = Path(backup).expanduser()
    folder = Path(folder).expanduser().resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UserError(_("{folder} is not empty: restore into a new or empty folder (nothing was changed).").format(
            folder=folder))
    staging = folder.with_name(f".restoring-{folder.name}")
    shutil.rmtree(staging, ignore_errors=True)
    handles: dict[int, BinaryIO] = {}

    def target_of(entry: dict) -> Path:
        target = (staging / entry["path"]).resolve()
        if not target.is_relative_to(staging.resolve()) or target == staging.resolve():
            raise _refused()     # a path leading out of the folder: only an altered backup has one
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(index: int, entry: dict, block: bytes) -> None:
        handle = handles.get(index)
        if handle is None:
            for other in handles.values():
                other.close()
            handles.clear()
            handle = handles[index] = open(target_of(entry), "wb")
        handle.write(block)

    try:
        staging.mkdir(parents=True)
        manifest = _walk(backup, passphrase, write)
        for handle in handles.values():
            handle.close()
        handles.clear()
        for entry in manifest["files"]:       # empty files have no chunk
            target = target_of(entry)
            if not target.exists():
                target.touch()
        make_private(staging, *staging.rglob("*"))
        if folder.exists():
            folder.rmdir()
        os.replace(staging, folder)
    except OSError as error:
        raise os_error(error, folder, changed=False) from None
    finally:
        for handle in handles.values():
            handle.close()
        shutil.rmtree(staging, ignore_errors=True)
    return _info(manifest)
