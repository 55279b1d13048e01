"""Importing SRT, WebVTT and timestamped text; malformed files name the line and import nothing."""

from __future__ import annotations

import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.transcript.importers import import_transcript
from echo_fieldwork.transcript.segments import load_segments
from tests.editor_data import make_session

SRT = """1
00:00:01,000 --> 00:00:04,200
P01: Bonjour, je m’appelle P01.

2
00:00:05,000 --> 00:00:07,500
On a eu des difficultés
avec la plateforme.
"""

VTT = """WEBVTT

NOTE produit par un autre outil

intro
00:00.500 --> 00:03.000
<v M1>Merci d’être là.</v>

00:00:03.200 --> 00:00:06.000 align:start
<v.loud P02>C’est <i>vraiment</i> utile.
"""

TXT = """[00:00:01] M1: Bienvenue à tous.
[00:00:04.5] P03: Moi je pense que oui.
Sur plusieurs lignes.
[00:01:10] [inaudible] merci.
"""

F4 = """I: Comment ça s’est passé ? #00:00:05-2#
P04: Plutôt bien. #00:00:09-0#
"""


@pytest.fixture
def session(study):
    return make_session(study)


def _rows(study, session_id):
    return [(s.start_ms, s.end_ms, s.speaker, s.text) for s in load_segments(study, session_id)]


def test_srt(study, session, tmp_path):
    (tmp_path / "a.srt").write_text(SRT, encoding="utf-8")
    assert import_transcript(study, session.id, tmp_path / "a.srt") == 2
    assert _rows(study, session.id) == [(1000, 4200, "P01", "Bonjour, je m’appelle P01."),
                                        (5000, 7500, "", "On a eu des difficultés avec la plateforme.")]
    assert study.db.execute("SELECT source FROM transcripts").fetchone()[0] == "import"


def test_vtt_voice_tags(study, session, tmp_path):
    (tmp_path / "a.vtt").write_text(VTT, encoding="utf-8")
    import_transcript(study, session.id, tmp_path / "a.vtt")
    assert _rows(study, session.id) == [(500, 3000, "M1", "Merci d’être là."),
                                        (3200, 6000, "P02", "C’est vraiment utile.")]


def test_bracket_timestamps(study, session, tmp_path):
    (tmp_path / "a.txt").write_text(TXT, encoding="utf-8")
    import_transcript(study, session.id, tmp_path / "a.txt")
    rows = _rows(study, session.id)
    assert rows[:2] == [(1000, 4500, "M1", "Bienvenue à tous."),
                        (4500, 70000, "P03", "Moi je pense que oui. Sur plusieurs lignes.")]
    assert rows[2][0] == 70000 and rows[2][3] == "[inaudible] merci." and rows[2][1] > 70000


def test_f4_timestamps_mark_the_end(study, session, tmp_path):
    (tmp_path / "f4.txt").write_text(F4, encoding="utf-8")
    import_transcript(study, session.id, tmp_path / "f4.txt")
    assert _rows(study, session.id) == [(0, 5200, "I", "Comment ça s’est passé ?"),
                                        (5200, 9000, "P04", "Plutôt bien.")]


@pytest.mark.parametrize("name, text, line", [
    ("bad.srt", SRT.replace("00:00:05,000 --> 00:00:07,500", "00:00:05,000 -> 00:00:07,500"), 6),
    ("bad.srt", SRT.replace("00:00:07,500", "00:00:07,5x0"), 6),
    ("bad.vtt", VTT.replace("00:00:06.000", "00:00:02.000"), 9),
    ("bad.vtt", VTT.replace("WEBVTT", "WEBVT"), 1),
    ("bad.txt", TXT.replace("[00:01:10]", "[00:61:10]"), 4),
    ("bad.txt", TXT.replace("[00:01:10]", "[00:00:02]"), 4),
    ("none.txt", "juste du texte\n", 1),
])
def test_malformed_names_the_line_and_imports_nothing(study, session, tmp_path, name, text, line):
    (tmp_path / name).write_text(text, encoding="utf-8")
    audit_before = study.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    with pytest.raises(UserError, match=f"{name}, line {line}:.*Nothing was imported"):
        import_transcript(study, session.id, tmp_path / name)
    assert load_segments(study, session.id) == []
    assert study.db.execute("SELECT COUNT(*) FROM transcripts").fetchone()[0] == 0
    assert study.db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == audit_before


