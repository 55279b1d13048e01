"""The export dialog, driven offscreen through the real dialog."""

from __future__ import annotations

from echo_fieldwork.sessions.sessions import add_recording_row
from echo_fieldwork.ui.export.export_dialog import ExportDialog
from tests.exports_helpers import build_focus_group


def _session_text(dialog: ExportDialog) -> str:
    return dialog.session_list.item(0).text()


def test_a_transcript_missing_new_audio_is_marked_incomplete(qtbot, study):
    session_id = build_focus_group(study)  # recorded, then transcribed
    dialog = ExportDialog(study, [session_id])
    qtbot.addWidget(dialog)
    assert "incomplete" not in _session_text(dialog)
    add_recording_row(study, session_id, "audio/FG01-2.wav", source="recorded", status="complete",
                      sample_rate=16000, duration_ms=90_000)
    dialog = ExportDialog(study, [session_id])
    qtbot.addWidget(dialog)
    assert "incomplete: 00:01:30 of new audio not transcribed" in _session_text(dialog)
