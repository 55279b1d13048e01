"""A study is one portable folder: `study.sqlite` (WAL), `audio/`, `exports/`.

`Study` owns the database connection and the folder lock. Feature modules (participants, consent,
sessions, transcripts…) are plain functions that take a `Study`; they write inside `study.db.atomic()`
so that every user action is stored at once, completely or not at all.
"""

from __future__ import annotations

import errno
import getpass
import json
import logging
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlite_utils

from echo_fieldwork.errors import SchemaTooNewError, StudyDamagedError, UserError, database_error, os_error
from echo_fieldwork.fileutil import make_private, private_mkdir
from echo_fieldwork.i18n import _
from echo_fieldwork.study import crypto, schema
from echo_fieldwork.study.lock import StudyLock
from echo_fieldwork.timeutil import utc_now_iso

log = logging.getLogger("echo_fieldwork.study")

DB_NAME = "study.sqlite"
AUDIO_DIR = "audio"
EXPORTS_DIR = "exports"
# In a correction workspace (handoff.exchange): where it comes from, as JSON.
WORKSPACE_META = "workspace"


def connect(path: Path, keys: crypto.StudyKeys | None = None, *, read_only: bool = False) -> sqlite_utils.Database:
    """A connection in autocommit mode: writes not wrapped in `atomic()` are committed at once.
    With `keys`, a SQLCipher connection to an encrypted study (`study.crypto`). `read_only` (a study on a
    read-only disk): opened as immutable, since SQLite cannot create its WAL files there."""
    if keys is not None:
        connection = crypto.sqlcipher_connect(path, keys, isolation_level=None, timeout=10)
    elif read_only:
        connection = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None,
                                     timeout=10)
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
                 keys: crypto.StudyKeys | None = None, *, read_only: bool = False) -> None:
        self.folder = folder
        self.db = db
        self._lock = lock
        self.actor = actor
        self.keys = keys                # None: a plaintext study
        self.read_only = read_only      # a study on a read-only disk: listing works, changes are refused
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
    def open(cls, folder: Path | str, *, actor: str | None = None, _creating: bool = False,
             take_over_lock: bool = False) -> "Study":
        """Open the study in `folder`. The database is checked first (never created where a study is
        expected); on a read-only disk a plaintext study opens read-only (`read_only`: listing works,
        changes are refused with a sentence)."""
        folder = Path(folder).expanduser().resolve()
        db_path = folder / DB_NAME
        keys = crypto.keys_for_opening(folder)  # before the lock: a locked study changes nothing
        if not _creating:
            _check_database_file(folder, db_path, encrypted=keys is not None)
        lock: StudyLock | None = StudyLock(folder)
        read_only = False
        try:
            lock.acquire(take_over=take_over_lock)
        except OSError as error:
            if error.errno not in (errno.EROFS, errno.EACCES, errno.EPERM) or _creating or keys is not None:
                raise os_error(error, folder, changed=False) from None
            lock, read_only = None, True   # a read-only folder: nobody can write it, no lock is needed
        try:
            db = connect(db_path, keys, read_only=read_only)
            try:
                _check_and_migrate(db, db_path, read_only=read_only)
            except BaseException:
                db.close()
                raise
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if not read_only:
            try:
                for sub in (AUDIO_DIR, EXPORTS_DIR):
                    (folder / sub).mkdir(exist_ok=True)
                # Private whatever the umask or wherever the folder came from (SQLite gives -wal/-shm the
                # database's mode).
                make_private(folder, folder / AUDIO_DIR, folder / EXPORTS_DIR,
                             *(db_path.with_name(DB_NAME + suffix) for suffix in ("", "-wal", "-shm")))
            except OSError as error:
                db.close()
                lock.release()
                raise os_error(error, folder, changed=False) from None
        study = cls(folder, db, lock, actor or default_actor(), keys, read_only=read_only)
        if lock is not None and lock.taken_over_from is not None:
            previous = lock.taken_over_from
            study.audit("study.lock_take_over", "study", "", {"host": previous.host, "pid": previous.pid,
                                                              "since": previous.since})
            log.warning("study lock taken over from another computer")
        return study

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

    @property
    def is_workspace(self) -> bool:
        return bool(self.meta(WORKSPACE_META))

    def refuse_in_workspace(self) -> None:
        """Exports and reports come from the study, never from a correction workspace: a workspace holds one
        session without the study's consent and withdrawal records, so it cannot know whose words may leave."""
        if self.is_workspace:
            raise UserError(_("This is a correction workspace: it holds one session without the study's consent "
                              "and withdrawal records, so nothing is exported or reported from it. Return the "
                              "corrected transcript; the study exports it."))

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


