"""Table 1 on a study whose every count is worked out by hand (see tests/reports_fixtures.py).

Consented (N = 8): P01–P06, P08, P10. P07 withdrew with data removal (excluded), P08 withdrew from quotes only
(kept), P09 never consented. Attended (N = 7): the same without P10, who never attended a session.
"""

import csv
import io

import docx
import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.reports.registry import build_report, write_report
from echo_fieldwork.reports.render import render_csv, render_markdown
from echo_fieldwork.reports.table1 import compute_table1
from tests.consent_helpers import ready_form
from tests.reports_fixtures import build_report_study

ATTENDED_EN = """**Table 1**

*Characteristics of the participants (N = 7)*

| Characteristic | n (%) |
| :-- | :-: |
| **Role in the program** |  |
| Program medical lead | 3 (42.9) |
| Program coordinator | 1 (14.3) |
| Health care manager | 1 (14.3) |
| Director or stakeholder | 1 (14.3) |
| Not reported | 1 (14.3) |
| **Gender** |  |
| Woman | 3 (42.9) |
| Man | 2 (28.6) |
| Another identity | 0 (0.0) |
| Prefers not to say | 1 (14.3) |
| Not reported | 1 (14.3) |
| **Age band** |  |
| 18–24 | 0 (0.0) |
| 25–34 | 1 (14.3) |
| 35–44 | 2 (28.6) |
| 45–54 | 2 (28.6) |
| 55–64 | 1 (14.3) |
| 65+ | 0 (0.0) |
| Not reported | 1 (14.3) |
| Years involved in the program, median (range) | 6.5 (2–20) |
| Not reported | 1 (14.3) |

*Note.* Participants counted: those who attended at least one focus group or interview (N = 7). \
1 participant who withdrew and asked for their data to be removed is not counted. \
1 participant who withdrew without asking for their data to be removed is counted. \
Percentages are of the participants counted, rounded half away from zero to one decimal; they may not sum to 100. \
Medians of an even number of values are the mean of the two middle values. \
Not reported: no answer recorded. \
Free-text and date answers (Employer) are not summarised: they may identify participants.
"""


@pytest.fixture
def filled(study):
    build_report_study(study)
    return study


def test_attended_population_markdown_is_exact(filled):
    assert render_markdown(build_report(filled, "table1", "en", "attended")) == ATTENDED_EN


def test_consented_population_counts(filled):
    table = compute_table1(filled, "en", "consented")
    assert table.population.size == 8
    assert [p.code for p in table.population.counted] == ["P01", "P02", "P03", "P04", "P05", "P06", "P08", "P10"]
    assert table.population.removed == ["P07"]
    assert table.population.withdrawn_kept == ["P08"]
    cells = {c.name: [(k.label, k.cell("en")) for k in c.categories] for c in table.characteristics}
    assert cells["program_role"] == [("Program medical lead", "4 (50.0)"), ("Program coordinator", "1 (12.5)"),
                                     ("Health care manager", "1 (12.5)"), ("Director or stakeholder", "1 (12.5)"),
                                     ("Not reported", "1 (12.5)")]
    assert cells["gender"] == [("Woman", "4 (50.0)"), ("Man", "2 (25.0)"), ("Another identity", "0 (0.0)"),
                               ("Prefers not to say", "1 (12.5)"), ("Not reported", "1 (12.5)")]
    assert cells["age_band"] == [("18–24", "0 (0.0)"), ("25–34", "1 (12.5)"), ("35–44", "3 (37.5)"),
                                 ("45–54", "2 (25.0)"), ("55–64", "1 (12.5)"), ("65+", "0 (0.0)"),
                                 ("Not reported", "1 (12.5)")]
    years = next(c for c in table.characteristics if c.name == "years_involved")
    assert sorted(years.values) == [1, 2, 3, 5, 8, 10, 20]      # odd count: median 5
    assert [c.name for c in table.characteristics] == ["program_role", "gender", "age_band", "years_involved"]
    assert table.skipped == ["Employer"]


