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


def test_deidentify_covers_field_notes(tmp_path, capsys):
    """Notes are listed with the transcript's proposals, reviewed with it, and their export waits for it."""
    from echo_fieldwork.deid import deidentify
    from echo_fieldwork.sessions import fieldnotes, sessions

    folder = _study_folder(tmp_path)
    with Study.open(folder) as study:   # a second session with notes and no recording yet
        other = sessions.create_session(study, "FG02", "focus_group", "2026-02-10", "in_person", interviewers=["M1"])
        fieldnotes.add_note(study, other.id, "Salle bruyante; Nathalie Bergeron a annulé.", recording_ms=None)
    out = tmp_path / "out"
    assert run_cli(["notes", "export", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "field notes cannot be exported yet" in err
    assert "FG01: deidentification has not been run" in err and "FG02: deidentification has not been run" in err

    assert run_cli(["deidentify", str(folder), "--no-ner"]) == 0
    listing = capsys.readouterr().out
    assert "(field note) …⟦Amélie⟧ arrive en retard" in listing
    assert "FG02: 1 proposal (1 new)." in listing and "[P03]  (field note) …Salle bruyante; ⟦Nathalie Bergeron⟧" in listing
    # The reviewer keeps the place in FG01's note, then accepts the rest.
    with Study.open(folder) as study:
        [rimouski] = [r for r in deidentify.list_replacements(study, 1) if r.note_id and r.original == "Rimouski"]
    assert run_cli(["deidentify", str(folder), "--no-ner"]) == 0
    assert f"#{rimouski.id:<5} proposed" in capsys.readouterr().out
    with Study.open(folder) as study:
        deidentify.set_status(study, [rimouski.id], "rejected")
    assert run_cli(["deidentify", str(folder), "--no-ner", "--accept"]) == 0
    assert "FG02: 1 proposal accepted" in capsys.readouterr().out

    assert run_cli(["notes", "export", str(folder), "--out", str(out)]) == 0
    notes = (out / "sessions_notes.csv").read_text(encoding="utf-8-sig")
    assert "[P01] arrive en retard" in notes and "parlant de Rimouski." in notes
    assert "Salle bruyante; [P03] a annulé." in notes

    # A note edited afterwards: refused until detected and reviewed again.
    with Study.open(folder) as study:
        fieldnotes.edit_note(study, fieldnotes.list_notes(study, other.id)[0].id, "Salle bruyante; Kevin Nguyen absent.")
    assert run_cli(["notes", "export", str(folder), "FG02", "--out", str(out)]) == 1
    assert "FG02: the transcript changed after" in capsys.readouterr().err
    assert run_cli(["notes", "export", str(folder), "FG02", "--out", str(out), "--override-review", "PI asked"]) == 1
    assert "Export blocked: a known name" in capsys.readouterr().err   # nothing proposed yet for the new text
    assert run_cli(["deidentify", str(folder), "FG02", "--no-ner", "--accept"]) == 0
    assert run_cli(["notes", "export", str(folder), "FG02", "--out", str(out)]) == 0
    assert "Salle bruyante; [O1] absent." in (out / "FG02_notes.csv").read_text(encoding="utf-8-sig")


def test_free_text_variables_flag(tmp_path, capsys):
    """`--include-free-text-variables`: QDPX only; without it the answers stay home; with it they are in,
    deidentified, and the export is logged as such."""
    from tests.export.test_free_text_variables import (
        answered_focus_group,
        audit_actions,
        check_free_text_variables,
        check_no_free_text_variables,
    )

    folder = tmp_path / "study"
    with Study.create(folder, "Étude", "fr", actor="RA1") as study:
        session_id = answered_focus_group(study)
    out = tmp_path / "out"
    assert run_cli(["export", str(folder), "FG01", "--format", "txt", "--out", str(out),
                    "--include-free-text-variables"]) == 1
    assert "only be included as case variables" in capsys.readouterr().err
    assert run_cli(["export", str(folder), "FG01", "--format", "qdpx", "--out", str(out / "a")]) == 0
    check_no_free_text_variables(out / "a" / "FG01.qdpx")
    assert run_cli(["export", str(folder), "FG01", "--format", "qdpx", "--out", str(out / "b"),
                    "--include-free-text-variables"]) == 0
    assert capsys.readouterr().out.split() == [str(out / "a" / "FG01.qdpx"), str(out / "b" / "FG01.qdpx")]
    with Study.open(folder) as study:
        check_free_text_variables(out / "b" / "FG01.qdpx", study, session_id)
        assert audit_actions(study) == ["export", "export", "export.free_text_variables"]
