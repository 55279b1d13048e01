import docx
import pytest

from echo_fieldwork.reports.coreq import coreq_answers
from echo_fieldwork.reports.coreq_items import all_items
from echo_fieldwork.reports.registry import build_report, write_report
from echo_fieldwork.reports.render import render_markdown
from tests.reports_fixtures import build_report_study


@pytest.fixture
def filled(study):
    build_report_study(study)
    return study


def test_the_32_items_in_order():
    assert [number for number, _item, _question in all_items()] == list(range(1, 33))


def test_answers_from_the_study(filled):
    answers = coreq_answers(filled, "en")
    assert sorted(answers) == [1, 12, 13, 14, 15, 16, 18, 19, 20, 21, 23, 27]
    assert answers[1] == "Interviews and focus groups were conducted by M1 (7 sessions), M2 (3 sessions)."
    assert answers[12] == ("8 participants consented (not counting withdrawals with data removal); 7 of them took "
                           "part in at least one session (5 focus groups, 4 individual interviews).")
    assert answers[13] == ("2 participants withdrew (asked for their data to be removed: 1; no further "
                           "participation: 1; no quotes: 1). Refusals before consent are not recorded in the study.")
    assert answers[14] == "Sessions by mode: In person: 6; Videoconference: 3."
    assert answers[15] == "An observer was present in 1 of 9 sessions (FG1)."
    assert answers[16] == ("8 participants are described in the participant characteristics table. Sessions were "
                           "held from 2026-03-01 to 2026-03-09.")
    assert answers[18] == ("Yes: 7 participants attended more than one session (P01 ×3, P02 ×3, P03 ×4, P04 ×4, "
                           "P05 ×2, P06 ×4, P08 ×4).")
    assert answers[19] == "Audio recording of 8 of 9 sessions; no video recording."
    assert answers[20] == "Yes: 3 field notes written in 2 of 9 sessions."
    assert answers[21].startswith("Focus groups lasted between 55 and 59 minutes (median 58 min)")
    assert answers[23] == "Not recorded in the study: no transcript is marked as returned to participants."
    # Items 23 and 27 agree: nothing was corrected, so nothing claims it was.
    assert answers[27] == ("echo_fieldwork 0.1.0 (offline recording, field notes, transcription and deidentification)."
                           " Automatic transcription with Whisper (base) of 2 sessions (FG1, FG2). No transcript is "
                           "marked as corrected.")


def test_transcript_origin_and_correction_per_session(filled):
    from echo_fieldwork.correction.edits import set_review_status
    from echo_fieldwork.sessions.sessions import require_session

    fg1, fg2 = require_session(filled, "FG1").id, require_session(filled, "FG2").id
    set_review_status(filled, fg1, "corrected")
    filled.db.execute("INSERT OR IGNORE INTO transcripts (session_id) VALUES (?)", [fg2])
    filled.db.execute("UPDATE transcripts SET source = 'import' WHERE session_id = ?", [fg2])
    filled.db.execute("UPDATE segments SET model = '' WHERE session_id = ?", [fg2])
    answers = coreq_answers(filled, "en")
    assert answers[23] == ("Not recorded in the study: no transcript is marked as returned to participants. "
                           "1 transcript was corrected or verified by the team.")
    assert answers[27].endswith("Automatic transcription with Whisper (base) of 1 session (FG1). 1 transcript "
                                "imported from a file (FG2). Corrected by the team: FG1.")
    french = coreq_answers(filled, "fr")
    assert "(5 groupes de discussion, 4 entrevues individuelles)" in french[12]
    assert "de 1 séance (FG1)" in french[27] and "1 transcription importée d’un fichier (FG2)" in french[27]


def test_empty_study_leaves_items_to_the_author(study):
    answers = coreq_answers(study, "en")
    assert answers[13].startswith("No participant withdrew.")
    assert 1 not in answers and 19 not in answers
    text = render_markdown(build_report(study, "coreq", "en"))
    assert text.count("*To complete by the author.*") == 32 - len(answers)


def test_docx_and_markdown_in_french(filled, tmp_path):
    report = build_report(filled, "coreq", "fr")
    text = render_markdown(report)
    assert "| **Domaine 1 : Équipe de recherche et réflexivité** |" in text
    assert "| 12 | Taille de l’échantillon | Combien de participants compte l’étude? | 8 participants ont consenti" in text
    path = write_report(filled, report, "docx", tmp_path / "coreq.docx")
    rows = [[c.text for c in row.cells] for row in docx.Document(str(path)).tables[0].rows]
    numbered = [r for r in rows if r[0].isdigit()]
    assert [int(r[0]) for r in numbered] == list(range(1, 33))
    assert numbered[14][3] == "Un observateur était présent à 1 des 9 séances (FG1)."
    assert numbered[21][3] == "À compléter par l’auteur."
    assert rows[0] == ["N°", "Critère", "Question guide", "Réponse tirée de l’étude", "Page"]


def test_the_interviewer_item_names_only_the_kinds_of_sessions_held(study):
    from echo_fieldwork.people.participants import add_participant
    from echo_fieldwork.sessions.sessions import create_session

    add_participant(study, "M1", "interviewer")
    create_session(study, "FG1", "focus_group", "2026-11-20", "in_person", interviewers=["M1"])
    assert coreq_answers(study, "en")[1] == "Focus groups were moderated by M1 (1 session)."
    assert coreq_answers(study, "fr")[1] == "Les groupes de discussion ont été animés par M1 (1 séance)."
    create_session(study, "I1", "interview", "2026-11-21", "in_person", interviewers=["M1"])
    assert coreq_answers(study, "en")[1] == "Interviews and focus groups were conducted by M1 (2 sessions)."


def test_the_transcript_origin_names_the_decoding_run(filled):
    """Item 27 says with what each transcript was decoded, from the settings its segments recorded."""
    import json

    from echo_fieldwork.sessions.sessions import require_session

    run = {"job": 4, "model": "base", "model_sha256": "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
           "faster_whisper": "1.2.1", "ctranslate2": "4.8.5", "strategy": "windows", "beam_size": 3, "seed": 1}
    fg1 = require_session(filled, "FG1").id
    filled.db.execute("UPDATE segments SET settings = ? WHERE session_id = ?", [json.dumps(run), fg1])
    answers = coreq_answers(filled, "en")
    assert ("Automatic transcription with Whisper (base) of 2 sessions (FG1, FG2). Decoding: model base (SHA-256 "
            "905e5bf8336b…), faster-whisper 1.2.1, CTranslate2 4.8.5, strategy “windows”, beam size 3, seed 1. "
            "No transcript") in answers[27]
    assert "Décodage : modèle base (SHA-256 905e5bf8336b…), faster-whisper 1.2.1" in coreq_answers(filled, "fr")[27]
