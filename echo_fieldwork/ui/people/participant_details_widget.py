"""What is on record for the selected participant: consents, withdrawals and questionnaire answers (no names)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFrame, QGroupBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people import consent, questionnaire
from echo_fieldwork.people.forms import Form
from echo_fieldwork.people.participants import STUDY_ROLES, Participant
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.people.consent_copy_dialog import ConsentCopyDialog

MUTED = "color: #5b6472;"


class ParticipantDetailsWidget(QGroupBox):
    def __init__(self, study: Study, form: Form, parent: QWidget | None = None) -> None:
        super().__init__(_("Selected participant"), parent)
        self.study = study
        self.form = form
        self.participant: Participant | None = None
        self._consent_ids: list[int] = []
        layout = QVBoxLayout(self)
        # A read-only browser rather than a label: long records scroll instead of being clipped.
        self.details_label = QTextBrowser()
        self.details_label.setObjectName("participantDetails")
        self.details_label.setFrameShape(QFrame.Shape.NoFrame)
        self.details_label.setStyleSheet("QTextBrowser { background: transparent; }")
        self.details_label.setMinimumHeight(90)
        layout.addWidget(self.details_label, 1)
        self.copy_button = QPushButton(_("View the stored consent copy…"))
        self.copy_button.setObjectName("viewConsentCopyButton")
        self.copy_button.clicked.connect(self.show_consent_copy)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.show_participant(None)

    def show_participant(self, participant: Participant | None) -> None:
        self.participant = participant
        if participant is None:
            self.details_label.setHtml(f"<span style='{MUTED}'>" + html.escape(
                _("Select a participant to see their consent, withdrawals and questionnaire.")) + "</span>")
            self.copy_button.hide()
            return
        events = consent.consent_events(self.study, participant.id)
        self._consent_ids = [event.id for event in events]
        parts = [f"<b>{html.escape(participant.code)}</b> · {html.escape(_(STUDY_ROLES[participant.study_role]))}"]
        for event in events:
            form = consent.get_form(self.study, event.form_id)
            items = ", ".join(_(label) for item, label in consent.OPTIONAL_ITEMS.items() if item in event.agreed)
            parts.append(html.escape(_("Consent {date}: {mode}, form version {version} ({language}), by {who}. "
                                       "Agreed to: {items}.").format(
                date=event.consented_at[:10], mode=_(consent.CONSENT_MODES[event.mode]), version=form.version,
                language=form.language, who=event.obtained_by or "—", items=items or _("no optional item"))))
        for withdrawal in consent.withdrawal_events(self.study, participant.id):
            scopes = ", ".join(_(label) for scope, label in consent.WITHDRAWAL_SCOPES.items()
                               if scope in withdrawal.scopes)
            parts.append("<span style='color:#9b1c1c'>" + html.escape(_(
                "Withdrawal {date} ({channel}): {scopes}.").format(
                date=withdrawal.withdrawn_at[:10], channel=_(consent.WITHDRAWAL_CHANNELS[withdrawal.channel]),
                scopes=scopes)) + "</span>")
        answers = questionnaire.latest_answer_set(self.study, participant.id, self.form.id)
        if answers is not None:
            values = [_("{field}: {problem}").format(field=item.label(), problem=questionnaire.display_value(
                item, answers.answers[item.name])) for item in self.form.fields if item.name in answers.answers]
            parts.append(html.escape(_("Questionnaire: {answers}.").format(answers="; ".join(values))))
        self.details_label.setHtml("<br><br>".join(parts))
        self.copy_button.setVisible(bool(events))

    def show_consent_copy(self) -> QDialog | None:
        if not self._consent_ids or self.participant is None:
            return None
        try:
            dialog = ConsentCopyDialog(self.study, self._consent_ids[-1], self.participant.code, self)
        except UserError as error:
            show_error(self, error)
            return None
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
