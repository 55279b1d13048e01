"""Encrypting an existing plaintext study in place (`echo-fieldwork encrypt DIR`), atomically and resumably.

Everything is first written, encrypted, into a staging folder `.encrypting/` inside the study:
    study.key       the new key file (written first; a resumed run opens it with the same passphrase)
    audio/*.efa     each recording, sealed (written as `.partial`, renamed when complete)
    study.sqlite    the database, exported by SQLCipher (`sqlcipher_export`), recording paths updated
    COMMIT          written last: everything is staged
Until COMMIT exists nothing of the study has changed; after it, finishing only moves staged files into
place and deletes the plaintext originals, and every step can be repeated. While `.encrypting/` exists
the study does not open (`crypto.keys_for_opening`): a study is never used half-encrypted. Running the
command again after a kill, a power cut or a full disk finishes the work.

Deleting a file does not erase it from the disk (least of all on an SSD): the originals' blocks remain
until overwritten. A study that held identifiable data in plaintext is only as safe as the disk's own
encryption; the user guide says so.
"""

from __future__ import annotations

import logging
import os
import shutil
import wave
from pathlib import Path
from typing import Callable

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.study import crypto, schema
from echo_fieldwork.study.lock import StudyLock
from echo_fieldwork.study.sealed_audio import SUFFIX, SealedAppender, SealedReader

log = logging.getLogger("echo_fieldwork.study.conversion")

STAGING = crypto.STAGING
COMMIT = "COMMIT"
DB_NAME = "study.sqlite"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sealed_name(relative: str) -> str:
    path = Path(relative)
    return (path.with_suffix(SUFFIX) if path.suffix.lower() == ".wav" else path.with_name(path.name + SUFFIX)).as_posix()


def _plan(folder: Path) -> list[tuple[str, str]]:
    """(plain relative path, sealed relative path) of every recording on disk; refuse what cannot be sealed."""
    import sqlite3

    connection = sqlite3.connect(folder / DB_NAME)
    try:
        if schema.schema_version(connection) > schema.SCHEMA_VERSION:
            raise UserError(_("This study was saved by a newer version of echo_fieldwork; update the app first."))
        rows = connection.execute("SELECT path, status FROM recordings ORDER BY id").fetchall()
    finally:
        connection.close()
    if any(status == "recording" for _path, status in rows):
        raise UserError(_("A recording of this study was interrupted. Run `echo-fieldwork check` on the study "
                          "first, then encrypt it."))
    plan = [(path, _sealed_name(path)) for path, _status in rows if (folder / path).is_file()]
    known = {(folder / path).resolve() for path, _sealed in plan}
    audio = folder / "audio"
    others = [p.name for p in audio.iterdir() if p.is_file() and p.resolve() not in known
              and not p.name.endswith(".part")] if audio.is_dir() else []
    if others:
        raise UserError(_("These files in the study's audio folder are not recordings of the study; move them "
                          "elsewhere (or delete them), then encrypt the study:"), details=sorted(others))
    return plan


def _seal_wav(source: Path, target: Path, keys: crypto.StudyKeys) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with wave.open(str(source), "rb") as reader:
            if reader.getsampwidth() != 2:
                raise UserError(_("The recording {name} is not 16-bit audio; it cannot be encrypted.").format(
                    name=source.name))
            writer = SealedAppender(partial, keys, reader.getframerate(), reader.getnchannels())
            try:
                while frames := reader.readframes(1 << 15):
                    writer.write(frames)
            finally:
                writer.close()
    except (wave.Error, EOFError):
        partial.unlink(missing_ok=True)
        raise UserError(_("The recording {name} cannot be read; run `echo-fieldwork check` on the study first.")
                        .format(name=source.name)) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    with SealedReader(partial, keys) as check:   # read back before it counts as done
        check.read(max(0, check.data_bytes - 1), 1)
    os.replace(partial, target)


