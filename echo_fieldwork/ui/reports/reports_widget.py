"""The Reports tab: choose a report, its language and whom it counts, preview it, export it; the quote bank."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.reports import quotes
from echo_fieldwork.reports.registry import FORMAT_LABELS, REPORT_KINDS, build_report, write_report
from echo_fieldwork.reports.render import render_markdown
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.common.study_tab import StudyTab
from echo_fieldwork.ui.reports.quote_dialog import QuoteDialog

log = logging.getLogger("echo_fieldwork.ui.reports")
FILE_FILTERS = {"docx": "Word (*.docx)", "csv": "CSV (*.csv)", "md": "Markdown (*.md)"}


class ReportsWidget(StudyTab):
    report_exported = Signal(str)

    def __init__(self, study: Study, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(study, settings, parent)
        self.setWindowTitle(_("Reports"))
        layout = QVBoxLayout(self)

        choices = QHBoxLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("reportKind")
        for kind, label in REPORT_KINDS.items():
            self.kind_combo.addItem(_(label), kind)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("reportLanguage")
        self.language_combo.addItem("Français", "fr")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(0 if study.language == "fr" else 1)
        self.population_combo = QComboBox()
        self.population_combo.setObjectName("reportPopulation")
        self.population_combo.addItem(_("All consented participants"), "consented")
        self.population_combo.addItem(_("Participants who attended a session"), "attended")
        self.percent_combo = QComboBox()
        self.percent_combo.setObjectName("reportPercentDecimals")
        self.percent_combo.addItem(_("one decimal"), 1)
        self.percent_combo.addItem(_("whole numbers"), 0)
        for label, widget in ((_("Report:"), self.kind_combo), (_("Language:"), self.language_combo),
                              (_("Count:"), self.population_combo), (_("Percentages:"), self.percent_combo)):
            choices.addWidget(QLabel(label))
            choices.addWidget(widget)
        choices.addStretch(1)
        # The export buttons on a row of their own: on one row with the choices the window needed 1250 px
        # (French labels), wider than a 1280×720 screen at 125 %.
        exports = QHBoxLayout()
        exports.addStretch(1)
        self.export_buttons: dict[str, QPushButton] = {}
        for fmt in ("docx", "csv", "md"):
            button = QPushButton(_("Export {format}…").format(format=fmt.upper() if fmt != "md" else "Markdown"))
            button.setObjectName(f"export_{fmt}")
            button.setToolTip(_(FORMAT_LABELS[fmt]))
            button.clicked.connect(lambda _checked=False, f=fmt: self.choose_export(f))
            self.export_buttons[fmt] = button
            exports.addWidget(button)
        layout.addLayout(choices)
        layout.addLayout(exports)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.preview = QTextBrowser()
        self.preview.setObjectName("reportPreview")
        self.preview.setOpenLinks(False)
        splitter.addWidget(self.preview)
        splitter.addWidget(self._build_quotes_box())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 220])
        layout.addWidget(splitter, 1)

        self.kind_combo.currentIndexChanged.connect(self.update_preview)
        self.language_combo.currentIndexChanged.connect(self.update_preview)
        self.population_combo.currentIndexChanged.connect(self.update_preview)
        self.percent_combo.currentIndexChanged.connect(self.update_preview)
        self.refresh()

    def _build_quotes_box(self) -> QGroupBox:
        box = QGroupBox(_("Quote bank"))
        layout = QVBoxLayout(box)
        self.quotes_table = QTableWidget(0, 4)
        self.quotes_table.setObjectName("quotesTable")
        self.quotes_table.setHorizontalHeaderLabels([_("Attribution"), _("Quote"), _("Translation"),
                                                     _("Back-translation")])
        self.quotes_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.quotes_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.quotes_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.quotes_table.verticalHeader().hide()
        header = self.quotes_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.quotes_table.cellDoubleClicked.connect(lambda _row, _col: self.edit_selected_quote())
        layout.addWidget(self.quotes_table)
        buttons = QHBoxLayout()
        self.edit_quote_button = QPushButton(_("Edit translations…"))
        self.edit_quote_button.setObjectName("editQuote")
        self.edit_quote_button.clicked.connect(self.edit_selected_quote)
        self.delete_quote_button = QPushButton(_("Delete quote"))
        self.delete_quote_button.setObjectName("deleteQuote")
        self.delete_quote_button.clicked.connect(self.delete_selected_quote)
        self.quotes_hint = QLabel(_("Save quotes from the transcript editor: select a passage, then “Save as quote”."))
        self.quotes_hint.setWordWrap(True)
        buttons.addWidget(self.quotes_hint, 1)
        buttons.addWidget(self.edit_quote_button)
        buttons.addWidget(self.delete_quote_button)
        layout.addLayout(buttons)
        return box

    # -- state -----------------------------------------------------------------------------------------
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def language(self) -> str:
        return self.language_combo.currentData()

    def population(self) -> str:
        return self.population_combo.currentData()

    def refresh(self) -> None:
        self.update_preview()
        self.refresh_quotes()

    def current_report(self):
        return build_report(self.study, self.kind(), self.language(), self.population(),
                            percent_decimals=self.percent_combo.currentData())

    def update_preview(self) -> None:
        self.population_combo.setEnabled(self.kind() == "table1")
        self.percent_combo.setEnabled(self.kind() == "table1")
        try:
            markdown = render_markdown(self.current_report())
        except UserError as error:
            markdown = str(error)
        self.preview.setMarkdown(markdown)

    def refresh_quotes(self) -> None:
        rows = quotes.list_quotes(self.study)
        self.quotes_table.setRowCount(len(rows))
        for index, quote in enumerate(rows):
            for column, text in enumerate((quote.attribution, quote.text, quote.translation, quote.back_translation)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, quote.id)
                item.setToolTip(text)
                self.quotes_table.setItem(index, column, item)
        has_quotes = bool(rows)
        self.edit_quote_button.setEnabled(has_quotes)
        self.delete_quote_button.setEnabled(has_quotes)

    def selected_quote_id(self) -> int | None:
        row = self.quotes_table.currentRow()
        item = self.quotes_table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # -- actions ---------------------------------------------------------------------------------------
    def quote_dialog(self, quote_id: int) -> QuoteDialog:
        quote = quotes.get_quote(self.study, quote_id)
        dialog = QuoteDialog(self.study, quote.session_id, quote.start_ms, quote.end_ms, quote.text, None, self,
                             quote_id=quote_id)
        dialog.quote_saved.connect(lambda _id: self.refresh())
        return dialog

    def edit_selected_quote(self) -> None:
        quote_id = self.selected_quote_id()
        if quote_id is not None:
            self.quote_dialog(quote_id).open()

    def delete_selected_quote(self) -> None:
        quote_id = self.selected_quote_id()
        if quote_id is None:
            return
        answer = QMessageBox.question(self, _("Delete quote"), _("Delete this quote from the quote bank?"))
        if answer == QMessageBox.StandardButton.Yes:
            quotes.delete_quote(self.study, quote_id)
            self.refresh()

    def choose_export(self, fmt: str) -> None:
        suggested = self.study.exports_dir / f"{self.kind()}-{self.language()}.{fmt}"
        path, _filter = QFileDialog.getSaveFileName(self, _("Export report"), str(suggested), FILE_FILTERS[fmt])
        if path:
            self.export_to(fmt, Path(path))

    def export_to(self, fmt: str, path: Path) -> Path | None:
        try:
            written = write_report(self.study, self.current_report(), fmt, path)
        except UserError as error:
            show_error(self, error)
            return None
        self.report_exported.emit(str(written))
        return written

