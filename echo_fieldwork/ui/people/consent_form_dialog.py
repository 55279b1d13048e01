"""Edit a consent form: saving makes its next version; earlier versions (and consents given on them) stay."""

from __future__ import annotations

import dataclasses

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
    def __init__(self, study: Study, parent: QWidget | None = None, *, language: str | None = None) -> None:
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
        if language is not None:
            self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
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
        self.missing_label = QLabel()
        self.missing_label.setObjectName("missingLabel")
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #8a4b00;")
        layout.addWidget(self.missing_label)
        for edit in (self.reference_edit, self.date_edit):
            edit.textChanged.connect(self._show_missing)
        self.body_edit.textChanged.connect(self._show_missing)
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
        self._show_missing()
        uses = self.study.db.execute("SELECT COUNT(*) FROM consents WHERE form_id = ?", [self.current.id]).fetchone()[0]
        self.version_label.setText(ngettext(
            "This is version {version}, used by {n} consent. Saving makes version {next}; version {version} stays "
            "exactly as it is.",
            "This is version {version}, used by {n} consents. Saving makes version {next}; version {version} stays "
            "exactly as it is.", uses).format(version=self.current.version, n=uses, next=self.current.version + 1))

    def _show_missing(self) -> None:
        """What is still to fill in, as typed (the project title, investigators, contacts, ethics approval…)."""
        draft = dataclasses.replace(self.current, body=self.body_edit.toPlainText(),
                                    ethics_reference=self.reference_edit.text().strip(),
                                    ethics_approval_date=self.date_edit.text().strip())
        missing = consent.unfilled_placeholders(draft)
        self.missing_label.setText(_("Still to fill in before a consent can be recorded on this form: {fields}").format(
            fields="; ".join(missing)) if missing else _("Nothing is left to fill in: the form can be used."))

    def accept(self) -> None:
        try:
            self.saved = consent.edit_form(self.study, self.current.id, body=self.body_edit.toPlainText(),
                                           ethics_reference=self.reference_edit.text(),
                                           ethics_approval_date=self.date_edit.text())
        except UserError as error:
            show_error(self, error)
            return
        super().accept()
