"""The study overview: participants with their consent badges, sessions and consent forms at a glance,
and the actions of enrolment (add, identity, consent, withdrawal, questionnaire, CSV import)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.correction import edits as transcript_edit
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.people import consent, study_form
from echo_fieldwork.people.forms import Form
from echo_fieldwork.people.participant_import import import_participants
from echo_fieldwork.people.participants import STUDY_ROLES, Participant, ParticipantStatus, list_with_status
from echo_fieldwork.people.permissions import consented_without_audio
from echo_fieldwork.sessions import sessions
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.study_tab import StudyTab
from echo_fieldwork.ui.people.consent_badge import ConsentBadgeWidget, badge_status
from echo_fieldwork.ui.people.consent_dialog import ConsentDialog, form_caption
from echo_fieldwork.ui.people.consent_form_dialog import ConsentFormDialog
from echo_fieldwork.ui.people.identity_dialog import IdentityDialog
from echo_fieldwork.ui.people.participant_details_widget import ParticipantDetailsWidget
from echo_fieldwork.ui.people.participant_dialog import ParticipantDialog
from echo_fieldwork.ui.people.questionnaire_dialog import QuestionnaireDialog
from echo_fieldwork.ui.people.questionnaire_form_dialog import QuestionnaireFormDialog
from echo_fieldwork.ui.people.withdrawal_dialog import WithdrawalDialog

log = logging.getLogger("echo_fieldwork.ui.overview")
MUTED = "color: #5b6472;"


def _stat_card(title: str) -> tuple[QFrame, QLabel]:
    card = QFrame()
    card.setObjectName("statCard")
    card.setStyleSheet("QFrame#statCard { background: #f6f8fb; border: 1px solid #dfe4eb; border-radius: 10px; }")
    box = QVBoxLayout(card)
    box.setContentsMargins(14, 10, 14, 10)
    box.setSpacing(2)
    value = QLabel("0")
    value.setStyleSheet("font-size: 18pt; font-weight: 600; color: #1f2a37;")
    caption = QLabel(title)
    caption.setStyleSheet(MUTED)
    box.addWidget(value)
    box.addWidget(caption)
    return card, value


def _badge_cell(status: str) -> QWidget:
    holder = QWidget()
    box = QHBoxLayout(holder)
    box.setContentsMargins(6, 2, 6, 2)
    box.addWidget(ConsentBadgeWidget(status))
    box.addStretch(1)
    return holder


class OverviewWidget(StudyTab):
    participants_changed = Signal()

    def __init__(self, study: Study, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(study, settings, parent)
        self.form: Form = study_form.study_form(study)
        self.rows: list[ParticipantStatus] = []
        self.last_dialog: QDialog | None = None
        self.setWindowTitle(_("Overview"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        self.title_label = QLabel()
        self.title_label.setObjectName("studyTitle")
        self.title_label.setStyleSheet("font-size: 19pt; font-weight: 600; color: #1f2a37;")
        self.subtitle_label = QLabel()
        self.subtitle_label.setStyleSheet(MUTED)
        layout.addWidget(self.title_label)
        layout.addWidget(self.subtitle_label)
        cards = QHBoxLayout()
        cards.setSpacing(12)
        self.stat_values: dict[str, QLabel] = {}
        for key, title in (("participants", _("Participants")), ("consented", _("Consented")),
                           ("missing", _("Consent missing")), ("withdrawn", _("Withdrawn")),
                           ("questionnaires", _("Questionnaires completed")), ("sessions", _("Sessions"))):
            card, value = _stat_card(title)
            self.stat_values[key] = value
            cards.addWidget(card)
        layout.addLayout(cards)
        self._build_actions()
        action_row = QHBoxLayout()
        action_row.setSpacing(8)
        for action in (self.add_action, self.consent_action, self.withdraw_action, self.questionnaire_action,
                       self.identity_action, self.import_action):
            button = QPushButton(action.text().replace("&", ""))
            button.setObjectName(action.objectName() + "Button")
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda a=action, b=button: b.setEnabled(a.isEnabled()))
            button.setEnabled(action.isEnabled())
            action_row.addWidget(button)
        action_row.addStretch(1)
        layout.addLayout(action_row)
        body = QHBoxLayout()
        body.setSpacing(16)
        main_column = QVBoxLayout()
        main_column.setSpacing(16)
        main_column.addWidget(self._participants_box(), 1)
        self.details = ParticipantDetailsWidget(self.study, self.form)
        self.details.setMaximumHeight(185)
        main_column.addWidget(self.details)
        body.addLayout(main_column, 5)  # at 3:2 the sessions table needed a horizontal scroll bar (French)
        side_panel = QWidget()
        side = QVBoxLayout(side_panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(16)
        side.addWidget(self._sessions_box(), 1)
        side.addWidget(self._consent_box())
        side.addWidget(self._questionnaire_box())
        # Scrolls rather than making the window taller than a small laptop screen (1280×720 at 125 %).
        side_scroll = QScrollArea()
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setWidget(side_panel)
        side_scroll.setMinimumWidth(side_panel.minimumSizeHint().width())
        body.addWidget(side_scroll, 4)
        layout.addLayout(body, 1)
        self.refresh()

    # -- building ----------------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(name: str, text: str, slot) -> QAction:
            created = QAction(text, self)
            created.setObjectName(name)
            created.triggered.connect(slot)
            return created
        self.add_action = action("addParticipant", _("&Add participant…"), self.add_participant)
        self.consent_action = action("recordConsent", _("Record &consent…"), self.record_consent)
        self.withdraw_action = action("recordWithdrawal", _("Record &withdrawal…"), self.record_withdrawal)
        self.questionnaire_action = action("fillQuestionnaire", _("Fill &questionnaire…"), self.fill_questionnaire)
        self.identity_action = action("editIdentity", _("&Identity…"), self.edit_identity)
        self.edit_participant_action = action("editParticipant", _("&Edit code and role…"), self.edit_participant)
        self.import_action = action("importCsv", _("&Import from CSV…"), lambda: self.import_csv())
        self.edit_form_action = action("editConsentForm", _("Edit consent &form…"), self.edit_consent_form)
        self.choose_questionnaire_action = action("chooseQuestionnaire", _("&Questionnaire of the study…"),
                                                  self.choose_questionnaire)
        self._per_participant = [self.consent_action, self.withdraw_action, self.questionnaire_action,
                                 self.identity_action, self.edit_participant_action]

    def menu_actions(self) -> list[QAction]:
        return [self.add_action, self.edit_participant_action, self.identity_action, self.consent_action,
                self.withdraw_action, self.questionnaire_action, self.import_action, self.edit_form_action,
                self.choose_questionnaire_action]

    def _participants_box(self) -> QGroupBox:
        box = QGroupBox(_("Participants"))
        inner = QVBoxLayout(box)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("participantsTable")
        self.table.setHorizontalHeaderLabels([_("Code"), _("Role"), _("Consent"), _("Questionnaire")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.table.cellDoubleClicked.connect(lambda *_args: self.edit_participant())
        inner.addWidget(self.table)
        self.empty_label = QLabel(_("No participants yet. Add them one by one or import a CSV file."))
        self.empty_label.setStyleSheet(MUTED)
        inner.addWidget(self.empty_label)
        return box

    def _sessions_box(self) -> QGroupBox:
        box = QGroupBox(_("Sessions"))
        inner = QVBoxLayout(box)
        self.sessions_table = QTableWidget(0, 6)
        self.sessions_table.setObjectName("sessionsTable")
        self.sessions_table.setHorizontalHeaderLabels([_("Code"), _("Kind"), _("Date"), _("People"), _("Duration"),
                                                       _("Transcript")])
        self.sessions_table.verticalHeader().hide()
        self.sessions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sessions_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.sessions_table.setShowGrid(False)
        self.sessions_table.verticalHeader().setDefaultSectionSize(26)
        self.sessions_table.setMinimumHeight(96)
        self.sessions_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.sessions_table.horizontalHeader().setStretchLastSection(True)
        self.sessions_table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.sessions_table)
        self.sessions_summary = QLabel()
        self.sessions_summary.setStyleSheet(MUTED)
        inner.addWidget(self.sessions_summary)
        return box

    def _consent_box(self) -> QGroupBox:
        box = QGroupBox(_("Consent"))
        self.consent_grid = QGridLayout(box)
        self.consent_grid.setVerticalSpacing(6)
        self.consent_summary = QLabel()
        self.consent_summary.setObjectName("consentSummaryLabel")
        self.consent_summary.setWordWrap(True)
        self.consent_grid.addWidget(self.consent_summary, 0, 0)
        edit = QPushButton(self.edit_form_action.text().replace("&", ""))
        edit.clicked.connect(self.edit_form_action.trigger)
        self.consent_grid.addWidget(edit, 1, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def _questionnaire_box(self) -> QGroupBox:
        box = QGroupBox(_("Questionnaire"))
        inner = QVBoxLayout(box)
        self.questionnaire_summary = QLabel()
        self.questionnaire_summary.setObjectName("questionnaireSummaryLabel")
        self.questionnaire_summary.setWordWrap(True)
        inner.addWidget(self.questionnaire_summary)
        choose = QPushButton(_("Questionnaire…"))
        choose.setObjectName("chooseQuestionnaireButton")
        choose.clicked.connect(self.choose_questionnaire_action.trigger)
        inner.addWidget(choose, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    # -- refreshing --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.title_label.setText(self.study.title)
        self.subtitle_label.setText(_("Study folder: {folder} · language: {language}").format(
            folder=self.study.folder, language=self.study.language))
        selected = self.selected_participant()
        self.rows = list_with_status(self.study)
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            code_item = QTableWidgetItem(row.participant.code)
            code_item.setData(Qt.ItemDataRole.UserRole, row.participant.id)
            font = code_item.font()
            font.setBold(True)
            code_item.setFont(font)
            self.table.setItem(index, 0, code_item)
            self.table.setItem(index, 1, QTableWidgetItem(_(STUDY_ROLES[row.participant.study_role])))
            no_audio = consented_without_audio(self.study, row.participant.id)
            self.table.setCellWidget(index, 2, _badge_cell(badge_status(row.consent_status, row.participant.study_role,
                                                                        no_audio)))
            if row.questionnaire_done or row.participant.study_role != "interviewer":
                self.table.setCellWidget(index, 3, _badge_cell("done" if row.questionnaire_done else "todo"))
            else:
                # Research staff are not study subjects: no questionnaire is expected from them.
                self.table.removeCellWidget(index, 3)
                self.table.setItem(index, 3, QTableWidgetItem("—"))
            if selected is not None and selected.id == row.participant.id:
                self.table.selectRow(index)
        self.table.setVisible(bool(self.rows))
        self.empty_label.setVisible(not self.rows)
        participants_only = [r for r in self.rows if r.participant.study_role != "interviewer"]
        counts = {status: sum(r.consent_status == status for r in participants_only)
                  for status in ("consented", "missing", "withdrawn")}
        self.stat_values["participants"].setText(str(len(participants_only)))
        for status, count in counts.items():
            self.stat_values[status].setText(str(count))
        self.stat_values["questionnaires"].setText(str(sum(r.questionnaire_done for r in participants_only)))
        self._refresh_sessions()
        self._refresh_consent_forms()
        self._refresh_questionnaire()
        self._update_actions()

    def _refresh_sessions(self) -> None:
        found = sessions.list_sessions(self.study)
        self.stat_values["sessions"].setText(str(len(found)))
        self.sessions_table.setRowCount(len(found))
        total_ms = 0
        # Review progress of each transcript, so the team sees at a glance what is left to correct.
        reviews = {t.session_id: t.status.status for t in transcript_edit.transcript_summaries(self.study)}
        for index, session in enumerate(found):
            duration = sessions.session_duration_ms(self.study, session.id)
            total_ms += duration
            attendees = sessions.attendance(self.study, session.id)
            people = _("{participants} + {team}").format(
                participants=sum(role == "participant" for _pid, _code, role in attendees),
                team=sum(role != "participant" for _pid, _code, role in attendees))
            values = [session.code, _(sessions.SESSION_KINDS[session.kind]), session.date, people,
                      format_ms(duration) if duration else "—",
                      _(transcript_edit.REVIEW_STATUSES[reviews[session.id]]) if session.id in reviews else "—"]
            for column, value in enumerate(values):
                self.sessions_table.setItem(index, column, QTableWidgetItem(value))
        summary = ngettext("{n} session, {time} recorded", "{n} sessions, {time} recorded",
                           len(found)).format(n=len(found), time=format_ms(total_ms))
        if reviews:
            summary += "\n" + _("Transcripts: {total}, corrected {corrected}, verified {verified}").format(
                total=len(reviews), corrected=sum(v == "corrected" for v in reviews.values()),
                verified=sum(v == "verified" for v in reviews.values()))
        self.sessions_summary.setText(summary)

    def _refresh_consent_forms(self) -> None:
        consent.ensure_default_forms(self.study)
        latest = [consent.latest_form(self.study, language) for language in ("fr", "en")]
        # The counts are on the cards above; this box says which form versions are in force.
        lines = [_("Current consent forms:")]
        lines += ["• " + form_caption(form) for form in latest]
        self.consent_summary.setText("\n".join(lines))

    def _refresh_questionnaire(self) -> None:
        self.form = study_form.study_form(self.study)
        self.details.form = self.form
        self.questionnaire_summary.setText(ngettext(
            "{title} — {form_id}, version {version} ({n} field)", "{title} — {form_id}, version {version} ({n} fields)",
            len(self.form.fields)).format(
            title=self.form.title(self.study.language), form_id=self.form.id, version=self.form.version,
            n=len(self.form.fields)))

    def _update_actions(self) -> None:
        selected = self.selected_participant()
        has_selection = selected is not None
        if hasattr(self, "details"):
            self.details.show_participant(selected)
        for action in self._per_participant:
            action.setEnabled(has_selection)

    def selected_participant(self) -> Participant | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not self.rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()].participant

    def select_code(self, code: str) -> None:
        for index, row in enumerate(self.rows):
            if row.participant.code.upper() == code.upper():
                self.table.selectRow(index)
                return

    # -- actions -----------------------------------------------------------------------------------------
    def _show(self, dialog: QDialog) -> QDialog:
        # open() keeps the window responsive (and lets tests drive the dialog); refresh when it is saved.
        self.last_dialog = dialog
        dialog.accepted.connect(self._changed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _changed(self) -> None:
        dialog = self.last_dialog
        self.refresh()
        saved = getattr(dialog, "saved", None)
        if isinstance(saved, Participant):
            self.select_code(saved.code)
        self.participants_changed.emit()

    def add_participant(self) -> QDialog:
        return self._show(ParticipantDialog(self.study, None, self))

    def _for_selected(self, build) -> QDialog | None:
        """Open the dialog `build(participant)` for the selected participant (the actions are disabled otherwise)."""
        participant = self.selected_participant()
        return self._show(build(participant)) if participant is not None else None

    def edit_participant(self) -> QDialog | None:
        return self._for_selected(lambda p: ParticipantDialog(self.study, p, self))

    def edit_identity(self) -> QDialog | None:
        return self._for_selected(lambda p: IdentityDialog(self.study, p, self))

    def record_consent(self) -> QDialog | None:
        return self._for_selected(lambda p: ConsentDialog(self.study, p, self))

    def record_withdrawal(self) -> QDialog | None:
        return self._for_selected(lambda p: WithdrawalDialog(self.study, p, self))

    def fill_questionnaire(self) -> QDialog | None:
        return self._for_selected(lambda p: QuestionnaireDialog(self.study, p, self.form, self))

    def edit_consent_form(self) -> QDialog:
        return self._show(ConsentFormDialog(self.study, self))

    def choose_questionnaire(self) -> QDialog:
        return self._show(QuestionnaireFormDialog(self.study, self))

    def import_csv(self, path: str | Path | None = None) -> bool:
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(self, _("Import participants"), str(Path.home()),
                                                        _("CSV files (*.csv);;All files (*)"))
            if not path:
                return False
        try:
            result = import_participants(self.study, path, self.form)
        except UserError as error:
            show_error(self, error, _("Nothing was imported"))
            return False
        self.refresh()
        self.participants_changed.emit()
        box = QMessageBox(QMessageBox.Icon.Information, _("Import complete"), _(
            "Imported {n} participants ({answers} questionnaires, {identities} identities).").format(
            n=result.participants, answers=result.answer_sets, identities=result.identities),
            QMessageBox.StandardButton.Ok, self)
        box.setObjectName("importDoneBox")
        box.open()
        return True
