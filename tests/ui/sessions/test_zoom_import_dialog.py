"""The Zoom import dialog of the Sessions tab: tracks proposed from the attendees' names, an unmatched one
chosen by hand, decoding off the UI thread, notes placed with the nudge."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from echo_fieldwork.audio.zoom import SKIP
from echo_fieldwork.people.identity import Identity, set_identity
from echo_fieldwork.people.participants import get_by_code
from echo_fieldwork.sessions.fieldnotes import add_note, list_notes
from echo_fieldwork.ui.sessions.sessions_widget import SessionsWidget
from tests.zoom_helpers import STARTED_AT_LOCAL, make_zoom_folder, zoom_study

JEAN = "audioJeanDupuis31234567890.m4a"


@pytest.fixture(scope="module")
def zoom(tmp_path_factory):
    return make_zoom_folder(tmp_path_factory.mktemp("zoom"))


def test_the_dialog_maps_tracks_and_imports_them(qtbot, study, settings, zoom):
    session = zoom_study(study)
    set_identity(study, Identity(get_by_code(study, "P02").id, full_name="Jeanne Lavoie"))   # no match
    start = datetime.datetime(*STARTED_AT_LOCAL).astimezone()
    add_note(study, session.id, "pendant l'appel", recording_ms=None,
             wall_at=(start + datetime.timedelta(seconds=4)).astimezone(datetime.timezone.utc).isoformat())
    widget = SessionsWidget(study, settings)
    qtbot.addWidget(widget)
    widget.table.selectRow(0)
    dialog = widget.import_zoom_folder(str(zoom.folder))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.combos["audioMarieTremblay21234567890.m4a"].currentData() == "P01"
    assert dialog.combos["audioSophieMartin11234567890.m4a"].currentData() == "M1"
    assert dialog.combos[JEAN].currentData() is None and not ok.isEnabled()   # nobody proposed: must choose
    dialog.combos[JEAN].setCurrentIndex(dialog.combos[JEAN].findData(SKIP))
    assert ok.isEnabled()
    dialog.combos[JEAN].setCurrentIndex(dialog.combos[JEAN].findData("P02"))
    dialog.offset.setValue(-1.0)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        ok.click()
    assert sorted(r[0] for r in study.db.execute("SELECT speaker FROM recordings")) == ["", "M1", "P01", "P02"]
    [note] = list_notes(study, session.id)
    assert abs(note.recording_ms - 3000) <= 100
    qtbot.waitUntil(lambda: widget.status_label.text() == "Zoom recording imported.")


def test_a_folder_that_is_not_zoom_is_refused_with_a_message(qtbot, study, settings, tmp_path, monkeypatch):
    zoom_study(study)
    shown = []
    monkeypatch.setattr("echo_fieldwork.ui.sessions.sessions_widget.show_error",
                        lambda parent, error: shown.append(str(error)))
    widget = SessionsWidget(study, settings)
    qtbot.addWidget(widget)
    widget.table.selectRow(0)
    assert widget.import_zoom_folder(str(tmp_path)) is None
    assert shown and "not a Zoom recording folder" in shown[0]
