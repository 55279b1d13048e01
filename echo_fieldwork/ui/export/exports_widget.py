"""The Exports tab: every session with its transcript's deidentification state; review and export."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.deid import deidentify
from echo_fieldwork.export import runner
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import SESSION_KINDS, list_sessions
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.study_tab import StudyTab


class ExportsWidget(StudyTab):
    def __init__(self, study: Study, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(study, settings, parent)
        self.setWindowTitle(_("Exports"))
        self.session_ids: list[int] = []
        layout = QVBoxLayout(self)
        if study.is_workspace:   # the study exports the session once the corrected transcript is back
            intro = _("This is a correction workspace: review the deidentification here; the transcript is "
                      "exported from the study once you have returned it.")
        else:
            intro = _("Only transcripts whose deidentification was reviewed leave the study. Review each "
                      "transcript's proposed replacements, then export.")
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        layout.addWidget(intro_label)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("sessionsTable")
        self.table.setHorizontalHeaderLabels([_("Session"), _("Kind"), _("Date"), _("Deidentification"),
                                              _("Exports")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(lambda _index: self.open_review())  # Enter or double-click
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.review_button = QPushButton(_("Review deidentification…"))
        self.review_button.setObjectName("reviewButton")
        self.review_button.clicked.connect(self.open_review)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.open_export)
        self.notes_button = QPushButton(_("Export field notes (CSV)"))
        self.notes_button.clicked.connect(self.export_notes)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        for button in (self.review_button, self.export_button, self.notes_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        for button in (self.export_button, self.notes_button):
            button.setVisible(not study.is_workspace)
        self.dialog = None
        self.refresh()

    def refresh(self) -> None:
        sessions = list_sessions(self.study)
        self.session_ids = [s.id for s in sessions]
        exported = dict(self.study.db.execute(
            "SELECT session_id, COUNT(*) FROM exports WHERE session_id IS NOT NULL GROUP BY session_id").fetchall())
        self.table.setRowCount(len(sessions))
        for row, session in enumerate(sessions):
            state = deidentify.review_state(self.study, session.id)
            values = [session.code, _(SESSION_KINDS.get(session.kind, session.kind)), session.date,
                      state.label(), str(exported.get(session.id, 0))]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 3 and not state.exportable:
                    item.setForeground(Qt.GlobalColor.darkRed)
                    item.setToolTip(state.reason(session.code))
                self.table.setItem(row, column, item)
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        return [self.session_ids[i.row()] for i in self.table.selectionModel().selectedRows()]

    def _update_buttons(self) -> None:
        chosen = self.selected_ids()
        self.review_button.setEnabled(len(chosen) == 1)
        self.notes_button.setEnabled(bool(chosen))

    def open_review(self):
        from echo_fieldwork.ui.deid.deidentification_dialog import DeidentificationDialog

        chosen = self.selected_ids()
        if len(chosen) != 1:
            return None
        self.dialog = DeidentificationDialog(self.study, chosen[0], self)
        self.dialog.review_changed.connect(lambda _sid: self.refresh())
        self.dialog.open()
        return self.dialog

    def open_export(self):
        from echo_fieldwork.ui.export.export_dialog import ExportDialog

        self.dialog = ExportDialog(self.study, self.selected_ids(), self)
        # The defaults chosen in Settings → Exports.
        self.dialog.set_format(self.settings.get("export_format"))
        self.dialog.comments_check.setChecked(self.settings.get("export_notes") == "comments")
        self.dialog.export_finished.connect(lambda _files: self.refresh())
        self.dialog.open()
        return self.dialog

    def export_notes(self) -> None:
        try:
            files = runner.export_notes(self.study, self.selected_ids(), "csv")
        except Exception as error:  # shown to the user
            show_error(self, error)
            return
        self.message_label.setText("\n".join(str(p) for p in files))
        self.refresh()

    def menu_actions(self) -> list[QAction]:
        if self.study.is_workspace:
            return []
        action = QAction(_("Export transcripts…"), self)
        action.triggered.connect(self.open_export)
        return [action]
