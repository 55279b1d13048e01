"""The whole journey of the Montréal team, in French, through the real windows: a study, its participants and
interviewer, consent, questionnaire, a focus group with the French guide recorded from the PulseAudio null sink
while espeak-ng speaks, notes and speaker log, transcription with the real base model, correction in the editor,
deidentification review, DOCX and QDPX exports read back, reports, then the study closed and opened again.

Every step goes through what the user sees (tabs, dialogs, buttons, keys); the checks read the study database
and the exported files back."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt

from echo_fieldwork.audio.wavfile import wav_info
from echo_fieldwork.i18n import set_language
from echo_fieldwork.people import consent
from echo_fieldwork.sessions import fieldnotes
from echo_fieldwork.transcript.segments import load_segments
from echo_fieldwork.transcription.job_queue import list_jobs
from echo_fieldwork.ui.correction.transcripts_widget import TranscriptsWidget
from echo_fieldwork.ui.export.exports_widget import ExportsWidget
from echo_fieldwork.ui.main_window import MainWindow
from echo_fieldwork.ui.reports.reports_widget import ReportsWidget
from echo_fieldwork.ui.sessions.sessions_widget import SessionsWidget
from echo_fieldwork.ui.study.overview_widget import OverviewWidget
from echo_fieldwork.ui.transcription.transcription_widget import TranscriptionWidget
from tests.conftest import REPO_ROOT
from tests.consent_helpers import filled_body
from tests.sessions_helpers import SINK, speech

GUIDE = REPO_ROOT / "interview_guides" / "telementoring-leaders-fr.yaml"
PEOPLE = {"P01": "Amélie Tremblay", "P02": "Jean-François Gagnon", "P03": "Marie-Ève Côté", "M1": "Sophie Bergeron"}
CORRECTED = "Bonjour à tous. Amélie Tremblay nous parle du programme de télémentorat."


@pytest.fixture
def french(qapp):
    from echo_fieldwork.ui.i18n_qt import install_qt_translator

    set_language("fr")
    install_qt_translator("fr")
    yield
    install_qt_translator("en")  # the autouse fixture puts the app's own strings back to English


def _tab(window: MainWindow, cls):
    index = next(i for i in range(window.tabs.count()) if isinstance(window.tabs.widget(i), cls))
    window.tabs.setCurrentIndex(index)  # as a click on the tab does
    return window.tabs.widget(index)


def _enrol(qtbot, overview: OverviewWidget) -> None:
    for code, name in PEOPLE.items():
        dialog = overview.add_participant()
        if code.startswith("M"):
            dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("interviewer"))
        dialog.code_edit.setText(code)
        dialog.accept()
        assert overview.selected_participant().code == code
        dialog = overview.edit_identity()
        dialog.edits["full_name"].insert(name)
        dialog.accept()
    # The team fills in the bundled consent template (its [À COMPLÉTER : …] fields, the ethics approval).
    editor = overview.edit_consent_form()
    editor.body_edit.setPlainText(filled_body(editor.current))
    editor.reference_edit.setText("MP-21-2026-1234")
    editor.date_edit.setText("2026-01-15")
    editor.accept()
    assert editor.saved is not None and not consent.unfilled_placeholders(editor.saved)
    for code in ("P01", "P02", "P03"):
        overview.select_code(code)
        dialog = overview.record_consent()
        for check in dialog.item_checks.values():
            check.setChecked(True)
        qtbot.mouseClick(dialog.review_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    overview.select_code("P01")
    dialog = overview.fill_questionnaire()
    for buttons in dialog.choice_buttons.values():
        next(iter(buttons.values())).setChecked(True)
    dialog.line_edits["years_involved"].setText("4")
    dialog.line_edits["employer"].setText("CIUSSS du Centre-Sud")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted


def _record_focus_group(qtbot, window: MainWindow, study, clip: Path, device: str):
    sessions_tab = _tab(window, SessionsWidget)
    dialog = sessions_tab.new_session()
    assert dialog.code_edit.text() == "GD1"
    assert dialog.add_guide_file(GUIDE)
    dialog.set_checked(["P01", "P02", "P03", "M1"])
    dialog.accept()
    assert sessions_tab.table.rowCount() == 1
    sessions_tab.table.selectRow(0)
    session_window = sessions_tab.open_selected()
    qtbot.waitExposed(session_window)
    panel = session_window.recording_panel
    panel.device_combo.setCurrentIndex(panel.device_combo.findData(device))
    with qtbot.waitSignal(panel.recording_started, timeout=10_000):
        panel.record_button.click()
    qtbot.waitUntil(lambda: (session_window.position_ms() or 0) >= 300, timeout=10_000)
    player = subprocess.Popen(["paplay", f"--device={SINK}", str(clip)])
    try:
        qtbot.keyClick(session_window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # covered, next
        session_window.notes_panel.entry.setFocus()
        qtbot.keyClicks(session_window.notes_panel.entry, "P02 parle du financement")
        with qtbot.waitSignal(session_window.note_stored):
            qtbot.keyClick(session_window.notes_panel.entry, Qt.Key.Key_Return)
        session_window.speakers.buttons[1].click()           # P02 starts speaking
        qtbot.waitUntil(lambda: player.poll() is not None, timeout=30_000)
    finally:
        if player.poll() is None:
            player.kill()
    qtbot.keyClicks(session_window.notes_panel.entry, "Rires du groupe")
    qtbot.keyClick(session_window, Qt.Key.Key_F8)              # key quote
    with qtbot.waitSignal(session_window.note_stored):
        qtbot.keyClick(session_window.notes_panel.entry, Qt.Key.Key_Return)
    panel.stop_button.click()                                   # Stop asks first
    with qtbot.waitSignal(panel.recording_stopped, timeout=10_000) as stopped:
        next(b for b in panel.stop_box.buttons() if b.objectName() == "confirmStopButton").click()
    session_window.close()
    return stopped.args[0]


@pytest.mark.audio
@pytest.mark.slow
def test_a_focus_group_from_enrolment_to_deidentified_export(qtbot, settings, tmp_path, french, pulse,
                                                             use_base_model):
    clip = speech(tmp_path / "parole.wav", "Bonjour à tous. Nous parlons aujourd’hui du programme de "
                  "télémentorat. Le financement reste le principal obstacle, surtout en région. Les équipes "
                  "manquent de temps pour les séances. Merci de votre participation.")
    settings.set("actor", "AT")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    folder = tmp_path / "Télémentorat FG"
    assert window.create_study(folder, "Télémentorat ECHO — groupes de discussion", "fr",
                               questionnaire="telementoring")
    study = window.study
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Aperçu", "Séances", "Transcription automatique", "Transcriptions", "Exportations", "Rapports"]

    # Enrolment: codes everywhere, names only in the identity table.
    overview = _tab(window, OverviewWidget)
    _enrol(qtbot, overview)
    assert overview.stat_values["consented"].text() == "3"
    assert overview.stat_values["questionnaires"].text() == "1"

    # The focus group, recorded for real in the session window.
    result = _record_focus_group(qtbot, window, study, clip, pulse)
    _rate, _channels, duration_ms = wav_info(result.path)
    session_id = study.db.execute("SELECT id FROM sessions WHERE code = 'GD1'").fetchone()[0]
    assert study.db.execute("SELECT status, duration_ms FROM recordings").fetchall() == [("complete", duration_ms)]
    notes = fieldnotes.list_notes(study, session_id)
    assert [n.text for n in notes] == ["P02 parle du financement", "Rires du groupe"]
    assert all(0 <= n.recording_ms <= duration_ms for n in notes)
    assert notes[0].recording_ms < notes[1].recording_ms and notes[1].tags == ("key_quote",)
    assert notes[0].question_key == "ouverture.connaissance"
    assert fieldnotes.guide_progress(study, session_id)["ouverture.presentation"].covered
    [event] = fieldnotes.speaker_events(study, session_id)
    assert event.participant_code == "P02" and 0 <= event.recording_ms <= duration_ms

    # The Transcription tab sees the session recorded in the other window; transcribe it with the base model.
    transcription = _tab(window, TranscriptionWidget)
    assert transcription.session_list.count() == 1 and "GD1" in transcription.session_list.item(0).text()
    transcription.session_list.item(0).setSelected(True)
    transcription.add_button.click()
    qtbot.waitUntil(lambda: [j.status for j in list_jobs(study.db)] == ["done"] and not transcription.runner.running,
                    timeout=60_000)
    segments = load_segments(study, session_id)
    assert segments and all(0 <= s.start_ms < s.end_ms <= duration_ms + 500 for s in segments)
    assert "programme" in " ".join(s.text for s in segments).lower()

    # Correct the first segment in the editor (a name was said), assign its speaker, mark it corrected.
    transcripts = _tab(window, TranscriptsWidget)
    assert transcripts.table.rowCount() == 1
    editor = transcripts.open_editor()
    qtbot.waitExposed(editor)
    editor.go_to_row(0)
    text_edit = editor.editor.text_edit
    text_edit.setFocus()
    text_edit.selectAll()
    text_edit.insertPlainText(CORRECTED)              # what typing over the selection does
    editor.assign_speaker("P01")
    first_id = segments[0].id
    qtbot.waitUntil(lambda: next(s for s in load_segments(study, session_id) if s.id == first_id).text == CORRECTED)
    assert next(s for s in load_segments(study, session_id) if s.id == first_id).speaker == "P01"
    editor.set_review_status("corrected")
    editor.close()
    assert "Corrigée" in transcripts.table.item(0, 4).text()

    # Deidentification review, then exports.
    exports = _tab(window, ExportsWidget)
    exports.table.selectRow(0)
    review = exports.open_review()
    with qtbot.waitSignal(review.detection_finished, timeout=60_000):
        review.detect_button.click()
    proposals = {r.original: r.tag for r in review.replacements}
    assert proposals.get("Amélie Tremblay") == "P01"
    review.table.selectAll()
    review.accept_button.click()
    with qtbot.waitSignal(review.review_changed):
        review.reviewed_button.click()
    export = exports.open_export()
    written = []
    for fmt in ("docx", "qdpx"):
        export.set_format(fmt)
        with qtbot.waitSignal(export.export_finished, timeout=60_000):
            export.run_export()
        written += export.files
    export.accept()
    assert exports.table.item(0, 4).text() == "2"
    docx_path = next(p for p in written if p.suffix == ".docx")
    document = docx.Document(str(docx_path))
    text = "\n".join([p.text for p in document.paragraphs] +
                     [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "GD1" in text and "[P01]" in text and "télémentorat" in text
    assert "Rires du groupe" in text                    # the field notes travel with the transcript
    qdpx_path = next(p for p in written if p.suffix == ".qdpx")
    with zipfile.ZipFile(qdpx_path) as archive:
        qdpx = "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    for exported in (text, qdpx):
        for name in PEOPLE.values():
            assert not any(part in exported for part in name.split()), name

    # Reports: the numbers come from what was entered above.
    reports = _tab(window, ReportsWidget)
    shown = {}
    for kind in ("table1", "methods", "coreq"):
        reports.kind_combo.setCurrentIndex(reports.kind_combo.findData(kind))
        shown[kind] = reports.preview.toPlainText()
    assert "Responsable médical du programme" in shown["table1"]
    assert "Le groupe de discussion a duré" in shown["methods"] and "3 participants" in shown["methods"]
    assert "M1" in shown["coreq"]
    reports.kind_combo.setCurrentIndex(reports.kind_combo.findData("methods"))
    methods_docx = reports.export_to("docx", tmp_path / "methodes.docx")
    assert "Méthodes" in "\n".join(p.text for p in docx.Document(str(methods_docx)).paragraphs)

    # The overview, on screen again, shows the session and its review progress.
    overview = _tab(window, OverviewWidget)
    assert overview.stat_values["sessions"].text() == "1"
    assert overview.sessions_table.item(0, 0).text() == "GD1"

    # Close and reopen: everything is still there.
    window.close_study()
    assert window.open_study(folder)
    study = window.study
    assert len(fieldnotes.list_notes(study, session_id)) == 2
    assert _tab(window, TranscriptsWidget).table.item(0, 4).text().startswith("Corrigée")
    assert _tab(window, ExportsWidget).table.item(0, 3).text() == "Révisée"
    window.close()
