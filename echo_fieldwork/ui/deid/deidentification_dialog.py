"""Review screen for one session's deidentification: every proposal, in the transcript and in the field
notes, in context; accept, reject, change its tag, add its text as an identifier everywhere or to the keep list; mark the session reviewed.

Fast from the keyboard: in the list, A accepts, R rejects (the next undecided proposal is then selected), T goes to
the tag field (Enter applies it); with Shift, or with "every occurrence" ticked, it acts on every proposal of the
same text in the session."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.deid import deidentify
from echo_fieldwork.export.model import SessionExport, build_session_export
from echo_fieldwork.export.text import render_plain
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.sessions.fieldnotes import list_notes
from echo_fieldwork.sessions.sessions import get_session
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.tasks import Task, run_study_task
from echo_fieldwork.ui.deid.keep_words_dialog import KeepWordsDialog


def _status_label(status: str) -> str:
    return {"proposed": _("Proposed"), "accepted": _("Accepted"), "rejected": _("Rejected")}[status]


def _note_time(recording_ms: int | None) -> str:
    return format_ms(recording_ms) if recording_ms is not None else _("not placed on the recording")


def preview_text(doc: SessionExport) -> str:
    """What will leave, as the analyst reads it: the transcript, then the field notes."""
    text = render_plain(doc)
    if doc.notes:
        text += "\n" + _("Field notes") + "\n" + "".join(
            f"[{_note_time(note.recording_ms)}] {note.text}\n" for note in doc.notes if note.text)
    return text


class DeidentificationDialog(QDialog):
    review_changed = Signal(int)  # session id
    detection_finished = Signal()

    def __init__(self, study: Study, session_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.session_id = session_id
        self.code = get_session(study, session_id).code
        self.replacements: list[deidentify.Replacement] = []
        self.task: Task | None = None
        self.setWindowTitle(_("Deidentification review — {code}").format(code=self.code))
        self.resize(1000, 720)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.state_label = QLabel()
        self.state_label.setObjectName("reviewState")
        top.addWidget(self.state_label, 1)
        self.detect_button = QPushButton(_("Run detection"))
        self.detect_button.clicked.connect(self.run_detection)
        top.addWidget(self.detect_button)
        self.keep_list_button = QPushButton(_("Keep list…"))
        self.keep_list_button.setObjectName("keepListButton")
        self.keep_list_button.clicked.connect(self.open_keep_list)
        top.addWidget(self.keep_list_button)
        layout.addLayout(top)
        # NER missing (a broken install, a bundle built with --no-ner): said plainly, and this review is the only way out.
        self.ner_warning = QLabel(deidentify.ner_missing_message())
        self.ner_warning.setObjectName("nerWarning")
        self.ner_warning.setWordWrap(True)
        self.ner_warning.setStyleSheet("color: #a94400; font-weight: bold;")
        self.ner_warning.setVisible(False)
        layout.addWidget(self.ner_warning)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("proposalsTable")
        self.table.setHorizontalHeaderLabels([_("Status"), _("Category"), _("In context"), _("Tag"), _("Found in")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._show_selection)
        # What will leave, as the analyst will read it: the place to spot what detection missed.
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("previewText")
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText(_("The deidentified transcript appears here."))
        # Labelled as a mere preview until detection has run: before that nothing in it is hidden.
        self.preview_label = QLabel()
        self.preview_label.setObjectName("previewLabel")
        self.preview_label.setWordWrap(True)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_label)
        preview_layout.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(preview_box)
        splitter.setSizes([380, 160])
        layout.addWidget(splitter, 1)

        self.context_label = QLabel()
        self.context_label.setObjectName("contextLabel")
        self.context_label.setWordWrap(True)
        self.context_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.context_label)

        actions = QHBoxLayout()
        self.accept_button = QPushButton(_("Accept"))
        self.accept_button.clicked.connect(lambda: self._set_status("accepted"))
        self.reject_button = QPushButton(_("Reject (keep the text)"))
        self.reject_button.clicked.connect(lambda: self._set_status("rejected"))
        actions.addWidget(self.accept_button)
        actions.addWidget(self.reject_button)
        self.keep_button = QPushButton(_("Never propose this again in this study"))
        self.keep_button.setObjectName("keepWordButton")
        self.keep_button.setToolTip(_("Adds the text to the study's keep list and rejects its undecided proposals."))
        self.keep_button.clicked.connect(self.keep_selected)
        actions.addWidget(self.keep_button)
        actions.addSpacing(16)
        self.tag_edit = QLineEdit()
        self.tag_edit.setObjectName("tagEdit")
        self.tag_edit.setPlaceholderText(_("new tag, e.g. région"))
        self.tag_button = QPushButton(_("Change tag"))
        self.tag_button.clicked.connect(self.change_tag)
        self.tag_edit.returnPressed.connect(self._tag_from_keyboard)
        actions.addWidget(self.tag_edit)
        actions.addWidget(self.tag_button)
        actions.addSpacing(16)
        self.every_check = QCheckBox(_("Every occurrence of this text"))
        self.every_check.setObjectName("everyOccurrenceCheck")
        self.every_check.setToolTip(_("Accept, reject or change the tag of every proposal of the same text in this "
                                      "session at once (key O turns it on or off)."))
        actions.addWidget(self.every_check)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.accept_button.setToolTip(_("Key: A (Shift+A: every occurrence of this text)"))
        self.reject_button.setToolTip(_("Key: R (Shift+R: every occurrence of this text)"))
        self.tag_button.setToolTip(_("Key: T, type the tag, then Enter"))
        self.keys_label = QLabel(_("Keys in the list: A accept · R reject · T change the tag (Enter applies it) · "
                                   "Shift+A, Shift+R: every occurrence of the text · O every occurrence on/off · "
                                   "↑ ↓ move"))
        self.keys_label.setObjectName("reviewKeys")
        self.keys_label.setWordWrap(True)
        self.keys_label.setStyleSheet("color: #555;")
        layout.addWidget(self.keys_label)
        self.table.installEventFilter(self)

        identifiers = QHBoxLayout()
        self.category_combo = QComboBox()
        for key, label in deidentify.IDENTIFIER_CATEGORIES.items():
            self.category_combo.addItem(_(label), key)
        self.identifier_button = QPushButton(_("Add as identifier everywhere"))
        self.identifier_button.clicked.connect(self.add_identifier)
        identifiers.addWidget(self.category_combo)
        identifiers.addWidget(self.identifier_button)
        identifiers.addSpacing(16)
        self.missed_edit = QLineEdit()
        self.missed_edit.setObjectName("missedEdit")
        self.missed_edit.setPlaceholderText(_("text the detection missed, e.g. a town"))
        self.missed_button = QPushButton(_("Hide this text everywhere"))
        self.missed_button.clicked.connect(self.add_missed_text)
        identifiers.addWidget(self.missed_edit, 1)
        identifiers.addWidget(self.missed_button)
        layout.addLayout(identifiers)

        buttons = QDialogButtonBox()
        self.reviewed_button = buttons.addButton(_("Mark the deidentification reviewed"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.reviewed_button.setObjectName("markReviewedButton")
        self.reviewed_button.clicked.connect(self.mark_reviewed)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    # -- data --------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.ner_warning.setVisible(deidentify.ran_without_ner(self.study, self.session_id))
        self.replacements = deidentify.list_replacements(self.study, self.session_id)
        note_times = {note.id: note.recording_ms for note in list_notes(self.study, self.session_id)}
        self.table.setRowCount(len(self.replacements))
        for row, r in enumerate(self.replacements):
            before, original, after = deidentify.context(self.study, r, 45)
            shown = f"…{before}⟦{original}⟧{after}…".replace("\n", "⏎")
            where = (_("Field note [{time}]").format(time=_note_time(note_times.get(r.note_id)))
                     if r.note_id is not None else _("Transcript"))
            items = [_status_label(r.status), _(deidentify.CATEGORY_LABELS.get(r.category, r.category)), shown,
                     f"[{r.tag}]", where]
            for column, text in enumerate(items):
                item = QTableWidgetItem(text)
                if column == 0 and r.status == "rejected":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        state = deidentify.review_state(self.study, self.session_id)
        self.preview.setPlainText(preview_text(build_session_export(self.study, self.session_id)))
        if state.state == "not_run":
            self.preview_label.setText(_("Preview — detection has not run yet: no name is hidden in this text."))
            self.preview_label.setStyleSheet("color: #a94400; font-weight: bold;")
        elif state.state == "stale":
            self.preview_label.setText(_("Preview — the transcript changed since detection ran: run it again."))
            self.preview_label.setStyleSheet("color: #a94400; font-weight: bold;")
        else:
            self.preview_label.setText(_("The text as it will be exported (every replacement not rejected is applied):"))
            self.preview_label.setStyleSheet("")
        self.state_label.setText(state.reason(self.code) + "  " + ngettext(
            "({n} proposal in all)", "({n} proposals in all)", len(self.replacements)).format(n=len(self.replacements)))
        self._show_selection()

    def selected(self) -> list[deidentify.Replacement]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.replacements[row] for row in rows if row < len(self.replacements)]

    def _show_selection(self) -> None:
        chosen = self.selected()
        for button in (self.accept_button, self.reject_button, self.identifier_button, self.keep_button):
            button.setEnabled(bool(chosen))
        self.tag_button.setEnabled(len(chosen) == 1)
        if len(chosen) == 1:
            before, original, after = deidentify.context(self.study, chosen[0], 200)
            self.context_label.setText(f"{html.escape(before)}<b style='background:#ffe08a'>{html.escape(original)}"
                                       f"</b>{html.escape(after)} → <b>[{html.escape(chosen[0].tag)}]</b>")
        else:
            self.context_label.setText("")

    def _select_rows(self, ids: set[int]) -> None:
        self.table.clearSelection()
        for row, r in enumerate(self.replacements):
            if r.id in ids:
                self.table.selectRow(row)

    # -- actions -----------------------------------------------------------------------------------
    def _guarded(self, action) -> bool:
        try:
            action()
        except Exception as error:  # shown to the user; nothing was changed (core writes are atomic)
            show_error(self, error)
            return False
        return True

    def run_detection(self) -> None:
        """Detect in a worker thread; `detection_finished` follows (also after an error)."""
        self._run_task(lambda study: deidentify.run_detection(study, self.session_id))

    def _run_task(self, function) -> None:
        """`function(worker_study)` in a worker thread; the dialog is busy until it ends, then refreshed."""
        self._set_busy(True)
        self.task = run_study_task(self.study, function, lambda _result: self._task_done(), self._task_failed,
                                   context=self)

    def _task_failed(self, error: BaseException) -> None:
        show_error(self, error)
        self._task_done()

    def done(self, result: int) -> None:
        # Closing waits for a running detection, as before: the review is never left half-detected, and a
        # second run cannot start on the same transcript. If the dialog is deleted before the result
        # arrives, the result is dropped (see tasks.run_task's context).
        if self.task is not None and self.task.is_running():
            self.task.wait()
        super().done(result)

    def _task_done(self) -> None:
        self.task = None
        self._set_busy(False)
        self.refresh()
        self.review_changed.emit(self.session_id)
        self.detection_finished.emit()

    def _set_busy(self, busy: bool) -> None:
        self.detect_button.setEnabled(not busy)
        self.missed_button.setEnabled(not busy)
        self.reviewed_button.setEnabled(not busy)
        self.detect_button.setText(_("Detecting…") if busy else _("Run detection"))
        if busy:
            for button in (self.accept_button, self.reject_button, self.identifier_button, self.tag_button,
                           self.missed_button, self.keep_button):
                button.setEnabled(False)

    # -- keyboard ----------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A, R, T and O in the proposals list (Shift+A, Shift+R: every occurrence of the text)."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            shift = modifiers == Qt.KeyboardModifier.ShiftModifier
            if modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
                key = event.key()
                if key in (Qt.Key.Key_A, Qt.Key.Key_R) and self.accept_button.isEnabled():
                    self._set_status("accepted" if key == Qt.Key.Key_A else "rejected", every=shift, advance=True)
                    return True
                if key == Qt.Key.Key_T and not shift and self.tag_button.isEnabled():
                    self.tag_edit.setFocus()
                    self.tag_edit.selectAll()
                    return True
                if key == Qt.Key.Key_O and not shift:
                    self.every_check.toggle()
                    return True
        return super().eventFilter(watched, event)

    def _tag_from_keyboard(self) -> None:
        if self.tag_button.isEnabled() and self.tag_edit.text().strip():
            self.change_tag()
            self.table.setFocus()

    def _chosen_ids(self, every: bool = False) -> list[int]:
        """The selected proposals, or with `every` (or the box ticked) every proposal of their texts."""
        ids = [r.id for r in self.selected()]
        if ids and (every or self.every_check.isChecked()):
            return deidentify.same_text(self.study, self.session_id, ids)
        return ids

    def _select_next_undecided(self, after_row: int) -> None:
        rows = list(range(after_row + 1, len(self.replacements))) + list(range(0, after_row + 1))
        row = next((r for r in rows if self.replacements[r].status == "proposed"), None)
        if row is not None:
            self.table.clearSelection()
            self.table.selectRow(row)
            self.table.scrollToItem(self.table.item(row, 0))

    def _set_status(self, status: str, *, every: bool = False, advance: bool = False) -> None:
        last_row = max((index.row() for index in self.table.selectionModel().selectedRows()), default=-1)
        ids = self._chosen_ids(every)
        if self._guarded(lambda: deidentify.set_status(self.study, ids, status)):
            self.refresh()
            self._select_rows(set(ids))
            if advance:
                self._select_next_undecided(last_row)
            self.review_changed.emit(self.session_id)

    def keep_selected(self) -> None:
        """Never propose the selected texts again in this study (their undecided proposals are rejected)."""
        ids = [r.id for r in self.selected()]
        if ids and self._guarded(lambda: deidentify.keep_proposed_text(self.study, ids)):
            self.refresh()
            self._select_rows(set(ids))
            self.review_changed.emit(self.session_id)

    def open_keep_list(self) -> KeepWordsDialog:
        dialog = KeepWordsDialog(self.study, self)
        dialog.open()
        return dialog

    def change_tag(self) -> None:
        if len(self.selected()) != 1:
            return
        ids = self._chosen_ids()
        if self._guarded(lambda: deidentify.change_tags(self.study, ids, self.tag_edit.text())):
            self.tag_edit.clear()
            self.refresh()
            self._select_rows(set(ids))
            self.review_changed.emit(self.session_id)

    def add_identifier(self) -> None:
        """Add the selected texts to the study's identifiers and detect again everywhere (in a worker)."""
        ids = [r.id for r in self.selected()]
        category = self.category_combo.currentData()
        tag = self.tag_edit.text()

        def add_all(study: Study) -> int:
            return sum(deidentify.add_as_identifier_everywhere(study, rid, category, tag) for rid in ids)

        if ids:
            self._run_task(add_all)

    def add_missed_text(self) -> None:
        """Hide a text no proposal covers: it becomes a study identifier, found again everywhere."""
        text = self.missed_edit.text().strip()
        category = self.category_combo.currentData()
        tag = self.tag_edit.text()
        if text:
            self.missed_edit.clear()
            self._run_task(lambda study: deidentify.add_identifier_everywhere(study, text, category, tag))

    def mark_reviewed(self) -> None:
        if self._guarded(lambda: deidentify.mark_reviewed(self.study, self.session_id)):
            self.refresh()
            self.review_changed.emit(self.session_id)
            self.accept()
