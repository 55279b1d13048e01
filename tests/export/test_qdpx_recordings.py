"""Recordings in a .qdpx, by choice: each session's timeline as one WAV AudioSource whose Transcript has a
SyncPoint at every turn, read back here with zipfile, wave and ElementTree (none of the exporter's code);
refused where a voice may not leave; decrypted in memory for an encrypted study."""

from __future__ import annotations

import json
import wave
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest

from echo_fieldwork.audio.encrypted_audio import open_appender, recording_suffix
from echo_fieldwork.deid import deidentify
from echo_fieldwork.errors import UserError
from echo_fieldwork.export import runner
from echo_fieldwork.people import consent
from echo_fieldwork.people.participants import get_by_code
from echo_fieldwork.sessions.sessions import add_recording_row
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript.segments import Segment, insert_segments
from tests.conftest import REPO_ROOT
from tests.exports_helpers import WITHDRAWN, build_focus_group
from tests.sessions_helpers import consented, make_session
from tests.study.encrypted_helpers import PASSPHRASE, fast_scrypt, leaks  # noqa: F401

XSD = REPO_ROOT / "tests" / "data" / "refi-qda" / "Project.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}
RATE = 16000
TURNS = [(0, 2500, "M1", "Bonjour, parlons du programme."), (2500, 6000, "P01", "Je l'utilise chaque semaine."),
         (6000, 9000, "P02", "Moi aussi, depuis un an."), (9000, 12000, "M1", "Merci à vous deux.")]