def test_existing_transcript_needs_replace_and_replace_is_atomic(study, session, tmp_path):
    (tmp_path / "a.srt").write_text(SRT, encoding="utf-8")
    import_transcript(study, session.id, tmp_path / "a.srt")
    with pytest.raises(UserError, match="already has a transcript"):
        import_transcript(study, session.id, tmp_path / "a.srt")
    (tmp_path / "a.vtt").write_text(VTT, encoding="utf-8")
    import_transcript(study, session.id, tmp_path / "a.vtt", replace=True)
    assert [r[2] for r in _rows(study, session.id)] == ["M1", "P02"]


def test_replacing_a_transcript_that_went_through_detection(study, session, tmp_path):
    """The old text's deidentification proposals go with it (they pointed into segments that are gone);
    the review then asks for detection again instead of trusting the old one."""
    from echo_fieldwork.deid import deidentify
    from echo_fieldwork.people import identity
    from echo_fieldwork.people.participants import get_by_code

    identity.set_identity(study, identity.Identity(get_by_code(study, "P01").id, full_name="Amélie Tremblay"))
    (tmp_path / "a.srt").write_text(SRT.replace("je m’appelle P01", "je m’appelle Amélie"), encoding="utf-8")
    import_transcript(study, session.id, tmp_path / "a.srt")
    assert deidentify.run_detection(study, session.id, use_ner=False)["new"] >= 1
    (tmp_path / "a.vtt").write_text(VTT, encoding="utf-8")
    assert import_transcript(study, session.id, tmp_path / "a.vtt", replace=True) == 2
    assert [r[2] for r in _rows(study, session.id)] == ["M1", "P02"]
    assert deidentify.list_replacements(study, session.id) == []
    assert not deidentify.review_state(study, session.id).exportable


def test_bad_speaker_and_encoding(study, session, tmp_path):
    (tmp_path / "n.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Marie Tremblay>Bonjour\n", encoding="utf-8")
    with pytest.raises(UserError, match="line 3: the speaker"):
        import_transcript(study, session.id, tmp_path / "n.vtt")
    (tmp_path / "latin.srt").write_bytes(SRT.replace("’", "'").replace("é", "\xe9").encode("latin-1"))
    with pytest.raises(UserError, match="not UTF-8"):
        import_transcript(study, session.id, tmp_path / "latin.srt")
    assert load_segments(study, session.id) == []


def test_srt_cues_without_the_blank_line_between_them_are_separate_segments(study, session, tmp_path):
    squeezed = SRT.replace("P01.\n\n2\n", "P01.\n2\n")
    assert "\n\n2" not in squeezed
    (tmp_path / "a.srt").write_text(squeezed, encoding="utf-8")
    assert import_transcript(study, session.id, tmp_path / "a.srt") == 2
    assert _rows(study, session.id) == [(1000, 4200, "P01", "Bonjour, je m’appelle P01."),
                                        (5000, 7500, "", "On a eu des difficultés avec la plateforme.")]
    vtt = VTT.replace("là.</v>\n\n00:00:03.200", "là.</v>\n00:00:03.200")
    (tmp_path / "a.vtt").write_text(vtt, encoding="utf-8")
    assert import_transcript(study, session.id, tmp_path / "a.vtt", replace=True) == 2
    assert [r[:3] for r in _rows(study, session.id)] == [(500, 3000, "M1"), (3200, 6000, "P02")]


@pytest.mark.parametrize("name, text, line, problem", [
    ("neg.srt", SRT.replace("00:00:05,000 -->", "-00:00:05,000 -->"), 6, "negative time"),
    ("neg.vtt", VTT.replace("00:00:03.200 -->", "-00:00:03.200 -->"), 9, "negative time"),
    ("exp.srt", SRT.replace("00:00:07,500", "00:00:1e1"), 6, "not a time"),
    ("sign.srt", SRT.replace("00:00:01,000 -->", "00:+1:01,000 -->"), 2, "not a time"),
])
def test_negative_or_impossible_times_are_refused_with_their_line(study, session, tmp_path, name, text, line, problem):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=f"{name}, line {line}:.*{problem}.*Nothing was imported"):
        import_transcript(study, session.id, tmp_path / name)
    assert load_segments(study, session.id) == []
