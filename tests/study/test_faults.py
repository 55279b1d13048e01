"""A damaged, empty or read-only study, and locks: a sentence every time, never a traceback, never a new
study where one was expected, and exactly one holder of a study's lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from echo_fieldwork.study.lock import LOCK_NAME, StudyLock
from echo_fieldwork.study.study import DB_NAME, Study
from tests.conftest import REPO_ROOT


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "echo_fieldwork", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "study"
    with Study.create(folder, "Étude", "fr", actor="RA1") as study:
        from echo_fieldwork.people.participants import add_participant

        add_participant(study, "P01", "participant")
    return folder


def _refused(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def test_an_empty_database_is_refused_not_rebuilt(folder):
    (folder / DB_NAME).write_bytes(b"")
    for command in (("participants", "list"), ("check",), ("participants", "add")):
        _refused(_cli(*command[:2], str(folder), *command[2:]), "is empty (0 bytes)", "Nothing was changed",
                 "no new study was created", "backup")
    assert (folder / DB_NAME).stat().st_size == 0


def test_a_foreign_header_and_damaged_pages_are_a_sentence(folder):
    data = bytearray((folder / DB_NAME).read_bytes())
    damaged = bytearray(data)
    for offset in range(4096 * 2, len(damaged), 4096):   # every page after the first two: garbage
        damaged[offset:offset + 600] = os.urandom(600)
    (folder / DB_NAME).write_bytes(bytes(damaged))
    for command in (("participants", "list"), ("check",)):
        _refused(_cli(*command, str(folder)), "is damaged", "backup")

    data[0:16] = b"Not a database!!"
    (folder / DB_NAME).write_bytes(bytes(data))
    _refused(_cli("participants", "list", str(folder)), "is not a study database")


@pytest.fixture
def read_only_folder(folder, tmp_path):
    """The study seen through a read-only bind mount (root), or with its permissions removed (others)."""
    if os.geteuid() != 0:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        yield folder
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return
    view = tmp_path / "readonly"
    view.mkdir()
    if subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(view)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount here")
    subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
    yield view
    subprocess.run(["umount", str(view)], check=True)


def test_a_read_only_study_lists_and_refuses_changes_with_a_sentence(read_only_folder):
    listing = _cli("participants", "list", str(read_only_folder))
    assert listing.returncode == 0, listing.stderr
    assert "P01" in listing.stdout
    _refused(_cli("participants", "add", str(read_only_folder)), "read-only")
    check = _cli("check", str(read_only_folder))  # nothing to repair: it only reads
    assert check.returncode == 0 and "everything is in order" in check.stdout, check.stderr


RACER = """
import sys, time
from pathlib import Path
from echo_fieldwork.errors import StudyLockedError
from echo_fieldwork.study.lock import StudyLock
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
lock = StudyLock(Path(sys.argv[1]))
try:
    lock.acquire()
except StudyLockedError:
    print("locked", flush=True)
else:
    print("held", flush=True)
    sys.stdin.read()   # hold it until every racer has answered
    lock.release()
"""


@pytest.mark.parametrize("stale", [False, True])
def test_eight_processes_racing_for_the_lock_get_exactly_one_holder(tmp_path, stale):
    folder = tmp_path / "race"
    folder.mkdir()
    for round_number in range(10):
        if stale:  # a lock left by a dead process of this computer: all racers judge it stale at once
            dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                                  text=True).stdout.strip()
            import platform

            (folder / LOCK_NAME).write_text(json.dumps({"host": platform.node(), "pid": int(dead), "user": "x",
                                                       "since": "2026-01-01T00:00:00+00:00"}), encoding="utf-8")
        go = tmp_path / f"go-{stale}-{round_number}"
        racers = [subprocess.Popen([sys.executable, "-c", RACER, str(folder), str(go)], cwd=REPO_ROOT,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(8)]
        go.touch()
        answers = [racer.stdout.readline().strip() for racer in racers]
        for racer in racers:
            racer.stdin.close()
            racer.wait(timeout=60)
        assert sorted(answers) == ["held"] + ["locked"] * 7, (round_number, answers)
        assert not (folder / LOCK_NAME).exists()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_a_lock_from_another_computer_is_taken_over_only_when_asked(folder, capsys):
    (folder / LOCK_NAME).write_text(json.dumps({"host": "poste-labo-3", "pid": 4242, "user": "ra2",
                                               "since": "2026-03-02T09:15:00+00:00"}), encoding="utf-8")
    _refused(_cli("participants", "list", str(folder)), "another computer (poste-labo-3", "2026-03-02T09:15:00",
             "--take-over-lock")
    taken = _cli("--take-over-lock", "participants", "list", str(folder))
    assert taken.returncode == 0, taken.stderr
    assert not (folder / LOCK_NAME).exists()   # released at the end of the command
    with Study.open(folder) as study:
        [(detail,)] = study.db.execute("SELECT detail FROM audit_log WHERE action = 'study.lock_take_over'")
    assert json.loads(detail) == {"host": "poste-labo-3", "pid": 4242, "since": "2026-03-02T09:15:00+00:00"}


def test_the_lock_never_appears_empty(tmp_path):
    lock = StudyLock(tmp_path)
    lock.acquire()
    assert json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_NAME]  # the private temp file is gone
    lock.release()
