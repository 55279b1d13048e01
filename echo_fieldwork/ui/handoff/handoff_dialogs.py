"""The hand-off dialogs: send a session for correction, give a package's passphrase, and resolve the
segments changed on both sides (keep mine, keep theirs, or edit), side by side."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.handoff.merge import EDIT, KEEP_MINE, KEEP_THEIRS, MergePlan, Resolution
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.sessions import list_sessions
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.form_parts import password_edit


class SendDialog(QDialog):
    """Which session, to whom, where the package goes, and the team's passphrase (typed twice)."""

    def __init__(self, study: Study, parent: QWidget | None = None, *, session_code: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Send for correction"))
        self.session = QComboBox()
        self.session.setObjectName("handoffSession")
        self.session.addItems([s.code for s in list_sessions(study)])
        if session_code:
            self.session.setCurrentText(session_code)
        self.to = QLineEdit()
        self.to.setObjectName("handoffTo")
        self.out = QLineEdit()
        self.out.setObjectName("handoffOut")
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._choose_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        self.passphrase = password_edit("handoffPassphrase")
        self.confirm = password_edit("handoffConfirm")
        form = QFormLayout()
        form.addRow(_("Session:"), self.session)
        form.addRow(_("Corrected by:"), self.to)
        form.addRow(_("Package file:"), out_row)
        form.addRow(_("Team passphrase:"), self.passphrase)
        form.addRow(_("Passphrase again:"), self.confirm)
        note = QLabel(_("The package holds this session only (audio, transcript, notes and the names to "
                        "deidentify), encrypted with the passphrase. Give the passphrase by another way than "
                        "the file."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _choose_out(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Send for correction"),
                                                    f"{self.session.currentText()}.efpkg",
                                                    _("Correction packages (*.efpkg)"))
        if path:
            self.out.setText(path)

    def values(self) -> tuple[str, str, Path, str]:
        """(session code, to, package path, passphrase); UserError when something is missing."""
        if not self.out.text().strip():
            raise UserError(_("Choose where to write the package."))
        if self.passphrase.text() != self.confirm.text():
            raise UserError(_("The two passphrases differ."))
        return self.session.currentText(), self.to.text(), Path(self.out.text().strip()), self.passphrase.text()


def ask_passphrase(parent: QWidget | None, title: str) -> str | None:
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, title, _("The team passphrase of the package:"),
                                    QLineEdit.EchoMode.Password)
    return text if ok else None


class ConflictDialog(QDialog):
    """Each segment changed both here and by the assistant, side by side, with a choice for each."""

    def __init__(self, plan: MergePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(_("Conflicts in {code}").format(code=plan.code))
        intro = QLabel(_("{count} segment(s) were changed both here and by {who}. Choose a version for each; "
                         "{taken} other change(s) from the correction are taken as they are.").format(
                             count=len(plan.conflicts), who=plan.returned_by or _("the assistant"),
                             taken=plan.taken))
        intro.setWordWrap(True)
        self.choices: list[QButtonGroup] = []
        self.edits: list[QPlainTextEdit] = []
        body = QWidget()
        rows = QVBoxLayout(body)
        for index, conflict in enumerate(plan.conflicts):
            box = QGroupBox(_("At {time}").format(time=conflict.label()))
            grid = QGridLayout(box)
            mine_text = "\n".join(f"{s.speaker}: {s.text}" for s in conflict.mine) or _("(deleted here)")
            theirs_text = "\n".join(f"{s.speaker}: {s.text}" for s in conflict.theirs) or _("(deleted by the assistant)")
            group = QButtonGroup(box)
            for column, (choice, label, text) in enumerate([(KEEP_MINE, _("Keep mine"), mine_text),
                                                            (KEEP_THEIRS, _("Keep theirs"), theirs_text)]):
                button = QRadioButton(label)
                button.setObjectName(f"conflict{index}_{choice}")
                group.addButton(button)
                button.setProperty("choice", choice)
                shown = QPlainTextEdit(text)
                shown.setReadOnly(True)
                shown.setObjectName(f"conflict{index}_{choice}_text")
                grid.addWidget(button, 0, column)
                grid.addWidget(shown, 1, column)
            edit_button = QRadioButton(_("Edit"))
            edit_button.setObjectName(f"conflict{index}_{EDIT}")
            edit_button.setProperty("choice", EDIT)
            group.addButton(edit_button)
            editor = QPlainTextEdit(" ".join(s.text for s in (conflict.theirs or conflict.mine)))
            editor.setObjectName(f"conflict{index}_edit_text")
            editor.textChanged.connect(lambda b=edit_button: b.setChecked(True))
            grid.addWidget(edit_button, 2, 0)
            grid.addWidget(editor, 3, 0, 1, 2)
            group.buttonToggled.connect(lambda *_args: self._update())
            self.choices.append(group)
            self.edits.append(editor)
            rows.addWidget(box)
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Merge"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 600)
        self._update()

    def choose(self, index: int, choice: str, text: str = "") -> None:
        if choice == EDIT:
            self.edits[index].setPlainText(text)
        for button in self.choices[index].buttons():
            if button.property("choice") == choice:
                button.setChecked(True)

    def _update(self) -> None:
        """Merging is possible once every conflict has a choice: nothing is decided by default."""
        done = all(group.checkedButton() is not None for group in self.choices)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(done)

    def resolutions(self) -> dict[int, Resolution]:
        result = {}
        for index, group in enumerate(self.choices):
            if group.checkedButton() is not None:
                choice = group.checkedButton().property("choice")
                result[index] = Resolution(choice, self.edits[index].toPlainText() if choice == EDIT else "")
        return result

