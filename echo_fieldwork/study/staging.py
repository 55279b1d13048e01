"""Files written privately in `.staging/` and published into `exports/` or `audio/` complete, with their record, or not at all.

A file is rendered in a private folder of `<study>/.staging/` (no user looks there, and it is cleared
whatever happens), scanned there, then `publish` moves it into place and records it in one step: a note
of intent (target and fingerprint) is written first, the rename happens inside the database transaction
that records the file, and a failed transaction removes the file again. A kill between the rename and the
commit leaves the note behind: `clean_leftovers` (run by `echo-fieldwork check`) removes such a file, every
leftover staging folder and stray `*.partial`/`*.part` file, and reports what the exports table and the
files disagree on.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from echo_fieldwork.errors import os_error
from echo_fieldwork.fileutil import make_private, sha256_file
from echo_fieldwork.i18n import _
from echo_fieldwork.study.study import AUDIO_DIR, EXPORTS_DIR, Study

log = logging.getLogger("echo_fieldwork.study.staging")

STAGING_DIR = ".staging"
INTENT_NAME = "publish.json"
# Names earlier versions (and interrupted writes beside their target) leave behind.
LEFTOVER_SUFFIXES = (".partial", ".part")
LEFTOVER_PREFIXES = (".partial-", ".report-", ".study.lock-")


def staging_root(study: Study) -> Path:
    root = study.folder / STAGING_DIR
    root.mkdir(mode=0o700, exist_ok=True)
    os.chmod(root, 0o700)
    return root


@contextmanager
def staging_area(study: Study) -> Iterator[Path]:
    """A new private folder (mode 700) to write one operation's files in; removed when the block ends."""
    try:
        area = Path(tempfile.mkdtemp(dir=staging_root(study)))
    except OSError as error:
        raise os_error(error, study.folder / STAGING_DIR, changed=False) from None
    try:
        yield area
    finally:
        shutil.rmtree(area, ignore_errors=True)


@dataclass(frozen=True)
class Publication:
    staged: Path
    target: Path
    kind: str           # "export" (recorded in `exports`) or "recording" (recorded in `recordings`)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _move(staged: Path, target: Path) -> None:
    """Rename into place; across file systems (an export folder outside the study), copy beside the target
    under a hidden name first, so the target name still appears complete or not at all."""
    try:
        os.replace(staged, target)
        return
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=".partial-", suffix=target.suffix)
    os.close(handle)
    try:
        shutil.copyfile(staged, name)
        _fsync(Path(name))
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    staged.unlink(missing_ok=True)


FAULT_ENV = "ECHO_FIELDWORK_FAULT"


def _fault_point(name: str) -> None:
    """Tests kill the process here (SIGKILL, as a power cut would) by naming the point in FAULT_ENV."""
    if os.environ.get(FAULT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def publish(study: Study, files: list[Publication], record: Callable[[], None]) -> None:
    """Move the staged files to their targets and run `record` (the rows and the audit line) in one
    transaction; if anything fails, no target is left and nothing is recorded."""
    if not files:
        return
    area = files[0].staged.parent
    for item in files:
        make_private(item.staged)  # whoever wrote it (python-docx, zipfile): this user's only, until shared
        _fsync(item.staged)
    intent = [{"target": str(item.target), "sha256": sha256_file(item.staged), "kind": item.kind} for item in files]
    _fault_point("staged")
    (area / INTENT_NAME).write_text(json.dumps(intent), encoding="utf-8")
    moved: list[Path] = []
    try:
        with study.db.atomic():
            record()
            for item in files:
                _move(item.staged, item.target)
                moved.append(item.target)
            _fault_point("moved")
        _fault_point("recorded")
    except BaseException:
        for target in moved:
            target.unlink(missing_ok=True)
        raise
    finally:
        (area / INTENT_NAME).unlink(missing_ok=True)


# -- check: what an interruption left behind -------------------------------------------------------

def _is_recorded(study: Study, target: Path, digest: str, kind: str) -> bool:
    try:
        relative = target.relative_to(study.folder).as_posix()
    except ValueError:
        relative = str(target)
    if kind == "recording":
        return study.db.execute("SELECT 1 FROM recordings WHERE path = ?", [relative]).fetchone() is not None
    return study.db.execute("SELECT 1 FROM exports WHERE path IN (?, ?) AND sha256 = ?",
                            [str(target), relative, digest]).fetchone() is not None


def _undo_unrecorded(study: Study, intent_file: Path) -> list[str]:
    """Targets an interrupted `publish` renamed into place without recording them: removed."""
    messages = []
    try:
        intent = json.loads(intent_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return messages
    for item in intent if isinstance(intent, list) else []:
        try:
            target, digest, kind = Path(item["target"]), str(item["sha256"]), str(item["kind"])
        except (KeyError, TypeError):
            continue
        if target.is_file() and sha256_file(target) == digest and not _is_recorded(study, target, digest, kind):
            target.unlink()
            messages.append(_("Removed {path}: an interrupted export or import put it there without "
                              "recording it.").format(path=target))
    return messages


def _display(study: Study, path: Path) -> str:
    try:
        return path.relative_to(study.folder).as_posix()
    except ValueError:
        return str(path)


def clean_leftovers(study: Study) -> list[str]:
    """Remove what interrupted writes left in the study and reconcile the exports table with the files;
    return one sentence per thing done or found. Needs the study lock (no other process is writing)."""
    messages: list[str] = []
    root = study.folder / STAGING_DIR
    if root.is_dir():
        for intent_file in sorted(root.glob(f"*/{INTENT_NAME}")):
            messages += _undo_unrecorded(study, intent_file)
        leftovers = list(root.iterdir())
        for entry in leftovers:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        if leftovers:
            messages.append(_("Removed {count} unfinished file(s) left in the private staging folder by an "
                              "interrupted export, report or import.").format(count=len(leftovers)))
    for sub in (EXPORTS_DIR, AUDIO_DIR, f"{AUDIO_DIR}/.playback", ""):
        folder = study.folder / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and (path.name.endswith(LEFTOVER_SUFFIXES) or path.name.startswith(LEFTOVER_PREFIXES)):
                path.unlink()
                messages.append(_("Removed the unfinished file {path} (left by an interrupted write).").format(
                    path=_display(study, path)))
    messages += _reconcile_exports(study)
    if messages:
        log.warning("check: %d leftover(s) or mismatch(es) handled", len(messages))
    return messages


def _reconcile_exports(study: Study) -> list[str]:
    """Recorded exports missing from `exports/` and files in `exports/` without a record: reported, not
    changed (a researcher may keep their own files there). Paths are matched by name, so a study folder
    that was moved still matches."""
    messages = []
    recorded: set[str] = set()
    for (stored,) in study.db.execute("SELECT DISTINCT path FROM exports ORDER BY path").fetchall():
        path = Path(stored)
        if path.parent.name != EXPORTS_DIR:
            continue  # written to a folder of the user's choice
        recorded.add(path.name)
        if not (study.exports_dir / path.name).exists():
            messages.append(_("The export {path} is in the study's record but no longer in the folder (deleted "
                              "or moved outside the app); the record is kept.").format(
                path=f"{EXPORTS_DIR}/{path.name}"))
    if study.exports_dir.is_dir():
        for path in sorted(study.exports_dir.iterdir()):
            if path.is_file() and not path.name.startswith(".") and path.name not in recorded:
                messages.append(_("The file {path} in exports/ was not written by the app (no record); it was "
                                  "left as it is.").format(path=_display(study, path)))
    return messages
