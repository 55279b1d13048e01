"""Fault injection on the write paths not covered by test_staging.py (exports, reports, imports): recording,
transcription, transcript edits, consent and withdrawal. 36 faults are injected, one per scenario of
SCENARIOS: recording 7, transcription 5, edit 12, consent 12.

Each scenario runs the real command in a child process (`python -m echo_fieldwork …` through
tests/study/fault_child.py, which injects the fault): a SIGKILL at a named point reached by the command, a
disk that fills up at such a point (a small tmpfs, filled for real: needs root, skipped elsewhere), or a
study (or its audio folder) on a read-only mount. Then `echo-fieldwork check` runs, and every scenario
asserts that (a) nothing that was there before was lost (every database row and file, compared with a
snapshot taken before), (b) nothing partial remains where a user looks (no `.partial`/`.part` file
anywhere, nothing in `.staging/`, no file in `audio/` without its record), (c) a refusal is a sentence
(status 1, no traceback, what happened and what to do), and then what the command was doing is either
wholly there or wholly absent, and can be done again (a transcription resumes where it stopped).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import signal
import sqlite3
import struct
import subprocess
import sys
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.study.study import DB_NAME, Study
from tests.conftest import REPO_ROOT
from tests.consent_helpers import cli_consent, give_consent, ready_form

AUDIT = "echo_fieldwork.study.study:Study.audit"
FLUSH = "echo_fieldwork.audio.wavfile:WavAppender.flush"
STORE = "echo_fieldwork.transcription.runner:insert_segments"
DB_FULL = ("study.sqlite", "is full", "Free some space")
DB_READ_ONLY = ("study.sqlite", "read-only", "nothing was changed")
AUDIO_READ_ONLY = ("E03.wav", "read-only disk", "Nothing was changed", "writable disk")
E02_SEGMENTS = 8          # the fake engine hears one segment per 5 s of E02's 40-s recording


# -- the study every scenario starts from ---------------------------------------------------------------

def _sine_wav(path: Path, seconds: float, rate: int = 16000) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", int(6000 * math.sin(i / 7))) for i in range(int(seconds * rate))))
    return path


@pytest.fixture(scope="module")
def base_study(tmp_path_factory) -> Path:
    """P01–P02 consented, P03 not yet, interviewer M1; E01 recorded and transcribed, E02 recorded (40 s, not
    transcribed), E03 not recorded yet."""
    from echo_fieldwork.people.participants import add_participant
    from echo_fieldwork.sessions.sessions import add_recording_row, create_session
    from echo_fieldwork.transcript.segments import Segment, insert_segments

    folder = tmp_path_factory.mktemp("fault-injection") / "study"
    with Study.create(folder, "Étude", "fr", actor="RA1") as study:
        ready_form(study, "fr")
        for code in ("P01", "P02"):
            give_consent(study, add_participant(study, code, "participant").id)
        add_participant(study, "P03", "participant")
        add_participant(study, "M1", "interviewer")
        sessions = {code: create_session(study, code, "interview", "2026-11-20", "in_person", attendees=[person],
                                         interviewers=["M1"]).id
                    for code, person in (("E01", "P01"), ("E02", "P02"), ("E03", "P01"))}
        for code, seconds in (("E01", 10), ("E02", 40)):
            _sine_wav(study.audio_dir / f"{code}.wav", seconds)
            add_recording_row(study, sessions[code], f"audio/{code}.wav", source="imported", status="complete",
                              sample_rate=16000, duration_ms=seconds * 1000)
        insert_segments(study, [Segment(None, sessions["E01"], start, start + 2000, f"Phrase {n}.", "S1")
                                for n, start in enumerate(range(0, 10000, 2500), 1)])
    return folder


# -- snapshots: what "nothing was lost" is compared against ----------------------------------------------

@dataclass
class Snapshot:
    folder: Path
    rows: dict[str, dict[int, dict]]
    files: dict[str, str]

    def new_rows(self, earlier: "Snapshot", table: str) -> list[dict]:
        return [row for rowid, row in sorted(self.rows[table].items()) if rowid not in earlier.rows[table]]


def snapshot(folder: Path) -> Snapshot:
    connection = sqlite3.connect(folder / DB_NAME)
    connection.row_factory = sqlite3.Row
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                                   "NOT LIKE 'sqlite_%'")]
        rows = {table: {row[0]: dict(row) for row in connection.execute(f'SELECT rowid AS "rowid:", * FROM "{table}"')}
                for table in tables}
    finally:
        connection.close()
    skip = {DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm", "study.lock"}
    files = {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in folder.rglob("*") if p.is_file() and p.name not in skip}
    return Snapshot(folder, rows, files)


def assert_nothing_lost(before: Snapshot, after: Snapshot, may_change: set[str]) -> None:
    for table, rows in before.rows.items():
        for rowid, row in rows.items():
            assert rowid in after.rows[table], f"{table} row {rowid} was lost"
            if table not in may_change:
                assert after.rows[table][rowid] == row, f"{table} row {rowid} changed"
    for path, digest in before.files.items():
        assert after.files.get(path) == digest, f"{path} was lost or changed"


def assert_nothing_partial(folder: Path, after: Snapshot) -> None:
    partial = [p for p in folder.rglob("*") if p.name.endswith((".partial", ".part")) or p.name.startswith(".partial-")]
    assert partial == []
    assert not (folder / ".staging").exists() or list((folder / ".staging").iterdir()) == []
    recorded = {row["path"] for row in after.rows["recordings"].values()}
    on_disk = {f"audio/{p.name}" for p in (folder / "audio").iterdir() if p.is_file()}
    assert on_disk == recorded, "a file in audio/ without its record, or a record without its file"
    assert list((folder / "exports").iterdir()) == []


def assert_sentence(done: subprocess.CompletedProcess, words: tuple[str, ...]) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("Error: ") or "Error: " in done.stderr, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


# -- the faults -----------------------------------------------------------------------------------------

@dataclass
class Scenario:
    path: str                                 # the write path: recording, transcription, edit, consent
    name: str
    command: Callable[[Path], list[str]]      # the command line, given the study folder
    point: tuple[str, str, int] | None = None  # (target, before|after, n-th call): where the fault strikes
    fault: str = "kill"                       # kill | full (the disk fills up at `point`) | read-only | read-only audio
    words: tuple[str, ...] = ()               # a refusal names what happened (full, read-only)
    may_change: set[str] = field(default_factory=set)   # tables whose existing rows the command may change
    effect: Callable[[Snapshot, Snapshot, str], None] = lambda before, after, check: None
    then: Callable[[Path, Snapshot], None] | None = None  # done again after `check`: it works

    @property
    def id(self) -> str:
        return f"{self.path}-{self.name}"


def _none_added(*tables: str) -> Callable[[Snapshot, Snapshot, str], None]:
    def effect(before: Snapshot, after: Snapshot, check: str) -> None:
        for table in tables:
            assert after.new_rows(before, table) == [], table
    return effect


def _audited(action: str, count: int = 1) -> Callable[[Snapshot, Snapshot, str], None]:
    def effect(before: Snapshot, after: Snapshot, check: str) -> None:
        assert [r["action"] for r in after.new_rows(before, "audit_log") if r["action"] == action] == [action] * count
    return effect


def _participant_id(after: Snapshot, code: str) -> int:
    return next(r["id"] for r in after.rows["participants"].values() if r["code"] == code)


# Consent and withdrawal: one transaction (the event, then its audit line).
def _consent(folder: Path) -> list[str]:
    return cli_consent(folder, "P03")


def _withdraw(folder: Path) -> list[str]:
    return ["withdraw", str(folder), "P01", "--scope", "no_quotes", "--channel", "email", "--note", "par courriel"]


def _consent_recorded(before: Snapshot, after: Snapshot, check: str) -> None:
    [event] = after.new_rows(before, "consents")
    assert event["participant_id"] == _participant_id(after, "P03") and event["agree_audio"] == 1
    _audited("consent.record")(before, after, check)


def _withdrawal_recorded(before: Snapshot, after: Snapshot, check: str) -> None:
    [event] = after.new_rows(before, "withdrawals")
    assert event["participant_id"] == _participant_id(after, "P01") and event["no_quotes"] == 1
    _audited("withdrawal.record")(before, after, check)


def _again(command: Callable[[Path], list[str]], effect: Callable) -> Callable[[Path, Snapshot], None]:
    def then(folder: Path, before: Snapshot) -> None:
        assert run_cli(command(folder)) == 0
        effect(before, snapshot(folder), "")
    return then


def _consent_scenarios() -> list[Scenario]:
    scenarios = []
    for what, command, record, done in (("consent", _consent, "record_consent", _consent_recorded),
                                        ("withdraw", _withdraw, "record_withdrawal", _withdrawal_recorded)):
        untouched = _none_added("consents", "withdrawals", "audit_log")
        scenarios += [
            Scenario("consent", f"{what}-kill-before-the-transaction", command,
                     (f"echo_fieldwork.people.consent:{record}", "before", 1), effect=untouched,
                     then=_again(command, done)),
            Scenario("consent", f"{what}-kill-after-the-event-before-its-audit", command, (AUDIT, "before", 1),
                     effect=untouched, then=_again(command, done)),
            Scenario("consent", f"{what}-kill-before-the-commit", command, (AUDIT, "after", 1), effect=untouched),
            Scenario("consent", f"{what}-kill-after-the-commit", command,
                     (f"echo_fieldwork.people.consent:{record}", "after", 1), effect=done),
            Scenario("consent", f"{what}-disk-full", command, (f"echo_fieldwork.people.consent:{record}", "before", 1),
                     fault="full", words=DB_FULL, effect=untouched),
            Scenario("consent", f"{what}-read-only", command, fault="read-only", words=DB_READ_ONLY, effect=untouched),
        ]
    return scenarios


# Edits: `transcripts speakers --set` (segments) and `transcripts status` (the review status).
def _speakers(folder: Path) -> list[str]:
    return ["transcripts", "speakers", str(folder), "--session", "E01", "--set", "00:00:00-00:00:05=P01"]


def _status(folder: Path) -> list[str]:
    return ["transcripts", "status", str(folder), "--session", "E01", "corrected"]


def _labelled(before: Snapshot, after: Snapshot, check: str) -> None:
    speakers = sorted((r["start_ms"], r["speaker"]) for r in after.rows["segments"].values())
    assert speakers == [(0, "P01"), (2500, "P01"), (5000, "S1"), (7500, "S1")]
    assert len(after.new_rows(before, "audit_log")) == 1


def _unlabelled(before: Snapshot, after: Snapshot, check: str) -> None:
    assert {r["speaker"] for r in after.rows["segments"].values()} == {"S1"}
    _none_added("segments", "audit_log")(before, after, check)


def _corrected(before: Snapshot, after: Snapshot, check: str) -> None:
    assert [r["review_status"] for r in after.rows["transcripts"].values()] == ["corrected"]
    _audited("transcript.status")(before, after, check)


def _still_draft(before: Snapshot, after: Snapshot, check: str) -> None:
    assert [r["review_status"] for r in after.rows["transcripts"].values()] in ([], ["draft"])
    _none_added("audit_log")(before, after, check)


def _editor(function: str, *args) -> Callable[[Path], list[str]]:
    """The editor's call `edits.FUNCTION(study, *args)` (no command does it), as the editor makes it."""
    return lambda folder: ["--edit", str(folder), function, json.dumps(args)]