def test_csv_is_exact(filled):
    text = render_csv(build_report(filled, "table1", "en", "consented"))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Characteristic", "Category", "n", "%", "Median", "Minimum", "Maximum"]
    assert rows[1] == ["Role in the program", "Program medical lead", "4", "50.0", "", "", ""]
    assert ["Gender", "Another identity", "0", "0.0", "", "", ""] in rows
    assert rows[-2] == ["Years involved in the program", "median (range)", "7", "", "5", "1", "20"]
    assert rows[-1] == ["Years involved in the program", "Not reported", "1", "12.5", "", "", ""]
    assert len(rows) == 1 + 5 + 5 + 7 + 2


def test_french_labels_and_decimal_comma(filled):
    report = build_report(filled, "table1", "fr", "attended")
    text = render_markdown(report)
    assert report.label == "Tableau 1"
    assert "*Caractéristiques des participants (N = 7)*" in text
    assert "| **Genre** |  |" in text
    assert "| Autre identité | 0 (0,0) |" in text
    assert "| Responsable médical du programme | 3 (42,9) |" in text
    assert "| Années d’implication dans le programme, médiane (étendue) | 6,5 (2–20) |" in text
    assert "| Non déclaré | 1 (14,3) |" in text


def test_docx_read_back(filled, tmp_path):
    path = write_report(filled, build_report(filled, "table1", "en", "consented"), "docx", tmp_path / "t1.docx")
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:2] == ["Table 1", "Characteristics of the participants (N = 8)"]
    assert paragraphs[-1].startswith("Note. Participants counted: all participants with a recorded consent (N = 8).")
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Characteristic", "n (%)"]
    assert rows[1] == ["Role in the program", "Role in the program"]     # a merged heading row
    assert rows[2] == ["Program medical lead", "4 (50.0)"]
    assert ["Another identity", "0 (0.0)"] in rows
    assert ["35–44", "3 (37.5)"] in rows
    assert rows[-2] == ["Years involved in the program, median (range)", "5 (1–20)"]
    assert rows[-1] == ["Not reported", "1 (12.5)"]
    # The export is recorded (path and hash), without any participant data.
    recorded = filled.db.execute("SELECT format, deidentified FROM exports").fetchall()
    assert recorded == [("report-table1.docx", 1)]


def test_bands_count_whole_numbers(filled):
    report = build_report(filled, "table1", "en", "consented", bands={"years_involved": [0, 5, 10]})
    rows = [row.cells for row in report.tables()[0].rows]
    start = rows.index(["Years involved in the program"])
    assert rows[start + 1:start + 5] == [["0–4", "3 (37.5)"], ["5–9", "2 (25.0)"], ["10 or more", "2 (25.0)"],
                                         ["Not reported", "1 (12.5)"]]
    with pytest.raises(UserError, match="gender"):
        build_report(filled, "table1", "en", bands={"gender": [0, 5]})


def test_no_participants_gives_an_empty_but_valid_table(study):
    table = compute_table1(study, "en", "consented")
    assert table.population.size == 0
    assert all(c.n == 0 for item in table.characteristics for c in item.categories)
    assert "(N = 0)" in render_markdown(build_report(study, "table1", "en"))


def test_unknown_population_is_refused(filled):
    with pytest.raises(UserError, match="population"):
        build_report(filled, "table1", "en", "everyone")


MULTI_FORM = """
form_id: custom
version: "1"
survey:
  - type: select_multiple
    name: settings
    label: {fr: Milieux de pratique, en: Practice settings}
    choices:
      - {name: hospital, label: {fr: Hôpital, en: Hospital}}
      - {name: clinic, label: {fr: Clinique, en: Clinic}}
      - {name: home, label: {fr: Domicile, en: Home care}}
  - type: integer
    name: patients
    label: {fr: Patients par semaine, en: Patients per week}
  - type: date
    name: started
    label: {fr: Début, en: Started}
"""


def test_select_multiple_counts_each_choice_of_each_participant(study):
    from echo_fieldwork.people import consent
    from echo_fieldwork.people.forms import parse_form
    from echo_fieldwork.people.participants import add_participant
    from echo_fieldwork.people.questionnaire import save_answers

    form = parse_form(MULTI_FORM)
    answers = {"P1": {"settings": ["hospital", "clinic"], "patients": 10}, "P2": {"settings": ["hospital"]},
               "P3": {"patients": 30, "started": "2024-01-01"}, "P4": {"settings": ["clinic"], "patients": 20}}
    for code, values in answers.items():
        participant = add_participant(study, code)
        consent.record_consent(study, participant.id, ready_form(study, "fr").id, "oral", set())
        save_answers(study, participant.id, form, values)
    report = build_report_from_form(study, form)
    rows = [row.cells for row in report.tables()[0].rows]
    assert rows == [["Practice settings (more than one answer possible)"],
                    ["Hospital", "2 (50.0)"], ["Clinic", "2 (50.0)"], ["Home care", "0 (0.0)"],
                    ["Not reported", "1 (25.0)"],
                    ["Patients per week, median (range)", "20 (10–30)"], ["Not reported", "1 (25.0)"]]
    assert report.notes[-1] == "Free-text and date answers (Started) are not summarised: they may identify participants."


