"""Fill a questionnaire: the dialog is rendered from the form definition and checked field by field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, current_language
from echo_fieldwork.people import questionnaire
from echo_fieldwork.people.forms import Field, Form
from echo_fieldwork.people.participants import Participant
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.form_parts import participant_header
from echo_fieldwork.ui.common.messages import show_error

ERROR_STYLE = "color: #9b1c1c;"
FIELD_STYLE = "QFrame#fieldFrame { border: 1px solid %s; border-radius: 8px; background: %s; }"


class QuestionnaireDialog(QDialog):
    def __init__(self, study: Study, participant: Participant, form: Form, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.participant = participant
        self.form = form
        self.answer_set_id: int | None = None
        self.language = current_language()
        self.setWindowTitle(_("{form} — {code}").format(form=form.title(self.language), code=participant.code))
        self.line_edits: dict[str, QLineEdit] = {}
        self.choice_buttons: dict[str, dict[str, QAbstractButton]] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.frames: dict[str, QFrame] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(participant_header(study, participant, _("{form} — {code}").format(
            form=form.title(self.language), code=participant.code)))
        note = QLabel(_("Fields marked * are required. Keep answers banded where the form offers bands: in a "
                        "small sample they could identify someone."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #5b6472;")
        layout.addWidget(note)
        body = QWidget()
        self.fields_layout = QVBoxLayout(body)
        self.fields_layout.setContentsMargins(0, 0, 6, 0)
        self.fields_layout.setSpacing(10)
        for item in form.fields:
            self.fields_layout.addWidget(self._field_frame(item))
        self.fields_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("problemSummary")
        self.summary_label.setStyleSheet(ERROR_STYLE + " font-weight: 600;")
        self.summary_label.hide()
        layout.addWidget(self.summary_label)
        footer = QHBoxLayout()
        # The form's identifier is a code, not a word: shown as one ("form_id: sociodemographic"), never
        # inside a sentence where it reads as a half-translated title.
        identity_label = QLabel(_("form_id: {id} · version {version} · SHA-256 {sha}").format(
            id=form.id, version=form.version, sha=form.sha256[:12]))
        identity_label.setStyleSheet("color: #8a93a0; font-size: 9pt;")
        footer.addWidget(identity_label)
        footer.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        footer.addWidget(buttons)
        layout.addLayout(footer)
        previous = questionnaire.latest_answer_set(study, participant.id, form.id)
        if previous is not None:
            self.set_answers(previous.answers)
        self._update_relevance()
        self.resize(680, 760)

    def _field_frame(self, item: Field) -> QFrame:
        frame = QFrame()
        frame.setObjectName("fieldFrame")
        frame.setStyleSheet(FIELD_STYLE % ("#d9dee6", "#fbfcfd"))
        box = QVBoxLayout(frame)
        box.setContentsMargins(14, 10, 14, 10)
        box.setSpacing(6)
        title = QLabel(item.label(self.language) + (" *" if item.required else ""))
        title.setStyleSheet("font-weight: 600;")
        box.addWidget(title)
        if item.hint(self.language):
            hint = QLabel(item.hint(self.language))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #5b6472;")
            box.addWidget(hint)
        if item.is_select:
            grid = QGridLayout()
            grid.setHorizontalSpacing(18)
            group = QButtonGroup(frame)
            group.setExclusive(item.type == "select_one")
            buttons: dict[str, QAbstractButton] = {}
            columns = 2 if len(item.choices) > 3 else 1
            for index, choice in enumerate(item.choices):
                button = QRadioButton(choice.label(self.language)) if item.type == "select_one" else QCheckBox(
                    choice.label(self.language))
                button.setObjectName(f"{item.name}__{choice.name}")
                group.addButton(button)
                button.toggled.connect(self._answer_changed)
                grid.addWidget(button, index // columns, index % columns)
                buttons[choice.name] = button
            self.choice_buttons[item.name] = buttons
            box.addLayout(grid)
        else:
            edit = QLineEdit()
            edit.setObjectName(f"{item.name}Edit")
            if item.type == "integer":
                edit.setMaximumWidth(140)
            elif item.type == "date":
                edit.setPlaceholderText(_("YYYY-MM-DD"))
                edit.setMaximumWidth(160)
            edit.textChanged.connect(self._answer_changed)
            self.line_edits[item.name] = edit
            box.addWidget(edit)
        error = QLabel()
        error.setObjectName(f"{item.name}Error")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        self.error_labels[item.name] = error
        self.frames[item.name] = frame
        return frame

    # -- values ----------------------------------------------------------------------------------------
    def raw_answers(self) -> dict[str, Any]:
        raw: dict[str, Any] = {name: edit.text() for name, edit in self.line_edits.items()}
        for name, buttons in self.choice_buttons.items():
            chosen = [choice for choice, button in buttons.items() if button.isChecked()]
            raw[name] = chosen if self.form.field(name).type == "select_multiple" else (chosen[0] if chosen else None)
        return {name: value for name, value in raw.items() if not self.frames[name].isHidden()}

    def set_answers(self, answers: dict[str, Any]) -> None:
        for name, value in answers.items():
            if name in self.line_edits:
                self.line_edits[name].setText(str(value))
            elif name in self.choice_buttons:
                wanted = value if isinstance(value, list) else [value]
                for choice, button in self.choice_buttons[name].items():
                    button.setChecked(choice in wanted)

    def _answer_changed(self) -> None:
        self._update_relevance()
        # Once errors are shown, re-check as the user fixes them so that fixed fields clear at once.
        if not self.summary_label.isHidden():
            self.show_problems(questionnaire.check_answers(self.form, self.raw_answers(), language=self.language)[1])

    def _update_relevance(self) -> None:
        answers: dict[str, Any] = {}
        for item in self.form.fields:
            relevant = item.relevant is None or item.relevant.holds(None, answers)
            self.frames[item.name].setHidden(not relevant)
            if relevant:
                try:
                    value = questionnaire.coerce(item, self._raw_value(item))
                except ValueError:
                    value = None
                if value is not None:
                    answers[item.name] = value

    def _raw_value(self, item: Field) -> Any:
        if item.name in self.line_edits:
            return self.line_edits[item.name].text()
        chosen = [c for c, b in self.choice_buttons[item.name].items() if b.isChecked()]
        return chosen if item.type == "select_multiple" else (chosen[0] if chosen else None)

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.error_labels.items():
            message = problems.get(name, "")
            label.setText(message)
            label.setVisible(bool(message))
            self.frames[name].setStyleSheet(FIELD_STYLE % (("#e3a3a3", "#fff7f7") if message else
                                                           ("#d9dee6", "#fbfcfd")))
        self.summary_label.setText(_("Please correct the highlighted answers.") if problems else "")
        self.summary_label.setVisible(bool(problems))

    def accept(self) -> None:
        raw = self.raw_answers()
        _clean, problems = questionnaire.check_answers(self.form, raw, language=self.language)
        self.show_problems(problems)
        if problems:
            first = next(name for name in self.form.field_names if name in problems)
            widget = self.line_edits.get(first) or next(iter(self.choice_buttons[first].values()))
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            self.answer_set_id = questionnaire.save_answers(self.study, self.participant.id, self.form, raw)
        except UserError as error:
            show_error(self, error)
            return
        super().accept()