SQLITE_HEADER = b"SQLite format 3\x00"


def _check_database_file(folder: Path, db_path: Path, *, encrypted: bool = False) -> None:
    """Refuse, with a sentence, a missing, empty or foreign `study.sqlite` (never rebuild it as a new study).
    An encrypted study's database has no plain header: SQLCipher checks it when it is opened."""
    try:
        size = db_path.stat().st_size
        with open(db_path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise UserError(_("{folder} is not an echo_fieldwork study (no {name}).").format(folder=folder, name=DB_NAME)) \
            from None
    except OSError as error:
        raise os_error(error, db_path, changed=False) from None
    wal = db_path.with_name(DB_NAME + "-wal")
    if size == 0 and not (wal.is_file() and wal.stat().st_size > 0):
        raise StudyDamagedError(_("The study database {path} is empty (0 bytes): the study's records are lost from "
                                  "this copy. Nothing was changed and no new study was created in its place. Restore "
                                  "the study folder from your latest backup.").format(path=db_path))
    if size and header != SQLITE_HEADER and not encrypted:
        raise StudyDamagedError(_("{path} is not a study database (damaged or replaced by another file). Nothing was "
                                  "changed. Restore the study folder from your latest backup.").format(path=db_path))


@lru_cache(maxsize=1)
def expected_tables() -> frozenset[str]:
    """The tables of a study at the current schema version."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    schema.migrate(memory)
    tables = frozenset(r[0] for r in memory.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    memory.close()
    return tables


def _check_and_migrate(db: sqlite_utils.Database, db_path: Path, *, read_only: bool = False) -> None:
    try:
        version = schema.schema_version(db.conn)
        problems = [r[0] for r in db.conn.execute("PRAGMA quick_check(5)").fetchall()]
    except (sqlite3.DatabaseError, crypto.sqlcipher_error()) as error:
        raise database_error(error, db_path) from None
    if problems != ["ok"]:
        raise database_error(sqlite3.DatabaseError("; ".join(problems)[:200]), db_path)
    if version > schema.SCHEMA_VERSION:
        raise SchemaTooNewError(
            _("This study was saved by a newer version of echo_fieldwork (data version {found}; this version "
              "reads up to {known}). Update the app to open it; the study was not changed.").format(
                found=version, known=schema.SCHEMA_VERSION)
        )
    if read_only:
        if version < schema.SCHEMA_VERSION:
            raise UserError(_("This study is on a read-only disk and needs a one-time update to this version of "
                              "the app. Copy it to a writable disk and open it there; nothing was changed."))
    else:
        if db.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.conn.execute("PRAGMA journal_mode = WAL")
        db.conn.execute("PRAGMA synchronous = NORMAL")
        schema.migrate(db.conn)  # a failing migration rolls back and raises as it is (a bug, not damage)
    present = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = sorted(expected_tables() - present)
    if missing:
        raise StudyDamagedError(_("The study database {path} is incomplete (missing: {tables}). Nothing was changed. "
                                  "Restore the study folder from your latest backup.").format(
            path=db_path, tables=", ".join(missing)))
