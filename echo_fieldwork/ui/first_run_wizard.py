"""The first-run wizard: language, where studies live, a microphone test, and a check of the model.

Shown once (setting `first_run_done`), again from Help → First-run assistant. Every choice is stored as soon
as it is made; the language switches the wizard at once.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from echo_fieldwork.audio.mic_check import MicrophoneCheck
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, current_language, set_language
from echo_fieldwork.paths import private_dir
from echo_fieldwork.settings import Settings
from echo_fieldwork.transcription import models
from echo_fieldwork.ui.audio.level_meter_widget import LevelMeterWidget
from echo_fieldwork.ui.i18n_qt import install_qt_translator
from echo_fieldwork.ui.settings_dialog import INTERFACE_LANGUAGES, input_device_names

log = logging.getLogger("echo_fieldwork.ui.first_run")


def default_studies_dir(settings: Settings) -> Path:
    return Path(settings.get("studies_dir") or Path.home() / "echo_fieldwork")


class LanguagePage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard") -> None:
        super().__init__()
        self.settings = wizard.settings
        self._wizard = wizard
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for code, name in INTERFACE_LANGUAGES:
            button = QRadioButton(name)  # each language's name in that language
            button.setObjectName(f"language_{code}")
            self.buttons[code] = button
            self.group.addButton(button)
            layout.addWidget(button)
        layout.addStretch(1)
        self.buttons.get(current_language(), self.buttons["fr"]).setChecked(True)
        for code, button in self.buttons.items():
            button.toggled.connect(lambda on, c=code: on and self.choose(c))

    def choose(self, language: str) -> None:
        self.settings.set("language", language)
        install_qt_translator(set_language(language))
        log.info("first run: interface language chosen")
        self._wizard.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Welcome to echo_fieldwork"))
        self.setSubTitle(_("Choose the language of the app. You can change it later in the settings."))


class StudiesFolderPage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard") -> None:
        super().__init__()
        self.settings = wizard.settings
        layout = QVBoxLayout(self)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)
        row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(default_studies_dir(self.settings)))
        self.folder_edit.setObjectName("studiesDirEdit")
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        self.error_label = QLabel()
        self.error_label.setObjectName("studiesDirError")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(_("Where your studies live"))
        self.setSubTitle(_("Each study is one folder (database, recordings, exports) that you can back up or copy "
                           "to another computer."))
        self.explanation.setText(_("New studies will be created in this folder. Choose a folder that is backed up "
                                   "and, if your institution requires it, on an encrypted disk."))
        self.browse_button.setText(_("Choose…"))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for new studies"), self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def validatePage(self) -> bool:  # Qt's name
        folder = Path(self.folder_edit.text().strip()).expanduser()
        if not str(folder).strip() or not folder.is_absolute():
            self.error_label.setText(_("Please give a full folder path."))
            return False
        try:
            private_dir(folder)
        except OSError as error:
            self.error_label.setText(_("This folder cannot be created ({reason}). Choose another one.").format(
                reason=error.strerror or type(error).__name__))
            return False
        self.error_label.clear()
        self.settings.set("studies_dir", str(folder))
        return True


class MicrophonePage(QWizardPage):
    level_measured = Signal(float, float, bool)  # rms dBFS, peak dBFS, clipped — from the audio thread

    def __init__(self, wizard: "FirstRunWizard") -> None:
        super().__init__()
        self.settings = wizard.settings
        self.check = None
        layout = QVBoxLayout(self)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)
        self.device_combo = QComboBox()
        self.device_combo.setObjectName("micDeviceCombo")
        layout.addWidget(self.device_combo)
        self.meter = LevelMeterWidget()  # the recording screen's meter: the same look in both places
        self.meter.setObjectName("micLevelMeter")
        layout.addWidget(self.meter)
        row = QHBoxLayout()
        self.test_button = QPushButton()
        self.test_button.setObjectName("micTestButton")
        self.test_button.setCheckable(True)
        self.test_button.toggled.connect(self._toggle_test)
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status_label = QLabel()
        self.status_label.setObjectName("micStatusLabel")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        self.level_measured.connect(self._show_level)
        self.heard_sound = False

    def initializePage(self) -> None:
        self.device_combo.clear()
        self.device_combo.addItem(_("System default"), "")
        for name in input_device_names():
            self.device_combo.addItem(name, name)
        self.device_combo.setCurrentIndex(max(0, self.device_combo.findData(self.settings.get("input_device"))))

    def retranslate(self) -> None:
        self.setTitle(_("Microphone test"))
        self.setSubTitle(_("Check that the app hears the microphone you will use in sessions."))
        self.explanation.setText(_("Choose the microphone, press “Test”, then speak at the distance of a "
                                   "participant. The bar should move with your voice."))
        self.test_button.setText(_("Stop the test") if self.test_button.isChecked() else _("Test"))

    def _toggle_test(self, on: bool) -> None:
        self.stop_test()
        if on:
            self.start_test()
        self.retranslate()

    def start_test(self) -> bool:
        device = self.device_combo.currentData() or ""
        self.settings.set("input_device", device)
        self.heard_sound = False
        self.check = MicrophoneCheck(device, self.level_measured.emit)
        try:
            self.check.start()
        except UserError as error:
            self.check = None
            self.status_label.setText(str(error))
            self.test_button.blockSignals(True)
            self.test_button.setChecked(False)
            self.test_button.blockSignals(False)
            return False
        self.status_label.setText(_("Listening… speak now."))
        return True

    def stop_test(self) -> None:
        if self.check is not None:
            self.check.stop()
            self.check = None

    def _show_level(self, rms_dbfs: float, peak_dbfs: float, clipped: bool) -> None:
        self.meter.set_level(rms_dbfs, peak_dbfs, clipped)
        if clipped:
            self.status_label.setText(_("Too loud: move the microphone away or lower its gain."))
        elif peak_dbfs > -40:
            self.heard_sound = True
            self.status_label.setText(_("The microphone works."))

    def cleanupPage(self) -> None:  # going back
        self.test_button.setChecked(False)

    def validatePage(self) -> bool:  # Qt's name
        self.test_button.setChecked(False)
        self.settings.set("input_device", self.device_combo.currentData() or "")
        return True


class ModelPage(QWizardPage):
    model_checked = Signal(bool, str)  # ok, message — from the checking thread

    def __init__(self, wizard: "FirstRunWizard") -> None:
        super().__init__()
        self.settings = wizard.settings
        layout = QVBoxLayout(self)
        self.status_label = QLabel()
        self.status_label.setObjectName("modelStatusLabel")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("modelRetryButton")
        self.retry_button.clicked.connect(self.start_check)
        row = QHBoxLayout()
        row.addWidget(self.retry_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.model_checked.connect(self._show_result)
        self.ok: bool | None = None
        self._thread: threading.Thread | None = None

    def retranslate(self) -> None:
        self.setTitle(_("Transcription model"))
        self.setSubTitle(_("Recordings are transcribed on this computer by a Whisper model that comes with the app."))
        self.retry_button.setText(_("Check again"))

    def initializePage(self) -> None:
        self.start_check()

    def start_check(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self.ok = None
        self.retry_button.setEnabled(False)
        self.status_label.setText(_("Checking the model (the first time it is unpacked, which takes a moment)…"))
        # Unpacking and hashing ~150 MB would freeze the window: done in a thread, result through a signal.
        self._thread = threading.Thread(target=self._check, name="model-check", daemon=True)
        self._thread.start()

    def _check(self) -> None:
        ok, message = self._checked_model()
        try:
            self.model_checked.emit(ok, message)
        except RuntimeError:  # the wizard was closed before the check finished: nobody to tell
            pass

    def _checked_model(self) -> tuple[bool, str]:
        try:
            info = models.resolve_model(settings=self.settings)
        except UserError as error:
            return False, str(error)
        except Exception as error:  # a broken model file must not crash the wizard
            log.exception("model check failed")
            return False, _("The model could not be checked ({error}).").format(error=type(error).__name__)
        return True, _("The model “{name}” is in place ({size} MB). Transcription works without any network "
                       "connection.").format(name=info.name, size=round(info.size_bytes / 1e6))

    def _show_result(self, ok: bool, message: str) -> None:
        self.ok = ok
        self.status_label.setText(message if ok else _("Problem: {message}").format(message=message))
        self.status_label.setStyleSheet("" if ok else "color: #b00020;")
        self.retry_button.setEnabled(True)
        log.info("first run: model check %s", "ok" if ok else "failed")


class FirstRunWizard(QWizard):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("firstRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.pages_in_order: list[QWizardPage] = []
        for page_class in (LanguagePage, StudiesFolderPage, MicrophonePage, ModelPage):
            page = page_class(self)
            self.pages_in_order.append(page)
            self.addPage(page)
        self.language_page, self.folder_page, self.microphone_page, self.model_page = self.pages_in_order
        self.retranslate()
        self.resize(680, 480)

    def retranslate(self) -> None:
        self.setWindowTitle(_("echo_fieldwork — first start"))
        for page in self.pages_in_order:
            page.retranslate()
        for which, text in ((QWizard.WizardButton.BackButton, _("< &Back")),
                            (QWizard.WizardButton.NextButton, _("&Next >")),
                            (QWizard.WizardButton.FinishButton, _("&Finish")),
                            (QWizard.WizardButton.CancelButton, _("Cancel"))):
            self.setButtonText(which, text)

    def done(self, result: int) -> None:
        self.microphone_page.stop_test()
        # Cancelled or finished, the wizard does not come back by itself: it is in the Help menu.
        self.settings.set("first_run_done", True)
        super().done(result)
