"""The settings dialog stores every change at once (read back from disk), refuses bad keys with a reason."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from echo_fieldwork.settings import Settings
from echo_fieldwork.ui.correction.transcriber_keys import KEY_ACTIONS, key_sequences
from echo_fieldwork.ui.correction.transcriber_keys_widget import conflicts, effective_keys
from echo_fieldwork.ui.settings_dialog import SettingsDialog


def choose(combo, value) -> None:
    index = combo.findData(value)
    assert index >= 0, f"{value!r} not offered"
    combo.setCurrentIndex(index)


def test_every_choice_is_stored_at_once(qtbot, settings, tmp_path: Path):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    choose(dialog.rate_combo, 48000)
    choose(dialog.transcription_language_combo, "en")
    choose(dialog.export_format_combo, "qdpx")
    choose(dialog.export_notes_combo, "comments")
    dialog.studies_dir_edit.setText(str(tmp_path / "studies"))
    dialog.studies_dir_edit.editingFinished.emit()
    dialog.actor_edit.setText("  RA2 ")
    dialog.actor_edit.editingFinished.emit()
    stored = Settings()  # a fresh read of the file: nothing waits for an OK button
    assert stored.get("recording_sample_rate") == 48000
    assert stored.get("transcription_language") == "en"
    assert stored.get("export_format") == "qdpx"
    assert stored.get("export_notes") == "comments"
    assert stored.get("studies_dir") == str(tmp_path / "studies")
    assert stored.get("actor") == "RA2"
    assert "nothing to save" in dialog.findChild(type(dialog.store_label), "autosaveLabel").text()


def test_the_interface_language_switches_and_is_stored(qtbot, settings):
    from echo_fieldwork.i18n import current_language

    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.language_combo.currentData() == "en"
    choose(dialog.language_combo, "fr")
    assert Settings().get("language") == "fr"
    assert current_language() == "fr"
    again = SettingsDialog(settings)  # windows opened afterwards are French
    qtbot.addWidget(again)
    assert again.windowTitle() == "Paramètres"


def test_the_input_device_lists_portaudio_inputs_and_keeps_a_missing_one(qtbot, settings):
    settings.set("input_device", "USB mic of another day")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.device_combo.itemData(0) == ""
    assert dialog.device_combo.currentData() == "USB mic of another day"
    assert "not connected" in dialog.device_combo.currentText()
    choose(dialog.device_combo, "")
    assert Settings().get("input_device") == ""


def test_transcriber_keys_are_edited_in_the_table_and_stored(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    table = dialog.keys_widget.table
    row = [name for name, _label, _keys in KEY_ACTIONS].index("insert_timestamp")
    table.item(row, 1).setText("ctrl+shift+t")
    assert Settings().get("transcriber_keys") == {"insert_timestamp": "Ctrl+Shift+T"}
    assert table.item(row, 1).text() == "Ctrl+Shift+T"
    # The editor reads the same setting: its key for the action is now the user's.
    assert [k.toString() for k in key_sequences(Settings().get("transcriber_keys"))["insert_timestamp"]] == [
        "Ctrl+Shift+T"]
    table.item(row, 1).setText("Ctrl+T")  # the default again: the override goes away
    assert Settings().get("transcriber_keys") == {}
    speaker_row = [name for name, _label, _keys in KEY_ACTIONS].index("speaker_3")
    assert table.item(speaker_row, 0).text() == "Assign speaker no. 3"


def test_a_key_qt_does_not_know_is_refused_and_nothing_changes(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.keys_widget.set_keys("play_pause", "Ctrl+Banana")
    assert "not a key" in dialog.keys_widget.problem_label.text()
    assert Settings().get("transcriber_keys") == {}
    assert effective_keys(Settings())["play_pause"] == "Esc; F4"
    assert conflicts(effective_keys(Settings())) == {}


def test_a_shared_key_is_pointed_out_and_defaults_can_be_restored(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.keys_widget.set_keys("loop_segment", "F7")  # F7 is already "slower"
    assert "f7" in dialog.keys_widget.problem_label.text().lower()
    assert conflicts(effective_keys(Settings())) == {"f7": ["loop_segment", "slower"]}
    dialog.keys_widget.restore_defaults()
    assert Settings().get("transcriber_keys") == {}
    assert dialog.keys_widget.problem_label.text() == ""


def test_the_model_page_lists_the_built_in_model_and_refuses_a_folder_that_is_not_one(qtbot, settings, tmp_path):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    tree = dialog.model_picker.tree
    assert tree.topLevelItem(0).text(0).startswith("base")
    assert dialog.store_label.text().endswith("models")
    (tmp_path / "my-model").mkdir()
    assert dialog.model_picker.add_folder(tmp_path / "my-model") is None
    boxes = [b for b in dialog.model_picker.findChildren(QMessageBox) if b.objectName() == "errorMessageBox"]
    assert boxes and boxes[-1].text()
    assert Settings().get("model_folders") == []


def test_the_defaults_reach_the_export_and_transcription_screens(qtbot, settings, study):
    from echo_fieldwork.ui.export.exports_widget import ExportsWidget
    from echo_fieldwork.ui.transcription.transcription_widget import TranscriptionWidget

    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    choose(dialog.export_format_combo, "maxqda")
    choose(dialog.export_notes_combo, "comments")
    choose(dialog.transcription_language_combo, "auto")
    exports = ExportsWidget(study, settings)
    qtbot.addWidget(exports)
    export_dialog = exports.open_export()
    assert export_dialog.format_combo.currentData() == "maxqda"
    assert export_dialog.comments_check.isChecked()
    export_dialog.close()
    transcription = TranscriptionWidget(study, settings)
    qtbot.addWidget(transcription)
    assert transcription.language_combo.currentData() == "auto"


def test_by_default_each_session_is_transcribed_in_its_own_language(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.transcription_language_combo.currentData() == ""
