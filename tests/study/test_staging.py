"""Exports, reports and audio imports leave nothing partial where a user looks, whatever interrupts them:
SIGKILL at each step of publishing, a full disk (RLIMIT_FSIZE), a database that refuses the record."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.deid import deidentify
from echo_fieldwork.errors import UserError
from echo_fieldwork.export import runner
from echo_fieldwork.study import staging
from echo_fieldwork.study.study import Study
from tests.conftest import REPO_ROOT
from tests.exports_helpers import build_focus_group


@pytest.fixture
def reviewed_study(tmp_path):
    folder = tmp_path / "study"
    with Study.create(folder, "Étude", "fr", actor="RA1") as study:
        session_id = build_focus_group(study)
        deidentify.run_detection(study, session_id)
        deidentify.mark_reviewed(study, session_id)
    return folder


def _cli(args: list[str], *, env: dict[str, str] | None = None, file_limit: int | None = None):
    def limit() -> None:
        if file_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run([sys.executable, "-m", "echo_fieldwork", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, preexec_fn=limit, timeout=300)


def _files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _export_rows(folder: Path) -> int:
    with Study.open(folder) as study:
        return study.db.execute("SELECT count(*) FROM exports").fetchone()[0]


@pytest.mark.parametrize("point", ["staged", "moved"])
def test_a_kill_before_the_commit_leaves_nothing_in_exports_and_check_clears_it(reviewed_study, point, capsys):
    for fmt in ("txt", "docx"):
        killed = _cli(["export", str(reviewed_study), "FG01", "--format", fmt],
                      env={staging.FAULT_ENV: point})
        assert killed.returncode == -signal.SIGKILL, killed.stderr
    leftovers = _files_under(reviewed_study / ".staging")
    assert leftovers  # the kill really happened with files staged
    if point == "moved":  # renamed into place, never recorded: exactly the file check must take back
        assert sorted(p.name for p in (reviewed_study / "exports").iterdir()) == ["FG01.docx", "FG01.txt"]
    else:
        assert not list((reviewed_study / "exports").iterdir())
    assert (reviewed_study / ".staging").stat().st_mode & 0o077 == 0  # private

    assert run_cli(["check", str(reviewed_study)]) == 0
    out = capsys.readouterr().out
    assert "unfinished file(s) left in the private staging folder" in out
    if point == "moved":
        assert out.count("without recording it") == 2
    assert not list((reviewed_study / "exports").iterdir())
    assert not list((reviewed_study / ".staging").iterdir())
    assert _export_rows(reviewed_study) == 0

    assert run_cli(["check", str(reviewed_study)]) == 0  # and a second check finds everything in order
    assert "everything is in order" in capsys.readouterr().out


def test_a_kill_after_the_commit_keeps_the_recorded_export(reviewed_study, capsys):
    killed = _cli(["export", str(reviewed_study), "FG01", "--format", "txt"], env={staging.FAULT_ENV: "recorded"})
    assert killed.returncode == -signal.SIGKILL
    assert run_cli(["check", str(reviewed_study)]) == 0
    out = capsys.readouterr().out
    assert "without recording it" not in out and "not written by the app" not in out
    assert [p.name for p in (reviewed_study / "exports").iterdir()] == ["FG01.txt"]
    assert _export_rows(reviewed_study) == 1


FILE_LIMIT = 36 * 1024  # above SQLite's 32 KiB shared-memory file, below a DOCX export (about 40 KB)


def test_a_file_too_large_for_the_disk_during_an_export_is_a_sentence_and_leaves_nothing(reviewed_study):
    full = _cli(["export", str(reviewed_study), "FG01", "--format", "docx"], file_limit=FILE_LIMIT)
    assert full.returncode == 1, full.stderr
    assert "Traceback" not in full.stderr
    assert "The disk is full" in full.stderr and "Nothing was changed." in full.stderr
    assert not list((reviewed_study / "exports").iterdir())
    assert _files_under(reviewed_study / ".staging") == []
    assert _export_rows(reviewed_study) == 0


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MiB tmpfs (needs root; skipped elsewhere): a disk that really fills up."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount_point)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root)")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=True)


def _fill(disk: Path, leave: int) -> None:
    free = os.statvfs(disk)
    with open(disk / "filler", "wb") as handle:
        handle.write(b"\0" * max(0, free.f_bavail * free.f_frsize - leave))


@pytest.mark.parametrize("args", [["export", "--format", "txt"], ["export", "--format", "qdpx"],
                                  ["export", "--format", "docx"], ["notes", "export"]])
def test_a_full_disk_during_an_export_is_a_sentence_and_leaves_nothing(reviewed_study, small_disk, args):
    import shutil

    folder = small_disk / "study"
    shutil.copytree(reviewed_study, folder)
    _fill(small_disk, 40 * 1024)  # room for SQLite's files, not for an export and its record
    command = ["notes", "export", str(folder)] if args[0] == "notes" else ["export", str(folder), *args[1:]]
    full = _cli(command)
    (small_disk / "filler").unlink()
    assert full.returncode == 1, full.stdout + full.stderr
    assert "Traceback" not in full.stderr
    assert "full" in full.stderr, full.stderr
    assert not list((folder / "exports").iterdir())
    assert _files_under(folder / ".staging") == []
    assert _export_rows(folder) == 0


def test_a_record_that_fails_takes_the_file_back(reviewed_study):
    with Study.open(reviewed_study, actor="RA1") as study:
        study.db.execute("PRAGMA query_only = ON")  # the exports row cannot be written (a real SQLite refusal)
        with pytest.raises(Exception, match="readonly"):
            runner.export_sessions(study, [1], "txt")
        study.db.execute("PRAGMA query_only = OFF")
        assert not list(study.exports_dir.iterdir())
        assert _files_under(study.folder / ".staging") == []
        assert study.db.execute("SELECT count(*) FROM audit_log WHERE action = 'export'").fetchone()[0] == 0


def test_check_reports_exports_missing_or_unrecorded_and_old_partial_files(reviewed_study, capsys):
    with Study.open(reviewed_study, actor="RA1") as study:
        [written] = runner.export_sessions(study, [1], "txt")
    written.unlink()
    (reviewed_study / "exports" / "mine.xlsx").write_bytes(b"x")
    (reviewed_study / "exports" / "FG01.srt.partial").write_text("Amélie Tremblay", encoding="utf-8")
    (reviewed_study / "audio" / "FG01_1.wav.part").write_bytes(b"RIFF")
    assert run_cli(["check", str(reviewed_study)]) == 0
    out = capsys.readouterr().out
    assert "Removed the unfinished file exports/FG01.srt.partial" in out
    assert "Removed the unfinished file audio/FG01_1.wav.part" in out
    assert "exports/FG01.txt is in the study's record but no longer in the folder" in out
    assert "exports/mine.xlsx in exports/ was not written by the app" in out
    assert sorted(p.name for p in (reviewed_study / "exports").iterdir()) == ["mine.xlsx"]


def sine_wav(path: Path, seconds: float, rate: int = 16000) -> Path:
    import math
    import struct
    import wave

    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                                 for i in range(int(seconds * rate))))
    return path


def test_a_full_disk_during_an_audio_import_leaves_no_part_file(reviewed_study, tmp_path):
    source = sine_wav(tmp_path / "long.wav", 4.0)
    before = _files_under(reviewed_study / "audio")
    full = _cli(["sessions", "import-audio", str(reviewed_study), "--session", "FG01", str(source)],
                file_limit=FILE_LIMIT)
    assert full.returncode == 1, full.stderr
    assert "The disk is full" in full.stderr and "Nothing was changed." in full.stderr
    assert "Traceback" not in full.stderr
    assert _files_under(reviewed_study / "audio") == before
    assert _files_under(reviewed_study / ".staging") == []
    with Study.open(reviewed_study) as study:
        assert study.db.execute("SELECT count(*) FROM recordings WHERE source = 'imported'").fetchone()[0] == 0


def test_a_kill_during_an_audio_import_is_cleared_by_check(reviewed_study, tmp_path, capsys):
    source = sine_wav(tmp_path / "talk.wav", 2.0)
    killed = _cli(["sessions", "import-audio", str(reviewed_study), "--session", "FG01", str(source)],
                  env={staging.FAULT_ENV: "moved"})
    assert killed.returncode == -signal.SIGKILL
    assert run_cli(["check", str(reviewed_study)]) == 0
    assert "without recording it" in capsys.readouterr().out
    with Study.open(reviewed_study) as study:
        paths = {row[0] for row in study.db.execute("SELECT path FROM recordings")}
    assert {f"audio/{name}" for name in os.listdir(reviewed_study / "audio") if name.endswith(".wav")} <= paths


def test_a_full_disk_during_a_report_leaves_nothing(reviewed_study):
    full = _cli(["report", str(reviewed_study), "coreq", "--format", "docx", "--out",
                 str(reviewed_study / "exports" / "coreq.docx")], file_limit=FILE_LIMIT)
    assert full.returncode == 1, full.stderr
    assert "The disk is full" in full.stderr and "Traceback" not in full.stderr
    assert not list((reviewed_study / "exports").iterdir())
    assert _files_under(reviewed_study / ".staging") == []


def test_publish_outside_the_study_still_appears_complete_or_not_at_all(reviewed_study, tmp_path):
    with Study.open(reviewed_study, actor="RA1") as study:
        paths = runner.export_sessions(study, [1], "srt", tmp_path / "elsewhere")
    assert [p.name for p in (tmp_path / "elsewhere").iterdir()] == ["FG01.srt"] == [p.name for p in paths]
    with pytest.raises(UserError):
        with Study.open(reviewed_study, actor="RA1") as study:
            runner.export_sessions(study, [1], "srt", tmp_path / "elsewhere" / "FG01.srt" / "x")


def test_a_full_disk_during_a_participant_import_is_a_sentence_and_imports_nothing(small_disk, tmp_path):
    import shutil

    folder = small_disk / "study"
    Study.create(folder, "Étude", "fr", actor="RA1").close()
    rows = "".join(f"P{n:04d},participant,Nom{n} Prénom{n},nom{n}@example.org,,,,,\n" for n in range(1, 4001))
    source = tmp_path / "people.csv"
    source.write_text("code,study_role,name,email,program_role,gender,age_band,years_involved,employer\n" + rows,
                      encoding="utf-8")
    _fill(small_disk, 48 * 1024)
    full = _cli(["participants", "import", str(folder), str(source)])
    (small_disk / "filler").unlink()
    assert full.returncode == 1, full.stdout + full.stderr
    assert "Traceback" not in full.stderr and "full" in full.stderr, full.stderr
    with Study.open(folder) as study:
        assert study.db.execute("SELECT count(*) FROM participants").fetchone()[0] == 0
    shutil.rmtree(folder)
