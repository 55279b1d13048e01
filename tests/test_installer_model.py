"""`build_installer.py --model DIR`: the model data it prepares for the bundle, and how the bundled app
resolves that model as its default (the bundle layout simulated: `sys._MEIPASS` pointing at a folder laid
out as PyInstaller lays it out). Building a whole bundle takes minutes: `./dev.sh bundle` does that."""

from __future__ import annotations

import json
import sys

import pytest

import build_installer
from echo_fieldwork.errors import UserError
from echo_fieldwork.paths import model_store_dir
from echo_fieldwork.settings import Settings
from echo_fieldwork.transcription import models
from tests.conftest import REPO_ROOT
from tests.transcription.helpers import fake_model_folder


@pytest.fixture
def bundle(tmp_path, monkeypatch):
    """An app folder as PyInstaller makes it, with the model `build_installer.py --model` prepared in it."""
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "resources").symlink_to(REPO_ROOT / "resources", target_is_directory=True)
    source = fake_model_folder(tmp_path / "institution" / "large-v3-fr")
    (source / models.VERIFIED_MARKER).write_text("{}")   # the builder's own marker is not shipped
    staging = build_installer.prepare_model(source, root / models.BUNDLED_FOLDER)
    monkeypatch.setattr(sys, "_MEIPASS", str(root), raising=False)
    return staging


def test_prepare_model_copies_the_checked_folder_with_its_hash(tmp_path) -> None:
    source = fake_model_folder(tmp_path / "large-v3-fr")
    staging = build_installer.prepare_model(source, tmp_path / "build" / "bundled_model")
    manifest = json.loads((staging / models.BUNDLED_MANIFEST).read_text())
    assert manifest == {"name": "large-v3-fr", "sha256": models.sha256_file(source / "model.bin")}
    assert sorted(p.name for p in (staging / "large-v3-fr").iterdir()) == sorted(p.name for p in source.iterdir())
    args = build_installer.pyinstaller_args(with_ner=False, model_staging=staging)
    assert f"{staging}{build_installer._sep()}bundled_model" in args
    assert not any("bundled_model" in a for a in build_installer.pyinstaller_args(with_ner=False))


def test_prepare_model_refuses_what_the_app_would_refuse(tmp_path) -> None:
    with pytest.raises(UserError, match="not a Whisper model folder"):
        build_installer.prepare_model(tmp_path, tmp_path / "staging")
    with pytest.raises(UserError, match="that name is the built-in model"):
        build_installer.prepare_model(fake_model_folder(tmp_path / "base"), tmp_path / "staging")


def test_the_bundled_app_uses_the_bundled_model_as_its_default(bundle) -> None:
    settings = Settings()
    assert settings.get("model") == "" and models.default_model_name() == "large-v3-fr"
    info = models.resolve_model(None, settings)
    assert info.name == "large-v3-fr" and info.source == "bundled" and info.path == bundle / "large-v3-fr"
    listed = models.list_models(settings)
    assert [m.name for m in listed][:2] == ["large-v3-fr", "base"]   # base is still there to choose
    with pytest.raises(UserError, match="that name is the model bundled with the app"):
        models.add_model_folder(settings, fake_model_folder(bundle.parent.parent / "other" / "large-v3-fr"))


def test_a_damaged_bundled_model_is_refused(bundle) -> None:
    model_bin = bundle / "large-v3-fr" / "model.bin"
    model_bin.write_text(model_bin.read_text().upper())   # same size, other bytes, new mtime
    with pytest.raises(UserError, match="damaged"):
        models.resolve_model(None, Settings())
    (bundle / models.BUNDLED_MANIFEST).write_text("{not json")
    with pytest.raises(UserError, match="bundled with the app is damaged"):
        models.resolve_model(None, Settings())


def test_a_read_only_model_folder_is_verified_once(bundle) -> None:
    """A bundle installed for all users cannot be written to: the verification marker goes to the user's
    model store, so a large model is not hashed again at every start."""
    folder = bundle / "large-v3-fr"
    (folder / models.VERIFIED_MARKER).mkdir()   # writing the marker beside the model fails (as read-only)
    models.resolve_model(None, Settings())
    markers = list((model_store_dir() / ".verified").glob("*.json"))
    assert len(markers) == 1
    assert json.loads(markers[0].read_text())["sha256"] == models.sha256_file(folder / "model.bin")
    assert models.model_sha256(folder) == models.sha256_file(folder / "model.bin")


def test_a_user_choice_still_wins_over_the_bundled_default(bundle, tmp_path) -> None:
    settings = Settings()
    models.add_model_folder(settings, fake_model_folder(tmp_path / "mine" / "medium"))
    settings.set("model", "medium")
    assert models.resolve_model(None, settings).name == "medium"
