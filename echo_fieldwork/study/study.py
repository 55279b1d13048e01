"""A study is one portable folder: `study.sqlite` (WAL), `audio/`, `exports/`.

`Study` owns the database connection and the folder lock. Feature modules (participants, consent,
sessions, transcripts…) are plain functions that take a `Study`; they write inside `study.db.atomic()`
so that every user action is stored at once, completely or not at all.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
from pathlib import Path
from typing import Any

import sqlite_utils

from echo_fieldwork.errors import SchemaTooNewError, UserError
from echo_fieldwork.fileutil import make_private, private_mkdir
from echo_fieldwork.i18n import _
from echo_fieldwork.study import crypto, schema
from echo_fieldwork.study.lock import StudyLock
from echo_fieldwork.timeutil import utc_now_iso

DB_NAME = "study.sqlite"
AUDIO_DIR = "audio"
EXPORTS_DIR = "exports"


def connect(path: Path, keys: crypto.StudyKeys | None = None) -> sqlite_utils.Database:
    """A connection in autocommit mode: writes not wrapped in `atomic()` are committed at once.
    With `keys`, a SQLCipher connection to an encrypted study (`study.crypto`)."""
    if keys is not None:
        connection = crypto.sqlcipher_connect(path, keys, isolation_level=None, timeout=10)
    else:
        connection = sqlite3.connect(path, isolation_level=None, timeout=10)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA busy_timeout = 10000")
    return sqlite_utils.Database(connection)


def is_study_folder(folder: Path) -> bool:
    return (Path(folder) / DB_NAME).is_file()


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


class Study:
    """An open study. Use as a context manager, or call `close()`."""

    def __init__(self, folder: Path, db: sqlite_utils.Database, lock: StudyLock | None, actor: str,
                 keys: crypto.StudyKeys | None = None) -> None:
        self.folder = folder
        self.db = db
        self._lock = lock
        self.actor = actor
        self.keys = keys                # None: a plaintext study
        self.recovery_key = ""          # set only by create(passphrase=…): shown once, stored nowhere

    @property
    def encrypted(self) -> bool:
        return self.keys is not None

    # -- opening ---------------------------------------------------------------------------------
    @classmethod
    def create(cls, folder: Path | str, title: str, language: str = "fr", *, actor: str | None = None,
               passphrase: str | None = None) -> "Study":
        """A new study; with `passphrase`, an encrypted one (its recovery key is in `recovery_key`)."""
        folder = Path(folder).expanduser().resolve()
        title = title.strip()
        if not title:
            raise UserError(_("A study needs a title."))
        if language not in ("fr", "en"):
            raise UserError(_("The study language must be 'fr' or 'en'."))
        if is_study_folder(folder):
            raise UserError(_("A study already exists in {folder}.").format(folder=folder))
        if folder.exists() and any(folder.iterdir()):
            raise UserError(_("The folder {folder} is not empty; choose an empty or new folder.").format(folder=folder))
        if passphrase is not None:
            crypto.check_new_passphrase(passphrase)
        private_mkdir(folder)
        for sub in (AUDIO_DIR, EXPORTS_DIR):
            (folder / sub).mkdir(exist_ok=True)
        recovery_key = ""
        if passphrase is not None:
            keys, recovery_key = crypto.new_key_file(folder / crypto.KEY_FILE, passphrase)
            crypto.remember(folder, keys)
        study = cls.open(folder, actor=actor, _creating=True)
        study.recovery_key = recovery_key
        with study.db.atomic():
            study.db["study"].insert_all(
                [
                    {"key": "title", "value": title},
                    {"key": "language", "value": language},
                    {"key": "created_at", "value": utc_now_iso()},
                ]
            )
            study.audit("study.create", "study", "", {"language": language})
        return study

    @classmethod
    def open(cls, folder: Path | str, *, actor: str | None = None, _creating: bool = False) -> "Study":
        folder = Path(folder).expanduser().resolve()
        db_path = folder / DB_NAME
        if not _creating and not db_path.is_file():
            raise UserError(_("{folder} is not an echo_fieldwork study (no {name}).").format(folder=folder, name=DB_NAME))
        keys = crypto.keys_for_opening(folder)  # before the lock: a locked study changes nothing
        lock = StudyLock(folder)
        lock.acquire()
        try:
            db = connect(db_path, keys)
            try:
                _check_and_migrate(db, db_path)
            except BaseException:
                db.close()
                raise
        except BaseException:
            lock.release()
            raise
        for sub in (AUDIO_DIR, EXPORTS_DIR):
            (folder / sub).mkdir(exist_ok=True)
        # Private whatever the umask or wherever the folder came from (SQLite gives -wal/-shm the database's mode).
        make_private(folder, folder / AUDIO_DIR, folder / EXPORTS_DIR,
                     *(db_path.with_name(DB_NAME + suffix) for suffix in ("", "-wal", "-shm")))
        return cls(folder, db, lock, actor or default_actor(), keys)

    def close(self) -> None:
        if self.db is not None:
            if self._lock is not None:  # the owner folds the WAL back in; a worker's connection just closes
                try:
                    self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except (sqlite3.Error, crypto.sqlcipher_error()):
                    pass
            self.db.close()
            self.db = None  # type: ignore[assignment]
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "Study":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def extra_connection(self) -> sqlite_utils.Database:
        """A second connection to the same file (SQLite connections stay in the thread that opened them)."""
        return connect(self.folder / DB_NAME, self.keys)

    def worker_study(self) -> "Study":
        """The same study for a worker thread: its own connection, no folder lock (this process holds it).
        The one way for work off the UI thread to reach the study; close it (or use `with`) when done."""
        return Study(self.folder, self.extra_connection(), None, self.actor, self.keys)

    def change_passphrase(self, secret: str, new_passphrase: str) -> None:
        """Give this encrypted study a new passphrase; `secret` is the current passphrase or the recovery key.
        Only `study.key` is rewritten (atomically); the recovery key stays valid. Audit-logged, no secret."""
        if not self.encrypted:
            raise UserError(_("This study is not encrypted: it has no passphrase to change."))
        crypto.change_passphrase(self.folder, secret, new_passphrase)
        self.audit("study.passphrase_change", "study")

    # -- study metadata ---------------------------------------------------------------------------
    def meta(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM study WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db["study"].upsert({"key": key, "value": value}, pk="key")

    @property
    def title(self) -> str:
        return self.meta("title")

    @property
    def language(self) -> str:
        return self.meta("language", "fr")

    @property
    def audio_dir(self) -> Path:
        return self.folder / AUDIO_DIR

    @property
    def exports_dir(self) -> Path:
        return self.folder / EXPORTS_DIR

    @property
    def schema_version(self) -> int:
        return schema.schema_version(self.db.conn)

    # -- audit -------------------------------------------------------------------------------------
    def audit(self, action: str, entity: str, entity_id: str | int = "", detail: dict[str, Any] | None = None,
              *, actor: str | None = None) -> None:
        """Append to the audit log. `detail` must hold codes and settings, never names or transcript text."""
        self.db.execute(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
            [utc_now_iso(), actor or self.actor, action, entity, str(entity_id),
             json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)],
        )


def _check_and_migrate(db: sqlite_utils.Database, db_path: Path) -> None:
    try:
        version = schema.schema_version(db.conn)
    except (sqlite3.DatabaseError, crypto.sqlcipher_error()) as error:
        raise UserError(_("The study database {path} cannot be read: {error}").format(path=db_path, error=error)) from None
    if version > schema.SCHEMA_VERSION:
        raise SchemaTooNewError(
            _("This study was saved by a newer version of echo_fieldwork (data version {found}; this version "
              "reads up to {known}). Update the app to open it; the study was not changed.").format(
                found=version, known=schema.SCHEMA_VERSION)
        )
    if db.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = NORMAL")
    schema.migrate(db.conn)
