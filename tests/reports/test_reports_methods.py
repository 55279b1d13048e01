"""Methods figures on the known study: focus groups 55:00, 58:00, 58:00 (two recordings), 58:40 and one
with no recording (FG4); interviews 18:00, 24:10, 27:40, 23:50 (an even count: median = (23:50 + 24:10) / 2)."""

import docx
import pytest

from echo_fieldwork.people.participants import add_participant
from echo_fieldwork.reports.methods import methods_figures, methods_sentence
from echo_fieldwork.reports.registry import build_report, write_report
from echo_fieldwork.reports.render import render_csv
from echo_fieldwork.sessions import sessions
from tests.consent_helpers import ready_form
from tests.reports_fixtures import build_report_study

SENTENCE_EN = ("Focus groups lasted between 55 and 59 minutes (median 58 min) and varied in size between 3 and 6 "
               "participants, while individual interviews lasted between 18 and 28 minutes (median 24 min).")
SENTENCE_FR = ("Les groupes de discussion ont duré entre 55 et 59 minutes (médiane de 58 min) et comptaient entre 3 "
               "et 6 participants, tandis que les entrevues individuelles ont duré entre 18 et 28 minutes (médiane "
               "de 24 min).")


@pytest.fixture
def filled(study):
    build_report_study(study)
    return study


def test_figures(filled):
    figures = methods_figures(filled)
    fg, iv = figures.focus_groups, figures.interviews
    assert fg.codes == ["FG1", "FG2", "FG3", "FG4", "FG5"]
    assert fg.durations_ms == [3_300_000, 3_480_000, 3_480_000, 3_520_000]   # FG3 = 30 + 28 min, via session_duration_ms
    assert fg.unrecorded == ["FG4"]
    assert fg.duration_minutes() == (55, 59, 58)          # 58:40 rounds to 59; the tie 58, 58 in the middle
    assert fg.sizes == [4, 3, 3, 6, 5]                    # interviewers and the observer not counted
    assert fg.interviewers == [1, 2, 1, 1, 1]
    assert fg.observers == [1, 0, 0, 0, 0]
    assert fg.modes == {"in_person": 3, "videoconference": 2}
    assert iv.duration_minutes() == (18, 28, 24)          # 27:40 → 28; median (23:50 + 24:10) / 2 = 24:00
    assert iv.sizes == [1, 1, 1, 1]
    assert iv.modes == {"in_person": 3, "videoconference": 1}
    assert figures.distinct_participants == 8             # P07 attended FG1 before withdrawing


def test_sentences_in_both_languages(filled):
    figures = methods_figures(filled)
    assert methods_sentence(figures, "en") == SENTENCE_EN
    assert methods_sentence(figures, "fr") == SENTENCE_FR


def test_table_rows_and_notes(filled):
    report = build_report(filled, "methods", "en")
    rows = [row.cells for row in report.tables()[0].rows]
    assert report.tables()[0].columns == ["Measure", "Focus groups", "Individual interviews"]
    assert rows == [
        ["Sessions (n)", "5", "4"],
        ["Sessions with a recording (n)", "4", "4"],
        ["Duration, min–max (minutes)", "55–59", "18–28"],
        ["Duration, median (minutes)", "58", "24"],
        ["Participants per session, min–max", "3–6", "1"],
        ["Participants per session, median", "4", "1"],
        ["Interviewers per session, min–max", "1–2", "1"],
        ["Sessions with an observer present (n)", "1", "0"],
        ["Mode: In person (n)", "3", "3"],
        ["Mode: Videoconference (n)", "2", "1"],
    ]
    assert report.notes[-1] == "Sessions without a recording are left out of the durations: FG4."
    assert "mean of the two middle values" in report.notes[1]
    csv_lines = render_csv(report).splitlines()
    assert csv_lines[0] == "Measure,Focus groups,Individual interviews"
    assert csv_lines[3] == '"Duration, min–max (minutes)",55–59,18–28'


def test_docx_read_back(filled, tmp_path):
    path = write_report(filled, build_report(filled, "methods", "fr"), "docx", tmp_path / "m.docx")
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "Méthodes : séances, durées et taille des groupes"
    assert SENTENCE_FR in texts and SENTENCE_EN in texts
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["Mesure", "Groupes de discussion", "Entrevues individuelles"]
    assert rows[3] == ["Durée, min–max (minutes)", "55–59", "18–28"]
    assert rows[4] == ["Durée, médiane (minutes)", "58", "24"]


