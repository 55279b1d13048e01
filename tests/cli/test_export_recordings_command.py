"""`export … --format qdpx --include-audio`: the recording in the project, read back independently."""

from __future__ import annotations

from echo_fieldwork.cli.main import run_cli
from tests.export.test_qdpx_recordings import check_audio_project, recorded_session


def test_include_audio_puts_the_recording_in_the_project(study, tmp_path):
    _session_id, pcm = recorded_session(study)
    folder = study.folder
    study.close()
    assert run_cli(["export", str(folder), "FG1", "--format", "qdpx", "--include-audio", "--out", str(tmp_path / "out")]) == 0
    check_audio_project(tmp_path / "out" / "FG1.qdpx", pcm)


def test_include_audio_with_another_format_says_why(study, tmp_path, capsys):
    recorded_session(study)
    folder = study.folder
    study.close()
    assert run_cli(["export", str(folder), "FG1", "--format", "txt", "--include-audio", "--out", str(tmp_path / "out")]) == 1
    assert "only be included in a REFI-QDA project" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
