"""Shared fixtures. Every test gets its own app home (settings, model store, logs) so no test touches
the user's real folders; Qt runs offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ECHO_FIELDWORK_TEST_MODE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"

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
    from echo_fieldwork.study import Study

    created = Study.create(tmp_path / "study", "Télémentorat — étude pilote", "fr", actor="RA1")
    yield created
    created.close()


@pytest.fixture
def settings():
    from echo_fieldwork.settings import Settings

    return Settings()
