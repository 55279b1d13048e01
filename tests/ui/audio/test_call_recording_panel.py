"""The recording panel of a videoconference session: the call's sound offered beside the microphone, its own
level meter, and three files (the mix and two tracks) once recorded."""

from __future__ import annotations

import pytest

from echo_fieldwork.audio.loopback import CallSource
from echo_fieldwork.sessions.sessions import update_session
from echo_fieldwork.ui.audio import recording_panel_widget
from echo_fieldwork.ui.audio.recording_panel_widget import RecordingPanelWidget
from tests.audio.test_call_recorder import call_sinks  # noqa: F401  (the fixture)
from tests.sessions_helpers import make_session


def _videoconference(study, **kwargs):
    session = make_session(study, "I1", "interview", attendees=("P01",), interviewers=("M1",), **kwargs)
    return update_session(study, session.id, session.code, session.kind, session.date, "videoconference",
                          attendees=["P01"], interviewers=["M1"])


def _panel(qtbot, study, settings, session):
    panel = RecordingPanelWidget(study, session.id, settings)
    qtbot.addWidget(panel)
    panel.show()
    return panel


@pytest.mark.audio
def test_a_videoconference_records_the_call_with_its_own_meter(qtbot, study, settings, call_sinks,  # noqa: F811
                                                               tmp_path):
    from tests.sessions_helpers import speech

    _mic_sink, call_sink = call_sinks
    session = _videoconference(study)
    panel = _panel(qtbot, study, settings, session)
    assert panel.call_combo.isVisibleTo(panel) and panel.call_meter.isVisibleTo(panel)
    source = CallSource("pulse", f"{call_sink}.monitor")
    index = next(i for i in range(panel.call_combo.count()) if panel.call_combo.itemData(i) == source)
    panel.call_combo.setCurrentIndex(index)
    panel.device_combo.setCurrentIndex(panel.device_combo.findData("pulse"))
    with qtbot.waitSignal(panel.recording_started):
        panel.record_button.click()
    assert not panel.call_combo.isEnabled()
    remote = speech(tmp_path / "remote.wav", "Bonjour, je vous entends bien.", voice="fr+f2")
    import subprocess

    player = subprocess.Popen(["paplay", f"--device={call_sink}", str(remote)])
    try:
        qtbot.waitUntil(lambda: panel.call_meter.rms_dbfs > -40, timeout=20_000)
    finally:
        player.wait(timeout=60)
    panel.stop_recording()
    rows = list(study.db.query("SELECT path, track_of, speaker, status FROM recordings ORDER BY id"))
    assert [(r["path"], r["speaker"], r["status"]) for r in rows] == [
        ("audio/I1.wav", "", "complete"), ("audio/I1-mic.wav", "M1", "complete"),
        ("audio/I1-call.wav", "P01", "complete")]


def test_without_a_call_source_the_panel_says_why_and_records_the_microphone(qtbot, study, settings, monkeypatch):
    from tests.sessions_helpers import fake_stream

    monkeypatch.setattr(recording_panel_widget, "find_call_sources", lambda: [])
    fake_stream(monkeypatch)
    session = _videoconference(study)
    panel = _panel(qtbot, study, settings, session)
    assert panel.call_combo.count() == 1 and panel.call_combo.currentData() is None
    assert "Zoom" in panel.call_note.text()
    assert panel.start_recording()
    panel.stop_recording()
    assert [r["track_of"] for r in study.db.query("SELECT track_of FROM recordings")] == [None]


def test_an_in_person_session_shows_no_call_controls(qtbot, study, settings):
    session = make_session(study)
    panel = _panel(qtbot, study, settings, session)
    assert not panel.call_combo.isVisibleTo(panel) and not panel.call_meter.isVisibleTo(panel)
    assert panel.call_combo.count() == 0
