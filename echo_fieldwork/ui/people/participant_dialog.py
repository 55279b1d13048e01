"""Add a participant (code suggested, editable) or change an existing participant's code and role."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people import participants
from echo_fieldwork.people.participants import STUDY_ROLES, Participant
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error


class ParticipantDialog(QDialog):
    def __init__(self, study: Study, participant: Participant | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.participant = participant
        self.saved: Participant | None = None
        self.setWindowTitle(_("Add a participant") if participant is None else _("Edit participant {code}").format(
            code=participant.code))
        form = QFormLayout(self)
        form.setContentsMargins(20, 20, 20, 16)
        form.setVerticalSpacing(10)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("roleCombo")
        for role, label in STUDY_ROLES.items():
            self.role_combo.addItem(_(label), role)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setMaxLength(16)
        form.addRow(_("Role in the study:"), self.role_combo)
        form.addRow(_("Study code:"), self.code_edit)
        note = QLabel(_("Use codes only. The real name and contact details go in the identity screen."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #5b6472;")
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if participant is None:
            self.code_edit.setText(participants.suggest_code(study))
            self._suggested = self.code_edit.text()
            self.role_combo.currentIndexChanged.connect(self._suggest_for_role)
        else:
            self.role_combo.setCurrentIndex(self.role_combo.findData(participant.study_role))
            self.code_edit.setText(participant.code)
            self._suggested = ""
        self.resize(420, self.sizeHint().height())

    def _suggest_for_role(self) -> None:
        # Follow the role with the suggestion unless the user typed a code of their own.
        if self.code_edit.text() == self._suggested:
            self._suggested = participants.suggest_code(self.study, self.role_combo.currentData())
            self.code_edit.setText(self._suggested)

    def accept(self) -> None:
        code, role = self.code_edit.text().strip(), self.role_combo.currentData()
        try:
            if self.participant is None:
                self.saved = participants.add_participant(self.study, code, role)
            else:
                with self.study.db.atomic():
                    participants.change_code(self.study, self.participant.id, code)
                    participants.change_role(self.study, self.participant.id, role)
                self.saved = participants.get_participant(self.study, self.participant.id)
        except UserError as error:
            show_error(self, error)
            return
        super().accept()
