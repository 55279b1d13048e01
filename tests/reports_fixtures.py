"""A study with known answers, sessions and recordings, whose every report figure is worked out by hand
in tests/core/test_reports_*.py. Shared by the core, CLI and UI tests of the reports area."""

from __future__ import annotations

from echo_fieldwork.people import consent
from echo_fieldwork.people.forms import default_form
from echo_fieldwork.people.identity import Identity, set_identity
from echo_fieldwork.people.participants import add_participant
from echo_fieldwork.people.questionnaire import save_answers
from echo_fieldwork.sessions import sessions
from echo_fieldwork.transcript.segments import Segment, insert_segments
from tests.consent_helpers import ready_form

ANSWERS = {
    "P01": {"program_role": "medical_lead", "gender": "woman", "age_band": "35_44", "years_involved": 5,
            "employer": "CIUSSS du Nord"},
    "P02": {"program_role": "coordinator", "gender": "woman", "age_band": "45_54", "years_involved": 10},
    "P03": {"program_role": "medical_lead", "gender": "man", "age_band": "35_44", "years_involved": 3},
    "P04": {"program_role": "manager", "gender": "woman", "age_band": "25_34", "years_involved": 2},
    # P05 never answered the questionnaire: "Not reported" everywhere.
    "P06": {"program_role": "director", "gender": "prefer_not", "age_band": "55_64", "years_involved": 20},
    "P07": {"program_role": "coordinator", "gender": "man", "age_band": "65_plus", "years_involved": 30},
    "P08": {"program_role": "medical_lead", "gender": "man", "age_band": "45_54", "years_involved": 8},
    "P10": {"program_role": "medical_lead", "gender": "woman", "age_band": "35_44", "years_involved": 1},
}
MINUTE = 60_000
# code, kind, mode, participants, interviewers, observers, recording durations (ms)
SESSIONS = [
    ("FG1", "focus_group", "in_person", ["P01", "P02", "P03", "P07"], ["M1"], ["O1"], [55 * MINUTE]),
    ("FG2", "focus_group", "videoconference", ["P04", "P06", "P08"], ["M1", "M2"], [], [58 * MINUTE]),
    ("FG3", "focus_group", "in_person", ["P02", "P03", "P08"], ["M2"], [], [30 * MINUTE, 28 * MINUTE]),
    ("FG4", "focus_group", "in_person", ["P01", "P02", "P03", "P04", "P06", "P08"], ["M1"], [], []),
    ("FG5", "focus_group", "videoconference", ["P01", "P03", "P04", "P06", "P08"], ["M1"], [], [3_520_000]),
    ("IV1", "interview", "in_person", ["P05"], ["M1"], [], [18 * MINUTE]),
    ("IV2", "interview", "videoconference", ["P06"], ["M2"], [], [1_450_000]),
    ("IV3", "interview", "in_person", ["P04"], ["M1"], [], [1_660_000]),
    ("IV4", "interview", "in_person", ["P05"], ["M1"], [], [1_430_000]),
]


def build_report_study(study) -> dict[str, int]:
    """Fill `study`; return session code → id."""
    form = ready_form(study, "fr")
    people = {}
    for code in ["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10"]:
        people[code] = add_participant(study, code)
        if code != "P09":  # P09 never consented: never counted
            consent.record_consent(study, people[code].id, form.id, "paper", {"audio", "quotes", "contact"})
    for code, role in (("M1", "interviewer"), ("M2", "interviewer"), ("O1", "observer")):
        people[code] = add_participant(study, code, role)
    consent.record_consent(study, people["O1"].id, form.id, "paper", {"audio"})
    questionnaire = default_form()
    for code, answers in ANSWERS.items():
        save_answers(study, people[code].id, questionnaire, answers)
    ids = {}
    for index, (code, kind, mode, attendees, interviewers, observers, durations) in enumerate(SESSIONS):
        session = sessions.create_session(study, code, kind, f"2026-03-{index + 1:02d}", mode, attendees=attendees,
                                          interviewers=interviewers, observers=observers)
        ids[code] = session.id
        for number, duration in enumerate(durations):
            sessions.add_recording_row(study, session.id, f"audio/{code}-{number}.wav", source="imported",
                                       status="complete", sample_rate=16000, duration_ms=duration)
    for session_code, count in (("FG1", 2), ("FG2", 1)):
        for number in range(count):
            study.db.execute("INSERT INTO field_notes (session_id, recording_ms, wall_at, text) VALUES (?, ?, ?, ?)",
                             [ids[session_code], number * 1000, "2026-03-01T10:00:00.000+00:00", "note"])
    insert_segments(study, [
        Segment(None, ids["FG1"], 0, 4000, "Le mentorat m’a aidée à mieux soigner mes patients.", "P01"),
        Segment(None, ids["FG1"], 4000, 8000, "Moi, j’ai trouvé les séances trop longues.", "P07"),
        Segment(None, ids["FG1"], 8000, 12000, "Jacques nous a beaucoup appris.", "P02"),
        Segment(None, ids["FG2"], 0, 5000, "On se sentait moins seuls en région.", "P08"),
    ], settings={"model": "base"})
    study.db.execute("UPDATE segments SET model = 'base'")
    set_identity(study, Identity(people["P01"].id, full_name="Marie-Ève Tremblay"))
    set_identity(study, Identity(people["M1"].id, full_name="Jacques Gagnon"))
    # Withdrawals after the sessions: P07 asks for data removal, P08 only refuses quotes.
    consent.record_withdrawal(study, people["P07"].id, "written", {"remove_data", "no_further_participation"})
    consent.record_withdrawal(study, people["P08"].id, "email", {"no_quotes"})
    return ids
