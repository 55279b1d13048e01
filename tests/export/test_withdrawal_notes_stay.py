"""Withdrawal notes stay in the study: no export, notes export or report carries them (they are not
deidentified anywhere, so this is what keeps a name typed in one from leaving)."""

from __future__ import annotations

from echo_fieldwork.deid import deidentify
from echo_fieldwork.export import runner
from echo_fieldwork.people import consent, participants
from echo_fieldwork.reports.registry import FORMAT_LABELS, REPORT_KINDS, build_report, write_report
from tests.exports_helpers import NO_QUOTES, WITHDRAWN, build_focus_group

NOTES = {WITHDRAWN: "NOTE-7Q3 a appelé le secrétariat", NO_QUOTES: "NOTE-8K1 demande transmise par sa fille"}


def test_withdrawal_notes_never_leave_the_study(study, tmp_path):
    session_id = build_focus_group(study, withdraw=False)
    for code, scopes in ((WITHDRAWN, {"remove_data", "no_further_participation"}), (NO_QUOTES, {"no_quotes"})):
        consent.record_withdrawal(study, participants.get_by_code(study, code).id, "written", scopes,
                                  note=NOTES[code])
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    out = tmp_path / "out"
    files = [path for fmt in runner.FORMATS for path in runner.export_sessions(study, [session_id], fmt, out)]
    files += runner.export_notes(study, [session_id], "csv", out) + runner.export_notes(study, [session_id], "docx", out)
    for kind in REPORT_KINDS:
        report = build_report(study, kind, "fr")
        files += [write_report(study, report, fmt, out / f"{kind}.{fmt}") for fmt in FORMAT_LABELS]
    assert len(files) == len(runner.FORMATS) + 2 + len(REPORT_KINDS) * len(FORMAT_LABELS)
    # The files are read as a reader would (a field note, which is exported, is found in them).
    assert sum("arrive en retard" in runner._file_text(path) for path in files) >= 2
    for path in files:
        text = runner._file_text(path)
        assert text.strip(), path
        assert "NOTE-7Q3" not in text and "NOTE-8K1" not in text, path.name