_replace = _editor("replace_in_study", "Phrase", "Passage")
_split = _editor("split_segment", 1, 7)     # "Phrase 1." → "Phrase" | "1."
_type = _editor("set_text", 2, "Phrase 2, corrigée.")


def _texts(snap: Snapshot) -> list[str]:
    return [r["text"] for _id, r in sorted(snap.rows["segments"].items())]


def _as_before(before: Snapshot, after: Snapshot, check: str) -> None:
    assert _texts(after) == _texts(before)
    _none_added("segments", "audit_log")(before, after, check)


def _replaced(before: Snapshot, after: Snapshot, check: str) -> None:
    assert _texts(after) == [text.replace("Phrase", "Passage") for text in _texts(before)]
    _audited("transcript.replace_all")(before, after, check)


EDITS = "echo_fieldwork.correction.edits"
EDIT_SCENARIOS = [
    Scenario("edit", "replace-all-kill-before-the-audit", _replace, (AUDIT, "before", 1), effect=_as_before),
    Scenario("edit", "replace-all-kill-after-the-commit", _replace, (f"{EDITS}:_transaction", "after", 1),
             may_change={"segments"}, effect=_replaced),
    Scenario("edit", "split-disk-full", _split, (f"{EDITS}:_write", "before", 1), fault="full", words=DB_FULL,
             effect=_as_before),
    Scenario("edit", "typing-read-only", _type, fault="read-only", words=DB_READ_ONLY, effect=_as_before),
    Scenario("edit", "speakers-kill-before-the-audit", _speakers, (AUDIT, "before", 1), effect=_unlabelled,
             then=_again(_speakers, _labelled)),
    Scenario("edit", "speakers-kill-after-the-commit", _speakers, (f"{EDITS}:assign_speaker_in_range", "after", 1),
             may_change={"segments"}, effect=_labelled),
    Scenario("edit", "speakers-disk-full", _speakers, (f"{EDITS}:_write", "before", 1), fault="full",
             words=DB_FULL, effect=_unlabelled),
    Scenario("edit", "speakers-read-only", _speakers, fault="read-only", words=DB_READ_ONLY, effect=_unlabelled),
    Scenario("edit", "status-kill-before-the-audit", _status, (AUDIT, "before", 1), effect=_still_draft,
             then=_again(_status, _corrected)),
    Scenario("edit", "status-kill-after-the-commit", _status, (f"{EDITS}:set_review_status", "after", 1),
             may_change={"transcripts"}, effect=_corrected),
    Scenario("edit", "status-disk-full", _status, (f"{EDITS}:set_review_status", "before", 1), fault="full",
             words=DB_FULL, effect=_still_draft),
    Scenario("edit", "status-read-only", _status, fault="read-only", words=DB_READ_ONLY, effect=_still_draft),
]


