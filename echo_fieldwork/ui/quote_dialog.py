"""Save a passage of a transcript as a quote (or edit a saved quote): attribution, deidentified text,
translation and back-translation. The editor opens it on a selection; the reports tab opens it to edit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from echo_fieldwork import quotes
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.participants import get_by_code
from echo_fieldwork.permissions import Use, may
from echo_fieldwork.sessions import get_session
from echo_fieldwork.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.messages import show_error


class QuoteDialog(QDialog):
    quote_saved = Signal(int)

    def __init__(self, study: Study, session_id: int, start_ms: int, end_ms: int, text: str,
                 speaker_code: str | None, parent: QWidget | None = None, *, quote_id: int | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.session_id, self.start_ms, self.end_ms = session_id, start_ms, end_ms
        self.speaker_code = speaker_code
        self.quote_id = quote_id
        session = get_session(study, session_id)
        self._session_code = session.code
        self.setWindowTitle(_("Edit quote") if quote_id else _("Save as quote"))
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        source = _("Session {session}, {start}–{end}").format(
            session=session.code, start=format_ms(start_ms), end=format_ms(end_ms))
        if speaker_code:
            source += " — " + _("speaker {code}").format(code=speaker_code)
        self.source_label = QLabel(source)
        self.source_label.setObjectName("quoteSource")
        layout.addWidget(self.source_label)
        self.refusal_label = QLabel()
        self.refusal_label.setObjectName("quoteRefusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet("color: #a40000; font-weight: bold;")
        self.refusal_label.hide()
        layout.addWidget(self.refusal_label)

        form = QFormLayout()
        self.role_edit = QComboBox()
        self.role_edit.setEditable(True)
        self.role_edit.setObjectName("quoteRole")
        self.role_edit.addItems(sorted({q.role for q in quotes.list_quotes(study)}))
        self.role_edit.setCurrentText("")
        self.role_edit.lineEdit().setPlaceholderText(_("e.g. Medical lead (never a name)"))
        form.addRow(_("Role in the attribution:"), self.role_edit)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("quoteText")
        form.addRow(_("Deidentified text (check it):"), self.text_edit)
        self.translation_edit = QPlainTextEdit()
        self.translation_edit.setObjectName("quoteTranslation")
        form.addRow(_("Translation:"), self.translation_edit)
        self.translated_by_edit = QLineEdit()
        self.translated_by_edit.setObjectName("quoteTranslatedBy")
        form.addRow(_("Translated by:"), self.translated_by_edit)
        self.back_translation_edit = QPlainTextEdit()
        self.back_translation_edit.setObjectName("quoteBackTranslation")
        form.addRow(_("Back-translation:"), self.back_translation_edit)
        self.back_translated_by_edit = QLineEdit()
        self.back_translated_by_edit.setObjectName("quoteBackTranslatedBy")
        form.addRow(_("Back-translated by:"), self.back_translated_by_edit)
        layout.addLayout(form)
        self.attribution_label = QLabel()
        self.attribution_label.setObjectName("quoteAttribution")
        layout.addWidget(self.attribution_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.role_edit.currentTextChanged.connect(self._show_attribution)

        if quote_id is not None:
            quote = quotes.get_quote(study, quote_id)
            self.role_edit.setCurrentText(quote.role)
            self.text_edit.setPlainText(quote.text)
            self.translation_edit.setPlainText(quote.translation)
            self.translated_by_edit.setText(quote.translated_by)
            self.back_translation_edit.setPlainText(quote.back_translation)
            self.back_translated_by_edit.setText(quote.back_translated_by)
            participant_id = quote.participant_id
        else:
            self.text_edit.setPlainText(quotes.proposed_text(study, session_id, text))
            participant = get_by_code(study, speaker_code) if speaker_code else None
            participant_id = participant.id if participant else None
        self._show_attribution()
        self._check_consent(participant_id)

    def _check_consent(self, participant_id: int | None) -> None:
        if participant_id is None:
            return
        decision = may(self.study, participant_id, Use.QUOTE)
        if not decision:
            self.refusal_label.setText(_("This passage cannot be quoted: {reason}").format(reason=decision.reason))
            self.refusal_label.show()
            self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

    def _show_attribution(self) -> None:
        role = " ".join(self.role_edit.currentText().split()) or "…"
        self.attribution_label.setText(_("Attribution: {attribution}").format(
            attribution=f"[{self._session_code}, {role}]"))

    def values(self) -> dict[str, str]:
        return {"text": self.text_edit.toPlainText(), "role": self.role_edit.currentText(),
                "translation": self.translation_edit.toPlainText(),
                "translated_by": self.translated_by_edit.text(),
                "back_translation": self.back_translation_edit.toPlainText(),
                "back_translated_by": self.back_translated_by_edit.text()}

    def accept(self) -> None:
        try:
            if self.quote_id is None:
                quote = quotes.save_quote(self.study, self.session_id, self.start_ms, self.end_ms,
                                          speaker_code=self.speaker_code, **self.values())
            else:
                quote = quotes.update_quote(self.study, self.quote_id, **self.values())
        except UserError as error:
            show_error(self, error)
            return
        self.quote_id = quote.id
        self.quote_saved.emit(quote.id)
        super().accept()
