"""The stored copy of what a participant agreed to, checked against its SHA-256, printable as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.i18n import _
from echo_fieldwork.people import consent
from echo_fieldwork.study.study import Study

MUTED = "color: #5b6472;"


class ConsentCopyDialog(QDialog):
    def __init__(self, study: Study, consent_id: int, participant_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.participant_code = participant_code
        self.consent_id = consent_id
        # frozen_copy() refuses a copy whose SHA-256 no longer matches (UserError, shown by the caller).
        self.text, self.digest = consent.frozen_copy(study, consent_id)
        self.setObjectName("consentCopyDialog")
        self.setWindowTitle(_("Stored consent copy"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setMarkdown(self.text)
        layout.addWidget(self.browser)
        note = QLabel(_("SHA-256 {digest} (checked: the copy is unchanged)").format(digest=self.digest))
        note.setStyleSheet(MUTED)
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        pdf_button = QPushButton(_("Save as PDF…"))
        pdf_button.setObjectName("savePdfButton")
        pdf_button.clicked.connect(lambda: self.save_pdf())
        buttons.addButton(pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(680, 640)

    def save_pdf(self, path: Path | str | None = None) -> Path | None:
        if path is None:
            suggested = self.study.exports_dir / f"consent_{self.participant_code}_{self.consent_id}.pdf"
            chosen, _filter = QFileDialog.getSaveFileName(self, _("Save the consent copy"), str(suggested),
                                                          _("PDF files (*.pdf)"))
            if not chosen:
                return None
            path = chosen
        document = QTextDocument()
        document.setMarkdown(self.text + "\n\nSHA-256 " + self.digest + "\n")
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
        writer.setTitle(_("Stored consent copy"))
        document.print_(writer)
        return Path(path)
