"""The export dialog, driven offscreen through the real dialog."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from echo_fieldwork.correction import edits
from echo_fieldwork.deid import deidentify
from echo_fieldwork.export import runner
from echo_fieldwork.i18n import set_language
from echo_fieldwork.sessions.sessions import add_recording_row
from echo_fieldwork.ui.export.export_dialog import FORMAT_TOOLS, ExportDialog
from tests.exports_helpers import add_interview, build_focus_group


def _session_text(dialog: ExportDialog, row: int = 0) -> str:
    return dialog.session_list.item(row).text()


def _reviewed(study, session_id: int) -> None:
    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)


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
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000):
        dialog.export_button.click()  # off by default: no recording
    assert not [n for n in zipfile.ZipFile(tmp_path / "out" / "FG1.qdpx").namelist() if n.endswith(".wav")]
    dialog.audio_check.setChecked(True)
    dialog.export_button.click()
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000):
        dialog.overwrite_box.button(QMessageBox.StandardButton.Yes).click()  # the project without recordings exists
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


def test_each_format_says_which_tools_it_suits(qtbot, study):
    build_focus_group(study)
    dialog = ExportDialog(study, [])
    qtbot.addWidget(dialog)
    assert set(FORMAT_TOOLS) == set(runner.FORMATS)
    seen = {}
    for index in range(dialog.format_combo.count()):
        dialog.format_combo.setCurrentIndex(index)
        seen[dialog.format_combo.currentData()] = dialog.format_hint.text()
        assert dialog.format_combo.itemData(index, 3) == dialog.format_hint.text()  # 3: the tooltip role
    assert all(seen.values()) and len(set(seen.values())) == len(seen)
    for tool, key in [("NVivo", "nvivo"), ("MAXQDA", "maxqda"), ("QualCoder", "qdpx"), ("ATLAS.ti", "qdpx"),
                      ("Word", "docx"), ("Subtitles", "srt")]:
        assert tool in seen[key]
    dialog.set_format("srt")
    assert not dialog.comments_check.isEnabled()  # field notes as comments: DOCX only
    dialog.set_format("docx")
    assert dialog.comments_check.isEnabled()


def test_exports_what_it_can_lists_what_it_skipped_asks_before_replacing_and_opens_the_folder(
        qtbot, study, tmp_path, monkeypatch):
    fg = build_focus_group(study)
    iv = add_interview(study)
    _reviewed(study, fg)            # IV01's deidentification was never run
    out = tmp_path / "out"
    dialog = ExportDialog(study, [fg, iv])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder_edit.setText(str(out))
    dialog.set_format("docx")
    assert "Skipped by the export:" in dialog.refusals_label.text()
    assert "IV01: deidentification has not been run" in dialog.refusals_label.text()
    assert "FG01" not in dialog.refusals_label.text()
    assert not dialog.open_folder_button.isEnabled()  # no folder yet
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as blocker:
        dialog.export_button.click()
    assert [p.name for p in blocker.args[0]] == ["FG01.docx"]
    assert not (out / "IV01.docx").exists()
    result = dialog.result_label.text()
    assert "1 file written" in result and "1 session skipped:" in result and "IV01: deidentification has not" in result

    # Again: the existing file is not replaced without asking.
    (out / "FG01.docx").write_bytes(b"kept")
    dialog.export_button.click()
    box = dialog.findChild(QMessageBox, "overwriteMessageBox")
    assert box is not None and box.isVisible() and "FG01.docx" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: not box.isVisible())
    assert (out / "FG01.docx").read_bytes() == b"kept"
    dialog.export_button.click()
    box = dialog.overwrite_box
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as blocker:
        box.button(QMessageBox.StandardButton.Yes).click()
    assert [p.name for p in blocker.args[0]] == ["FG01.docx"]
    assert (out / "FG01.docx").read_bytes() != b"kept"

    # "Open the folder" asks the system to show it (nothing is opened in the test).
    requested = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: requested.append(url) or True))
    assert dialog.open_folder_button.isEnabled() and dialog.open_folder_button.isVisible()
    dialog.open_folder_button.click()
    assert requested == [QUrl.fromLocalFile(str(out))]


def test_nothing_exportable_is_refused_as_one_error(qtbot, study, tmp_path):
    session_id = build_focus_group(study)
    dialog = ExportDialog(study, [session_id])
    qtbot.addWidget(dialog)
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorMessageBox") is not None, timeout=60_000)
    box = dialog.findChild(QMessageBox, "errorMessageBox")
    assert "cannot be exported yet" in box.text() and "cannot be exported yet" in dialog.refusals_label.text()
    assert dialog.export_button.isEnabled() and dialog.export_button.text() == "Export"  # ready to try again
    assert not (tmp_path / "out").exists()


def test_the_files_are_written_off_the_ui_thread_and_closing_waits_for_them(qtbot, study, tmp_path, monkeypatch):
    import threading
    import zipfile

    fg = build_focus_group(study)
    _reviewed(study, fg)
    threads = []
    export_sessions = runner.export_sessions

    def watched(*args, **kwargs):  # the real export, noting the thread it runs in
        threads.append(threading.current_thread())
        return export_sessions(*args, **kwargs)

    monkeypatch.setattr(runner, "export_sessions", watched)
    dialog = ExportDialog(study, [fg])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.set_format("qdpx")
    dialog.export_button.click()
    # The result comes back through the UI thread's event loop, so until it turns the dialog is busy.
    assert not dialog.export_button.isEnabled() and dialog.export_button.text() == "Exporting…"
    dialog.session_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.session_list.item(0).setCheckState(Qt.CheckState.Checked)
    assert not dialog.export_button.isEnabled()  # a change of selection does not offer a second export meanwhile
    dialog.reject()  # closing waits for the files
    assert threads and threads[0] is not threading.main_thread()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["FG01.qdpx"]  # and nothing half-written beside it
    with zipfile.ZipFile(tmp_path / "out" / "FG01.qdpx") as project:
        assert project.testzip() is None and "project.qde" in project.namelist()


def test_an_uncorrected_draft_warns(qtbot, study):
    fg = build_focus_group(study)
    _reviewed(study, fg)
    dialog = ExportDialog(study, [fg])
    qtbot.addWidget(dialog)
    assert "transcript: Draft · deidentification: Reviewed" in _session_text(dialog)
    assert "FG01 is still a draft" in dialog.draft_label.text()
    edits.set_review_status(study, fg, "corrected")
    dialog = ExportDialog(study, [fg])
    qtbot.addWidget(dialog)
    assert "transcript: Corrected · deidentification: Reviewed" in _session_text(dialog)
    assert dialog.draft_label.text() == ""


def test_transcript_and_deidentification_states_read_apart_in_french(qtbot, study):
    set_language("fr")
    fg = build_focus_group(study)
    dialog = ExportDialog(study, [fg])
    qtbot.addWidget(dialog)
    assert "transcription : Brouillon · dépersonnalisation : Non lancée" in _session_text(dialog)
    assert "encore un brouillon" in dialog.draft_label.text()
    assert "Laissées de côté par l’exportation" in dialog.refusals_label.text()
    dialog.set_format("qdpx")
    assert "QualCoder" in dialog.format_hint.text() and "projet REFI-QDA" in dialog.format_hint.text()


def test_screenshot_in_french_on_a_1366_by_768_screen(qtbot, study):
    """docs/screenshot-export-dialog.png: after an export of two sessions, one of them skipped. The dialog
    as it opens fits a 1366×768 screen (tests/ui/test_window_sizes.py checks its minimum too)."""
    import os

    from PySide6.QtCore import QSize

    from echo_fieldwork.ui.i18n_qt import install_qt_translator
    from tests.conftest import REPO_ROOT

    set_language("fr")
    install_qt_translator("fr")  # Qt's own buttons too
    fg = build_focus_group(study)
    iv = add_interview(study)
    _reviewed(study, fg)
    dialog = ExportDialog(study, [fg, iv])
    qtbot.addWidget(dialog)
    dialog.set_format("docx")
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000):
        dialog.export_button.click()
    label = dialog.result_label
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))  # laid out again: all shown
    screen = QSize(1366, 768 - 48)  # less a task bar
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    assert "1 séance laissée de côté" in label.text()
    try:
        assert dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).text() == "Fermer"
        if os.environ.get("ECHO_FIELDWORK_SCREENSHOTS"):
            dialog.grab().save(str(REPO_ROOT / "docs" / "screenshot-export-dialog.png"))
    finally:
        install_qt_translator("en")


def test_free_text_and_dates_are_a_qdpx_option_off_by_default_said_in_plain_words(qtbot, study, tmp_path):
    from tests.export.test_free_text_variables import (
        answered_focus_group,
        check_free_text_variables,
        check_no_free_text_variables,
    )

    session_id = answered_focus_group(study)
    dialog = ExportDialog(study, [session_id])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.free_text_check.isEnabled() and not dialog.free_text_warning.isVisible()  # DOCX first
    dialog.set_format("qdpx")
    assert dialog.free_text_check.isEnabled() and not dialog.free_text_check.isChecked()
    assert dialog.free_text_warning.isVisible()
    assert "can identify a person" in dialog.free_text_warning.text()
    assert "same tags as in the transcripts" in dialog.free_text_warning.text()
    assert "only their year" in dialog.free_text_warning.text()
    dialog.folder_edit.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000):
        dialog.export_button.click()  # off by default
    check_no_free_text_variables(tmp_path / "out" / "FG01.qdpx")
    qtbot.mouseClick(dialog.free_text_check, Qt.MouseButton.LeftButton,
                     pos=dialog.free_text_check.rect().bottomLeft() + QPoint(4, -4))
    assert dialog.free_text_check.isChecked()
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000):
        dialog.export_button.click()
        dialog.overwrite_box.button(QMessageBox.StandardButton.Yes).click()
    check_free_text_variables(tmp_path / "out" / "FG01.qdpx", study, session_id)
    assert study.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'export.free_text_variables'").fetchone() == (1,)
    dialog.set_format("docx")
    assert not dialog.free_text_check.isChecked() and not dialog.free_text_warning.isVisible()
