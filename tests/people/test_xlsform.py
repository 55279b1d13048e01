"""XLSForm spreadsheets read as forms: the shipped example, and every problem with its sheet and row."""

from pathlib import Path

import openpyxl
import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people.forms import load_form
from echo_fieldwork.people.xlsform import load_xlsform
from echo_fieldwork.resources import resource_path


def write_xlsform(path: Path, survey: list[list], choices: list[list] | None = None,
                  settings: list[list] | None = None) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is not None:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    book.save(path)
    return path


SETTINGS = [["form_id", "version", "form_title::Français (fr)", "form_title::English (en)"],
            ["team_form", "2", "Notre questionnaire", "Our questionnaire"]]


def test_the_shipped_example_is_the_generic_yaml_form():
    sheet = load_xlsform(resource_path("forms", "sociodemographic_example.xlsx"))
    yaml_form = load_form(resource_path("forms", "sociodemographic_generic.yaml"))
    assert (sheet.id, sheet.version, sheet.titles) == (yaml_form.id, yaml_form.version, yaml_form.titles)
    assert [(f.name, f.type, f.labels, f.choices, f.required, f.hints, f.constraint_messages) for f in sheet.fields] \
        == [(f.name, f.type, f.labels, f.choices, f.required, f.hints, f.constraint_messages) for f in yaml_form.fields]
    other = sheet.field("profession_other")
    assert other.relevant.holds(None, {"profession": "other"}) and not other.relevant.holds(None, {})


def test_a_team_form_with_languages_groups_and_metadata(tmp_path):
    path = write_xlsform(tmp_path / "team.xlsx", [
        ["type", "name", "label::Français (fr)", "label::English (en)", "required", "constraint",
         "constraint_message::fr", "hint"],
        ["start", "start"],
        ["begin group", "about"],
        ["select_one unit", "unit", "Unité", "Unit", "yes"],
        ["integer", "seniority", "Ancienneté", "Seniority", "no", ". >= 0", "Positif"],
        ["end group"],
        ["note", "thanks", "Merci", "Thanks"],
        ["select_multiple lang", "languages", "Langues parlées", "Languages spoken", "", "", "", "One or more"],
    ], [["list_name", "name", "label::fr", "label::en"],
        ["unit", "er", "Urgence", "Emergency"], ["unit", "icu", "Soins intensifs", "Intensive care"],
        ["lang", "fr", "Français", "French"], ["lang", "en", "Anglais", "English"]], SETTINGS)
    form = load_xlsform(path)
    assert (form.id, form.version, form.title("en")) == ("team_form", "2", "Our questionnaire")
    assert form.field_names == ["unit", "seniority", "languages"]
    unit = form.field("unit")
    assert unit.required and unit.label("fr") == "Unité" and [c.label("en") for c in unit.choices] == [
        "Emergency", "Intensive care"]
    assert form.field("seniority").constraint_message("fr") == "Positif"
    assert form.field("languages").hint("fr") == "One or more"   # a plain column serves both languages
    assert form.field("seniority").line == 5


def test_every_problem_is_reported_with_its_sheet_and_row(tmp_path):
    path = write_xlsform(tmp_path / "bad.xlsx", [
        ["type", "name", "label", "required", "colour"],
        ["select_one missing", "unit", "Unit", "yes"],
        ["decimal", "weight", "Weight"],
        ["text", "bad name", "Name"],
        ["integer", "age", "", "maybe"],
        ["text", "notes", "Notes", "", ""],
        ["text", "notes", "Again"],
    ], [["list_name", "name", "label"], ["x", "a", ""]], [["form_id", "version"], ["ok_form", ""]])
    with pytest.raises(UserError) as caught:
        load_xlsform(path)
    details = caught.value.details
    assert "sheet survey, row 1: unknown column 'colour'" in details
    assert "sheet survey, row 2: no choice list named 'missing'" in details
    assert any(d.startswith("sheet survey, row 3: unknown type 'decimal'") for d in details)
    assert any(d.startswith("sheet survey, row 4: the name 'bad name'") for d in details)
    assert "sheet survey, row 5: 'label' is missing" in details
    assert "sheet survey, row 5: 'required' must be yes or no" in details
    assert "sheet survey, row 7: the name notes is used twice" in details
    assert "sheet choices, row 2: the choice 'a' has no label" in details
    assert "sheet settings, row 2: 'version' is missing" in details
    assert str(caught.value).startswith(f"The form file {path} has problems:")


def test_references_to_later_fields_and_bad_expressions(tmp_path):
    path = write_xlsform(tmp_path / "refs.xlsx", [
        ["type", "name", "label", "relevant", "constraint"],
        ["text", "first", "First", "${second} = 'x'"],
        ["text", "second", "Second", "", ". >>> 3"],
    ], None, SETTINGS)
    with pytest.raises(UserError) as caught:
        load_xlsform(path)
    assert "sheet survey, row 2: 'relevant' refers to second, which is not a field above it" in caught.value.details
    assert any(d.startswith("sheet survey, row 3: bad 'constraint' expression") for d in caught.value.details)


def test_not_a_spreadsheet_or_no_survey_sheet(tmp_path):
    (tmp_path / "fake.xlsx").write_text("form_id: x\n", encoding="utf-8")
    with pytest.raises(UserError, match="not an Excel spreadsheet"):
        load_xlsform(tmp_path / "fake.xlsx")
    path = write_xlsform(tmp_path / "nosurvey.xlsx", [["x"]])
    book = openpyxl.load_workbook(path)
    book["survey"].title = "questions"
    book.save(path)
    with pytest.raises(UserError, match="no 'survey' sheet"):
        load_xlsform(path)
    with pytest.raises(UserError, match="in a language this app does not use"):
        load_xlsform(write_xlsform(tmp_path / "es.xlsx", [["type", "name", "label::Español (es)"],
                                                           ["text", "a", "A"]], None, SETTINGS))


def test_a_table1_column_says_how_table1_summarises_each_field(tmp_path):
    survey = [["type", "name", "label", "table1"],
              ["integer", "children", "Children", "counts"],
              ["integer", "years", "Years", ""],
              ["select_one yn", "answer", "Answer", "median"]]
    choices = [["list_name", "name", "label"], ["yn", "y", "Yes"], ["yn", "n", "No"]]
    with pytest.raises(UserError) as error:
        load_xlsform(write_xlsform(tmp_path / "bad.xlsx", survey, choices, SETTINGS))
    assert error.value.details == [
        "sheet survey, row 4: 'table1: median' is only for whole numbers; choices are counted"]
    survey[3][3] = ""
    form = load_xlsform(write_xlsform(tmp_path / "good.xlsx", survey, choices, SETTINGS))
    assert [f.table1_summary for f in form.fields] == ["counts", "median", "counts"]
