"""The model store: assembling the default model from its two packages, validation, resolution."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.paths import model_store_dir
from echo_fieldwork.transcription import models
from tests.transcription.fixtures import base_model_path


def test_default_model_is_assembled_once_and_verified(tmp_path: Path) -> None:
    store = tmp_path / "store"
    target = models.assemble_default_model(store)
    assert target == store / "base"
    assert models.sha256_file(target / "model.bin") == models.KNOWN_SHA256["base"]
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        assert (target / name).is_file()
    assert not [p for p in store.iterdir() if p.name.startswith(".assembling")]
    before = (target / "model.bin").stat().st_mtime_ns
    assert models.assemble_default_model(store) == target  # already there: not rebuilt
    assert (target / "model.bin").stat().st_mtime_ns == before


def test_a_damaged_default_model_is_rebuilt(tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(base_model_path(), store / "base")
    with open(store / "base" / "model.bin", "r+b") as handle:
        handle.seek(1000)
        handle.write(b"\0" * 16)
    with pytest.raises(UserError, match="damaged"):
        models.validate_model_folder(store / "base", expected_sha256=models.KNOWN_SHA256["base"])
    models.assemble_default_model(store)
    assert models.sha256_file(store / "base" / "model.bin") == models.KNOWN_SHA256["base"]


def test_an_interrupted_assembly_leaves_no_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"

    def broken_copy(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(models.shutil, "copyfile", broken_copy)
    with pytest.raises(OSError):
        models.assemble_default_model(store)
    assert list(store.iterdir()) == []


def test_package_data_dirs_are_found() -> None:
    parts, side = models.default_model_sources()
    assert [p.name for p in parts] == ["model.bin.part1", "model.bin.part2"]
    assert {p.name for p in side} == {"config.json", "tokenizer.json", "vocabulary.json"}


def _fake_model(folder: Path, *, lang_ids: int = 99) -> Path:
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"x" * 100)
    (folder / "config.json").write_text(json.dumps({"alignment_heads": [[1, 2]], "lang_ids": list(range(lang_ids))}))
    (folder / "tokenizer.json").write_text("{}")
    (folder / "vocabulary.json").write_text("[]")
    return folder


def test_bad_model_folders_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        models.validate_model_folder(tmp_path / "nowhere")
    folder = _fake_model(tmp_path / "m")
    (folder / "tokenizer.json").unlink()
    with pytest.raises(UserError, match="files are missing") as error:
        models.validate_model_folder(folder)
    assert error.value.details == ["tokenizer.json"]
    (folder / "tokenizer.json").write_text("{}")
    (folder / "config.json").write_text("{not json")
    with pytest.raises(UserError, match="config.json"):
        models.validate_model_folder(folder)
    (folder / "config.json").write_text(json.dumps({"architecture": "bert"}))
    with pytest.raises(UserError, match="does not look like a Whisper model"):
        models.validate_model_folder(folder)


def test_added_folders_are_listed_with_size_and_languages(settings, tmp_path: Path) -> None:
    large = _fake_model(tmp_path / "large-v3")
    english = _fake_model(tmp_path / "small.en", lang_ids=1)
    assert models.add_model_folder(settings, large).multilingual
    assert not models.add_model_folder(settings, english).multilingual
    listed = {m.name: m for m in models.list_models(settings)}
    assert set(listed) == {"base", "large-v3", "small.en"}
    assert listed["base"].size_bytes > 140_000_000 and listed["base"].multilingual
    assert listed["large-v3"].size_bytes == 100 + len(json.dumps({"alignment_heads": [[1, 2]],
                                                                   "lang_ids": list(range(99))})) + 2 + 2
    assert models.resolve_model("large-v3", settings).path == large.resolve()
    with pytest.raises(UserError, match="files are missing"):
        models.add_model_folder(settings, tmp_path)
    assert len(settings.get("model_folders")) == 2


def test_resolution_order(settings, tmp_path: Path, use_base_model) -> None:
    assert models.resolve_model(None, settings).name == "base"
    stored = _fake_model(model_store_dir() / "medium")
    assert models.resolve_model("medium", settings).path == stored
    chosen = _fake_model(tmp_path / "usb" / "medium")
    models.add_model_folder(settings, chosen)
    assert models.resolve_model("medium", settings).path == chosen.resolve()  # the settings' folder wins
    assert models.resolve_model(str(stored), settings).path == stored  # an explicit path
    with pytest.raises(UserError, match="No Whisper model named"):
        models.resolve_model("huge", settings)


def test_package_data_found_in_a_pyinstaller_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "not_installed_pkg" / "data").mkdir(parents=True)
    assert models.package_data_dir("not_installed_pkg") is None
    monkeypatch.setattr(models.sys, "_MEIPASS", str(tmp_path), raising=False)
    assert models.package_data_dir("not_installed_pkg") == tmp_path / "not_installed_pkg" / "data"


def test_a_folder_named_like_a_model_in_the_current_folder_is_not_the_model(settings, tmp_path: Path,
                                                                               use_base_model, monkeypatch) -> None:
    (tmp_path / "base").mkdir()        # e.g. a project folder called "base" where the user runs the command
    (tmp_path / "medium").mkdir()
    monkeypatch.chdir(tmp_path)
    assert models.resolve_model("base", settings).path == use_base_model   # the store's, not ./base
    with pytest.raises(UserError, match="No Whisper model named medium"):
        models.resolve_model("medium", settings)
    with pytest.raises(UserError, match="not a Whisper model folder"):
        models.resolve_model("./medium", settings)   # an explicit path is a folder
