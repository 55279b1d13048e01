"""Where the app keeps its own files (settings, model store, logs). Tests point them elsewhere with
ECHO_FIELDWORK_HOME so that no test reads or writes the user's real folders."""

import os
from pathlib import Path

import platformdirs

from echo_fieldwork import APP_NAME


def _base(kind: str) -> Path:
    override = os.environ.get("ECHO_FIELDWORK_HOME")
    if override:
        return Path(override) / kind
    finder = {
        "config": platformdirs.user_config_dir,
        "data": platformdirs.user_data_dir,
        "log": platformdirs.user_log_dir,
    }[kind]
    return Path(finder(APP_NAME, appauthor=False))


def private_dir(path: Path) -> Path:
    """Create a folder only this user can read: it may hold recordings or names."""
    path.mkdir(parents=True, exist_ok=True)
    try:
        path.chmod(0o700)
    except OSError:
        pass
    return path


def config_dir() -> Path:
    return private_dir(_base("config"))


def data_dir() -> Path:
    return private_dir(_base("data"))


def log_dir() -> Path:
    return private_dir(_base("log"))


def model_store_dir() -> Path:
    return private_dir(data_dir() / "models")
