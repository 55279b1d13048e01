"""Creating or editing a session: code, kind, date, mode, guide, and who attended (participants, interviewers):
a no-show removed, a late arrival added after the fact."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people.participants import list_participants
from echo_fieldwork.people.permissions import consent_status, consented_without_audio
from echo_fieldwork.resources import guides_dir
from echo_fieldwork.sessions.guides import import_guide_file, list_guides
from echo_fieldwork.sessions.sessions import (
    SESSION_KINDS,
    SESSION_MODES,
    Session,
    attendance,
    create_session,
    get_session,
    suggest_session_code,
    update_session,
)
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error

CODE_ROLE = Qt.ItemDataRole.UserRole


class NewSessionDialog(QDialog):
    def __init__(self, study: Study, parent: QWidget | None = None, *, session_id: int | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.editing = get_session(study, session_id) if session_id is not None else None
        self.session: Session | None = None
        self.setWindowTitle(_("Edit session {code}").format(code=self.editing.code) if self.editing
                            else _("New session"))
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("sessionCode")
        self.code_edit.setPlaceholderText(_("e.g. FG1 or I3"))
        self.kind_combo = QComboBox()
        for key, label in SESSION_KINDS.items():
            self.kind_combo.addItem(_(label), key)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.mode_combo = QComboBox()
        for key, label in SESSION_MODES.items():
            self.mode_combo.addItem(_(label), key)
        self.guide_combo = QComboBox()
        self.guide_combo.setObjectName("guideCombo")
        self.guide_button = QPushButton(_("Add a guide file…"))
        self.guide_button.clicked.connect(self.choose_guide_file)
        guide_row = QHBoxLayout()
        guide_row.addWidget(self.guide_combo, 1)
        guide_row.addWidget(self.guide_button)
        self.attendee_list = QListWidget()
        self.attendee_list.setObjectName("attendeeList")
        self.interviewer_list = QListWidget()
        self.interviewer_list.setObjectName("interviewerList")
        status_text = {"consented": _("consent recorded"), "missing": _("no consent"), "withdrawn": _("withdrawn")}
        for participant in list_participants(study):
            if participant.study_role == "interviewer":
                target, label = self.interviewer_list, participant.code
            else:
                target = self.attendee_list
                status = status_text[consent_status(study, participant.id)]
                if consented_without_audio(study, participant.id):
                    status = _("consent recorded, no audio")  # the session then cannot be recorded
                label = f"{participant.code} ({status})"
            item = QListWidgetItem(label)
            item.setData(CODE_ROLE, participant.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            target.addItem(item)
        for widget in (self.attendee_list, self.interviewer_list):
            widget.setMaximumHeight(140)
        form = QFormLayout(self)
        form.addRow(_("Code:"), self.code_edit)
        form.addRow(_("Kind:"), self.kind_combo)
        form.addRow(_("Date:"), self.date_edit)
        form.addRow(_("Mode:"), self.mode_combo)
        form.addRow(_("Interview guide:"), guide_row)
        form.addRow(_("Participants present:"), self.attendee_list)
        form.addRow(_("Interviewers present:"), self.interviewer_list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._fill_guides()
        self._suggested = ""
        if self.editing:
            self._show_session(self.editing)
        else:
            self.kind_combo.currentIndexChanged.connect(self._suggest_code)
            self._suggest_code()

    def _show_session(self, session: Session) -> None:
        self.code_edit.setText(session.code)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(session.kind))
        self.date_edit.setDate(QDate.fromString(session.date, "yyyy-MM-dd"))
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(session.mode))
        self.guide_combo.setCurrentIndex(max(0, self.guide_combo.findData(session.guide_id)))
        self.set_checked([code for _pid, code, _role in attendance(self.study, session.id)])

    def _suggest_code(self) -> None:
        # Follow the kind until the user types their own code.
        if self.code_edit.text() in ("", self._suggested):
            self._suggested = suggest_session_code(self.study, self.kind_combo.currentData())
            self.code_edit.setText(self._suggested)

    def _fill_guides(self, select: int | None = None) -> None:
        self.guide_combo.clear()
        self.guide_combo.addItem(_("No guide"), None)
        for guide_id, name, language in list_guides(self.study):
            self.guide_combo.addItem(f"{name} ({language})", guide_id)
        if select is not None:
            self.guide_combo.setCurrentIndex(self.guide_combo.findData(select))

    def add_guide_file(self, path: Path | str) -> bool:
        try:
            guide = import_guide_file(self.study, path)
        except UserError as error:
            show_error(self, error)
            return False
        self._fill_guides(guide.id)
        return True

    def choose_guide_file(self) -> None:
        # Start in the example guides shipped with the app (French and English telementoring guides).
        path, _filter = QFileDialog.getOpenFileName(self, _("Interview guide"), str(guides_dir()),
                                                    _("Interview guides (*.yaml *.yml)"))
        if path:
            self.add_guide_file(path)

    @staticmethod
    def _checked(widget: QListWidget) -> list[str]:
        return [widget.item(i).data(CODE_ROLE) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, codes: list[str]) -> None:
        for widget in (self.attendee_list, self.interviewer_list):
            for i in range(widget.count()):
                item = widget.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.data(CODE_ROLE) in codes else Qt.CheckState.Unchecked)

    def accept(self) -> None:
        if self.editing:  # observers are not shown here: an edit keeps them
            observers = [code for _pid, code, role in attendance(self.study, self.editing.id) if role == "observer"]
            save = lambda *a, **kw: update_session(self.study, self.editing.id, *a, observers=observers, **kw)
        else:
            save = lambda *a, **kw: create_session(self.study, *a, **kw)
        try:
            self.session = save(
                self.code_edit.text(), self.kind_combo.currentData(),
                self.date_edit.date().toString("yyyy-MM-dd"), self.mode_combo.currentData(),
                attendees=self._checked(self.attendee_list), interviewers=self._checked(self.interviewer_list),
                guide_id=self.guide_combo.currentData())
        except UserError as error:
            show_error(self, error)
            return
        super().accept()