# Transcription of E02 with the fake engine (the real child process and protocol): every stored segment is
# kept, and transcribing again resumes after the last one.
def _transcribe(folder: Path) -> list[str]:
    return ["transcribe", str(folder), "E02"]


def _e02_segments(snap: Snapshot) -> list[tuple]:
    return sorted((r["start_ms"], r["end_ms"], r["text"], rowid) for rowid, r in snap.rows["segments"].items()
                  if r["session_id"] == 2)


def _kept(count: int) -> Callable[[Snapshot, Snapshot, str], None]:
    def effect(before: Snapshot, after: Snapshot, check: str) -> None:
        assert [text for _s, _e, text, _id in _e02_segments(after)] == [f"Segment {n}." for n in range(1, count + 1)]
    return effect


def _resumes(folder: Path, before: Snapshot) -> None:
    kept = _e02_segments(snapshot(folder))
    assert run_cli(_transcribe(folder)) == 0
    done = _e02_segments(snapshot(folder))
    assert done[:len(kept)] == kept   # what was stored before the fault is untouched
    assert [text for _s, _e, text, _id in done] == [f"Segment {n}." for n in range(1, E02_SEGMENTS + 1)]
    assert all(a[1] <= b[0] for a, b in zip(done, done[1:]))  # no overlap, no repeat


