"""Find and replace, in this transcript or in all of the study's transcripts (a name, a term)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.i18n import _


class FindReplaceDialog(QDialog):
    find_requested = Signal(str, bool, bool)                 # text, case sensitive, whole word
    replace_all_requested = Signal(str, str, bool, bool, bool)  # find, replace, case, whole word, study-wide

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findReplaceDialog")
        self.setWindowTitle(_("Find and replace"))
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("findEdit")
        self.replace_edit = QLineEdit()
        self.replace_edit.setObjectName("replaceEdit")
        self.case_box = QCheckBox(_("Match case"))
        self.word_box = QCheckBox(_("Whole words"))
        self.here_radio = QRadioButton(_("This transcript"))
        self.here_radio.setChecked(True)
        self.study_radio = QRadioButton(_("All transcripts of the study"))
        self.result_label = QLabel()
        self.result_label.setObjectName("findResult")
        form = QFormLayout()
        form.addRow(_("Find:"), self.find_edit)
        form.addRow(_("Replace with:"), self.replace_edit)
        options = QHBoxLayout()
        for widget in (self.case_box, self.word_box, self.here_radio, self.study_radio):
            options.addWidget(widget)
        self.find_button = QPushButton(_("Find next"))
        self.find_button.setDefault(True)
        self.find_button.clicked.connect(lambda: self.find_requested.emit(
            self.find_edit.text(), self.case_box.isChecked(), self.word_box.isChecked()))
        self.replace_button = QPushButton(_("Replace all"))
        self.replace_button.clicked.connect(self.request_replace_all)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result_label, 1)
        for button in (self.find_button, self.replace_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(options)
        layout.addLayout(buttons)

    def request_replace_all(self) -> None:
        self.replace_all_requested.emit(self.find_edit.text(), self.replace_edit.text(), self.case_box.isChecked(),
                                        self.word_box.isChecked(), self.study_radio.isChecked())

    def show_result(self, text: str) -> None:
        self.result_label.setText(text)