def test_single_session_and_no_interviews(study):
    for code in ("P01", "P02", "P03"):
        _consent(study, code)
    add_participant(study, "M1", "interviewer")
    session = sessions.create_session(study, "FG1", "focus_group", "2026-01-01", "in_person",
                                      attendees=["P01", "P02", "P03"], interviewers=["M1"])
    sessions.add_recording_row(study, session.id, "audio/a.wav", source="recorded", status="complete",
                               sample_rate=16000, duration_ms=45 * 60_000 + 29_999)
    figures = methods_figures(study)
    assert methods_sentence(figures, "en") == "The focus group lasted 45 minutes and had 3 participants."
    assert methods_sentence(figures, "fr") == "Le groupe de discussion a duré 45 minutes et comptait 3 participants."
    rows = [row.cells for row in build_report(study, "methods", "en").tables()[0].rows]
    assert rows[0] == ["Sessions (n)", "1", "—"]


def test_empty_study(study):
    report = build_report(study, "methods", "en")
    assert [r.cells[1:] for r in report.tables()[0].rows][0] == ["—", "—"]
    assert methods_sentence(methods_figures(study), "en") == ""


def _consent(study, code):
    from echo_fieldwork.people import consent

    participant = add_participant(study, code)
    consent.record_consent(study, participant.id, ready_form(study, "fr").id, "paper", {"audio"})


def _interviews(study, durations_ms):
    add_participant(study, "M1", "interviewer")
    for number, duration in enumerate(durations_ms, 1):
        session = sessions.create_session(study, f"IV{number}", "interview", "2026-01-01", "in_person",
                                          interviewers=["M1"])
        sessions.add_recording_row(study, session.id, f"audio/iv{number}.wav", source="recorded", status="complete",
                                   sample_rate=16000, duration_ms=duration)
    return methods_figures(study)


@pytest.mark.parametrize("durations, english, french, table", [
    ([20_000], "The individual interview lasted less than a minute.",
     "L’entrevue individuelle a duré moins d’une minute.", ("<1", "<1")),
    ([61_000], "The individual interview lasted 1 minute.", "L’entrevue individuelle a duré 1 minute.", ("1", "1")),
    ([20_000, 59_999], "Individual interviews each lasted less than a minute.",
     "Les entrevues individuelles ont chacune duré moins d’une minute.", ("<1", "<1")),
    ([70_000, 85_000], "Individual interviews each lasted 1 minute.",
     "Les entrevues individuelles ont chacune duré 1 minute.", ("1", "1")),
    ([20_000, 720_000], "Individual interviews lasted from less than a minute to 12 minutes (median 6 min).",
     "Les entrevues individuelles ont duré de moins d’une minute à 12 minutes (médiane de 6 min).", ("<1–12", "6")),
    ([10_000, 20_000, 65_000], "Individual interviews lasted from less than a minute to 1 minute (median less than "
     "a minute).", "Les entrevues individuelles ont duré de moins d’une minute à 1 minute (médiane de moins d’une "
     "minute).", ("<1–1", "<1")),
    ([60_000, 150_000], "Individual interviews lasted between 1 and 3 minutes (median 2 min).",
     "Les entrevues individuelles ont duré entre 1 et 3 minutes (médiane de 2 min).", ("1–3", "2")),
])
def test_short_durations_read_right_in_both_languages(study, durations, english, french, table):
    """Never "0 minutes" nor "1 minutes": under a minute is said so, and minutes agree in number."""
    figures = _interviews(study, durations)
    assert methods_sentence(figures, "en") == english
    assert methods_sentence(figures, "fr") == french
    rows = {row.cells[0]: row.cells[2] for row in build_report(study, "methods", "en").tables()[0].rows}
    assert (rows["Duration, min–max (minutes)"], rows["Duration, median (minutes)"]) == table


def test_a_short_focus_group_sentence(study):
    for code in ("P01", "P02"):
        _consent(study, code)
    session = sessions.create_session(study, "FG1", "focus_group", "2026-01-01", "in_person",
                                      attendees=["P01", "P02"])
    sessions.add_recording_row(study, session.id, "audio/a.wav", source="recorded", status="complete",
                               sample_rate=16000, duration_ms=25_000)
    figures = methods_figures(study)
    assert methods_sentence(figures, "en") == "The focus group lasted less than a minute and had 2 participants."
    assert methods_sentence(figures, "fr") == ("Le groupe de discussion a duré moins d’une minute et comptait "
                                               "2 participants.")
