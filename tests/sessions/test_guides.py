"""Guide format: the examples load, bad files are refused with the line, guides are stored once."""

from __future__ import annotations

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.sessions.guides import (
    add_guide,
    get_guide,
    import_guide_file,
    list_guides,
    load_guide_file,
    parse_guide,
)
from tests.conftest import REPO_ROOT

GUIDES = REPO_ROOT / "interview_guides"


@pytest.mark.parametrize("name,language", [("telementoring-leaders-fr.yaml", "fr"),
                                           ("telementoring-leaders-en.yaml", "en")])
def test_example_guides_load(name, language):
    guide, _source = load_guide_file(GUIDES / name)
    assert guide.language == language
    assert len(guide.sections) == 6
    assert sum(s.suggested_minutes for s in guide.sections) == 57
    assert all(q.text for q in guide.questions) and len(guide.questions) >= 12
    assert sum(len(q.probes) for q in guide.questions) >= 25
    assert guide.section_of(guide.questions[-1].key).key in ("cloture", "closing")


def test_french_and_english_guides_have_parallel_structure():
    fr, _ = load_guide_file(GUIDES / "telementoring-leaders-fr.yaml")
    en, _ = load_guide_file(GUIDES / "telementoring-leaders-en.yaml")
    assert [len(s.questions) for s in fr.sections] == [len(s.questions) for s in en.sections]
    assert [len(q.probes) for q in fr.questions] == [len(q.probes) for q in en.questions]


def test_default_keys_follow_positions_and_bare_questions_are_allowed():
    guide = parse_guide("title: T\nlanguage: en\nsections:\n  - title: A\n    questions:\n      - Why?\n"
                        "      - text: How?\n        probes: ['More?']\n  - title: B\n    key: b\n"
                        "    questions:\n      - text: When?\n        key: when\n      - Where?\n")
    assert [q.key for q in guide.questions] == ["s1.q1", "s1.q2", "when", "b.q2"]
    assert guide.question("s1.q2").probes == ("More?",)
    assert guide.sections[0].suggested_minutes is None


@pytest.mark.parametrize("text,line,words", [
    ("title: T\nlanguage: fr\nsections:\n  - title: A\n    questions:\n      - text: Q\n        probe: [x]\n",
     7, "probe"),
    ("title: T\nlanguage: fr\nsections:\n  - title: A\n    questions:\n      - text: Q\n        key: k\n"
     "      - text: R\n        key: k\n", 9, "already used on line 7"),
    ("title: T\nlanguage: fr\nsections:\n  - title: A\n    questions:\n      - text: Q\n     - text: R\n", 7,
     "YAML"),
    ("title: T\nlanguage: fr\nsections:\n  - title: A\n    suggested_minutes: soon\n    questions: [Q]\n", 5,
     "suggested_minutes"),
    ("title: T\nlanguage: de\nsections:\n  - title: A\n    questions: [Q]\n", 2, "fr or en"),
    ("title: T\nlanguage: fr\nsections:\n  - title: A\n    questions:\n      - probes: [x]\n", 6, "no “text”"),
    ("title: T\nlanguage: fr\nsections: []\n", 3, "at least one section"),
    ("title: T\nlanguage: fr\n", 1, "“sections”"),
])
def test_bad_guides_are_refused_naming_the_line(text, line, words):
    with pytest.raises(UserError) as error:
        parse_guide(text, "guide.yaml")
    assert f"guide.yaml, line {line}:" in str(error.value)
    assert words in str(error.value)


def test_guides_are_stored_with_their_hash_once(study, tmp_path):
    fr = import_guide_file(study, GUIDES / "telementoring-leaders-fr.yaml")
    en = import_guide_file(study, GUIDES / "telementoring-leaders-en.yaml")
    again = import_guide_file(study, GUIDES / "telementoring-leaders-fr.yaml")
    assert again.id == fr.id != en.id
    assert [row[1:] for row in list_guides(study)] == [("telementoring-leaders-fr.yaml", "fr"),
                                                       ("telementoring-leaders-en.yaml", "en")]
    assert get_guide(study, fr.id).questions == fr.questions and len(fr.sha256) == 64
    with pytest.raises(UserError):
        add_guide(study, "title: [", "broken.yaml")
    assert len(list_guides(study)) == 2
    with pytest.raises(UserError, match="does not exist"):
        import_guide_file(study, tmp_path / "missing.yaml")
