"""The identity screen: the only place in the app that shows a participant's real name, other names and contact details."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

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
        # Nicknames and maiden names: deidentification looks for them as for the full name.
        self.aliases_edit = QPlainTextEdit("\n".join(identity.get_aliases(study, participant.id)))
        self.aliases_edit.setObjectName("aliasesEdit")
        self.aliases_edit.setTabChangesFocus(True)
        self.aliases_edit.setPlaceholderText(_("one per line, e.g. a nickname or a maiden name"))
        self.aliases_edit.setFixedHeight(self.aliases_edit.fontMetrics().lineSpacing() * 4 + 12)
        aliases_label = QLabel(_("Other names:"))
        aliases_label.setToolTip(_("Names this person also goes by: the deidentification looks for them too. Run it "
                                   "again after a change."))
        form.addRow(aliases_label, self.aliases_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(480, self.sizeHint().height())

    def accept(self) -> None:
        values = {name: edit.text() for name, edit in self.edits.items()}
        aliases = self.aliases_edit.toPlainText().splitlines()
        try:
            with self.study.db.atomic():   # the names and the other names together, or nothing
                identity.set_identity(self.study, identity.Identity(self.participant.id, **values))
                identity.set_aliases(self.study, self.participant.id, aliases)
        except UserError as error:
            show_error(self, error)
            return
        super().accept()
