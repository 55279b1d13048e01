"""Edit the transcriber's keys: one row per action of the editor's key map (`ui/transcriber_keys.py`), the keys
typed as text ("Esc; F4"), stored at once in the `transcriber_keys` setting."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
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

from echo_fieldwork.i18n import _
from echo_fieldwork.settings import Settings
from echo_fieldwork.ui.correction.transcriber_keys import KEY_ACTIONS

KEYS_COLUMN = 1
DEFAULTS = {name: "; ".join(keys) for name, _label, keys in KEY_ACTIONS}


def action_label(name: str, label: str) -> str:
    text = _(label)
    # "Assign speaker no. {n}": the number is the end of the action's name.
    return text.format(n=name.rsplit("_", 1)[-1]) if "{n}" in text else text


def effective_keys(settings: Settings) -> dict[str, str]:
    """action name -> key text, the user's choice where there is one."""
    chosen = settings.get("transcriber_keys")
    return {name: chosen.get(name, default) if isinstance(chosen.get(name, default), str) else default
            for name, default in DEFAULTS.items()}


def store_keys(settings: Settings, action: str, keys: str) -> None:
    """Setting an action back to its default removes the override."""
    chosen = settings.get("transcriber_keys")
    if keys == DEFAULTS[action]:
        chosen.pop(action, None)
    else:
        chosen[action] = keys
    settings.set("transcriber_keys", chosen)


def conflicts(keys: dict[str, str]) -> dict[str, list[str]]:
    """Key text -> the actions sharing it (more than one)."""
    users: dict[str, list[str]] = {}
    for action, text in keys.items():
        for key in filter(None, (part.strip() for part in text.split(";"))):
            users.setdefault(key.lower(), []).append(action)
    return {key: names for key, names in users.items() if len(names) > 1}


def normalized(text: str) -> str | None:
    """The keys in Qt's portable form, or None when a part is not a key Qt knows."""
    parts = [part.strip() for part in text.split(";") if part.strip()]
    sequences = [QKeySequence.fromString(part, QKeySequence.SequenceFormat.PortableText) for part in parts]
    # Qt turns a name it does not know into Key_unknown, whose text is empty.
    if any(not sequence.toString(QKeySequence.SequenceFormat.PortableText) for sequence in sequences):
        return None
    return "; ".join(sequence.toString(QKeySequence.SequenceFormat.PortableText) for sequence in sequences)


class TranscriberKeysWidget(QWidget):
    keys_changed = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        layout = QVBoxLayout(self)
        intro = QLabel(_("Keys used while correcting a transcript. Double-click a key to change it; separate "
                         "alternatives with a semicolon (Esc; F4). Leave it empty to turn the action off."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(KEY_ACTIONS), 2)
        self.table.setObjectName("transcriberKeysTable")
        self.table.setHorizontalHeaderLabels([_("Action"), _("Keys")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        layout.addWidget(self.table, 1)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("keysProblemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem_label)
        row = QHBoxLayout()
        row.addStretch(1)
        restore = QPushButton(_("Restore the default keys"))
        restore.setObjectName("restoreKeysButton")
        restore.clicked.connect(self.restore_defaults)
        row.addWidget(restore)
        layout.addLayout(row)
        self._fill()
        self.table.itemChanged.connect(self._item_changed)

    def _fill(self) -> None:
        self.table.blockSignals(True)
        keys = effective_keys(self.settings)
        for row, (name, label_text, _defaults) in enumerate(KEY_ACTIONS):
            label = QTableWidgetItem(action_label(name, label_text))
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            label.setData(Qt.ItemDataRole.UserRole, name)
            self.table.setItem(row, 0, label)
            self.table.setItem(row, KEYS_COLUMN, QTableWidgetItem(keys[name]))
        self.table.blockSignals(False)
        self._show_conflicts()

    def set_keys(self, action: str, text: str) -> bool:
        """Store one action's keys; refuses (and says why) text that is not a key."""
        value = normalized(text) if text.strip() else ""
        if value is None:
            self.problem_label.setText(_("“{text}” is not a key Qt recognizes (examples: F4, Ctrl+T, Esc; F4).")
                                       .format(text=text))
            self._fill()
            return False
        store_keys(self.settings, action, value)
        self._fill()
        self.keys_changed.emit()
        return True

    def restore_defaults(self) -> None:
        self.settings.set("transcriber_keys", {})
        self.problem_label.clear()
        self._fill()
        self.keys_changed.emit()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != KEYS_COLUMN:
            return
        action = self.table.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        self.problem_label.clear()
        self.set_keys(action, item.text())

    def _show_conflicts(self) -> None:
        clashes = conflicts(effective_keys(self.settings))
        if clashes:
            labels = {name: action_label(name, label) for name, label, _keys in KEY_ACTIONS}
            key, actions = next(iter(clashes.items()))
            self.problem_label.setText(_("The key {key} is used by several actions: {actions}.").format(
                key=key, actions=", ".join(labels[a] for a in actions)))
