"""File conventions, in one place: SHA-256 fingerprints and files that appear complete or not at all."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
