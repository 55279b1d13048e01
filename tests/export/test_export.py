"""Exports of a realistic French focus group in every format: no known name survives (scanning the
files themselves, zips unpacked), a withdrawn participant's words appear nowhere, the QDPX validates
against Project.xsd, the DOCX reads back and converts with LibreOffice."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from echo_fieldwork.deid import deidentify
from echo_fieldwork.errors import UserError
from echo_fieldwork.export import runner
from echo_fieldwork.i18n import translator
from echo_fieldwork.people import identity, participants
from echo_fieldwork.people.forms import fold
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript import segments as transcript
from tests.conftest import REPO_ROOT
from tests.exports_helpers import SESSION_CODE, WITHDRAWN, build_focus_group, known_name_tokens, parse_fixture

# A copy of ../shared/refi-qda/Project.xsd (REFI, MIT license), so the test runs from any checkout.
XSD = REPO_ROOT / "tests" / "data" / "refi-qda" / "Project.xsd"
VARIANTS = {"isabel", "genevieve", "amelie"}


def readable_text(path: Path) -> str:
    """All a reader of the file could find: text files as is; zips member by member, raw XML and its text."""
    if zipfile.is_zipfile(path):
        parts = []
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                raw = archive.read(name).decode("utf-8", errors="replace")
                parts += [name, raw, re.sub(r"<[^>]+>", "", raw)]
        return "\n".join(parts)
    return path.read_text(encoding="utf-8")


# Random identifiers (GUIDs, hashes) are random hexadecimal: a digit string of the data turns up in one now and then
# ("1962"; "03-14" in "…A903-14B2…").
_RANDOM_IDS = re.compile(r"\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b|"
                         r"\b[0-9a-fA-F]{32,}\b")


def without_random_ids(text: str) -> str:
    """The text with its GUIDs and hashes blanked out, for looking for the data's digits in it."""
    return _RANDOM_IDS.sub(" ", text)


def names_in(text: str) -> set[str]:
    folded = fold(text)
    return {name for name in known_name_tokens() | VARIANTS if re.search(rf"(?<![^\W\d_]){name}(?![^\W\d_])", folded)}


def withdrawn_phrases() -> list[str]:
    """Stretches of the withdrawn participant's own words (between annotated identifiers)."""
    phrases = []
    for segment in parse_fixture():
        if segment.speaker == WITHDRAWN:
            for piece in re.split(r"[,.!?]", segment.text):
                if len(piece.strip()) >= 25 and not any(g.text in piece for g in segment.gold):
                    phrases.append(re.sub(r"\s+", " ", fold(piece.strip())))
    return phrases


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    study = Study.create(folder / "study", "Télémentorat — étude pilote", "fr", actor="RA1")
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id)
    with pytest.raises(UserError) as refused:
        runner.export_sessions(study, [session_id], "txt", folder / "out")
    deidentify.mark_reviewed(study, session_id)
    files = {}
    for fmt in runner.FORMATS:
        files[fmt] = runner.export_sessions(study, [session_id], fmt, folder / "out")
    files["notes-csv"] = runner.export_notes(study, [session_id], "csv", folder / "out")
    files["notes-docx"] = runner.export_notes(study, [session_id], "docx", folder / "out")
    yield study, session_id, files, refused.value
    study.close()


def test_unreviewed_transcripts_are_refused_with_the_reason(exported):
    _study, _sid, _files, refused = exported
    assert "cannot be exported yet" in refused.message
    assert any(SESSION_CODE in d and "not been reviewed" in d for d in refused.details)


def test_no_known_name_survives_in_any_format(exported):
    _study, _sid, files, _refused = exported
    assert set(files) == set(runner.FORMATS) | {"notes-csv", "notes-docx"}
    for fmt, paths in files.items():
        assert paths and all(p.is_file() for p in paths), fmt
        for path in paths:
            text = readable_text(path)
            assert names_in(text) == set(), f"{fmt}: {names_in(text)}"
            # Nor any e-mail address or phone number of the transcript.
            readable = without_random_ids(text)
            for contact in ("514-555-0142", "555-7781", "06 12 34 56 78", "98 76 54 32", "555 0199", "G5L 3A1",
                            "1962", "soutien.echo", "@umontreal", "@ciusss"):
                assert not re.search(rf"(?<!\w){re.escape(contact)}(?!\w)", readable), (fmt, contact)


