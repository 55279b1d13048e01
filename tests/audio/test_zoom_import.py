"""Importing a Zoom recording folder made here (espeak-ng speech, AAC tracks named as Zoom names them):
the mixed track on the timeline, each participant's track beside it with their code, names never stored."""

from __future__ import annotations

import datetime
import json

import pytest

from echo_fieldwork.audio.zoom import import_zoom_folder, propose_mapping, scan_zoom_folder
from echo_fieldwork.errors import UserError
from echo_fieldwork.people.identity import Identity, set_identity
from echo_fieldwork.people.participants import get_by_code
from echo_fieldwork.sessions.sessions import session_duration_ms, session_timeline, speaker_tracks
from tests.sessions_helpers import read_wav, voiced_span_s
from tests.zoom_helpers import LINES, STARTED_AT_LOCAL, make_zoom_folder, zoom_study


@pytest.fixture(scope="module")
def zoom(tmp_path_factory):
    return make_zoom_folder(tmp_path_factory.mktemp("zoom"))


def test_scan_finds_the_mixed_track_the_participants_tracks_and_the_start_time(zoom):
    found = scan_zoom_folder(zoom.folder)
    assert found.mixed.name == "audio_only.m4a"
    assert sorted(t.path.name for t in found.tracks) == sorted(LINES)
    assert {t.display_name for t in found.tracks} == {"SophieMartin", "MarieTremblay", "JeanDupuis"}
    expected = datetime.datetime(*STARTED_AT_LOCAL).astimezone().astimezone(datetime.timezone.utc)
    assert datetime.datetime.fromisoformat(found.started_at) == expected
    assert found.transcript is None


def test_tracks_are_matched_to_the_attendees_names_and_only_codes_are_kept(study, zoom):
    session = zoom_study(study)
    assert propose_mapping(study, session.id, scan_zoom_folder(zoom.folder)) == {
        file: code for file, (code, _voice, _lines) in LINES.items()}
    result = import_zoom_folder(study, session.id, zoom.folder)
    assert sorted(result.tracks.values()) == ["M1", "P01", "P02"]
    # the mixed track is the session's timeline; the tracks run beside it and add no duration
    timeline = session_timeline(study, session.id)
    assert [rid for rid, *_rest in timeline] == [result.recording_id]
    mixed_ms = timeline[0][3]
    assert abs(mixed_ms - 9000) < 100 and session_duration_ms(study, session.id) == mixed_ms
    tracks = speaker_tracks(study, session.id)
    assert sorted(t.speaker for t in tracks) == ["M1", "P01", "P02"]
    assert all(t.track_of == result.recording_id and t.start_ms == 0 for t in tracks)
    for track in tracks:   # each track holds its own speaker's voice: P02 speaks from 5.5 s on
        samples, rate = read_wav(study.folder / track.path)
        assert rate == 16000 and abs(len(samples) / rate - 9.0) < 0.1
        assert voiced_span_s(samples, rate) > 0.5
        if track.speaker == "P02":
            assert voiced_span_s(samples[: int(5.3 * rate)], rate) == 0
    # no display name anywhere but the identities table: not in recordings, files, nor the audit log
    rows = json.dumps([list(r) for r in study.db.execute("SELECT * FROM recordings")])
    rows += json.dumps([list(r) for r in study.db.execute("SELECT * FROM audit_log")])
    rows += " ".join(p.name for p in study.audio_dir.iterdir())
    for name in ("Marie", "Tremblay", "Jean", "Dupuis", "Sophie", "Martin"):
        assert name not in rows


def test_an_unmatched_track_is_an_error_naming_the_file_and_nothing_is_added(study, zoom):
    session = zoom_study(study)
    set_identity(study, Identity(get_by_code(study, "P02").id, full_name="Jeanne Lavoie"))
    with pytest.raises(UserError) as error:
        import_zoom_folder(study, session.id, zoom.folder)
    assert "audioJeanDupuis31234567890.m4a" in "\n".join(error.value.details)
    assert study.db["recordings"].count == 0 and not list(study.audio_dir.glob("*.wav*"))
    # mapped by hand (or left out), it imports
    with pytest.raises(UserError, match="did not attend"):
        import_zoom_folder(study, session.id, zoom.folder, {"audioJeanDupuis31234567890.m4a": "P09"})
    result = import_zoom_folder(study, session.id, zoom.folder, {"audioJeanDupuis31234567890.m4a": "-"})
    assert sorted(result.tracks.values()) == ["M1", "P01"]


def test_a_damaged_track_leaves_the_study_as_it_was(study, zoom, tmp_path):
    import shutil

    session = zoom_study(study)
    copy = tmp_path / zoom.folder.name
    shutil.copytree(zoom.folder, copy)
    damaged = copy / "Audio Record" / "audioJeanDupuis31234567890.m4a"
    damaged.write_bytes(damaged.read_bytes()[:200])
    with pytest.raises(UserError, match="audioJeanDupuis31234567890.m4a"):
        import_zoom_folder(study, session.id, copy)
    assert study.db["recordings"].count == 0 and not list(study.audio_dir.iterdir())


def test_a_folder_without_zoom_audio_is_refused(study, tmp_path):
    session = zoom_study(study)
    with pytest.raises(UserError, match="not a Zoom recording folder"):
        import_zoom_folder(study, session.id, tmp_path)
