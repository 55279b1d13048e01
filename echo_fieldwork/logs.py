"""Logging: rotating files in the user log folder. Log codes, counts and settings, never names or
transcript text (a test scans the log files)."""

from __future__ import annotations

import logging
import logging.handlers

from echo_fieldwork.paths import log_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(level: int = logging.INFO) -> logging.Handler:
    root = logging.getLogger("echo_fieldwork")
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return handler
    handler = logging.handlers.RotatingFileHandler(
        log_dir() / "echo-fieldwork.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    return handler
