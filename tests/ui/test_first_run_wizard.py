"""The first-start assistant: language switched at once, studies folder stored, microphone heard, model checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from echo_fieldwork.i18n import current_language
from echo_fieldwork.settings import Settings
from echo_fieldwork.ui.first_run_wizard import FirstRunWizard


@pytest.fixture
def wizard(qtbot, settings):
    built = FirstRunWizard(settings)
    qtbot.addWidget(built)
    built.show()
    yield built
    built.microphone_page.stop_test()


def test_choosing_french_switches_the_wizard_at_once_and_is_stored(wizard, settings):
    assert wizard.language_page.buttons["en"].isChecked()  # the tests run in English
    wizard.language_page.buttons["fr"].setChecked(True)
    assert current_language() == "fr"
    assert Settings().get("language") == "fr"  # stored on disk, not only in memory
    assert wizard.language_page.title() == "Bienvenue dans echo_fieldwork"
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Suivant >"
    assert wizard.folder_page.title() == "Où sont rangées vos études"
    wizard.language_page.buttons["en"].setChecked(True)
    assert wizard.folder_page.title() == "Where your studies live"
    assert Settings().get("language") == "en"


def test_the_studies_folder_is_created_private_and_stored(wizard, tmp_path: Path):
    wizard.next()
    assert wizard.currentPage() is wizard.folder_page
    chosen = tmp_path / "Mes études"
    wizard.folder_page.folder_edit.setText(str(chosen))
    wizard.next()
    assert wizard.currentPage() is wizard.microphone_page
    assert Settings().get("studies_dir") == str(chosen)
    assert chosen.is_dir() and (chosen.stat().st_mode & 0o777) == 0o700


def test_a_relative_or_impossible_folder_is_refused_with_a_message(wizard, tmp_path: Path):
    wizard.next()
    wizard.folder_page.folder_edit.setText("relative/folder")
    wizard.next()
    assert wizard.currentPage() is wizard.folder_page
    assert "full folder path" in wizard.folder_page.error_label.text()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    wizard.folder_page.folder_edit.setText(str(blocker / "inside"))
    wizard.next()
    assert wizard.currentPage() is wizard.folder_page
    assert "cannot be created" in wizard.folder_page.error_label.text()
    assert Settings().get("studies_dir") == ""


@pytest.mark.audio
@pytest.mark.skipif(not os.environ.get("PULSE_RUNTIME_PATH"), reason="needs the PulseAudio null sink (dev.sh)")
def test_the_microphone_test_shows_the_level_of_the_real_input(wizard, qtbot):
    wizard.next()
    wizard.next()
    page = wizard.microphone_page
    assert page.device_combo.count() >= 1
    with qtbot.waitSignal(page.level_measured, timeout=5000) as blocker:
        page.test_button.setChecked(True)
    rms_dbfs, peak_dbfs, clipped = blocker.args
    assert -130 < rms_dbfs <= 0 and isinstance(clipped, bool)
    assert page.check is not None and page.check.running
    assert page.test_button.text() == "Stop the test"
    wizard.next()  # leaving the page stops the test
    assert page.check is None


def test_the_model_page_puts_the_shipped_model_in_place(wizard, qtbot):
    """As on a real first start: the model store is empty, the default model is assembled from its packages."""
    from echo_fieldwork.paths import model_store_dir

    assert not (model_store_dir() / "base").exists()
    wizard.next()
    wizard.next()
    with qtbot.waitSignal(wizard.model_page.model_checked, timeout=120_000) as blocker:
        wizard.next()
    assert blocker.args[0] is True
    assert wizard.model_page.ok is True
    assert "base" in wizard.model_page.status_label.text()
    assert "without any network" in wizard.model_page.status_label.text()
    assert (model_store_dir() / "base" / "model.bin").is_file()


def test_a_broken_model_is_reported_not_hidden(wizard, qtbot, settings, tmp_path: Path):
    settings.set("model", str(tmp_path / "not-a-model"))
    (tmp_path / "not-a-model").mkdir()
    wizard.next()
    wizard.next()
    with qtbot.waitSignal(wizard.model_page.model_checked, timeout=30_000):
        wizard.next()
    assert wizard.model_page.ok is False
    assert wizard.model_page.status_label.text().startswith("Problem:")
    assert wizard.model_page.retry_button.isEnabled()


def test_the_wizard_is_shown_once(wizard, settings):
    assert Settings().get("first_run_done") is False
    wizard.reject()
    assert Settings().get("first_run_done") is True


def test_a_microphone_that_is_not_there_is_explained_and_the_test_stays_off(wizard):
    wizard.next()
    wizard.next()
    page = wizard.microphone_page
    page.device_combo.addItem("USB mic left at the office", "USB mic left at the office")
    page.device_combo.setCurrentIndex(page.device_combo.count() - 1)
    page.test_button.setChecked(True)
    assert not page.test_button.isChecked() and page.check is None
    assert "USB mic left at the office" in page.status_label.text()