def test_no_leftover_temporary_file_and_exports_are_logged(exported):
    study, session_id, files, _refused = exported
    out = next(iter(files.values()))[0].parent
    assert not list(out.glob("*.partial"))
    rows = study.db.execute("SELECT format, deidentified, sha256 FROM exports WHERE session_id = ?", [session_id]).fetchall()
    assert {r[0] for r in rows} == set(runner.FORMATS) | {"notes-csv", "notes-docx"}
    assert all(r[1] == 1 and len(r[2]) == 64 for r in rows)


def test_withdrawn_participant_words_appear_nowhere(exported):
    _study, _sid, files, _refused = exported
    phrases = withdrawn_phrases()
    assert len(phrases) >= 5
    for fmt, paths in files.items():
        for path in paths:
            text = re.sub(r"\s+", " ", fold(readable_text(path)))
            leaked = [p for p in phrases if p in text]
            assert not leaked, (fmt, leaked)
    plain = files["txt"][0].read_text(encoding="utf-8-sig")
    assert f"] {WITHDRAWN} : [retiré]" in plain
    assert "Propos retirés (retrait ou consentement absent) : P03" in plain and "Ne pas citer : P04" in plain


def test_text_formats(exported):
    _study, _sid, files, _refused = exported
    # A BOM where Windows tools need one to read the accents (NVivo, MAXQDA, Notepad), none in subtitles.
    assert [files[f][0].read_bytes().startswith(b"\xef\xbb\xbf") for f in ("txt", "maxqda", "nvivo", "srt", "vtt")] == \
        [True, True, True, False, False]
    plain = files["txt"][0].read_text(encoding="utf-8-sig")
    assert "Durée : 00:07:58" in plain and "[00:00:15] P01 : Oui, moi c'est [P01], [P01], je suis" in plain
    assert "l'équipe de [P01]" in plain and "L'idée d'[P01]" in plain and "[P01]'s idea" in plain
    assert "[programme 1]" in plain and "[courriel]" in plain and "[téléphone]" in plain
    maxqda = files["maxqda"][0].read_text(encoding="utf-8-sig")
    assert re.search(r"^P01: Oui, moi c'est \[P01\].* #00:00:27-0#$", maxqda, re.M)
    nvivo = files["nvivo"][0].read_text(encoding="utf-8-sig").splitlines()
    assert nvivo[0] == "Timespan\tSpeaker\tContent"
    assert nvivo[2].startswith("00:00:15.0 - 00:00:27.0\tP01\tOui")
    srt = files["srt"][0].read_text(encoding="utf-8")
    assert srt.startswith("1\n00:00:00,000 --> 00:00:09,000\nM1: Bonjour")
    vtt = files["vtt"][0].read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:09.000\n<v M1>Bonjour")
    assert "<v P03>[retiré]" in vtt
    # P04 asked not to be quoted: every one of their turns says so, in every format.
    assert re.search(r"^\[[\d:]+\] P04 : \[ne pas citer\] \S", plain, re.M)
    assert not re.search(r"^\[[\d:]+\] P04 : (?!\[ne pas citer\])", plain, re.M)
    assert re.search(r"^P04: \[ne pas citer\] \S", maxqda, re.M) and "P04: " not in maxqda.replace("P04: [ne pas citer]", "")
    p04_rows = [row for row in nvivo if row.split("\t")[1:2] == ["P04"]]
    assert p04_rows and all(row.split("\t")[2].startswith("[ne pas citer] ") for row in p04_rows)
    assert srt.count("P04: ") == srt.count("P04: [ne pas citer] ") > 0
    assert vtt.count("<v P04>") == vtt.count("<v P04>[ne pas citer] ") > 0
    assert "<v P01>[ne pas citer]" not in vtt
    notes = list(csv.reader(files["notes-csv"][0].read_text(encoding="utf-8-sig").splitlines()))
    assert notes[0] == ["Séance", "Temps", "Temps (ms)", translator("fr").gettext("Guide question"), "Étiquettes", "Note"]
    assert notes[1][:4] == ["FG01", "00:00:20", "20000", "intro"] and notes[1][5].startswith("[P01] arrive")
    assert notes[2][5] == "P03 très émue en parlant de [région]."


QDA = "{urn:QDA-XML:project:1.0}"


