"""Edit a consent form: saving makes its next version; earlier versions (and consents given on them) stay."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.people import consent
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error


class ConsentFormDialog(QDialog):
    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.saved: consent.ConsentForm | None = None
        self.setWindowTitle(_("Edit the consent form"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("formLanguageCombo")
        self.language_combo.addItem("Français", "fr")
        self.language_combo.addItem("English", "en")
        self.language_combo.currentIndexChanged.connect(self._load)
        form.addRow(_("Language:"), self.language_combo)
        self.reference_edit = QLineEdit()
        self.reference_edit.setObjectName("ethicsReferenceEdit")
        self.reference_edit.setPlaceholderText(_("e.g. MP-21-2026-1234"))
        form.addRow(_("Ethics approval reference:"), self.reference_edit)
        self.date_edit = QLineEdit()
        self.date_edit.setObjectName("ethicsDateEdit")
        self.date_edit.setPlaceholderText(_("YYYY-MM-DD"))
        self.date_edit.setMaximumWidth(160)
        form.addRow(_("Ethics approval date:"), self.date_edit)
        layout.addLayout(form)
        self.version_label = QLabel()
        self.version_label.setObjectName("versionLabel")
        self.version_label.setWordWrap(True)
        self.version_label.setStyleSheet("color: #5b6472;")
        layout.addWidget(self.version_label)
        layout.addWidget(QLabel(_("Text (Markdown; {{ethics_reference}} and {{ethics_approval_date}} are filled in "
                                  "from the fields above):")))
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("bodyEdit")
        layout.addWidget(self.body_edit, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save as a new version"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._load()
        self.resize(720, 680)

    def _load(self) -> None:
        self.current = consent.latest_form(self.study, self.language_combo.currentData())
        self.reference_edit.setText(self.current.ethics_reference)
        self.date_edit.setText(self.current.ethics_approval_date)
        self.body_edit.setPlainText(self.current.body)
        uses = self.study.db.execute("SELECT COUNT(*) FROM consents WHERE form_id = ?", [self.current.id]).fetchone()[0]
        self.version_label.setText(ngettext(
            "This is version {version}, used by {n} consent. Saving makes version {next}; version {version} stays "
            "exactly as it is.",
            "This is version {version}, used by {n} consents. Saving makes version {next}; version {version} stays "
            "exactly as it is.", uses).format(version=self.current.version, n=uses, next=self.current.version + 1))

    def accept(self) -> None:
        try:
            self.saved = consent.edit_form(self.study, self.current.id, body=self.body_edit.toPlainText(),
                                           ethics_reference=self.reference_edit.text(),
                                           ethics_approval_date=self.date_edit.text())
        except UserError as error:
            show_error(self, error)
            return
        super().accept()
