"""Shared fixtures. Every test gets its own app home (settings, model store, logs) so no test touches
the user's real folders; Qt runs offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ECHO_FIELDWORK_TEST_MODE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
# The PulseAudio server dev.sh starts: set before any test initialises PortAudio, which lists devices once.
os.environ.setdefault("PULSE_RUNTIME_PATH", "/tmp/echo-fieldwork-pulse")

# Fixtures shared across areas (real speech, the base model, the PulseAudio sink, a fresh log).
pytest_plugins = ["tests.transcription.fixtures", "tests.sessions_helpers", "tests.log_fixtures"]

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ECHO_FIELDWORK_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def english_by_default():
    """Tests assert on English messages unless they switch language themselves."""
    from echo_fieldwork.i18n import set_language

    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def study(tmp_path: Path):
    from echo_fieldwork.study.study import Study

    created = Study.create(tmp_path / "study", "Télémentorat — étude pilote", "fr", actor="RA1")
    yield created
    created.close()


@pytest.fixture
def settings():
    from echo_fieldwork.settings import Settings

    return Settings()


@pytest.fixture(autouse=True)
def no_message_box_outlives_its_test():
    """A message box left open by one test (shown with open() in test mode) would be found by the next
    test that looks for one: close them all after each test."""
    yield
    import sys

    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return
    for box in widgets.QApplication.topLevelWidgets():
        if isinstance(box, widgets.QMessageBox) and box.isVisible():
            box.close()
