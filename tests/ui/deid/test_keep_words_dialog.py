"""The keep list from the review screen: "never propose this again" on a proposal, and the list itself."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from echo_fieldwork.deid import deidentify
from echo_fieldwork.ui.deid.deidentification_dialog import DeidentificationDialog
from echo_fieldwork.ui.deid.keep_words_dialog import KeepWordsDialog
from tests.exports_helpers import build_focus_group


def test_never_propose_again_from_the_review_screen(qtbot, study):
    session_id = build_focus_group(study)
    deidentify.run_detection(study, session_id, use_ner=False)
    dialog = DeidentificationDialog(study, session_id)
    qtbot.addWidget(dialog)
    assert not dialog.keep_button.isEnabled()
    row = next(i for i, r in enumerate(dialog.replacements) if r.original == "Rimouski")
    dialog.table.selectRow(row)
    with qtbot.waitSignal(dialog.review_changed):
        dialog.keep_button.click()
    assert deidentify.list_keep_words(study) == ["Rimouski"]
    assert {r.status for r in dialog.replacements if r.original == "Rimouski"} == {"rejected"}
    assert "Rimouski" in dialog.preview.toPlainText()

    # A participant's name: refused with a sentence, nothing changed.
    dialog.table.selectRow(next(i for i, r in enumerate(dialog.replacements) if r.category == "known"))
    dialog.keep_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorMessageBox") is not None)
    box = dialog.findChild(QMessageBox, "errorMessageBox")
    assert "cannot go on the keep list" in box.text()
    box.close()
    assert deidentify.list_keep_words(study) == ["Rimouski"]

    keep_list = dialog.open_keep_list()
    qtbot.addWidget(keep_list)
    assert [keep_list.list.item(i).text() for i in range(keep_list.list.count())] == ["Rimouski"]


def test_keep_list_dialog_adds_and_removes(qtbot, study):
    deidentify.add_keep_word(study, "Rose")
    dialog = KeepWordsDialog(study)
    qtbot.addWidget(dialog)
    assert not dialog.remove_button.isEnabled()
    dialog.word_edit.setText("  programme   ECHO ")
    with qtbot.waitSignal(dialog.keep_list_changed):
        dialog.add_button.click()
    assert deidentify.list_keep_words(study) == ["programme ECHO", "Rose"]
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["programme ECHO", "Rose"]
    assert dialog.word_edit.text() == ""

    dialog.word_edit.setText("42")
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.findChild(QMessageBox, "errorMessageBox") is not None)
    box = dialog.findChild(QMessageBox, "errorMessageBox")
    assert "at least one letter" in box.text()
    box.close()

    dialog.list.item(1).setSelected(True)
    with qtbot.waitSignal(dialog.keep_list_changed):
        dialog.remove_button.click()
    assert deidentify.list_keep_words(study) == ["programme ECHO"]
    actions = [row[0] for row in study.db.execute("SELECT action FROM audit_log WHERE action LIKE 'deid.keep.%'")]
    assert actions == ["deid.keep.add", "deid.keep.add", "deid.keep.remove"]
