import pytest

from echo_fieldwork.errors import UserError
from echo_fieldwork.people.identity import get_identity, names_for_deidentification
from echo_fieldwork.people.participant_import import import_participants
from echo_fieldwork.people.participants import add_participant, get_by_code, list_participants
from echo_fieldwork.people.questionnaire import latest_answers
from tests.people.participant_data import BAD_CSV, GOOD_CSV

TABLES = ("participants", "identities", "questionnaire_answers", "audit_log")


def _counts(study):
    return {t: study.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_a_good_file_imports_everyone_with_answers_and_identity(study, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    result = import_participants(study, path)
    assert (result.participants, result.answer_sets, result.identities) == (3, 2, 3)
    assert [(p.code, p.study_role) for p in list_participants(study)] == [
        ("P01", "participant"), ("P02", "participant"), ("M1", "interviewer")]
    p01, p02 = get_by_code(study, "P01"), get_by_code(study, "P02")
    assert latest_answers(study) == {
        p01.id: {"program_role": "medical_lead", "gender": "woman", "age_band": "35_44", "years_involved": 4,
                 "employer": "CIUSSS du Centre-Sud"},
        p02.id: {"program_role": "coordinator", "gender": "man", "age_band": "45_54", "years_involved": 0}}
    assert get_identity(study, p01.id).email == "marie@example.org"
    assert sorted(names_for_deidentification(study).values()) == ["Anne Gagnon", "Jean Roy", "Marie Tremblay"]
    audit = " ".join(r[0] for r in study.db.execute("SELECT detail FROM audit_log"))
    assert "Marie" not in audit and "marie@" not in audit


def test_a_bad_file_imports_nothing_and_reports_every_bad_row(study, tmp_path):
    add_participant(study, "P01")
    before = _counts(study)
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        import_participants(study, path)
    details = raised.value.details
    assert len(details) == 5
    assert details[0].startswith("line 2:") and "already used in this study" in details[0]
    assert details[1].startswith("line 3:") and "between 0 and 60" in details[1]
    assert details[2].startswith("line 4:") and "already on line 2" in details[2] and "'boss'" in details[2]
    assert details[3].startswith("line 5:") and "not valid" in details[3] and "Gender: This answer is required" in details[3]
    assert details[4] == "line 6: 4 values for 5 columns"
    assert _counts(study) == before


def test_a_failure_while_writing_rolls_back_every_row(study, tmp_path, monkeypatch):
    from echo_fieldwork.people import participant_import

    path = tmp_path / "p.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    before = _counts(study)
    calls = []

    def failing_set_identity(study_, identity_):
        calls.append(identity_.participant_id)
        if len(calls) == 2:
            raise OSError("disk full")
    monkeypatch.setattr(participant_import.identity, "set_identity", failing_set_identity)
    with pytest.raises(OSError):
        import_participants(study, path)
    assert _counts(study) == before


@pytest.mark.parametrize("content,message", [
    (b"\xff\xfec\x00o\x00", "not UTF-8"),
    (b"name,colour\nA,red\n", "no 'code' column"),
    (b"", "is empty"),
    (b"code,program_role\n", "no participant rows"),
])
def test_unusable_files_are_refused_clearly(study, tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(UserError) as raised:
        import_participants(study, path)
    assert message in str(raised.value)
    assert list_participants(study) == []


def test_semicolon_separated_files_from_french_spreadsheets(study, tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("code;study_role;gender\nP07;Participant;Femme\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:  # answers given, so required ones must all be there
        import_participants(study, path)
    assert "Role in the program: This answer is required" in str(raised.value)
    path.write_text("code;study_role\nP07;Observateur\n", encoding="utf-8")
    import_participants(study, path)
    assert get_by_code(study, "P07").study_role == "observer"


def test_a_large_import_writes_one_log_line_not_one_per_row(study, tmp_path, fresh_log):
    rows = [f"P{n:05d},participant,Nom{n} Prénom{n},,coordinator,femme,35_44,{n % 30},\n" for n in range(1, 10_001)]
    path = tmp_path / "big.csv"
    path.write_text("code,study_role,name,email,program_role,gender,age_band,years_involved,employer\n"
                    + "".join(rows), encoding="utf-8")
    before = (fresh_log / "echo-fieldwork.log").read_text(encoding="utf-8").count("\n") \
        if (fresh_log / "echo-fieldwork.log").exists() else 0
    assert import_participants(study, path).participants == 10_000
    logged = sorted(p.name for p in fresh_log.iterdir())
    assert logged == ["echo-fieldwork.log"]   # nothing rotated away
    lines = (fresh_log / "echo-fieldwork.log").read_text(encoding="utf-8").splitlines()[before:]
    assert len(lines) <= 3 and any("imported 10000 participants" in line for line in lines), lines
