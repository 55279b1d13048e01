"""The Transcripts tab: sessions with a transcript, their size and review status, progress across
sessions, and the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from echo_fieldwork import transcript_edit as te
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.sessions import SESSION_KINDS
from echo_fieldwork.settings import Settings
from echo_fieldwork.study import Study
from echo_fieldwork.ui.pyside_workarounds import keep_none_alive


class TranscriptsWidget(QWidget):
    def __init__(self, study: Study, settings: Settings, parent: QWidget | None = None) -> None:
        keep_none_alive()
        super().__init__(parent)
        self.study, self.settings = study, settings
        self.editors: dict[int, QWidget] = {}
        self.setWindowTitle(_("Transcripts"))
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("transcriptsTable")
        self.table.setHorizontalHeaderLabels([_("Session"), _("Kind"), _("Date"), _("Segments"), _("Review status")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_editor())
        self.progress_label = QLabel()
        self.progress_label.setObjectName("transcriptsProgress")
        self.progress = QProgressBar()
        self.progress.setObjectName("transcriptsProgressBar")
        self.open_button = QPushButton(_("Open the editor"))
        self.open_button.setObjectName("openEditorButton")
        self.open_button.clicked.connect(self.open_editor)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress_label)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        self.summaries = te.transcript_summaries(self.study)
        self.table.setRowCount(len(self.summaries))
        for row, item in enumerate(self.summaries):
            status = _(te.REVIEW_STATUSES[item.status.status])
            if item.status.by:
                status = _("{status} by {actor}, {date}").format(status=status, actor=item.status.by,
                                                                 date=(item.status.at or "")[:10])
            values = [item.code, _(SESSION_KINDS.get(item.kind, item.kind)), item.date, str(item.segments), status]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        total = len(self.summaries)
        done = sum(1 for s in self.summaries if s.status.status != "draft")
        verified = sum(1 for s in self.summaries if s.status.status == "verified")
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress_label.setText(
            ngettext("{done} of {total} transcript corrected ({verified} verified)",
                     "{done} of {total} transcripts corrected ({verified} verified)", total).format(
                done=done, total=total, verified=verified) if total else _("No transcript yet."))
        self.open_button.setEnabled(total > 0)
        if total and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def open_editor(self, session_id: int | None = None):
        from echo_fieldwork.ui.editor_window import EditorWindow

        if session_id is None:
            row = self.table.currentRow()
            if row < 0:
                return None
            session_id = self.summaries[row].session_id
        editor = self.editors.get(session_id)
        if editor is None:
            editor = EditorWindow(self.study, self.settings, session_id, self)
            editor.setWindowFlag(Qt.WindowType.Window, True)  # its own window, owned by the tab
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            editor.transcript_changed.connect(lambda _sid: self.refresh())
            editor.destroyed.connect(lambda _o=None, sid=session_id: self.editors.pop(sid, None))
            self.editors[session_id] = editor
        editor.show()
        editor.raise_()
        return editor