RUNNER = "echo_fieldwork.transcription.runner"
TRANSCRIPTION_SCENARIOS = [
    Scenario("transcription", "kill-when-the-child-starts", _transcribe, (f"{RUNNER}:_ChildRun.__init__", "after", 1),
             may_change={"transcription_jobs"}, effect=_kept(0), then=_resumes),
    Scenario("transcription", "kill-inside-the-third-segment", _transcribe, (STORE, "after", 3),
             may_change={"transcription_jobs"}, effect=_kept(2), then=_resumes),
    Scenario("transcription", "kill-between-segments", _transcribe, (STORE, "before", 4),
             may_change={"transcription_jobs"}, effect=_kept(3), then=_resumes),
    Scenario("transcription", "disk-full-while-storing", _transcribe, (STORE, "before", 3), fault="full",
             words=(*DB_FULL, "segments stored so far are kept", "resume"), may_change={"transcription_jobs"},
             effect=_kept(2), then=_resumes),
    Scenario("transcription", "read-only", _transcribe, fault="read-only", words=DB_READ_ONLY, effect=_kept(0)),
]


# Recording E03 from a synthetic tone (the recorder's real writer thread, WAV and database rows).
def _record(folder: Path) -> list[str]:
    return ["record", str(folder), "--session", "E03", "--seconds", "2"]


def _no_recording(before: Snapshot, after: Snapshot, check: str) -> None:
    _none_added("recordings", "audit_log")(before, after, check)
    assert set(after.files) == set(before.files)


def _repaired(at_least_ms: int) -> Callable[[Snapshot, Snapshot, str], None]:
    def effect(before: Snapshot, after: Snapshot, check: str) -> None:
        from echo_fieldwork.audio.wavfile import wav_info

        [row] = after.new_rows(before, "recordings")
        assert row["status"] == "repaired" and row["duration_ms"] >= at_least_ms, row
        assert "E03" in check and "repaired" in check, check
        assert wav_info(after.folder / row["path"]) == (16000, 1, row["duration_ms"])  # a valid WAV, all kept
    return effect


def _empty_file_removed(before: Snapshot, after: Snapshot, check: str) -> None:
    _no_recording(before, after, check)
    assert "Removed audio/E03.wav: an interrupted start of a recording" in check, check


