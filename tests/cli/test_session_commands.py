"""`echo-fieldwork sessions add|list|import-audio` and `check`, through the real CLI entry point."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.study.study import Study
from tests.conftest import REPO_ROOT
from tests.sessions_helpers import consented, speech

GUIDE = REPO_ROOT / "interview_guides" / "telementoring-leaders-fr.yaml"


@pytest.fixture
def folder(tmp_path):
    with Study.create(tmp_path / "study", "Pilote", "fr") as study:
        consented(study, "P01")
        consented(study, "P02", agreed=("quotes",))
        consented(study, "P03")
        consented(study, "M1", role="interviewer")
        folder = study.folder
    return folder


def test_sessions_add_with_guide_then_list(folder, capsys):
    assert run_cli(["sessions", "add", str(folder), "--code", "I1", "--kind", "interview", "--date", "2026-11-20",
                    "--mode", "videoconference", "--attendees", "P01", "--interviewers", "M1",
                    "--guide", str(GUIDE)]) == 0
    assert "I1" in capsys.readouterr().out
    assert run_cli(["sessions", "list", str(folder)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("I1\t2026-11-20\tIndividual interview\tVideoconference\t00:00:00\tP01,M1")
    with Study.open(folder) as study:
        assert study.db.execute("SELECT g.name FROM sessions s JOIN guides g ON g.id = s.guide_id").fetchone()[0] \
            == GUIDE.name


def test_sessions_add_refuses_bad_input_and_changes_nothing(folder, capsys, tmp_path):
    base = ["sessions", "add", str(folder), "--code", "FG1", "--kind", "focus-group", "--mode", "in-person"]
    assert run_cli(base + ["--date", "20 nov."]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert run_cli(base + ["--date", "2026-11-20", "--attendees", "P01,P09", "--guide", str(GUIDE)]) == 1
    assert "P09" in capsys.readouterr().err
    bad_guide = tmp_path / "bad.yaml"
    bad_guide.write_text("title: T\nlanguage: fr\nsections:\n  - title: A\n    questionz: [Q]\n", encoding="utf-8")
    assert run_cli(base + ["--date", "2026-11-20", "--guide", str(bad_guide)]) == 1
    assert "bad.yaml, line 5" in capsys.readouterr().err
    with Study.open(folder) as study:
        assert study.db["sessions"].count == 0 and study.db["guides"].count == 0


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="ffmpeg is not installed")
def test_import_audio_and_check(folder, capsys, tmp_path):
    run_cli(["sessions", "add", str(folder), "--code", "FG1", "--kind", "focus-group", "--date", "2026-11-20",
             "--mode", "in-person", "--attendees", "P01,P03", "--interviewers", "M1"])
    mp3 = tmp_path / "zoom.mp3"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(speech(tmp_path / "s.wav")), str(mp3)], check=True)
    capsys.readouterr()
    assert run_cli(["sessions", "import-audio", str(folder), "--session", "FG1", str(mp3)]) == 0
    assert "FG1" in capsys.readouterr().out
    assert run_cli(["check", str(folder)]) == 0
    assert "everything is in order" in capsys.readouterr().out
    # A WAV copied into audio/ by hand: check says so and leaves it, every time.
    stray = folder / "audio" / "copie.wav"
    stray.write_bytes(speech(tmp_path / "s2.wav").read_bytes())
    for _ in range(2):
        assert run_cli(["check", str(folder)]) == 0
        out = capsys.readouterr().out
        assert "audio/copie.wav holds audio, but no recording of the study names it" in out
        assert "everything is in order" not in out and stray.is_file()
    assert run_cli(["sessions", "import-audio", str(folder), "--session", "FG9", str(mp3)]) == 1
    assert "FG9" in capsys.readouterr().err


def test_record_is_refused_without_audio_consent(folder, capsys):
    run_cli(["sessions", "add", str(folder), "--code", "FG2", "--kind", "focus-group", "--date", "2026-11-20",
             "--mode", "in-person", "--attendees", "P01,P02", "--interviewers", "M1"])
    assert run_cli(["record", str(folder), "--session", "FG2", "--seconds", "1"]) == 1
    err = capsys.readouterr().err
    assert "P02" in err and "audio" in err
    assert list((folder / "audio").iterdir()) == []


def test_import_zoom_matches_names_or_takes_a_map(tmp_path, capsys):
    from tests.zoom_helpers import make_zoom_folder, zoom_study

    zoom = make_zoom_folder(tmp_path / "zoom")
    with Study.create(tmp_path / "study", "Pilote", "fr") as study:
        zoom_study(study)
        study.db.execute("UPDATE identities SET full_name = 'Jeanne Lavoie' WHERE participant_id = "
                         "(SELECT id FROM participants WHERE code = 'P02')")
        folder = study.folder
    assert run_cli(["sessions", "import-zoom", str(folder), "--session", "FG1", str(zoom.folder)]) == 1
    assert "audioJeanDupuis31234567890.m4a" in capsys.readouterr().err
    assert run_cli(["sessions", "import-zoom", str(folder), "--session", "FG1", str(zoom.folder),
                    "--map", "audioJeanDupuis31234567890.m4a=P02"]) == 0
    out = capsys.readouterr().out
    assert "M1, P01, P02" in out
    with Study.open(folder) as study:
        assert study.db.execute("SELECT speaker FROM recordings ORDER BY speaker").fetchall() == [
            ("",), ("M1",), ("P01",), ("P02",)]
    assert run_cli(["sessions", "import-zoom", str(folder), "--session", "FG1", str(zoom.folder),
                    "--map", "nonsense"]) == 1
    assert "not FILE=CODE" in capsys.readouterr().err


def test_import_zoom_with_its_transcript_as_a_draft(tmp_path, capsys):
    from tests.zoom_helpers import make_zoom_folder, zoom_study

    zoom = make_zoom_folder(tmp_path / "zoom")
    with Study.create(tmp_path / "study", "Pilote", "fr") as study:
        zoom_study(study)
        folder = study.folder
    assert run_cli(["sessions", "import-zoom", str(folder), "--session", "FG1", str(zoom.folder),
                    "--transcript"]) == 1
    assert "no Zoom transcript" in capsys.readouterr().err
    (zoom.folder / "meeting_transcript.vtt").write_text(
        "WEBVTT\n\n1\n00:00:00.200 --> 00:00:01.500\nBienvenue à tous.\n\n"
        "2\n00:00:01.600 --> 00:00:03.000\nJe suis infirmière depuis dix ans.\n", encoding="utf-8")
    assert run_cli(["sessions", "import-zoom", str(folder), "--session", "FG1", str(zoom.folder),
                    "--transcript"]) == 0
    assert "2 segments" in capsys.readouterr().out
    with Study.open(folder) as study:
        assert [r[0] for r in study.db.execute("SELECT text FROM segments ORDER BY start_ms")] == [
            "Bienvenue à tous.", "Je suis infirmière depuis dix ans."]
        assert study.db.execute("SELECT COUNT(*) FROM recordings").fetchone()[0] == 4