def read_qdpx(path: Path) -> dict:
    """An independent reader of a .qdpx (plain XML parsing, none of the exporter's code), reading what an
    importer reads: sources and their text, turn selections and their codings, cases with their variables
    and SelectionRefs, codes, annotation notes, journal notes and their files."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = ElementTree.fromstring(members["project.qde"])
    variables = {v.get("guid"): v.get("name") for v in root.iter(QDA + "Variable")}

    def values(element):
        found = {}
        for holder in element.findall(QDA + "VariableValue"):
            ref = holder.find(QDA + "VariableRef").get("targetGUID")
            value = [child for child in holder if child.tag != QDA + "VariableRef"][0]
            found[variables[ref]] = (value.tag.removeprefix(QDA), value.text)
        return found

    def file_text(internal: str) -> bytes:
        return members["sources/" + internal.removeprefix("internal://")]

    project = {"root": root, "members": members, "sources": {}, "selections": {}, "cases": {}, "annotations": {},
               "journals": {}, "codes": {c.get("guid"): c.get("name") for c in root.iter(QDA + "Code")}}
    for source in root.iter(QDA + "TextSource"):
        raw = file_text(source.get("plainTextPath"))
        project["sources"][source.get("guid")] = {"name": source.get("name"), "raw": raw, "text": raw.decode("utf-8"),
                                                  "variables": values(source),
                                                  "noterefs": [n.get("targetGUID") for n in source.findall(QDA + "NoteRef")]}
        for selection in source.findall(QDA + "PlainTextSelection"):
            project["selections"][selection.get("guid")] = {
                "source": source.get("guid"), "start": int(selection.get("startPosition")),
                "end": int(selection.get("endPosition")),
                "codes": [c.find(QDA + "CodeRef").get("targetGUID") for c in selection.findall(QDA + "Coding")]}
    for case in root.iter(QDA + "Case"):
        project["cases"][case.get("name")] = {"guid": case.get("guid"), "variables": values(case),
                                              "selections": [r.get("targetGUID") for r in case.findall(QDA + "SelectionRef")],
                                              "sourcerefs": case.findall(QDA + "SourceRef")}
    for note in root.iter(QDA + "Note"):
        if note.get("plainTextPath"):
            project["journals"][note.get("guid")] = (note.get("name"), file_text(note.get("plainTextPath")).decode("utf-8"))
        else:
            where = note.find(QDA + "PlainTextSelection")
            project["annotations"][note.get("guid")] = (note.find(QDA + "PlainTextContent").text,
                                                        int(where.get("startPosition")), int(where.get("endPosition")))
    return project


TURN_LINE = re.compile(r"^\[(\d\d:\d\d:\d\d)\] (\S+) : (.*)$", re.M)


def owners_of_turns(project: dict, source_guid: str) -> list[tuple[str, str, set[str], set[str]]]:
    """Per turn line of the source: (speaker, words, cases owning it by coding, cases owning it by SelectionRef)."""
    text = project["sources"][source_guid]["text"]
    by_guid = {case["guid"]: name for name, case in project["cases"].items()}
    by_selection: dict[tuple[int, int], tuple[set, set]] = {}
    for guid, selection in project["selections"].items():
        if selection["source"] != source_guid:
            continue
        coded = {by_guid[c] for c in selection["codes"] if c in by_guid}
        listed = {name for name, case in project["cases"].items() if guid in case["selections"]}
        by_selection[(selection["start"], selection["end"])] = (coded, listed)
    turns = []
    for match in TURN_LINE.finditer(text):
        coded, listed = by_selection.pop((match.start(3), match.end(3)), (set(), set()))
        turns.append((match.group(2), match.group(3), coded, listed))
    assert by_selection == {}, "a selection that is not exactly one turn's words"
    return turns


def test_qdpx_validates_and_reopens(exported):
    xmlschema = pytest.importorskip("xmlschema")
    _study, _sid, files, _refused = exported
    path = files["qdpx"][0]
    project = read_qdpx(path)
    qde = project["members"]["project.qde"]
    assert all(not data.startswith(b"\xef\xbb\xbf") for data in project["members"].values())
    xmlschema.XMLSchema(str(XSD)).validate(qde.decode("utf-8"))
    xml = qde.decode("utf-8")
    guids = re.findall(r' guid="([^"]+)"', xml)
    assert all(g == g.upper() and "{" not in g for g in guids)
    # Every GUID is used once, except each speaker's Code, which carries its Case's GUID.
    shared = {case["guid"] for case in project["cases"].values()}
    assert set(project["codes"]) == shared
    assert len(guids) == len(set(guids)) + len(shared)
    [(source_guid, source)] = project["sources"].items()
    assert re.fullmatch(r"[0-9A-F-]{36}", source_guid)
    assert list(project["cases"]) == ["P01", "P02", "P04", "P05", "M1"]      # P03 withdrew: no case
    assert all(not case["sourcerefs"] for case in project["cases"].values())
    assert "[P01] : " not in source["text"] and "P01 : Oui" in source["text"]

    # Each turn belongs to its speaker alone, read both ways (QualCoder's coding, the standard's SelectionRef).
    turns = owners_of_turns(project, source_guid)
    assert len(turns) >= 30
    for speaker, words, coded, listed in turns:
        if speaker == WITHDRAWN:
            assert (words, coded, listed) == ("[retiré]", set(), set())
        else:
            assert coded == listed == {speaker}, (speaker, words[:30])
    assert {s for s, _w, coded, _l in turns if coded} == {"M1", "P01", "P02", "P04", "P05"}

    # Field notes: an annotation on the turn under way at the note's time, and one project journal.
    notes = {text: source["text"][start:end] for text, start, end in project["annotations"].values()}
    assert sorted(notes) == ["[00:00:20] (intro) [P01] arrive en retard, s'excuse.",
                             "[00:01:55] (q1_awareness) P03 très émue en parlant de [région].",
                             "[00:05:00] (q3_impact) Bon échange entre [P02] et [P05]."]
    assert notes["[00:01:55] (q1_awareness) P03 très émue en parlant de [région]."] == "[retiré]"
    assert set(source["noterefs"]) == set(project["annotations"])
    [(journal_name, journal)] = project["journals"].values()
    assert journal_name == "Notes de terrain — FG01" and journal.count("\n") == 3
    assert project["root"].find(QDA + "NoteRef").get("targetGUID") in project["journals"]

    # Session variables on the source, in French.
    assert source["variables"] == {"Séance : type": ("TextValue", "Groupe de discussion"),
                                   "Séance : date": ("TextValue", "2026-02-03"),
                                   "Séance : modalité": ("TextValue", "En personne"),
                                   "Séance : durée (minutes)": ("FloatValue", "8.0"),
                                   "Séance : nombre de participants": ("IntegerValue", "4")}


def test_qdpx_case_variables_are_the_forms_labels(study, tmp_path):
    """Case variables carry the form's labels in the study's language; free-text answers stay home."""
    from echo_fieldwork.people.forms import default_form
    from echo_fieldwork.people.questionnaire import save_answers

    session_id = build_focus_group(study)
    form = default_form()
    for code, gender, age, years in (("P01", "woman", "45_54", 12), ("P02", "man", "35_44", 3)):
        save_answers(study, participants.get_by_code(study, code).id, form, {
            "program_role": "coordinator", "gender": gender, "age_band": age, "years_involved": years,
            "employer": "CLSC Côte-des-Neiges"})
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    [path] = runner.export_sessions(study, [session_id], "qdpx", tmp_path)
    project = read_qdpx(path)
    xmlschema = pytest.importorskip("xmlschema")
    xmlschema.XMLSchema(str(XSD)).validate(project["members"]["project.qde"].decode("utf-8"))
    labels = {item.name: item.label("fr") for item in form.fields}
    p01 = project["cases"]["P01"]["variables"]
    assert p01 == {labels["program_role"]: ("TextValue", "Coordonnateur ou coordonnatrice du programme"),
                   labels["gender"]: ("TextValue", "Femme"), labels["age_band"]: ("TextValue", "45 à 54 ans"),
                   labels["years_involved"]: ("IntegerValue", "12")}
    assert project["cases"]["P02"]["variables"][labels["gender"]] == ("TextValue", "Homme")
    assert project["cases"]["M1"]["variables"] == {} and project["cases"]["P04"]["variables"] == {}
    xml = project["members"]["project.qde"].decode("utf-8")
    assert labels["employer"] not in xml and "employer" not in xml and "Neiges" not in xml
    assert "woman" not in xml and "45_54" not in xml and "age_band" not in xml


def test_docx_reads_back(exported):
    import docx

    _study, _sid, files, _refused = exported
    document = docx.Document(str(files["docx"][0]))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Transcription — FG01"
    header = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert header["Séance"] == "FG01" and header["Type"] == "Groupe de discussion"
    assert header["Durée"] == "00:07:58" and header["Intervieweurs"] == "M1"
    assert header["Participants"] == "P01, P02, P03, P04, P05" and header["Ne pas citer"] == "P04"
    assert any(t.startswith("[00:00:15] P01 : Oui, moi c'est [P01]") for t in texts)
    assert "Annexe : notes de terrain" in texts
    assert document.styles["Normal"].font.name == "Arial"
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert document.core_properties.author == "echo_fieldwork"


@pytest.mark.slow
def test_docx_converts_with_libreoffice(exported, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed")
    _study, _sid, files, _refused = exported
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(files["docx"][0])], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "FG01.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def test_a_name_missed_by_detection_blocks_the_export(study, tmp_path):
    session_id = build_focus_group(study)
    transcript.insert_segments(study, [transcript.Segment(None, session_id, 500_000, 505_000, "Dupuis est passé hier.",
                                                          "P01")])
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    # A person the study learns about after the review: "Dupuis" is in the transcript, unreplaced.
    newcomer = participants.add_participant(study, "P06")
    identity.set_identity(study, identity.Identity(newcomer.id, full_name="Olivier Dupuis"))
    out = tmp_path / "out"
    for fmt in ("txt", "docx", "qdpx"):
        with pytest.raises(UserError, match="Export blocked"):
            runner.export_sessions(study, [session_id], fmt, out)
    assert list(out.iterdir()) == []
    assert study.db.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0
    assert study.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'export.blocked'").fetchone()[0] == 3
    # Detecting again proposes the new name; after review the export goes through.
    deidentify.run_detection(study, session_id, use_ner=False)
    assert deidentify.review_state(study, session_id).state == "pending"
    deidentify.mark_reviewed(study, session_id)
    assert runner.export_sessions(study, [session_id], "txt", out)


def test_a_rejected_proposal_is_kept_deliberately(study, tmp_path):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    isabel = next(r for r in deidentify.list_replacements(study, session_id) if r.original == "Isabel")
    deidentify.set_status(study, [isabel.id], "rejected")
    deidentify.mark_reviewed(study, session_id)
    [path] = runner.export_sessions(study, [session_id], "txt", tmp_path)
    assert "d'accord avec Isabel." in path.read_text(encoding="utf-8-sig")


def test_override_is_explicit_and_logged(study, tmp_path):
    session_id = build_focus_group(study)
    with pytest.raises(UserError, match="cannot be exported yet"):
        runner.export_sessions(study, [session_id], "txt", tmp_path)
    # Overridden without any detection: nothing is replaced, so the final scan stops the names.
    with pytest.raises(UserError, match="Export blocked"):
        runner.export_sessions(study, [session_id], "txt", tmp_path, override_reason="PI asked for a draft")
    assert deidentify.review_state(study, session_id).state == "overridden"
    deidentify.run_detection(study, session_id, use_ner=False)
    assert runner.export_sessions(study, [session_id], "txt", tmp_path)
    actions = [r[0] for r in study.db.execute("SELECT action FROM audit_log WHERE action LIKE 'deid.override'")]
    assert actions == ["deid.override"]


def test_bad_requests(study, tmp_path):
    with pytest.raises(UserError):
        runner.export_sessions(study, [], "txt", tmp_path)
    session_id = build_focus_group(study)
    with pytest.raises(UserError, match="Unknown export format"):
        runner.export_sessions(study, [session_id], "pdf", tmp_path)
    with pytest.raises(UserError, match="Unknown notes format"):
        runner.export_notes(study, [session_id], "xlsx", tmp_path)


def test_docx_notes_as_comments(exported, tmp_path):
    import docx

    study, session_id, _files, _refused = exported
    [path] = runner.export_sessions(study, [session_id], "docx", tmp_path, docx_notes="comments")
    document = docx.Document(str(path))
    comments = [c.text for c in document.comments]
    assert comments == ["[00:00:20] (intro) [P01] arrive en retard, s'excuse.",
                        "[00:01:55] (q1_awareness) P03 très émue en parlant de [région].",
                        "[00:05:00] (q3_impact) Bon échange entre [P02] et [P05]."]
    assert all(c.author == "echo_fieldwork" for c in document.comments)
    assert "Annexe : notes de terrain" not in [p.text for p in document.paragraphs]
    assert names_in(readable_text(path)) == set()
    with pytest.raises(UserError):
        runner.export_sessions(study, [session_id], "docx", tmp_path, docx_notes="margin")


def test_an_english_transcript_gets_english_tags_and_headers(study, tmp_path):
    from echo_fieldwork.sessions import sessions
    from echo_fieldwork.transcript import segments as transcript

    build_focus_group(study)
    session = sessions.create_session(study, "IV02", "interview", "2026-03-02", "videoconference",
                                      attendees=["P01"], interviewers=["M1"], language="en")
    transcript.insert_segments(study, [
        transcript.Segment(None, session.id, 0, 3000, "Thanks for joining, Amélie.", "M1"),
        transcript.Segment(None, session.id, 3000, 9000, "Sure. I work at CLSC Côte-des-Neiges, call me at "
                                                         "514-555-1234.", "P01"),
        transcript.Segment(None, session.id, 9000, 12000, "Hello from Nathalie.", "Nathalie Bergeron"),
    ])
    study.db.execute("UPDATE transcripts SET language = 'en' WHERE session_id = ?", [session.id])
    deidentify.run_detection(study, session.id, use_ner=False)
    deidentify.mark_reviewed(study, session.id)
    [path] = runner.export_sessions(study, [session.id], "txt", tmp_path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("Session: IV02\nKind: Individual interview\n")
    assert "[00:00:00] M1: Thanks for joining, [P01]." in text
    assert "I work at [organisation 1], call me at [phone]." in text
    # A speaker label that is not a participant code is never printed (it could be a name).
    assert "[00:00:09] Unknown: Hello from [P03]." in text


def test_one_qdpx_project_for_several_sessions(study, tmp_path):
    import xmlschema

    from tests.exports_helpers import add_interview

    ids = [build_focus_group(study), add_interview(study)]
    for session_id in ids:
        deidentify.run_detection(study, session_id, use_ner=False)
        deidentify.mark_reviewed(study, session_id)
    [path] = runner.export_sessions(study, ids, "qdpx", tmp_path)
    assert path.name == "project.qdpx"
    project = read_qdpx(path)
    xml = project["members"]["project.qde"].decode("utf-8")
    xmlschema.XMLSchema(str(XSD)).validate(xml)
    assert [s["name"] for s in project["sources"].values()] == ["FG01", "IV01"]
    # P02 speaks in both sessions: their case owns their turns in each, and nobody else's.
    for source_guid in project["sources"]:
        turns = owners_of_turns(project, source_guid)
        assert any(speaker == "P02" for speaker, _w, _c, _l in turns)
        for speaker, _words, coded, listed in turns:
            assert coded == listed == ({speaker} if speaker != WITHDRAWN else set())
    assert study.db.execute("SELECT COUNT(*) FROM exports WHERE format = 'qdpx'").fetchone()[0] == 2


def _reviewed_interview(study, code: str, date: str, second_words: str, second_speaker: str):
    """An interview of P01 by M1, "Bonjour." then `second_words` from 2 s, detected (no NER) and marked reviewed."""
    from echo_fieldwork.sessions import sessions
    from echo_fieldwork.transcript import segments as transcript

    session = sessions.create_session(study, code, "interview", date, "in_person", attendees=["P01"], interviewers=["M1"])
    transcript.insert_segments(study, [
        transcript.Segment(None, session.id, 0, 2000, "Bonjour.", "M1"),
        transcript.Segment(None, session.id, 2000, 5000, second_words, second_speaker),
    ])
    deidentify.run_detection(study, session.id, use_ner=False)
    deidentify.mark_reviewed(study, session.id)
    return session


def test_a_speaker_without_consent_is_left_out_too(study, tmp_path):
    build_focus_group(study)
    guest = participants.add_participant(study, "P09")  # never consented (e.g. a relative who joined in)
    session = _reviewed_interview(study, "IV03", "2026-03-03", "Je suis juste de passage, je ne signe rien.", "P09")
    [path] = runner.export_sessions(study, [session.id], "txt", tmp_path)
    text = path.read_text(encoding="utf-8-sig")
    assert "de passage" not in text and "[00:00:02] P09 : [retiré]" in text
    assert guest.code == "P09"


def test_a_segment_with_no_speaker_is_unknown_in_every_format(study, tmp_path):
    """Not "?": the analyst sees a word in the transcript's language, and QDA tools get one speaker for it."""
    import docx

    build_focus_group(study, withdraw=False)
    session = _reviewed_interview(study, "IV04", "2026-03-04", "On entend quelqu'un dans le corridor.", "")
    [txt] = runner.export_sessions(study, [session.id], "txt", tmp_path / "txt")
    [maxqda] = runner.export_sessions(study, [session.id], "maxqda", tmp_path / "maxqda")
    [nvivo] = runner.export_sessions(study, [session.id], "nvivo", tmp_path / "nvivo")
    [document] = runner.export_sessions(study, [session.id], "docx", tmp_path / "docx")
    assert "[00:00:02] Inconnu : On entend quelqu'un" in txt.read_text(encoding="utf-8-sig")
    assert "Inconnu: On entend quelqu'un" in maxqda.read_text(encoding="utf-8-sig")
    assert "\tInconnu\tOn entend quelqu'un" in nvivo.read_text(encoding="utf-8-sig")
    paragraphs = [p.text for p in docx.Document(str(document)).paragraphs]
    assert any(p.startswith("[00:00:02] Inconnu : On entend") for p in paragraphs)
    assert not any("?" in text.split(":")[0] for text in paragraphs if text.startswith("["))