RECORDING_SCENARIOS = [
    Scenario("recording", "kill-before-the-row-is-committed", _record, (AUDIT, "before", 1),
             effect=_empty_file_removed),
    Scenario("recording", "kill-while-recording", _record, (FLUSH, "before", 4), effect=_repaired(500)),
    Scenario("recording", "kill-while-stopping", _record, (AUDIT, "before", 2), effect=_repaired(1500)),
    Scenario("recording", "disk-full-while-recording", _record, (FLUSH, "before", 4), fault="full",
             words=("E03.wav", "full", "audio is kept", "check"), effect=_repaired(500)),
    Scenario("recording", "disk-full-when-the-file-is-created",
             _record, ("echo_fieldwork.audio.recorder:Recorder._open_files", "before", 1), fault="full",
             words=("E03.wav", "disk is full", "Nothing was changed", "Free some space"), effect=_no_recording),
    Scenario("recording", "read-only-study", _record, fault="read-only", words=AUDIO_READ_ONLY,
             effect=_no_recording),
    Scenario("recording", "read-only-audio-folder", _record, fault="read-only audio", words=AUDIO_READ_ONLY,
             effect=_no_recording),
]

SCENARIOS = RECORDING_SCENARIOS + TRANSCRIPTION_SCENARIOS + EDIT_SCENARIOS + _consent_scenarios()


def test_the_docstring_counts_the_faults_injected():
    counts = {path: sum(s.path == path for s in SCENARIOS) for path in ("recording", "transcription", "edit",
                                                                          "consent")}
    stated = ", ".join(f"{path} {count}" for path, count in counts.items())
    assert f"{len(SCENARIOS)} faults are injected" in " ".join(__doc__.split())
    assert stated in " ".join(__doc__.split()), stated
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS)


# -- running one scenario -------------------------------------------------------------------------------

def _mount(stack: contextlib.ExitStack, *args: str) -> bool:
    if subprocess.run(["mount", *args], capture_output=True).returncode != 0:
        return False
    stack.callback(subprocess.run, ["umount", "-l", args[-1]], check=True)
    return True


def _child(args: list[str], scenario: Scenario, filler: Path | None) -> subprocess.CompletedProcess:
    inject: list[str] = []
    if scenario.point is not None:
        action = f"fill:{filler}" if scenario.fault == "full" else "kill"
        inject = [scenario.point[0], scenario.point[1], str(scenario.point[2]), action]
    tone = ["--tone"] if scenario.path == "recording" else []
    return subprocess.run([sys.executable, "-m", "tests.study.fault_child", *tone, *inject, "--", *args],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_a_fault_loses_nothing_leaves_nothing_partial_and_is_a_sentence(scenario, base_study, tmp_path, capsys):
    import shutil

    with contextlib.ExitStack() as disk_stack, contextlib.ExitStack() as stack:
        filler = None
        if scenario.fault == "full":
            disk = tmp_path / "disk"
            disk.mkdir()
            if not _mount(disk_stack, "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)):
                pytest.skip("cannot mount a tmpfs here (not root)")
            folder, filler = disk / "study", disk / "filler"
        else:
            folder = tmp_path / "study"
        shutil.copytree(base_study, folder)
        before = snapshot(folder)
        target = folder
        if scenario.fault == "read-only":
            target = tmp_path / "read-only"
            target.mkdir()
            if not _mount(stack, "--bind", "-o", "ro", str(folder), str(target)):
                pytest.skip("cannot bind-mount here (not root)")
            subprocess.run(["mount", "-o", "remount,ro,bind", str(target)], check=True)
        elif scenario.fault == "read-only audio":
            if not _mount(stack, "--bind", "-o", "ro", str(folder / "audio"), str(folder / "audio")):
                pytest.skip("cannot bind-mount here (not root)")
            subprocess.run(["mount", "-o", "remount,ro,bind", str(folder / "audio")], check=True)

        done = _child(scenario.command(target), scenario, filler)
        if scenario.point is not None and scenario.fault == "kill":
            assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr  # the point was reached
        else:
            assert_sentence(done, scenario.words)
        if filler is not None:
            assert filler.stat().st_size > 0  # the disk really filled up at the point
            filler.unlink()
        stack.close()   # the read-only mounts go: `check` repairs on the study's own disk

        capsys.readouterr()
        assert run_cli(["check", str(folder)]) == 0
        check = capsys.readouterr().out
        after = snapshot(folder)
        assert_nothing_lost(before, after, scenario.may_change)
        assert_nothing_partial(folder, after)
        scenario.effect(before, after, check)
        assert run_cli(["check", str(folder)]) == 0   # and all is in order now
        assert "everything is in order" in capsys.readouterr().out
        if scenario.then is not None:
            scenario.then(folder, before)
