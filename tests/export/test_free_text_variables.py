"""Free-text and date answers as .qdpx case variables, by choice: absent by default, present when asked
for (the CLI and the dialog are tested in tests/cli/ and tests/ui/export/), deidentified with the transcripts' own tags, dates reduced to the year, logged.
The project is read back with ElementTree (tests/export/test_export.py's reader), never the exporter."""

from __future__ import annotations

import pytest

from echo_fieldwork.deid import deidentify
from echo_fieldwork.errors import UserError
from echo_fieldwork.export import runner
from echo_fieldwork.people import participants, study_form
from echo_fieldwork.people.questionnaire import save_answers
from echo_fieldwork.study.study import Study
from tests.export.test_export import XSD, names_in, read_qdpx, readable_text, without_random_ids
from tests.exports_helpers import build_focus_group

# A new version of the study's questionnaire: one closed field, one free-text field, one date.
FORM = """form_id: sociodemographic
version: "2"
title: {fr: Questionnaire, en: Questionnaire}
survey:
  - type: select_one
    name: gender
    label: {fr: Genre, en: Gender}
    choices:
      - name: woman
        label: {fr: Femme, en: Woman}
      - name: man
        label: {fr: Homme, en: Man}
  - type: text
    name: employer
    label: {fr: Employeur, en: Employer}
  - type: date
    name: hired
    label: {fr: Date d'embauche, en: Date of hiring}
"""
# The employer P01 names is an organisation the focus group's transcript mentions too.
ANSWERS = {
    "P01": {"gender": "woman", "employer": "CIUSSS du Centre-Ouest", "hired": "2019-03-14"},
    "P02": {"gender": "man", "employer": "Pharmacie Jean-François Côté", "hired": "2021-11-02"},
    "P05": {"gender": "woman", "employer": "Clinique de Rimouski", "hired": ""},
}
RAW = ["CIUSSS du Centre-Ouest", "Centre-Ouest", "Côté", "Rimouski", "2019-03-14", "2021-11-02", "03-14"]


def raw_answers_in(qde: str) -> list[str]:
    """The raw answers found in the project's XML, its GUIDs left out (a random one holds "03-14" once in about 170
    projects)."""
    text = without_random_ids(qde)
    return [raw for raw in RAW if raw in text]


def answered_focus_group(study: Study) -> int:
    session_id = build_focus_group(study)
    form = study_form.choose(study, "yaml", FORM.encode("utf-8"), "team.yaml").form
    for code, answers in ANSWERS.items():
        save_answers(study, participants.get_by_code(study, code).id, form,
                     {k: v for k, v in answers.items() if v})
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    return session_id


def transcript_tag(study: Study, session_id: int, original: str) -> str:
    [tag] = {r.tag for r in deidentify.list_replacements(study, session_id) if r.original == original}
    return f"[{tag}]"


def check_free_text_variables(path, study: Study, session_id: int) -> None:
    """The project holds the answers, deidentified like the transcript, dates as years; it validates."""
    xmlschema = pytest.importorskip("xmlschema")
    project = read_qdpx(path)
    qde = project["members"]["project.qde"].decode("utf-8")
    xmlschema.XMLSchema(str(XSD)).validate(qde)
    cases = {code: case["variables"] for code, case in project["cases"].items()}
    tag = transcript_tag(study, session_id, "CIUSSS du Centre-Ouest")
    [source] = project["sources"].values()
    assert tag in source["text"]  # the very tag the transcript shows
    assert cases["P01"] == {"Genre": ("TextValue", "Femme"), "Employeur": ("TextValue", tag),
                            "Date d'embauche (année)": ("IntegerValue", "2019")}
    assert cases["P02"]["Date d'embauche (année)"] == ("IntegerValue", "2021")
    assert cases["P02"]["Employeur"][1].startswith("Pharmacie [")
    assert cases["P05"] == {"Genre": ("TextValue", "Femme"), "Employeur": ("TextValue", "Clinique de [région]")}
    assert raw_answers_in(qde) == []
    assert names_in(readable_text(path)) == set()


def check_no_free_text_variables(path) -> None:
    project = read_qdpx(path)
    qde = project["members"]["project.qde"].decode("utf-8")
    assert project["cases"]["P01"]["variables"] == {"Genre": ("TextValue", "Femme")}
    assert "Employeur" not in qde and "Date d'embauche" not in qde and "Pharmacie" not in qde
    assert raw_answers_in(qde) == []


def audit_actions(study: Study) -> list[str]:
    return [r[0] for r in study.db.execute(
        "SELECT action FROM audit_log WHERE action LIKE 'export%' ORDER BY id")]


def test_free_text_and_dates_are_left_out_by_default_and_included_deidentified_when_asked(study, tmp_path):
    session_id = answered_focus_group(study)
    [default] = runner.export_sessions(study, [session_id], "qdpx", tmp_path / "default")
    check_no_free_text_variables(default)
    assert audit_actions(study) == ["export"]

    [path] = runner.export_sessions(study, [session_id], "qdpx", tmp_path / "asked", free_text_variables=True)
    check_free_text_variables(path, study, session_id)
    assert audit_actions(study) == ["export", "export", "export.free_text_variables"]
    detail = study.db.execute("SELECT detail FROM audit_log WHERE action = 'export' ORDER BY id DESC").fetchone()[0]
    assert '"free_text_variables": true' in detail


def test_only_a_qdpx_project_takes_them(study, tmp_path):
    session_id = answered_focus_group(study)
    with pytest.raises(UserError, match="only be included as case variables in a REFI-QDA project"):
        runner.export_sessions(study, [session_id], "docx", tmp_path / "out", free_text_variables=True)
    assert not (tmp_path / "out").exists()


def test_an_answer_naming_someone_else_is_deidentified_by_detection(study, tmp_path):
    """An answer nobody mentioned in a transcript still goes through detection: known names become codes."""
    session_id = answered_focus_group(study)
    form = study_form.study_form(study)
    save_answers(study, participants.get_by_code(study, "P04").id, form, {"employer": "Cabinet Dr Isabelle O'Connor"})
    [path] = runner.export_sessions(study, [session_id], "qdpx", tmp_path, free_text_variables=True)
    employer = read_qdpx(path)["cases"]["P04"]["variables"]["Employeur"][1]
    assert "O'Connor" not in employer and "[P05]" in employer


def test_an_answer_typed_in_lower_case_still_gets_the_transcripts_tag(study, tmp_path):
    """Detection wants capitals for an institution; the reviewed transcripts' own replacements do not."""
    session_id = answered_focus_group(study)
    form = study_form.study_form(study)
    save_answers(study, participants.get_by_code(study, "P04").id, form, {"employer": "ciusss du centre-ouest, 2e étage"})
    [path] = runner.export_sessions(study, [session_id], "qdpx", tmp_path, free_text_variables=True)
    employer = read_qdpx(path)["cases"]["P04"]["variables"]["Employeur"][1]
    assert employer == transcript_tag(study, session_id, "CIUSSS du Centre-Ouest") + ", 2e étage"


def test_a_guid_that_holds_a_date_fragment_by_chance_is_no_leak():
    # The flake this check had (CI, 2026-12-01): uuid4 wrote "…A903-14B2…" and "03-14" looked like the hiring date.
    assert raw_answers_in('<Case guid="1234A903-14B2-4C3D-8E4F-0123456789AB" name="P01"/>') == []
    assert raw_answers_in('<Case guid="1234A903-14B2-4C3D-8E4F-0123456789AB"><Value>2019-03-14</Value></Case>') == [
        "2019-03-14", "03-14"]
