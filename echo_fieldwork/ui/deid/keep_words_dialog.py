"""The study's keep list (words the deidentification never proposes: the program's name, a ward called "Rose"): see it, add to it, remove from it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.deid import deidentify
from echo_fieldwork.i18n import _
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error


class KeepWordsDialog(QDialog):
    keep_list_changed = Signal()

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.setWindowTitle(_("Words never proposed in this study"))
        layout = QVBoxLayout(self)
        explanation = QLabel(_("The deidentification never proposes these words (contact details excepted). "
                               "Run the detection again to apply a change to proposals already made."))
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        self.list = QListWidget()
        self.list.setObjectName("keepWordsList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._show_selection)
        layout.addWidget(self.list, 1)
        add_row = QHBoxLayout()
        self.word_edit = QLineEdit()
        self.word_edit.setObjectName("keepWordEdit")
        self.word_edit.setPlaceholderText(_("a word or phrase, e.g. ECHO"))
        self.word_edit.returnPressed.connect(self.add_word)
        self.add_button = QPushButton(_("Add"))
        self.add_button.clicked.connect(self.add_word)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        add_row.addWidget(self.word_edit, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        layout.addLayout(add_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, 380)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        self.list.addItems(deidentify.list_keep_words(self.study))
        self._show_selection()

    def _show_selection(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))

    def add_word(self) -> None:
        word = self.word_edit.text()
        try:
            deidentify.add_keep_word(self.study, word)
        except Exception as error:  # shown to the user; nothing was changed
            show_error(self, error)
            return
        self.word_edit.clear()
        self.refresh()
        self.keep_list_changed.emit()

    def remove_selected(self) -> None:
        words = [item.text() for item in self.list.selectedItems()]
        try:
            with self.study.db.atomic():
                for word in words:
                    deidentify.remove_keep_word(self.study, word)
        except Exception as error:  # shown to the user; nothing was changed
            show_error(self, error)
            return
        self.refresh()
        self.keep_list_changed.emit()
