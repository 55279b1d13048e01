"""Logging: rotating files in the user log folder. Log codes, counts and settings, never names or
transcript text (a test scans the log files).

Code is written to log only codes and counts; `PrivacyFilter` is the safety net on every handler we
install: exception messages (which may quote a user's input) are replaced by the exception type, the
user's home folder becomes `~`, and any term registered with `register_private_terms()` (the names of an
open study's participants) is masked.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from echo_fieldwork.fileutil import make_private
from echo_fieldwork.paths import log_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FILE_NAME = "echo-fieldwork.log"
MASK = "[private]"
_private_terms: set[str] = set()
_private_pattern: re.Pattern[str] | None = None


def register_private_terms(terms: Iterable[str]) -> None:
    """Mask these strings (and each word of 3+ letters in them) in every later log line."""
    global _private_pattern
    for term in terms:
        term = (term or "").strip()
        if not term:
            continue
        _private_terms.add(term)
        _private_terms.update(word for word in re.split(r"\W+", term) if len(word) >= 3)
    if _private_terms:
        alternatives = sorted(_private_terms, key=len, reverse=True)
        _private_pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in alternatives) + r")\b", re.IGNORECASE)


def clear_private_terms() -> None:
    global _private_pattern
    _private_terms.clear()
    _private_pattern = None


def scrub(text: str) -> str:
    home = str(Path.home())
    if len(home) > 1:
        text = text.replace(home, "~")
    if _private_pattern is not None:
        text = _private_pattern.sub(MASK, text)
    return text


class PrivacyFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            kind, error, trace = record.exc_info
            # The message of an exception may quote what the user typed; its type and traceback do not.
            record.exc_info = (kind, _Redacted(kind.__name__), trace)
            record.exc_text = None
        return True


class _Redacted(Exception):
    def __init__(self, type_name: str) -> None:
        super().__init__(f"({type_name}: message not logged)")


class _ScrubbingFormatter(logging.Formatter):
    def formatException(self, ei) -> str:  # logging's name
        return scrub(super().formatException(ei))


def setup_logging(level: int = logging.INFO) -> logging.Handler:
    root = logging.getLogger("echo_fieldwork")
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return handler
    handler = logging.handlers.RotatingFileHandler(
        log_dir() / LOG_FILE_NAME, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    make_private(Path(handler.baseFilename))
    handler.setFormatter(_ScrubbingFormatter(LOG_FORMAT))
    handler.addFilter(PrivacyFilter())
    root.addHandler(handler)
    root.setLevel(level)
    if not getattr(sys, "_echo_fieldwork_excepthook", False):
        _log_uncaught_exceptions()
    return handler


def _log_uncaught_exceptions() -> None:
    """A crash lands in the log (scrubbed) as well as on stderr."""
    previous = sys.excepthook

    def hook(kind, error, trace) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            logging.getLogger("echo_fieldwork").critical("uncaught exception", exc_info=(kind, error, trace))
        previous(kind, error, trace)

    sys.excepthook = hook
    sys._echo_fieldwork_excepthook = True


def log_files() -> list[Path]:
    """The current log file first, then the rotated ones (newest first)."""
    folder = log_dir()
    current = folder / LOG_FILE_NAME
    rotated = sorted(folder.glob(LOG_FILE_NAME + ".*"),
                     key=lambda p: int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0)
    return ([current] if current.exists() else []) + rotated
