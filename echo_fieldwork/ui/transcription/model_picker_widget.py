"""The Whisper models on this computer: list them, add a folder (validated first), choose the default.
Reusable: the transcription tab shows it, the settings dialog can too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.settings import Settings
from echo_fieldwork.transcription.models import ModelInfo, add_model_folder, list_models
from echo_fieldwork.ui.common.messages import show_error


class ModelPickerWidget(QWidget):
    model_added = Signal(str)
    model_chosen = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setObjectName("modelList")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([_("Model"), _("Size"), _("Languages"), _("Folder")])
        self.tree.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.tree)
        row = QHBoxLayout()
        self.current_label = QLabel()
        self.current_label.setObjectName("currentModel")
        row.addWidget(self.current_label, 1)
        self.use_button = QPushButton(_("Use this model"))
        self.use_button.clicked.connect(self.use_selected)
        row.addWidget(self.use_button)
        self.add_button = QPushButton(_("Add a model folder…"))
        self.add_button.clicked.connect(self.choose_folder)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        current = self.settings.get("model") or "base"
        for info in list_models(self.settings):
            self.tree.addTopLevelItem(self._item(info, info.name == current))
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.current_label.setText(_("Model used for transcription: {name}").format(name=current))
        self._update_buttons()

    def _item(self, info: ModelInfo, current: bool) -> QTreeWidgetItem:
        name = info.name + (" ✓" if current else "")
        folder = _("built in") if info.source == "default" else str(info.path)
        item = QTreeWidgetItem([name, _("{size:.0f} MB").format(size=info.size_bytes / 1e6), info.languages_label,
                                folder])
        item.setData(0, Qt.ItemDataRole.UserRole, info.name)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _update_buttons(self) -> None:
        # The model already in use cannot be chosen again: the button would do nothing visible.
        items = self.tree.selectedItems()
        current = self.settings.get("model") or "base"
        self.use_button.setEnabled(bool(items) and items[0].data(0, Qt.ItemDataRole.UserRole) != current)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose a Whisper model folder (CTranslate2 format)"))
        if folder:
            self.add_folder(Path(folder))

    def add_folder(self, folder: Path) -> ModelInfo | None:
        """Validate and remember a model folder; a bad folder is refused with the reason shown."""
        try:
            info = add_model_folder(self.settings, folder)
        except UserError as error:
            show_error(self, error, _("Model folder refused"))
            return None
        self.refresh()
        self.model_added.emit(info.name)
        return info

    def use_selected(self) -> None:
        items = self.tree.selectedItems()
        if items:
            name = items[0].data(0, Qt.ItemDataRole.UserRole)
            self.settings.set("model", name)
            self.refresh()
            self.model_chosen.emit(name)
