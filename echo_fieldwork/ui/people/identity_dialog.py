"""The identity screen: the only place in the app that shows a participant's real name and contact details."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people import identity
from echo_fieldwork.people.participants import Participant
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.form_parts import CAUTION_STYLE
from echo_fieldwork.ui.common.messages import show_error


class IdentityDialog(QDialog):
    def __init__(self, study: Study, participant: Participant, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.participant = participant
        self.setWindowTitle(_("Identity of {code}").format(code=participant.code))
        form = QFormLayout(self)
        form.setContentsMargins(20, 20, 20, 16)
        form.setVerticalSpacing(10)
        warning = QLabel(_("Confidential: names and contact details are kept apart from the research data and "
                           "never appear in exports, logs or transcripts. Changes are recorded in the audit log."))
        warning.setWordWrap(True)
        warning.setStyleSheet(CAUTION_STYLE)
        form.addRow(warning)
        current = identity.get_identity(study, participant.id)
        self.edits: dict[str, QLineEdit] = {}
        labels = {"full_name": _("Full name:"), "email": _("Email:"), "phone": _("Telephone:"),
                  "other_contact": _("Other contact:")}
        for field_name, label in labels.items():
            edit = QLineEdit(getattr(current, field_name))
            edit.setObjectName(f"{field_name}Edit")
            self.edits[field_name] = edit
            form.addRow(label, edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(480, self.sizeHint().height())

    def accept(self) -> None:
        values = {name: edit.text() for name, edit in self.edits.items()}
        try:
            identity.set_identity(self.study, identity.Identity(self.participant.id, **values))
        except UserError as error:
            show_error(self, error)
            return
        super().accept()