def test_notes_show_the_guide_question_itself(study, tmp_path):
    """A reader of the exported notes sees the question that was being discussed, not an internal key."""
    import docx

    from echo_fieldwork.export.model import build_session_export
    from echo_fieldwork.sessions import fieldnotes, guides, sessions

    guide = guides.import_guide_file(study, REPO_ROOT / "interview_guides" / "telementoring-leaders-fr.yaml")
    question = guide.questions[1]
    participants.add_participant(study, "M1", "interviewer")
    session = sessions.create_session(study, "I9", "interview", "2026-11-20", "in_person", interviewers=["M1"],
                                      guide_id=guide.id)
    fieldnotes.add_note(study, session.id, "Long silence avant de répondre.", recording_ms=65_000,
                        question_key=question.key)
    [note] = build_session_export(study, session.id).notes
    assert (note.question_key, note.question_label) == (question.key, question.text)
    deidentify.run_detection(study, session.id, use_ner=False)
    deidentify.mark_reviewed(study, session.id)
    [path] = runner.export_notes(study, [session.id], "docx", tmp_path)
    cells = [[c.text for c in row.cells] for row in docx.Document(str(path)).tables[0].rows]
    assert cells[1] == ["00:01:05", question.text, "Long silence avant de répondre."]


def test_headers_say_only_what_was_done(study, tmp_path):
    """A withdrawn participant who never spoke had nothing removed: the header says so, and claims no removal."""
    import docx

    session_id = build_focus_group(study)
    study.db.execute("DELETE FROM segments WHERE session_id = ? AND speaker = ?", [session_id, WITHDRAWN])
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    [plain] = runner.export_sessions(study, [session_id], "txt", tmp_path)
    text = plain.read_text(encoding="utf-8-sig")
    assert "Propos retirés" not in text and "[retiré]" not in text
    assert "Retrait, aucun de ses propos dans cette transcription : P03" in text
    [path] = runner.export_sessions(study, [session_id], "docx", tmp_path)
    header = {row.cells[0].text: row.cells[1].text for row in docx.Document(str(path)).tables[0].rows}
    assert header["Retrait, aucun de ses propos dans cette transcription"] == "P03"
    assert not any(label.startswith("Propos retirés") for label in header)


def test_qdpx_case_variables_follow_the_studys_own_questionnaire(study, tmp_path):
    """The study's XLSForm, not the bundled form: its labels in the transcript's language are the variables."""
    from echo_fieldwork.people import study_form
    from echo_fieldwork.people.questionnaire import save_answers
    from tests.people.test_study_form import team_form

    form = study_form.choose_file(study, team_form(tmp_path)).form
    session_id = build_focus_group(study)
    save_answers(study, participants.get_by_code(study, "P01").id, form, {"unit": "icu", "seniority": 7})
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    [path] = runner.export_sessions(study, [session_id], "qdpx", tmp_path)
    project = read_qdpx(path)
    assert project["cases"]["P01"]["variables"] == {"Unité de soins": ("TextValue", "Soins intensifs"),
                                                    "Ancienneté (années)": ("IntegerValue", "7")}
