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


def test_recordings_are_a_qdpx_option_off_by_default_said_in_plain_words(qtbot, study, tmp_path):
    import zipfile

    from tests.export.test_qdpx_recordings import check_audio_project, recorded_session

    session_id, pcm = recorded_session(study)
    dialog = ExportDialog(study, [session_id])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.audio_check.isChecked() and not dialog.audio_check.isEnabled()  # DOCX first
    dialog.set_format("qdpx")
    assert dialog.audio_check.isEnabled() and not dialog.audio_check.isChecked()
    assert dialog.audio_warning.isVisible() and "not deidentified" in dialog.audio_warning.text()
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.export_button.click()  # off by default: no recording
    assert not [n for n in zipfile.ZipFile(tmp_path / "out" / "FG1.qdpx").namelist() if n.endswith(".wav")]
    dialog.audio_check.setChecked(True)
    dialog.export_button.click()
    check_audio_project(tmp_path / "out" / "FG1.qdpx", pcm)
    dialog.set_format("docx")
    assert not dialog.audio_check.isChecked() and not dialog.audio_warning.isVisible()


def test_the_dialog_says_why_recordings_cannot_be_included(qtbot, study):
    from echo_fieldwork.deid import deidentify
    from tests.exports_helpers import WITHDRAWN

    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    dialog = ExportDialog(study, [session_id])
    qtbot.addWidget(dialog)
    dialog.set_format("qdpx")
    assert dialog.refusals_label.text() == ""
    dialog.audio_check.setChecked(True)
    assert f"{WITHDRAWN} withdrew and asked for their data to be removed" in dialog.refusals_label.text()