def tone(ms: int, frequency: float) -> bytes:
    t = np.arange(ms * RATE // 1000) / RATE
    return (np.sin(2 * np.pi * frequency * t) * 8000).astype("<i2").tobytes()


def add_recording(study: Study, session_id: int, name: str, pcm: bytes) -> None:
    relative = f"audio/{name}{recording_suffix(study)}"
    writer = open_appender(study, study.folder / relative, RATE)
    writer.write(pcm)
    writer.close()
    add_recording_row(study, session_id, relative, source="recorded", status="complete", sample_rate=RATE,
                      duration_ms=len(pcm) // 2 * 1000 // RATE)


def recorded_session(study: Study) -> tuple[int, bytes]:
    """A session of two recordings (a break in the middle) and four turns, reviewed; returns its id and
    the PCM its timeline holds."""
    session = make_session(study, "FG1", attendees=("P01", "P02"))
    first, second = tone(7000, 440), tone(5000, 660)
    add_recording(study, session.id, "FG1", first)
    add_recording(study, session.id, "FG1-2", second)
    insert_segments(study, [Segment(None, session.id, a, b, text, speaker) for a, b, speaker, text in TURNS])
    deidentify.run_detection(study, session.id, use_ner=False)
    deidentify.mark_reviewed(study, session.id)
    return session.id, first + second


def read_project(path: Path) -> tuple[ElementTree.Element, zipfile.ZipFile]:
    archive = zipfile.ZipFile(path)
    return ElementTree.fromstring(archive.read("project.qde")), archive


def member(path_attribute: str) -> str:
    assert path_attribute.startswith("internal://")
    return "sources/" + path_attribute.removeprefix("internal://")


def check_audio_project(path: Path, pcm: bytes) -> None:
    import xmlschema

    root, archive = read_project(path)
    xmlschema.XMLSchema(str(XSD)).validate(archive.read("project.qde").decode("utf-8"))
    [audio] = root.findall("q:Sources/q:AudioSource", NS)
    assert audio.get("name") == "FG1.wav"
    # The member plays: a 16-bit mono WAV at the recordings' rate, as long as the session's timeline.
    with archive.open(member(audio.get("path"))) as raw, wave.open(raw) as sound:
        assert (sound.getnchannels(), sound.getsampwidth(), sound.getframerate()) == (1, 2, RATE)
        assert sound.getnframes() == len(pcm) // 2
        assert sound.readframes(sound.getnframes()) == pcm  # both recordings, in order, byte for byte
    assert archive.getinfo(member(audio.get("path"))).compress_type == zipfile.ZIP_STORED
    # Sync points: one per turn, at the turn's start in time and at the start of the turn's line.
    [transcript] = audio.findall("q:Transcript", NS)
    assert transcript.get("name") == "FG1.wav.txt" and transcript.get("creationDateTime")  # QualCoder needs both
    text = archive.read(member(transcript.get("plainTextPath"))).decode("utf-8")
    points = [(int(p.get("timeStamp")), int(p.get("position"))) for p in transcript.findall("q:SyncPoint", NS)]
    assert [ms for ms, _pos in points] == [start for start, _end, _speaker, _text in TURNS]
    for (ms, position), (_start, _end, speaker, words) in zip(points, TURNS):
        line = text[position:].split("\n", 1)[0]
        assert position == 0 or text[position - 1] == "\n"
        stamp = f"[{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}]"
        assert line.startswith(f"{stamp} {speaker}") and line.endswith(words)
    # The text source (codings, cases) is still there, with the same text.
    [source] = root.findall("q:Sources/q:TextSource", NS)
    assert archive.read(member(source.get("plainTextPath"))).decode("utf-8") == text


def test_recordings_are_left_out_by_default(study, tmp_path):
    session_id, _pcm = recorded_session(study)
    [path] = runner.export_sessions(study, [session_id], "qdpx", tmp_path)
    root, archive = read_project(path)
    assert root.findall("q:Sources/q:AudioSource", NS) == []
    assert not [n for n in archive.namelist() if n.endswith(".wav")]


def test_the_recording_is_in_the_project_linked_to_its_turns_and_logged(study, tmp_path):
    session_id, pcm = recorded_session(study)
    [path] = runner.export_sessions(study, [session_id], "qdpx", tmp_path / "out", include_audio=True)
    check_audio_project(path, pcm)
    actions = [(action, json.loads(detail)) for action, detail in study.db.execute(
        "SELECT action, detail FROM audit_log WHERE action LIKE 'export%' ORDER BY id")]
    assert actions[-2] == ("export", {"format": "qdpx", "files": 1, "deidentified": True, "recordings": True})
    assert actions[-1] == ("export.recordings", {"format": "qdpx", "sessions": 1})


def test_an_encrypted_studys_recordings_are_decrypted_in_memory(tmp_path):
    with Study.create(tmp_path / "enc", "Étude chiffrée", "fr", passphrase=PASSPHRASE) as study:
        session_id, pcm = recorded_session(study)
        assert sorted(p.suffix for p in study.audio_dir.iterdir() if p.is_file()) == [".efa", ".efa"]
        before = {p for p in tmp_path.rglob("*") if p.is_file()}
        [path] = runner.export_sessions(study, [session_id], "qdpx", tmp_path / "out", include_audio=True)
        check_audio_project(path, pcm)
        # Nothing but the project was written: no plaintext audio anywhere in the study or beside it.
        written = {p for p in tmp_path.rglob("*") if p.is_file()} - before
        assert {p for p in written if "out" not in p.relative_to(tmp_path).parts} <= {
            p for p in written if p.name.startswith("study.sqlite")}
        assert [p.name for p in (tmp_path / "out").iterdir()] == ["FG1.qdpx"]
        assert leaks(study.folder) == []


def test_refused_when_someone_withdrew_with_removal_of_their_data(study, tmp_path):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    with pytest.raises(UserError) as error:
        runner.export_sessions(study, [session_id], "qdpx", tmp_path / "out", include_audio=True)
    assert any(WITHDRAWN in detail and "removed" in detail for detail in error.value.details)
    assert not (tmp_path / "out").exists()
    assert not study.db.execute("SELECT 1 FROM audit_log WHERE action = 'export.recordings'").fetchone()


def test_refused_when_someone_heard_did_not_consent_to_their_recording(study, tmp_path):
    session_id, _pcm = recorded_session(study)
    guest = consented(study, "P03", agreed=("quotes",))  # took part, but not in the use of their voice
    insert_segments(study, [Segment(None, session_id, 11000, 12000, "Oui.", "P03")])
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    with pytest.raises(UserError) as error:
        runner.export_sessions(study, [session_id], "qdpx", tmp_path / "out", include_audio=True)
    assert error.value.details == ["FG1: recordings cannot be included: P03 did not consent to the use of their "
                                   "recorded voice."]
    assert guest.code == "P03" and not (tmp_path / "out").exists()
    # A later consent that includes audio lifts the refusal.
    consent.record_consent(study, get_by_code(study, "P03").id, study.db.execute(
        "SELECT form_id FROM consents LIMIT 1").fetchone()[0], "paper", {"audio"},
        consented_at="2099-01-01T00:00:00Z")
    assert runner.export_sessions(study, [session_id], "qdpx", tmp_path / "out", include_audio=True)


def test_refused_for_another_format_or_a_missing_recording(study, tmp_path):
    session_id, _pcm = recorded_session(study)
    with pytest.raises(UserError, match="only be included in a REFI-QDA project"):
        runner.export_sessions(study, [session_id], "docx", tmp_path / "out", include_audio=True)
    (study.audio_dir / "FG1-2.wav").unlink()
    with pytest.raises(UserError) as error:
        runner.export_sessions(study, [session_id], "qdpx", tmp_path / "out", include_audio=True)
    assert error.value.details == ["FG1: the recording FG1-2.wav is missing or cannot be read."]
    assert not (tmp_path / "out").exists()

