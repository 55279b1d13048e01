"""A log file handler of the test's own (earlier tests may have set one up in another test's folder)."""

import logging
import logging.handlers

import pytest

from echo_fieldwork import logs
from echo_fieldwork.paths import log_dir


@pytest.fixture
def fresh_log():
    root = logging.getLogger("echo_fieldwork")
    for handler in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()
    handler = logs.setup_logging(logging.DEBUG)  # DEBUG: the most talkative level is checked too
    yield log_dir()
    root.removeHandler(handler)
    handler.close()
    logs.clear_private_terms()
