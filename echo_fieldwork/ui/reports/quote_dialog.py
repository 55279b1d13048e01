"""Save a passage of a transcript as a quote (or edit a saved quote): attribution, deidentified text,
translation and back-translation. The editor opens it on a selection; the reports tab opens it to edit."""

from __future__ import annotations

from PySide6.QtCore import Signal
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
from echo_fieldwork.i18n import _
from echo_fieldwork.people.participants import get_by_code
from echo_fieldwork.people.permissions import Use, may
from echo_fieldwork.reports import quotes
from echo_fieldwork.sessions.sessions import attendance, get_session
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.common.messages import show_error


class QuoteDialog(QDialog):
    quote_saved = Signal(int)

    def __init__(self, study: Study, session_id: int, start_ms: int, end_ms: int, text: str,
                 speaker_code: str | None, parent: QWidget | None = None, *, quote_id: int | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.session_id, self.start_ms, self.end_ms = session_id, start_ms, end_ms
        self.quote_id = quote_id
        session = get_session(study, session_id)
        self._session_code = session.code
        self.setWindowTitle(_("Edit quote") if quote_id else _("Save as quote"))
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        source = _("Session {session}, {start}–{end}").format(
            session=session.code, start=format_ms(start_ms), end=format_ms(end_ms))
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
        # Whose words these are decides whether they may be quoted; participants of the session come first.
        self.speaker_combo = QComboBox()
        self.speaker_combo.setObjectName("quoteSpeaker")
        self.speaker_combo.addItem(_("Choose the speaker…"), None)
        for _pid, code, _role in attendance(study, session_id):
            self.speaker_combo.addItem(code, code)
        if speaker_code and self.speaker_combo.findData(speaker_code) < 0:
            self.speaker_combo.addItem(speaker_code, speaker_code)
        form.addRow(_("Speaker:"), self.speaker_combo)
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
            speaker = next((code for pid, code, _role in attendance(study, session_id)
                            if pid == quote.participant_id), None)
            self._select_speaker(speaker)
            self.speaker_combo.setEnabled(False)  # the speaker is part of where the quote comes from
        else:
            self.text_edit.setPlainText(quotes.proposed_text(study, session_id, text))
            if not speaker_code:
                _passage, speakers = quotes.passage(study, session_id, start_ms, end_ms)
                speaker_code = speakers[0] if len(speakers) == 1 else None
            self._select_speaker(speaker_code)
        self.speaker_combo.currentIndexChanged.connect(self._check_consent)
        self._show_attribution()
        self._check_consent()

    def _select_speaker(self, code: str | None) -> None:
        index = self.speaker_combo.findData(code) if code else 0
        self.speaker_combo.setCurrentIndex(max(index, 0))

    def speaker(self) -> str | None:
        return self.speaker_combo.currentData()

    def _check_consent(self) -> None:
        """Say at once, before anything is typed, when the chosen speaker does not allow quotes."""
        participant = get_by_code(self.study, self.speaker()) if self.speaker() else None
        decision = may(self.study, participant.id, Use.QUOTE) if participant else None
        refused = decision is not None and not decision
        if refused:
            self.refusal_label.setText(_("This passage cannot be quoted: {reason}").format(reason=decision.reason))
        self.refusal_label.setVisible(refused)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not refused)

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
            if self.quote_id is None and not self.speaker():
                raise UserError(_("Choose who is speaking in this passage: a quote needs a speaker whose consent "
                                  "allows quotes."))
            if self.quote_id is None:
                quote = quotes.save_quote(self.study, self.session_id, self.start_ms, self.end_ms,
                                          speaker_code=self.speaker(), **self.values())
            else:
                quote = quotes.update_quote(self.study, self.quote_id, **self.values())
        except UserError as error:
            show_error(self, error)
            return
        self.quote_id = quote.id
        self.quote_saved.emit(quote.id)
        super().accept()
