"""Create a study: title, language, folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from echo_fieldwork.i18n import _


class NewStudyDialog(QDialog):
    def __init__(self, default_parent_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New study"))
        self._parent_dir = default_parent_dir
        form = QFormLayout(self)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.textChanged.connect(self._suggest_folder)
        form.addRow(_("Title:"), self.title_edit)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        self.language_combo.addItem(_("French"), "fr")
        self.language_combo.addItem(_("English"), "en")
        form.addRow(_("Language of the study:"), self.language_combo)
        row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(default_parent_dir))
        self.folder_edit.setObjectName("folderEdit")
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        form.addRow(_("Folder:"), row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def _suggest_folder(self, title: str) -> None:
        safe = "".join(c if c.isalnum() or c in "-_ " else "_" for c in title).strip().replace(" ", "_")
        self.folder_edit.setText(str(self._parent_dir / (safe or "study")))

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Folder for the new study"), str(self._parent_dir))
        if chosen:
            self._parent_dir = Path(chosen)
            self._suggest_folder(self.title_edit.text())

    def values(self) -> tuple[str, str, Path]:
        return self.title_edit.text().strip(), self.language_combo.currentData(), Path(self.folder_edit.text())
