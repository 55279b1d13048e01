"""Record a withdrawal: when, how it was expressed, its scope and a note; it is an event, never edited."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.deid.deidentify import NoteNamesPeople, check_note_names_nobody
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people import consent
from echo_fieldwork.people.participants import Participant
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.form_parts import (
    CAUTION_STYLE,
    check_group,
    choice_combo,
    date_time_edit,
    participant_header,
)
from echo_fieldwork.ui.common.messages import show_error


class WithdrawalDialog(QDialog):
    def __init__(self, study: Study, participant: Participant, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.participant = participant
        self.withdrawal_id: int | None = None
        self.setWindowTitle(_("Record the withdrawal of {code}").format(code=participant.code))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(participant_header(study, participant,
                                            _("Withdrawal of {code}").format(code=participant.code)))
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.date_edit = date_time_edit("withdrawalDateEdit")
        form.addRow(_("Date and time:"), self.date_edit)
        self.channel_combo = choice_combo("channelCombo", consent.WITHDRAWAL_CHANNELS)
        form.addRow(_("Expressed:"), self.channel_combo)
        self.recorded_by_edit = QLineEdit(study.actor)
        self.recorded_by_edit.setObjectName("recordedByEdit")
        form.addRow(_("Recorded by:"), self.recorded_by_edit)
        layout.addLayout(form)
        scopes_box, self.scope_checks = check_group(_("What the person asked for"), consent.WITHDRAWAL_SCOPES, "scope_")
        layout.addWidget(scopes_box)
        caution = QLabel(_("Focus-group contributions may not be separable from what others said: they may "
                           "remain in the analysis even if the person asks for their data to be removed. Tell the "
                           "person, and note what was agreed."))
        caution.setObjectName("focusGroupNote")
        caution.setWordWrap(True)
        caution.setStyleSheet(CAUTION_STYLE)
        layout.addWidget(caution)
        layout.addWidget(QLabel(_("Note (no names):")))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setFixedHeight(80)
        layout.addWidget(self.note_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save the withdrawal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def scopes(self) -> set[str]:
        return {scope for scope, check in self.scope_checks.items() if check.isChecked()}

    def withdrawn_at(self) -> str:
        return self.date_edit.dateTime().toPython().isoformat(timespec="minutes")

    def accept(self) -> None:
        # The note stays in the study, outside the identity table: a name in it is replaced by the code, shown first.
        try:
            check_note_names_nobody(self.study, self.note_edit.toPlainText().strip())
        except NoteNamesPeople as error:
            self.note_edit.setPlainText(error.suggestion)
            show_error(self, UserError(_("The note named people of the study: their names are now replaced by their "
                                         "codes (names stay in the identity table). Check the note, then save "
                                         "again.")))
            return
        try:
            self.withdrawal_id = consent.record_withdrawal(
                self.study, self.participant.id, self.channel_combo.currentData(), self.scopes(),
                recorded_by=self.recorded_by_edit.text().strip() or None, withdrawn_at=self.withdrawn_at(),
                note=self.note_edit.toPlainText().strip())
        except UserError as error:
            show_error(self, error)
            return
        super().accept()
