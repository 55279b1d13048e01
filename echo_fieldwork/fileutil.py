"""File conventions, in one place: SHA-256 fingerprints, files complete or absent, files only this user reads.

Private by default: the entry points call `private_umask()` first, so every file and folder the app (and
any library or child process it runs) creates is 0600 / 0700 whatever the user's umask. The study's own
folders and database, recordings and exports are also made private explicitly (`private_mkdir`,
`make_private`, `create_private`), so that they are private even when the core is used without the
entry points. On Windows these modes mean little (chmod only sets read-only): see docs/security.md."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

PRIVATE_UMASK = 0o077
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def private_umask() -> int:
    """From now on, files and folders this process and its children create are readable by this user only.
    Returns the previous umask."""
    return os.umask(PRIVATE_UMASK)


def make_private(*paths: Path) -> None:
    """Restrict existing files to 0600 and folders to 0700 (missing paths are skipped). Files this user
    does not own, or file systems without modes (FAT on a USB key), are left as they are."""
    if os.name == "nt":  # chmod only toggles read-only there; the user folder's ACL is what protects
        return
    for path in paths:
        try:
            mode = path.stat().st_mode
            wanted = PRIVATE_DIR_MODE if stat.S_ISDIR(mode) else PRIVATE_FILE_MODE
            if stat.S_IMODE(mode) != wanted:
                path.chmod(wanted)
        except OSError:
            pass


def private_mkdir(path: Path) -> Path:
    """Create a folder (and its missing parents) readable by this user only. A folder that already exists is
    left as it is: it may be one the user chose (their Desktop)."""
    if not path.is_dir():
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        make_private(path)  # mkdir's mode is filtered by the umask; parents get the umask's default
    return path


def create_private(path: Path, *, exclusive: bool = True) -> BinaryIO:
    """Open a new file for writing, created 0600 whatever the umask (`exclusive`: fail if it exists)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC) | getattr(os, "O_BINARY", 0)
    handle = os.fdopen(os.open(path, flags, PRIVATE_FILE_MODE), "wb")
    if not exclusive:
        make_private(path)  # an existing file keeps its mode through O_TRUNC
    return handle


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    """The fingerprint of a text as stored next to it (UTF-8 bytes)."""
    return sha256_bytes(text.encode("utf-8"))


def sha256_file(path: Path | str) -> str:
    """The fingerprint of a file, read in blocks (model files are hundreds of MB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def atomic_path(path: Path, *, prefix: str = ".partial-") -> Iterator[Path]:
    """Yield a temporary path beside `path` to write to; when the block ends without error the file is
    flushed to disk and renamed over `path`, otherwise it is removed. A crash or a full disk therefore
    never leaves a half-written file under the real name."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=path.suffix)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        with open(temp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str, *, encoding: str = "utf-8", prefix: str = ".partial-") -> None:
    with atomic_path(path, prefix=prefix) as temp:
        temp.write_text(text, encoding=encoding)


def save_in_one_write(save, path: Path) -> None:
    """Build a zip-based document (`save(stream)`, e.g. python-docx's `Document.save`) in memory, then write
    it with one plain write: a full disk fails that write alone, instead of a zip library that fails again
    when it is collected later."""
    import io

    buffer = io.BytesIO()
    save(buffer)
    with open(path, "wb") as handle:
        handle.write(buffer.getbuffer())


# A cell a spreadsheet would run as a formula (CSV injection): =, +, -, @, tab or carriage return first.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?%?")


def spreadsheet_cell(value: object) -> object:
    """The cell as a spreadsheet should show it: text that would start a formula gets a leading apostrophe
    (shown as text by Excel and LibreOffice); plain numbers such as -2 or +1.5 stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class SpreadsheetCsvWriter:
    """`csv.writer` for files meant for a spreadsheet: every cell goes through `spreadsheet_cell`."""

    def __init__(self, stream, **options) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([spreadsheet_cell(cell) for cell in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)
