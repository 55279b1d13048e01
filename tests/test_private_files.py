"""Private by default: under a permissive umask (022), a study after a realistic flow holds only folders 0700 and
files 0600, and so do the app's own files (settings, logs). Once through the CLI as a user would (the entry
point sets the umask), once through the core alone (the study's own mechanisms, whatever the umask)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.consent_helpers import cli_fill_consent_form


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def not_private(root: Path) -> list[str]:
    wrong = []
    for path in [root, *root.rglob("*")]:
        mode = path.lstat().st_mode
        wanted = 0o700 if stat.S_ISDIR(mode) else 0o600
        if stat.S_ISLNK(mode):
            continue
        if stat.S_IMODE(mode) != wanted:
            wrong.append(f"{oct(stat.S_IMODE(mode))} {path.relative_to(root.parent)}")
    return wrong


def _srt(tmp_path: Path) -> Path:
    srt = tmp_path / "fg1.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:02,500\nBonjour, je suis infirmière.\n\n"
                   "2\n00:00:02,500 --> 00:00:05,000\nLe télémentorat nous aide.\n", encoding="utf-8")
    return srt


def test_a_study_made_with_the_cli_is_private(umask_022, tmp_path: Path, short_speech: Path, app_home: Path):
    from echo_fieldwork.export.runner import FORMATS

    study = tmp_path / "study"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "LANGUAGE": "en"}
    commands = [
        ["init", study, "--title", "Privé", "--language", "fr"],
        cli_fill_consent_form(study),
        ["participants", "add", study, "--code", "P01"],
        ["consent", study, "P01", "--mode", "paper", "--agree", "audio,quotes"],
        ["sessions", "add", study, "--code", "FG1", "--kind", "focus-group", "--date", "2026-11-27",
         "--mode", "in-person", "--attendees", "P01"],
        ["sessions", "import-audio", study, "--session", "FG1", short_speech],
        ["sessions", "import-audio", study, "--session", "FG1", short_speech],
        ["transcripts", "import", study, "--session", "FG1", _srt(tmp_path)],
        ["deidentify", study, "FG1", "--accept", "--no-ner"],
        *(["export", study, "FG1", "--format", fmt] for fmt in FORMATS),
        ["notes", "export", study, "FG1"],
        ["report", study, "table1", "--format", "docx", "--out", study / "exports" / "table1.docx"],
        ["report", study, "coreq", "--format", "md", "--out", study / "exports" / "coreq.md"],
    ]
    for command in commands:
        done = subprocess.run([sys.executable, "-m", "echo_fieldwork", *map(str, command)], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stderr[-2000:])
    assert len(list((study / "audio").glob("*.wav"))) == 2
    assert len(list((study / "exports").iterdir())) >= len(FORMATS) + 3
    assert not_private(study) == []
    assert (app_home / "log").is_dir() and not_private(app_home) == []


def test_the_core_keeps_a_study_private_whatever_the_umask(umask_022, tmp_path: Path, short_speech: Path):
    """Without the entry point's umask (a script, a test, the UI's own code paths): folders, database and its
    WAL, lock, recordings (and their partial files), the playback cache, exports and reports."""
    from echo_fieldwork.audio.importer import decode_to_wav, plan_import, register_import
    from echo_fieldwork.deid import deidentify
    from echo_fieldwork.export.runner import FORMATS, export_sessions
    from echo_fieldwork.reports.registry import build_report, write_report
    from echo_fieldwork.sessions.sessions import session_audio_file
    from echo_fieldwork.study.study import Study
    from echo_fieldwork.transcript.importers import import_transcript
    from tests.transcription.helpers import make_session

    assert os.umask(0o022) == 0o022  # the test really runs with a permissive umask
    with Study.create(tmp_path / "study", "Privé", "fr") as study:
        session_id = make_session(study, "FG1")
        for _ in range(2):
            plan = plan_import(study, session_id, short_speech)
            decode_to_wav(plan.source, plan.partial)
            assert stat.S_IMODE(plan.partial.stat().st_mode) == 0o600  # the .part file too, while it is written
            register_import(study, plan, 1000)
        assert session_audio_file(study, session_id).parent.name == ".playback"
        import_transcript(study, session_id, _srt(tmp_path))
        deidentify.run_detection(study, session_id, use_ner=False)
        deidentify.mark_reviewed(study, session_id)
        for fmt in FORMATS:
            export_sessions(study, [session_id], fmt)
        write_report(study, build_report(study, "methods"), "docx", study.exports_dir / "methods.docx")
        assert (study.folder / "study.sqlite-wal").exists()
        assert not_private(study.folder) == []
