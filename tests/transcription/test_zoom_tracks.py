"""A Zoom session transcribed track by track (fake engine, real child process): every segment carries its
track's speaker, the tracks are merged by time on the session timeline, overlapping speech stays two segments;
a killed run resumes each track after its own last segment."""

from __future__ import annotations

import pytest

from echo_fieldwork.audio.zoom import import_zoom_folder
from echo_fieldwork.sessions.sessions import speaker_tracks
from echo_fieldwork.transcript.segments import load_segments
from echo_fieldwork.transcription.runner import transcribe_session
from tests.transcription.fixtures import *  # noqa: F403
from tests.transcription.fixtures import fake_engine_hears
from tests.zoom_helpers import make_zoom_folder, zoom_study


@pytest.fixture(scope="module")
def zoom(tmp_path_factory):
    return make_zoom_folder(tmp_path_factory.mktemp("zoom"))


def _teach(study, session_id, zoom) -> list[tuple[int, int, str, str]]:
    """The fake engine hears each decoded track say its lines at their true times; returns them merged."""
    by_speaker = {code: lines for code, lines in zoom.script.values()}
    expected = []
    for track in speaker_tracks(study, session_id):
        lines = by_speaker[track.speaker]
        fake_engine_hears(study.folder / track.path,
                          [{"start_ms": s, "end_ms": e, "text": t} for s, e, t in lines])
        expected += [(s, e, track.speaker, t) for s, e, t in lines]
    mixed = study.folder / study.db.execute("SELECT path FROM recordings WHERE track_of IS NULL").fetchone()[0]
    fake_engine_hears(mixed, [{"start_ms": 0, "end_ms": 9000, "text": "Tout le monde en même temps."}])
    return sorted(expected)


def test_each_track_is_transcribed_with_its_speaker_and_merged_by_time(study, zoom):
    session = zoom_study(study)
    import_zoom_folder(study, session.id, zoom.folder)
    expected = _teach(study, session.id, zoom)
    progress = []
    result = transcribe_session(study, session.id, on_progress=progress.append)
    got = [(s.start_ms, s.end_ms, s.speaker, s.text) for s in load_segments(study, session.id)]
    assert got == expected and len(got) == 4
    assert [g[2] for g in got] == ["M1", "P01", "M1", "P02"]
    # M1's thanks starts while P01 is still speaking: two segments, both kept whole
    assert got[2][0] < got[1][1]
    assert "Tout le monde" not in " ".join(g[3] for g in got)   # the mix is not transcribed on top
    assert result.segments_added == 4 and progress[-1].status == "done"
    dones = [p.done_ms for p in progress]
    assert dones == sorted(dones) and progress[-1].done_ms == progress[-1].total_ms
    assert all("speaker_set" in s.flags for s in load_segments(study, session.id))
    # words carry session times
    first = load_segments(study, session.id)[1]
    assert first.words[0].start_ms == first.start_ms


def test_a_resumed_job_continues_each_track_after_its_own_last_segment(study, zoom):
    session = zoom_study(study)
    import_zoom_folder(study, session.id, zoom.folder)
    expected = _teach(study, session.id, zoom)
    # As if a first run had stored M1's first line and died: each track resumes after its own last segment.
    from echo_fieldwork.transcript.segments import Segment, insert_segments

    s, e, speaker, text = expected[0]
    insert_segments(study, [Segment(None, session.id, s, e, text, speaker, flags="speaker_set")])
    transcribe_session(study, session.id)
    got = [(seg.start_ms, seg.end_ms, seg.speaker, seg.text) for seg in load_segments(study, session.id)]
    assert got == expected

