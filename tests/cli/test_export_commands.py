"""`echo-fieldwork deidentify`, `export` and `notes export`, run as the user would."""

from __future__ import annotations

from echo_fieldwork.cli.main import run_cli
from echo_fieldwork.study.study import Study
from tests.exports_helpers import build_focus_group


def _study_folder(tmp_path):
    folder = tmp_path / "study"
    with Study.create(folder, "Étude", "fr", actor="RA1") as study:
        build_focus_group(study)
    return folder


def test_deidentify_export_and_notes(tmp_path, capsys):
    folder = _study_folder(tmp_path)
    out = tmp_path / "out"
    assert run_cli(["export", str(folder), "FG01", "--format", "txt", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "cannot be exported yet" in err and "FG01: deidentification has not been run" in err
    assert not out.exists() or not list(out.iterdir())

    assert run_cli(["deidentify", str(folder), "--no-ner"]) == 0
    listing = capsys.readouterr().out
    assert "FG01:" in listing and "proposed" in listing and "[P01]" in listing
    assert run_cli(["export", str(folder), "--format", "vtt", "--out", str(out)]) == 1
    assert "not been reviewed" in capsys.readouterr().err

    assert run_cli(["deidentify", str(folder), "FG01", "--no-ner", "--accept"]) == 0
    assert "marked reviewed (logged)" in capsys.readouterr().out
    for fmt in ("docx", "nvivo", "qdpx"):
        assert run_cli(["export", str(folder), "FG01", "--format", fmt, "--out", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert [p.rsplit("/", 1)[1] for p in printed] == ["FG01.docx", "FG01_nvivo.txt", "FG01.qdpx"]

    assert run_cli(["notes", "export", str(folder), "--out", str(out)]) == 0
    notes = out / "FG01_notes.csv"
    assert str(notes) in capsys.readouterr().out and "[P01] arrive" in notes.read_text(encoding="utf-8-sig")
    with Study.open(folder) as study:
        actions = [r[0] for r in study.db.execute("SELECT action FROM audit_log WHERE action IN "
                                                  "('deid.review', 'export') ORDER BY id")]
    assert actions == ["deid.review", "export", "export", "export", "export"]


def test_unknown_session_and_override(tmp_path, capsys):
    folder = _study_folder(tmp_path)
    assert run_cli(["deidentify", str(folder), "XX9"]) == 1
    assert "No session with the code XX9" in capsys.readouterr().err
    assert run_cli(["deidentify", str(folder), "--no-ner"]) == 0
    capsys.readouterr()
    assert run_cli(["export", str(folder), "--format", "srt", "--out", str(tmp_path / "o"),
                    "--override-review", "draft for the PI"]) == 0
    assert (tmp_path / "o" / "FG01.srt").is_file()