def _export_database(folder: Path, staging: Path, keys: crypto.StudyKeys, plan: list[tuple[str, str]]) -> None:
    import sqlcipher3

    target = staging / DB_NAME
    partial = staging / (DB_NAME + ".partial")
    partial.unlink(missing_ok=True)
    connection = sqlcipher3.connect(str(folder / DB_NAME), isolation_level=None)  # no key: the plain file
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(f"ATTACH DATABASE ? AS sealed KEY \"x'{keys.db_key.hex()}'\"", [str(partial)])
        connection.execute("SELECT sqlcipher_export('sealed')")
        connection.execute(f"PRAGMA sealed.user_version = {int(version)}")
        connection.execute("BEGIN")
        for plain, sealed in plan:
            connection.execute("UPDATE sealed.recordings SET path = ? WHERE path = ?", [sealed, plain])
        connection.execute("COMMIT")
        connection.execute("DETACH DATABASE sealed")
    finally:
        connection.close()
    with open(partial, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)


def encrypt_study(folder: Path | str, passphrase: str, *, progress: Callable[[str], None] | None = None,
                  on_recovery_key: Callable[[str], None] | None = None) -> str:
    """Encrypt the plaintext study in `folder`, or finish an interrupted encryption. The recovery key is
    given to `on_recovery_key` as soon as the key exists (a kill later must not lose it) and returned
    when this run created the key; a resumed run returns ""."""
    folder = Path(folder).expanduser().resolve()
    staging = folder / STAGING
    if not (folder / DB_NAME).is_file() and not (staging / COMMIT).is_file():
        raise UserError(_("{folder} is not an echo_fieldwork study (no {name}).").format(folder=folder, name=DB_NAME))
    if crypto.is_encrypted(folder) and not staging.exists():
        raise UserError(_("This study is already encrypted."))
    say = progress or (lambda _text: None)
    lock = StudyLock(folder)
    lock.acquire()
    try:
        recovery = ""
        key_path = staging / crypto.KEY_FILE
        if (staging / COMMIT).is_file():
            keys = crypto.unwrap(key_path if key_path.is_file() else folder / crypto.KEY_FILE, passphrase)
        else:
            plan = _plan(folder)   # refusals first: a refused run leaves no trace
            staging.mkdir(exist_ok=True)
            if key_path.is_file():
                keys = crypto.unwrap(key_path, passphrase)  # a resumed run: same key, same passphrase
                say(_("Resuming the interrupted encryption."))
            else:
                keys, recovery = crypto.new_key_file(key_path, passphrase)
                _fsync_dir(staging)
                if on_recovery_key is not None:
                    on_recovery_key(recovery)
            (staging / "audio").mkdir(exist_ok=True)
            for index, (plain, sealed) in enumerate(plan, 1):
                target = staging / sealed
                if not target.is_file():
                    say(_("Encrypting recording {index} of {count}…").format(index=index, count=len(plan)))
                    _seal_wav(folder / plain, target, keys)
            say(_("Encrypting the database…"))
            _export_database(folder, staging, keys, plan)
            _fsync_dir(staging / "audio")
            _fsync_dir(staging)
            with open(staging / COMMIT, "w", encoding="utf-8") as marker:
                marker.write("\n".join(plain for plain, _sealed in plan))
                marker.flush()
                os.fsync(marker.fileno())
            _fsync_dir(staging)
        _finish(folder, staging)
        crypto.remember(folder, keys)
        log.info("study encrypted")
        return recovery
    finally:
        lock.release()


def _finish(folder: Path, staging: Path) -> None:
    """Move the staged files into place, then remove the plaintext: every step may run again after a kill."""
    originals = [line for line in (staging / COMMIT).read_text(encoding="utf-8").splitlines() if line]
    staged_audio = staging / "audio"
    if staged_audio.is_dir():
        for sealed in sorted(staged_audio.glob("*" + SUFFIX)):
            os.replace(sealed, folder / "audio" / sealed.name)
        _fsync_dir(folder / "audio")
    if (staging / DB_NAME).is_file():
        for leftover in (DB_NAME + "-wal", DB_NAME + "-shm"):  # the plain database's, checkpointed and empty
            (folder / leftover).unlink(missing_ok=True)
        os.replace(staging / DB_NAME, folder / DB_NAME)
    if (staging / crypto.KEY_FILE).is_file():
        os.replace(staging / crypto.KEY_FILE, folder / crypto.KEY_FILE)
    _fsync_dir(folder)
    for plain in originals:
        if Path(plain).suffix != SUFFIX:
            (folder / plain).unlink(missing_ok=True)
    for partial in (folder / "audio").glob("*.part"):
        partial.unlink()
    shutil.rmtree(folder / "audio" / ".playback", ignore_errors=True)
    shutil.rmtree(staging)
    _fsync_dir(folder)