def build_report_from_form(study, form):
    from echo_fieldwork.reports.table1 import build_table1_report

    return build_table1_report(study, "en", "consented", form=form)


def test_table1_follows_the_studys_own_questionnaire(study, tmp_path):
    """A team's XLSForm: table 1 lists its fields, labelled in the report's language, and nothing else."""
    from echo_fieldwork.people import consent, study_form
    from echo_fieldwork.people.participants import add_participant
    from echo_fieldwork.people.questionnaire import save_answers
    from tests.people.test_study_form import team_form

    form = study_form.choose_file(study, team_form(tmp_path)).form
    for code, unit, years in (("P01", "er", 3), ("P02", "icu", 10), ("P03", "er", None)):
        person = add_participant(study, code)
        consent.record_consent(study, person.id, ready_form(study, "fr").id, "paper", {"audio"})
        save_answers(study, person.id, form, {"unit": unit, "seniority": years})
    french = render_markdown(build_report(study, "table1", "fr"))
    assert "**Unité de soins**" in french and "| Urgence | 2 (66,7) |" in french
    assert "Ancienneté (années), médiane (étendue)" in french
    english = render_markdown(build_report(study, "table1", "en"))
    assert "**Care unit**" in english and "| Intensive care | 1 (33.3) |" in english
    assert "Role in the program" not in english and "Gender" not in english


COUNTED_FORM = MULTI_FORM.replace("""    name: patients
    label: {fr: Patients par semaine, en: Patients per week}""", """    name: patients
    label: {fr: Patients par semaine, en: Patients per week}
    table1: counts""")


def test_a_whole_number_the_form_says_to_count_is_counted_per_value(study):
    from echo_fieldwork.people import consent
    from echo_fieldwork.people.forms import parse_form
    from echo_fieldwork.people.participants import add_participant
    from echo_fieldwork.people.questionnaire import save_answers

    form = parse_form(COUNTED_FORM)
    assert form.field("patients").table1_summary == "counts" and form.field("settings").table1_summary == "counts"
    assert parse_form(MULTI_FORM).field("patients").table1_summary == "median"
    for code, patients in (("P1", 10), ("P2", 30), ("P3", 10), ("P4", None)):
        participant = add_participant(study, code)
        consent.record_consent(study, participant.id, ready_form(study, "fr").id, "oral", set())
        save_answers(study, participant.id, form, {"patients": patients} if patients else {})
    report = build_report_from_form(study, form)
    rows = [row.cells for row in report.tables()[0].rows]
    assert rows[-4:] == [["Patients per week"], ["10", "2 (50.0)"], ["30", "1 (25.0)"], ["Not reported", "1 (25.0)"]]
    assert not any("Medians" in note for note in report.notes)


def test_percentages_rounded_to_whole_numbers_on_request(filled):
    report = build_report(filled, "table1", "en", "attended", percent_decimals=0)
    markdown = render_markdown(report)
    assert "| Program medical lead | 3 (43) |" in markdown and "| 18–24 | 0 (0) |" in markdown
    assert "| Man | 2 (29) |" in markdown  # 28.57…: half away from zero, whole numbers
    assert "rounded half away from zero to whole numbers; they may not sum to 100." in markdown
    assert "to one decimal" not in markdown
    csv_rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert ["Role in the program", "Program medical lead", "3", "43", "", "", ""] in csv_rows
    french = render_markdown(build_report(filled, "table1", "fr", "attended", percent_decimals=0))
    assert "arrondis en nombres entiers" in french and "(43)" in french
    with pytest.raises(UserError, match="whole numbers"):
        build_report(filled, "table1", "en", percent_decimals=2)
