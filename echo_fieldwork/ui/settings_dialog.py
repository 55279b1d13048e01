"""Settings (Edit → Settings…). Every change is stored at once: there is no OK/Apply, only Close."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.audio import recorder
from echo_fieldwork.errors import UserError
from echo_fieldwork.export.runner import FORMATS
from echo_fieldwork.i18n import N_, _, current_language, set_language
from echo_fieldwork.paths import model_store_dir
from echo_fieldwork.settings import Settings
from echo_fieldwork.ui.correction.transcriber_keys_widget import TranscriberKeysWidget
from echo_fieldwork.ui.i18n_qt import install_qt_translator
from echo_fieldwork.ui.transcription.model_picker_widget import ModelPickerWidget
from echo_fieldwork.ui.transcription.transcription_widget import LANGUAGE_CHOICES

log = logging.getLogger("echo_fieldwork.ui.settings")

# Language names are written in their own language, as users look for their own.
INTERFACE_LANGUAGES = [("fr", "Français"), ("en", "English")]
SAMPLE_RATES = [16000, 44100, 48000]
EXPORT_NOTES = [("appendix", N_("In an appendix")), ("comments", N_("As comments"))]


def input_device_names() -> list[str]:
    try:
        return [device.name for device in recorder.list_input_devices()]
    except UserError:  # no PortAudio: only "System default" is offered
        return []


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("settingsDialog")
        self.setWindowTitle(_("Settings"))
        layout = QVBoxLayout(self)
        saved = QLabel(_("There is nothing to save: every change you make here, and everywhere in the app, "
                         "is stored at once."))
        saved.setObjectName("autosaveLabel")
        saved.setWordWrap(True)
        layout.addWidget(saved)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_page(), _("General"))
        self.tabs.addTab(self._recording_page(), _("Recording"))
        self.tabs.addTab(self._transcription_page(), _("Transcription"))
        self.keys_widget = TranscriberKeysWidget(settings)
        self.tabs.addTab(self.keys_widget, _("Transcriber keys"))
        self.tabs.addTab(self._exports_page(), _("Exports"))
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 520)

    # -- pages ----------------------------------------------------------------------------------------
    def _combo(self, name: str, key: str, choices: list[tuple[object, str]], translate: bool = True,
               shown: object = None) -> QComboBox:
        """A combo box showing setting `key` (or `shown` when the setting is unset) and storing every choice."""
        combo = QComboBox()
        combo.setObjectName(name)
        for value, label in choices:
            combo.addItem(_(label) if translate else label, value)
        index = combo.findData(self.settings.get(key) or shown)
        combo.setCurrentIndex(max(index, 0))
        combo.currentIndexChanged.connect(lambda _i, c=combo, k=key: self._store(k, c.currentData()))
        return combo

    def _store(self, key: str, value: object) -> None:
        self.settings.set(key, value)
        log.info("setting changed: %s", key)

    def _general_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.language_combo = self._combo("interfaceLanguageCombo", "language", INTERFACE_LANGUAGES, translate=False,
                                          shown=current_language())
        self.language_combo.currentIndexChanged.connect(self._apply_language)
        form.addRow(_("Interface language:"), self.language_combo)
        form.addRow("", _hint(_("Windows opened from now on use the new language; restart the app to change the "
                                "menus.")))
        row = QHBoxLayout()
        self.studies_dir_edit = QLineEdit(self.settings.get("studies_dir") or str(Path.home() / "echo_fieldwork"))
        self.studies_dir_edit.setObjectName("studiesDirEdit")
        self.studies_dir_edit.editingFinished.connect(lambda: self._store("studies_dir", self.studies_dir_edit.text()))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_studies_dir)
        row.addWidget(self.studies_dir_edit, 1)
        row.addWidget(browse)
        form.addRow(_("New studies go in:"), row)
        self.actor_edit = QLineEdit(self.settings.get("actor"))
        self.actor_edit.setObjectName("actorEdit")
        self.actor_edit.setPlaceholderText(_("e.g. your initials"))
        self.actor_edit.editingFinished.connect(lambda: self._store("actor", self.actor_edit.text().strip()))
        form.addRow(_("Your initials in the study history:"), self.actor_edit)
        self.lock_spin = QSpinBox()
        self.lock_spin.setObjectName("lockAfterSpin")
        self.lock_spin.setRange(0, 240)
        self.lock_spin.setSuffix(_(" min"))
        self.lock_spin.setSpecialValueText(_("Never"))
        self.lock_spin.setValue(self.settings.get("lock_after_minutes"))
        self.lock_spin.valueChanged.connect(lambda minutes: self._store("lock_after_minutes", minutes))
        form.addRow(_("Lock an encrypted study after:"), self.lock_spin)
        form.addRow("", _hint(_("Without a key pressed or the mouse used for that long, the study's windows are "
                                "hidden until its passphrase is given again. Recording and transcription go on.")))
        return page

    def _recording_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        devices = [("", _("System default"))] + [(name, name) for name in input_device_names()]
        current = self.settings.get("input_device")
        if current and current not in dict(devices):
            devices.append((current, _("{name} (not connected)").format(name=current)))
        self.device_combo = self._combo("inputDeviceCombo", "input_device", devices, translate=False)
        form.addRow(_("Microphone:"), self.device_combo)
        form.addRow(_("Recording format:"), QLabel(_("WAV, mono, written to disk every second (a crash loses at "
                                                     "most a second)")))
        rates = [(rate, _("{rate} Hz").format(rate=f"{rate:,}".replace(",", "\u202f"))) for rate in SAMPLE_RATES]
        self.rate_combo = self._combo("sampleRateCombo", "recording_sample_rate", rates, translate=False)
        form.addRow(_("Sample rate:"), self.rate_combo)
        form.addRow("", _hint(_("16 000 Hz is what the transcription uses and keeps files small; choose more "
                                "only if the recording is also meant for listening or publication.")))
        return page

    def _transcription_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.model_picker = ModelPickerWidget(self.settings)
        form.addRow(_("Whisper model:"), self.model_picker)
        self.transcription_language_combo = self._combo(
            "transcriptionLanguageCombo", "transcription_language", LANGUAGE_CHOICES)
        form.addRow(_("Language spoken in recordings:"), self.transcription_language_combo)
        store = QHBoxLayout()
        self.store_label = QLabel(str(model_store_dir()))
        self.store_label.setObjectName("modelStoreLabel")
        self.store_label.setWordWrap(True)
        open_store = QPushButton(_("Show the folder"))
        open_store.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(model_store_dir()))))
        store.addWidget(self.store_label, 1)
        store.addWidget(open_store)
        form.addRow(_("Model store:"), store)
        form.addRow("", _hint(_("The base model comes with the app. A larger model (for example large-v3 copied "
                                "from a USB key) can be added from its folder; nothing is ever downloaded.")))
        return page

    def _exports_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        formats = [(key, label) for key, (label, _suffix) in FORMATS.items()]
        self.export_format_combo = self._combo("exportFormatCombo", "export_format", formats)
        form.addRow(_("Default export format:"), self.export_format_combo)
        self.export_notes_combo = self._combo("exportNotesCombo", "export_notes", EXPORT_NOTES)
        form.addRow(_("Field notes in Word exports:"), self.export_notes_combo)
        form.addRow("", _hint(_("Exports are written to the “exports” folder of each study and are always "
                                "deidentified unless you choose otherwise when exporting.")))
        return page

    # -- actions --------------------------------------------------------------------------------------
    def _apply_language(self) -> None:
        language = set_language(self.language_combo.currentData())
        install_qt_translator(language)

    def _choose_studies_dir(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for new studies"), self.studies_dir_edit.text())
        if chosen:
            self.studies_dir_edit.setText(chosen)
            self._store("studies_dir", chosen)
