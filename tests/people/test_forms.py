import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people.form_expr import ExpressionError, parse_expression
from echo_fieldwork.people.forms import default_form, load_form, parse_form


def test_default_form_has_the_issue_fields_in_both_languages():
    form = default_form()
    assert form.id == "sociodemographic" and form.version and len(form.sha256) == 64
    assert form.field_names == ["program_role", "gender", "age_band", "years_involved", "employer"]
    assert [c.name for c in form.field("program_role").choices] == ["medical_lead", "coordinator", "manager",
                                                                   "director"]
    assert [c.name for c in form.field("gender").choices] == ["woman", "man", "another", "prefer_not"]
    assert len(form.field("age_band").choices) == 6
    assert form.field("years_involved").type == "integer"
    assert form.field("employer").type == "text"
    for item in form.fields:
        assert item.labels["fr"] and item.labels["en"] and item.labels["fr"] != item.labels["en"]
        for choice in item.choices:
            assert choice.labels["fr"] and choice.labels["en"]
    assert form.field("gender").label("fr") == "Genre" and form.field("gender").label("en") == "Gender"
    years = form.field("years_involved").constraint
    assert years.holds(0, {}) and not years.holds(-1, {})


def test_choices_match_names_and_labels_ignoring_case_and_accents():
    gender = default_form().field("gender")
    assert gender.match_choice("FEMME").name == "woman"
    assert gender.match_choice("prefere ne pas repondre").name == "prefer_not"
    assert gender.match_choice("Prefers not to say").name == "prefer_not"
    assert gender.match_choice("unknown") is None


BAD_FORM = """\
form_id: demo
version: 1
survey:
  - type: select_one
    name: colour
    label: {fr: Couleur, en: Colour}
  - type: integr
    name: age
    label: Age
  - type: integer
    name: years
    label: {fr: Années, de: Jahre}
    constraint: ". >= "
    required: maybe
  - type: text
    name: years
    label: Again
    relevant: "${nowhere} = 1"
    colour: red
"""


def test_a_bad_form_is_refused_with_every_problem_and_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_FORM, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_form(path)
    details = raised.value.details
    text = "\n".join(details)
    assert "line 4, field colour: a select_one field needs choices" in text
    assert "line 7, field age: unknown type 'integr'" in text
    assert "line 12, field years: unknown language 'de'" in text
    assert "line 13, field years: bad 'constraint' expression" in text
    assert "line 14, field years: 'required' must be true or false" in text
    assert "line 15, field years: the name is used twice" in text
    assert "'relevant' refers to nowhere" in text
    assert "line 19, field years: unknown column 'colour'" in text
    assert len(details) == 8


def test_yaml_syntax_errors_and_missing_keys_name_the_line():
    with pytest.raises(UserError) as raised:
        parse_form("form_id: x\nversion: 1\nsurvey:\n  - type: text\n    name: [a\n")
    assert "line" in str(raised.value)
    with pytest.raises(UserError) as raised:
        parse_form("form_id: x\nsurvey: []\n")
    assert any("'version' is missing" in d for d in raised.value.details)
    assert any("'survey' must be a non-empty list" in d for d in raised.value.details)


def test_choice_lists_can_be_shared_as_in_xlsform():
    form = parse_form("form_id: x\nversion: '2'\nchoices:\n  yn:\n    - {name: y, label: {fr: Oui, en: Yes}}\n"
                      "    - {name: n, label: {fr: Non, en: No}}\nsurvey:\n  - {type: select_one yn, name: ok, "
                      "label: OK}\n  - {type: select_multiple yn, name: many, label: M, relevant: \"${ok} = 'y'\"}\n")
    assert [c.name for c in form.field("many").choices] == ["y", "n"]
    assert form.field("many").relevant.holds(None, {"ok": "y"})


@pytest.mark.parametrize("source,value,answers,expected", [
    (". >= 0 and . <= 60", 12, {}, True),
    (". >= 0 and . <= 60", 61, {}, False),
    ("${a} = 'x' or not(. = 3)", 3, {"a": "x"}, True),
    ("${a} = 'x' or not(. = 3)", 3, {"a": "y"}, False),
    ("selected(., 'b') and count-selected(.) <= 2", ["a", "b"], {}, True),
    ("string-length(.) < 4", "abcd", {}, False),
    (". * 2 - 1 = 5", 3, {}, True),
    ("${missing} > 1", 1, {}, False),
])
def test_expressions(source, value, answers, expected):
    assert parse_expression(source).holds(value, answers) is expected


@pytest.mark.parametrize("source", ["__import__('os')", ". >= ", "open(.)", ". ; 1", "", "(. = 1"])
def test_expressions_are_not_python(source):
    with pytest.raises(ExpressionError):
        parse_expression(source)


def test_each_field_can_say_how_table1_summarises_it():
    base = """
form_id: t
version: "1"
survey:
  - {type: integer, name: years, label: Years, table1: %s}
  - {type: select_one yn, name: yes_no, label: Yes or no, table1: %s}
  - {type: text, name: employer, label: Employer%s}
choices:
  yn: [{name: y, label: Yes}, {name: n, label: No}]
"""
    form = parse_form(base % ("Counts", "counts", ""))
    assert [f.table1_summary for f in form.fields] == ["counts", "counts", ""]
    assert form.field("years").table1 == "counts"
    with pytest.raises(UserError) as error:
        parse_form(base % ("mean", "median", ", table1: counts"))
    assert error.value.details == [
        "line 5, field years: 'table1' must be counts or median, not 'mean'",
        "line 6, field yes_no: 'table1: median' is only for whole numbers; choices are counted",
        "line 7, field employer: 'table1' is only for choices and whole numbers: free text and dates are never "
        "summarised (they may identify people)"]


def test_folding_writes_the_ligatures_out():
    from echo_fieldwork.people.forms import fold

    assert fold("Sœur") == fold("soeur") == "soeur"
    assert fold("Lætitia") == "laetitia"
    assert fold("  Cœur  d'Alène ") == "coeur d'alene"
