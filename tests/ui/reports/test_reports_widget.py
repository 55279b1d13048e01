import docx
import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from echo_fieldwork.reports import quotes
from echo_fieldwork.ui.reports.reports_widget import ReportsWidget
from tests.reports.test_reports_methods import SENTENCE_EN, SENTENCE_FR
from tests.reports_fixtures import build_report_study


@pytest.fixture
def ids(study):
    return build_report_study(study)


def _select(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def test_choose_preview_and_export(qtbot, study, settings, ids, tmp_path):
    widget = ReportsWidget(study, settings)
    qtbot.addWidget(widget)
    widget.show()
    # The study is French: the report language starts in French.
    assert widget.language() == "fr"
    assert "Caractéristiques des participants (N = 8)" in widget.preview.toPlainText()
    _select(widget.language_combo, "en")
    _select(widget.population_combo, "attended")
    text = widget.preview.toPlainText()
    assert "Characteristics of the participants (N = 7)" in text
    assert "6.5 (2–20)" in text
    _select(widget.kind_combo, "methods")
    assert not widget.population_combo.isEnabled()
    assert SENTENCE_EN in widget.preview.toPlainText() and SENTENCE_FR in widget.preview.toPlainText()
    with qtbot.waitSignal(widget.report_exported) as exported:
        widget.export_to("docx", tmp_path / "methods.docx")
    assert exported.args == [str(tmp_path / "methods.docx")]
    rows = docx.Document(str(tmp_path / "methods.docx")).tables[0].rows
    assert [c.text for c in rows[3].cells] == ["Duration, min–max (minutes)", "55–59", "18–28"]
    _select(widget.kind_combo, "coreq")
    assert "Interviews and focus groups were conducted by M1 (7 sessions), M2 (3 sessions)." in \
        widget.preview.toPlainText()


def test_export_error_is_shown(qtbot, study, settings, ids, tmp_path):
    widget = ReportsWidget(study, settings)
    qtbot.addWidget(widget)
    assert widget.export_to("md", tmp_path / "no such folder" / "t.md") is None
    qtbot.waitUntil(lambda: _error_box() is not None)
    assert "does not exist" in _error_box().text()
    _error_box().close()


def test_quotes_list_and_translation_editing(qtbot, study, settings, ids):
    quote = quotes.save_quote(study, ids["FG1"], 0, 4000, "Le mentorat m’a aidée.", "Medical lead")
    widget = ReportsWidget(study, settings)
    qtbot.addWidget(widget)
    assert widget.quotes_table.rowCount() == 1
    assert widget.quotes_table.item(0, 0).text() == "[FG1, Medical lead]"
    widget.quotes_table.selectRow(0)
    assert widget.selected_quote_id() == quote.id
    dialog = widget.quote_dialog(quote.id)
    qtbot.addWidget(dialog)
    assert dialog.text_edit.toPlainText() == "Le mentorat m’a aidée."
    dialog.translation_edit.setPlainText("Mentoring helped me.")
    dialog.translated_by_edit.setText("RA1")
    dialog.back_translation_edit.setPlainText("Le mentorat m’a aidé.")
    dialog.back_translated_by_edit.setText("RA2")
    with qtbot.waitSignal(dialog.quote_saved):
        dialog.accept()
    assert widget.quotes_table.item(0, 2).text() == "Mentoring helped me."
    assert widget.quotes_table.item(0, 3).text() == "Le mentorat m’a aidé."
    stored = quotes.get_quote(study, quote.id)
    assert (stored.translated_by, stored.back_translated_by) == ("RA1", "RA2")


def test_delete_quote_asks_first(qtbot, study, settings, ids, monkeypatch):
    quotes.save_quote(study, ids["FG1"], 0, 4000, "Le mentorat m’a aidée.", "Medical lead")
    widget = ReportsWidget(study, settings)
    qtbot.addWidget(widget)
    widget.quotes_table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    widget.delete_selected_quote()
    assert widget.quotes_table.rowCount() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    widget.delete_selected_quote()
    assert widget.quotes_table.rowCount() == 0
    assert quotes.list_quotes(study) == []


def _error_box():
    return next((w for w in QApplication.topLevelWidgets()
                 if w.objectName() == "errorMessageBox" and w.isVisible()), None)


def test_percentages_rounded_to_whole_numbers_in_the_preview_and_the_file(qtbot, study, settings, ids, tmp_path):
    widget = ReportsWidget(study, settings)
    qtbot.addWidget(widget)
    _select(widget.language_combo, "en")
    _select(widget.population_combo, "attended")
    assert "3 (42.9)" in widget.preview.toPlainText() and widget.percent_combo.currentData() == 1
    _select(widget.percent_combo, 0)
    assert "3 (43)" in widget.preview.toPlainText() and "3 (42.9)" not in widget.preview.toPlainText()
    with qtbot.waitSignal(widget.report_exported):
        widget.export_to("md", tmp_path / "table1.md")
    assert "| Program medical lead | 3 (43) |" in (tmp_path / "table1.md").read_text(encoding="utf-8")
    _select(widget.kind_combo, "methods")
    assert not widget.percent_combo.isEnabled()
