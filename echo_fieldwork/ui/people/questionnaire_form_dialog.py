"""Choose the study's questionnaire: a bundled one, a YAML form or an XLSForm spreadsheet, checked before use.

The chosen file is checked as soon as it is picked: its fields are previewed, or its problems listed
with their sheet and row (XLSForm) or line (YAML), and nothing is changed until it is valid.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.people import study_form
from echo_fieldwork.people.forms import Form
from echo_fieldwork.resources import resource_path
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.messages import show_error


def _type_name(field_type: str) -> str:
    return {"select_one": _("one choice"), "select_multiple": _("several choices"), "integer": _("whole number"),
            "text": _("text"), "date": _("date")}.get(field_type, field_type)


class QuestionnaireFormDialog(QDialog):
    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.saved: study_form.StudyForm | None = None
        self.candidate: tuple[str, bytes, str] | None = None   # kind, content, source name
        self.setWindowTitle(_("Questionnaire of the study"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        current = study_form.current_choice(study)
        answers = study_form.answer_count(study)
        self.current_label = QLabel(_("In use: {description}").format(
            description=study_form.describe(current, study.language)))
        self.current_label.setObjectName("currentFormLabel")
        self.current_label.setWordWrap(True)
        layout.addWidget(self.current_label)
        rule = (ngettext("{n} answer set is recorded: a new questionnaire must be a new version of this one (same "
                         "form_id, another version).",
                         "{n} answer sets are recorded: a new questionnaire must be a new version of this one (same "
                         "form_id, another version).", answers).format(n=answers)
                if answers else _("No answers are recorded yet: any questionnaire can be chosen."))
        rule_label = QLabel(rule)
        rule_label.setObjectName("ruleLabel")
        rule_label.setWordWrap(True)
        rule_label.setStyleSheet("color: #5b6472;")
        layout.addWidget(rule_label)

        grid = QGridLayout()
        grid.setVerticalSpacing(8)
        self.group = QButtonGroup(self)
        self.bundled_radio = QRadioButton(_("A bundled questionnaire:"))
        self.bundled_radio.setObjectName("bundledRadio")
        self.bundled_combo = QComboBox()
        self.bundled_combo.setObjectName("bundledCombo")
        for key, (_file, label) in study_form.BUNDLED.items():
            self.bundled_combo.addItem(_(label), key)
        self.file_radio = QRadioButton(_("Our own form (YAML or XLSForm .xlsx):"))
        self.file_radio.setObjectName("fileRadio")
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("formPathEdit")
        self.path_edit.setPlaceholderText(_("questionnaire.xlsx or questionnaire.yaml"))
        browse = QPushButton(_("Browse…"))
        browse.setObjectName("browseFormButton")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        for radio in (self.bundled_radio, self.file_radio):
            self.group.addButton(radio)
        grid.addWidget(self.bundled_radio, 0, 0)
        grid.addWidget(self.bundled_combo, 0, 1)
        grid.addWidget(self.file_radio, 1, 0)
        grid.addLayout(file_row, 1, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        example = QLabel(_("To write your own, start from the example spreadsheet {path} (sheets survey, choices "
                           "and settings, as in ODK and KoBoToolbox).").format(
                               path=resource_path("forms", "sociodemographic_example.xlsx")))
        example.setObjectName("exampleLabel")
        example.setWordWrap(True)
        example.setStyleSheet("color: #5b6472;")
        layout.addWidget(example)

        self.preview = QTextBrowser()
        self.preview.setObjectName("formPreview")
        layout.addWidget(self.preview, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Use this questionnaire"))
        self.ok_button.setObjectName("useFormButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.bundled_radio.toggled.connect(self._check)
        self.bundled_combo.currentIndexChanged.connect(self._select_bundled)
        self.path_edit.editingFinished.connect(self._select_file)
        if current.kind == "bundled":
            key = next((k for k, (name, _label) in study_form.BUNDLED.items() if name == current.source_name), None)
            if key:
                self.bundled_combo.setCurrentIndex(self.bundled_combo.findData(key))
        self.bundled_radio.setChecked(True)
        self._check()
        self.resize(760, 620)

    # -- choosing ----------------------------------------------------------------------------------------
    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a questionnaire"), str(Path.home()),
            _("Questionnaires (*.xlsx *.yaml *.yml);;XLSForm spreadsheets (*.xlsx);;YAML forms (*.yaml *.yml)"))
        if path:
            self.choose_file(path)

    def choose_file(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))
        self.file_radio.setChecked(True)
        self._check()

    def _select_file(self) -> None:
        if self.path_edit.text().strip():
            self.file_radio.setChecked(True)
            self._check()

    def _select_bundled(self) -> None:
        self.bundled_radio.setChecked(True)
        self._check()

    def _check(self) -> None:
        """Read and check the chosen form now; show its fields or its problems."""
        self.candidate = None
        try:
            if self.bundled_radio.isChecked():
                content, name = study_form.bundled_source(self.bundled_combo.currentData())
                kind = "bundled"
                form = study_form.parse_source(kind, content, name)
            else:
                path = self.path_edit.text().strip()
                if not path:
                    self.preview.setHtml(html.escape(_("Choose a file.")))
                    self.ok_button.setEnabled(False)
                    return
                kind, content, form = study_form.read_form_file(path)
                name = path
            study_form.check_replacement(self.study, form)
        except UserError as error:
            self._show_problems(error)
            return
        self.candidate = (kind, content, name)
        self._show_form(form)

    def _show_problems(self, error: UserError) -> None:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in error.details)
        self.preview.setHtml(f"<p style='color:#a61b1b'><b>{html.escape(str(error))}</b></p>"
                             + (f"<ul>{items}</ul>" if items else "")
                             + f"<p>{html.escape(_('Correct the file, then choose it again.'))}</p>")
        self.ok_button.setEnabled(False)

    def _show_form(self, form: Form) -> None:
        language = self.study.language
        rows = "".join(
            f"<tr><td>{html.escape(item.label(language))}{' *' if item.required else ''}</td>"
            f"<td style='color:#5b6472'>{html.escape(_type_name(item.type))}</td>"
            f"<td style='color:#5b6472'>{html.escape(', '.join(c.label(language) for c in item.choices))}</td></tr>"
            for item in form.fields)
        heading = _("{title} — {form_id}, version {version}: {n} fields (* required)").format(
            title=form.title(language), form_id=form.id, version=form.version, n=len(form.fields))
        self.preview.setHtml(f"<p><b>{html.escape(heading)}</b></p><table cellspacing='4'>{rows}</table>")
        self.ok_button.setEnabled(True)

    def accept(self) -> None:
        if self.candidate is None:
            return
        try:
            self.saved = study_form.choose(self.study, *self.candidate)
        except UserError as error:
            show_error(self, error)
            return
        super().accept()
