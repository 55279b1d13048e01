"""`echo-fieldwork transcripts import|status` on a real study folder."""

from __future__ import annotations

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript.segments import load_segments
from tests.editor_data import make_session
from tests.transcript.test_transcript_import import SRT


def test_import_and_status(tmp_path, capsys):
    folder = tmp_path / "etude"
    with Study.create(folder, "Étude", "fr") as study:
        make_session(study)
    (tmp_path / "t.srt").write_text(SRT, encoding="utf-8")
    assert run_cli(["transcripts", "import", str(folder), "--session", "GD01", str(tmp_path / "t.srt")]) == 0
    assert "2 segments" in capsys.readouterr().out
    assert run_cli(["transcripts", "status", str(folder), "--session", "GD01", "verified"]) == 0
    (tmp_path / "bad.srt").write_text("1\n00:00:01 --> zz\nx\n", encoding="utf-8")
    assert run_cli(["transcripts", "import", str(folder), "--session", "GD01", "--replace",
                    str(tmp_path / "bad.srt")]) == 1
    assert "bad.srt, line 2" in capsys.readouterr().err
    with Study.open(folder) as study:
        assert len(load_segments(study, 1)) == 2
        assert study.db.execute("SELECT review_status FROM transcripts").fetchone()[0] == "verified"
