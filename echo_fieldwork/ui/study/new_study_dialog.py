"""Create a study: title, language, folder, and encryption with a passphrase (recommended, on by default)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people import study_form
from echo_fieldwork.study import crypto
from echo_fieldwork.ui.common.form_parts import password_edit


class NewStudyDialog(QDialog):
    def __init__(self, default_parent_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New study"))
        self._parent_dir = default_parent_dir
        form = QFormLayout(self)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.textChanged.connect(self._suggest_folder)
        form.addRow(_("Title:"), self.title_edit)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem(_("French"), "fr")
        self.language_combo.addItem(_("English"), "en")
        form.addRow(_("Language of the study:"), self.language_combo)
        self.questionnaire_combo = QComboBox()
        self.questionnaire_combo.setObjectName("questionnaireCombo")
        for key, (_file, label) in study_form.BUNDLED.items():
            self.questionnaire_combo.addItem(_(label), key)
        self.questionnaire_combo.setToolTip(_("Your own questionnaire (YAML or XLSForm spreadsheet) can be chosen "
                                              "afterwards in the Overview tab: Questionnaire…"))
        form.addRow(_("Questionnaire:"), self.questionnaire_combo)
        row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(default_parent_dir))
        self.folder_edit.setObjectName("folderEdit")
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        form.addRow(_("Folder:"), row)
        self.encrypt_check = QCheckBox(_("Encrypt this study (recommended)"))
        self.encrypt_check.setObjectName("encryptCheck")
        self.encrypt_check.setChecked(True)
        self.encrypt_check.setToolTip(_("The database and the recordings are encrypted on disk: a lost laptop does "
                                        "not reveal names, contacts, transcripts or voices. Exports stay readable."))
        form.addRow("", self.encrypt_check)
        self.passphrase_edit = password_edit("passphraseEdit")
        form.addRow(_("Passphrase:"), self.passphrase_edit)
        self.confirm_edit = password_edit("confirmEdit")
        form.addRow(_("Passphrase again:"), self.confirm_edit)
        self.encrypt_note = QLabel(_("Asked once each time the app opens the study. A recovery key is shown once, "
                                     "after creation: write it down and keep it apart from the laptop. Without "
                                     "the passphrase or the recovery key, nobody can open the study — not even us."))
        self.encrypt_note.setWordWrap(True)
        form.addRow(self.encrypt_note)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problemLabel")
        self.problem_label.setStyleSheet("color: #b00020")
        self.problem_label.setWordWrap(True)
        form.addRow("", self.problem_label)
        self.encrypt_check.toggled.connect(self._encryption_toggled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(600, max(self.sizeHint().height(), form.totalHeightForWidth(600)))

    def _suggest_folder(self, title: str) -> None:
        safe = "".join(c if c.isalnum() or c in "-_ " else "_" for c in title).strip().replace(" ", "_")
        self.folder_edit.setText(str(self._parent_dir / (safe or "study")))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for the new study"), str(self._parent_dir))
        if chosen:
            self._parent_dir = Path(chosen)
            self._suggest_folder(self.title_edit.text())

    def values(self) -> tuple[str, str, Path]:
        return self.title_edit.text().strip(), self.language_combo.currentData(), Path(self.folder_edit.text())

    def _encryption_toggled(self, on: bool) -> None:
        for widget in (self.passphrase_edit, self.confirm_edit, self.encrypt_note):
            widget.setEnabled(on)
        self.problem_label.clear()

    def questionnaire(self) -> str:
        """The bundled questionnaire to start with (a key of `study_form.BUNDLED`)."""
        return self.questionnaire_combo.currentData()

    def passphrase(self) -> str | None:
        """The chosen passphrase, or None for a study that is not encrypted."""
        return self.passphrase_edit.text() if self.encrypt_check.isChecked() else None

    def _accept(self) -> None:
        passphrase = self.passphrase()
        if passphrase is not None:
            try:
                crypto.check_new_passphrase(passphrase)
            except UserError as error:
                self.problem_label.setText(str(error))
                return
            if passphrase != self.confirm_edit.text():
                self.problem_label.setText(_("The two passphrases differ."))
                return
        self.accept()
