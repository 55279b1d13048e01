"""The help panel: every transcriber key, as currently mapped (settings may remap them)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.i18n import _
from echo_fieldwork.ui.correction.segment_delegate import speaker_text
from echo_fieldwork.ui.correction.transcriber_keys import KEY_ACTIONS


class KeysHelpWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("keysTable")
        self.table.setHorizontalHeaderLabels([_("Action"), _("Keys")])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        note = QLabel(_("Keys can be changed in Edit → Settings → Transcriber keys."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.table)
        layout.addWidget(note)

    def set_keys(self, keys: dict[str, list[QKeySequence]], speakers: list[str]) -> None:
        self.table.setRowCount(0)
        for name, label, _defaults in KEY_ACTIONS:
            text = _(label).format(n=name.rpartition("_")[2])
            if name.startswith("speaker_"):
                number = int(name.rpartition("_")[2])
                if number > len(speakers):
                    continue
                text = _("Assign speaker {label}").format(label=speaker_text(speakers[number - 1]))
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem(text))
            shown = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys.get(name, []))
            self.table.setItem(row, 1, QTableWidgetItem(shown))
