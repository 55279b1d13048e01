"""Notes and guide marks taken while nothing was recording (the call was recorded by Zoom) are placed on the
imported recording by its start time, within 100 ms, and follow the user's nudge."""

from __future__ import annotations

import datetime

import pytest

from echo_fieldwork.audio.zoom import import_zoom_folder
from echo_fieldwork.errors import UserError
from echo_fieldwork.sessions.fieldnotes import add_note, align_notes, guide_progress, list_notes, mark_question
from tests.zoom_helpers import STARTED_AT_LOCAL, make_zoom_folder, zoom_study


@pytest.fixture(scope="module")
def zoom(tmp_path_factory):
    return make_zoom_folder(tmp_path_factory.mktemp("zoom"))


def _at(seconds: float) -> str:
    start = datetime.datetime(*STARTED_AT_LOCAL).astimezone()
    return (start + datetime.timedelta(seconds=seconds)).astimezone(datetime.timezone.utc).isoformat(
        timespec="milliseconds")


def test_notes_taken_before_the_import_line_up_with_the_recording(study, zoom):
    session = zoom_study(study)
    # during the call, nothing recorded in the app: notes carry the wall clock only
    add_note(study, session.id, "P01 hésite", recording_ms=None, wall_at=_at(1.6))
    add_note(study, session.id, "P02 parle de la région", recording_ms=None, wall_at=_at(5.537))
    add_note(study, session.id, "avant l'enregistrement", recording_ms=None, wall_at=_at(-30))
    study.db.execute("INSERT INTO guide_progress (session_id, question_key, covered, recording_ms, wall_at) "
                     "VALUES (?, 'q1', 1, NULL, ?)", [session.id, _at(3.25)])
    result = import_zoom_folder(study, session.id, zoom.folder)
    assert align_notes(study, session.id, result.recording_id) == 3
    notes = {n.text: n.recording_ms for n in list_notes(study, session.id)}
    assert abs(notes["P01 hésite"] - 1600) <= 100
    assert abs(notes["P02 parle de la région"] - 5537) <= 100
    assert notes["avant l'enregistrement"] is None
    assert abs(guide_progress(study, session.id)["q1"].recording_ms - 3250) <= 100
    # the user nudges: Zoom started recording 1.2 s after the folder's time
    align_notes(study, session.id, result.recording_id, offset_ms=-1200)
    notes = {n.text: n.recording_ms for n in list_notes(study, session.id)}
    assert abs(notes["P01 hésite"] - 400) <= 100 and abs(notes["P02 parle de la région"] - 4337) <= 100
    # a note stamped live keeps its own time; marking a question again live replaces the aligned mark
    live = add_note(study, session.id, "en direct", recording_ms=8000)
    mark_question(study, session.id, "q1", recording_ms=7000)
    align_notes(study, session.id, result.recording_id, offset_ms=0)
    assert {n.text: n.recording_ms for n in list_notes(study, session.id)}["en direct"] == live.recording_ms == 8000
    assert guide_progress(study, session.id)["q1"].recording_ms == 7000


def test_without_a_start_time_the_user_is_asked_for_one(study, zoom, tmp_path):
    import shutil

    session = zoom_study(study)
    copy = tmp_path / "zoom sans date"
    shutil.copytree(zoom.folder, copy)
    result = import_zoom_folder(study, session.id, copy)
    assert align_notes(study, session.id, result.recording_id, when_unknown_ok=True) == 0
    with pytest.raises(UserError, match="start time"):
        align_notes(study, session.id, result.recording_id)
