"""Record a consent: form version, mode, who obtained it, optional items, then an explicit confirmation step."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.people import consent, identity
from echo_fieldwork.people.participants import Participant, team_members
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.common.form_parts import check_group, choice_combo, date_time_edit, participant_header
from echo_fieldwork.ui.common.messages import show_error

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def form_caption(form: consent.ConsentForm) -> str:
    ethics = form.ethics_reference or _("no ethics reference yet")
    if form.ethics_approval_date:
        ethics += f", {form.ethics_approval_date}"
    return _("{language} — version {version} ({ethics})").format(
        language=LANGUAGE_NAMES.get(form.language, form.language), version=form.version, ethics=ethics)


class ConsentDialog(QDialog):
    def __init__(self, study: Study, participant: Participant, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.participant = participant
        self.consent_id: int | None = None
        self.setWindowTitle(_("Record the consent of {code}").format(code=participant.code))
        consent.ensure_default_forms(study)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(participant_header(study, participant, _("Consent of {code}").format(code=participant.code)))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._details_page())
        self.pages.addWidget(self._confirm_page())
        layout.addWidget(self.pages, 1)
        self.resize(640, 720)

    # -- page 1: what was agreed ---------------------------------------------------------------------
    def _details_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("formVersionCombo")
        self._fill_form_combo(consent.latest_form(self.study, self.study.language).id)
        self.form_combo.currentIndexChanged.connect(self._show_form_text)
        form.addRow(_("Consent form:"), self.form_combo)
        # A form with fields left to fill cannot record a consent: say which, and offer to edit it.
        self.placeholder_box = QWidget()
        self.placeholder_box.setObjectName("placeholderBox")
        self.placeholder_box.setStyleSheet("QWidget#placeholderBox { background: #fff4e5; border: 1px solid #f0c27b; "
                                           "border-radius: 6px; }")
        warning_row = QHBoxLayout(self.placeholder_box)
        self.placeholder_label = QLabel()
        self.placeholder_label.setObjectName("placeholderLabel")
        self.placeholder_label.setWordWrap(True)
        warning_row.addWidget(self.placeholder_label, 1)
        self.edit_form_button = QPushButton(_("Edit the consent form…"))
        self.edit_form_button.setObjectName("editConsentFormButton")
        self.edit_form_button.clicked.connect(self.edit_form)
        warning_row.addWidget(self.edit_form_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.placeholder_box)
        self.form_text = QTextBrowser()
        self.form_text.setObjectName("formText")
        self.form_text.setMinimumHeight(200)
        form.addRow(self.form_text)
        self.mode_combo = choice_combo("modeCombo", consent.CONSENT_MODES)
        form.addRow(_("How consent was given:"), self.mode_combo)
        # Who obtained it is stored as a team member's code; the name (identity table) is only shown here.
        self.obtained_by_combo = QComboBox()
        self.obtained_by_combo.setObjectName("obtainedByCombo")
        self.obtained_by_combo.setPlaceholderText(_("Choose a team member"))
        names = identity.names_for_deidentification(self.study)
        for member in team_members(self.study):
            name = names.get(member.id, "")
            self.obtained_by_combo.addItem(f"{member.code} — {name}" if name else member.code, member.code)
        self.obtained_by_combo.setCurrentIndex(0 if self.obtained_by_combo.count() == 1 else -1)
        form.addRow(_("Obtained by:"), self.obtained_by_combo)
        self.no_team_label = QLabel(_("No team member yet: add the person who obtains consents as a participant "
                                      "with the role interviewer or observer (their name goes in the identity "
                                      "screen)."))
        self.no_team_label.setObjectName("noTeamLabel")
        self.no_team_label.setWordWrap(True)
        self.no_team_label.setStyleSheet("color: #9b1c1c;")
        self.no_team_label.setVisible(self.obtained_by_combo.count() == 0)
        self.obtained_by_combo.setEnabled(self.obtained_by_combo.count() > 0)
        form.addRow(self.no_team_label)
        self.date_edit = date_time_edit("consentDateEdit")
        form.addRow(_("Date and time:"), self.date_edit)
        layout.addLayout(form)
        items_box, self.item_checks = check_group(_("Optional items the person agreed to"), consent.OPTIONAL_ITEMS,
                                                  "agree_")
        layout.addWidget(items_box)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.review_button = QPushButton(_("Review before saving…"))
        self.review_button.setObjectName("reviewButton")
        self.review_button.setDefault(True)
        self.review_button.clicked.connect(self.review)
        buttons.addWidget(cancel)
        buttons.addWidget(self.review_button)
        layout.addLayout(buttons)
        self._show_form_text()
        return page

    def _fill_form_combo(self, selected_id: int) -> None:
        self.form_combo.blockSignals(True)
        self.form_combo.clear()
        for item in consent.list_forms(self.study):
            self.form_combo.addItem(form_caption(item), item.id)
        self.form_combo.setCurrentIndex(self.form_combo.findData(selected_id))
        self.form_combo.blockSignals(False)

    def edit_form(self) -> QDialog:
        """Open the consent form editor on the selected form's language; select the version it saves."""
        from echo_fieldwork.ui.people.consent_form_dialog import ConsentFormDialog

        editor = ConsentFormDialog(self.study, self, language=self.selected_form().language)
        self.form_editor = editor

        def saved() -> None:
            if editor.saved is not None:
                self._fill_form_combo(editor.saved.id)
                self._show_form_text()

        editor.accepted.connect(saved)
        editor.open()
        return editor

    def _show_form_text(self) -> None:
        form = self.selected_form()
        missing = consent.unfilled_placeholders(form)
        self.placeholder_box.setVisible(bool(missing))
        self.review_button.setEnabled(not missing)
        if missing:
            self.placeholder_label.setText(ngettext(
                "This version still has {n} field to fill in, so no consent can be recorded on it: {fields}.",
                "This version still has {n} fields to fill in, so no consent can be recorded on it: {fields}.",
                len(missing)).format(n=len(missing), fields="; ".join(missing)))
        else:
            self.placeholder_label.clear()
        self.form_text.setMarkdown(consent.render_form_text(form))
        # Markdown headings come out poster-sized in a dialog; bring them to a reading size.
        cursor = QTextCursor(self.form_text.document())
        block = self.form_text.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level:
                cursor.setPosition(block.position())
                cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
                size = QTextCharFormat()
                size.setProperty(QTextFormat.Property.FontSizeAdjustment, 1 if level == 1 else 0)
                cursor.mergeCharFormat(size)
            block = block.next()

    def selected_form(self) -> consent.ConsentForm:
        return consent.get_form(self.study, self.form_combo.currentData())

    def agreed_items(self) -> set[str]:
        return {item for item, check in self.item_checks.items() if check.isChecked()}

    def obtained_by(self) -> str | None:
        """The chosen team member's code (None while nobody is chosen)."""
        return self.obtained_by_combo.currentData()

    def consented_at(self) -> str:
        return self.date_edit.dateTime().toPython().isoformat(timespec="minutes")

    # -- page 2: confirmation -------------------------------------------------------------------------
    def _confirm_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(_("Please check what will be saved. A consent cannot be edited afterwards; a change of "
                         "mind is recorded as a withdrawal."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("consentSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("background: #f4f6f9; border: 1px solid #d9dee6; border-radius: 8px; "
                                         "padding: 14px;")
        layout.addWidget(self.summary_label)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        back = QPushButton(_("Back"))
        back.setObjectName("backButton")
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.save_button = QPushButton(_("Save the consent"))
        self.save_button.setObjectName("saveConsentButton")
        self.save_button.clicked.connect(self.accept)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        return page

    def review(self) -> None:
        try:
            consent.check_ready(self.selected_form())
        except UserError as error:
            show_error(self, error)
            return
        if self.obtained_by() is None:
            show_error(self, UserError(_("Choose the team member who obtained the consent.")
                                       if self.obtained_by_combo.count() else self.no_team_label.text()))
            return
        form = self.selected_form()
        yes, no = _("Yes"), _("No")
        rows = [
            (_("Participant"), self.participant.code),
            (_("Consent form"), form_caption(form)),
            (_("SHA-256 of the form"), form.sha256[:16] + "…"),
            (_("How consent was given"), self.mode_combo.currentText()),
            (_("Obtained by"), self.obtained_by_combo.currentText()),
            (_("Date and time"), self.date_edit.dateTime().toString("yyyy-MM-dd HH:mm")),
        ] + [(_(label), yes if item in self.agreed_items() else no) for item, label in consent.OPTIONAL_ITEMS.items()]
        self.summary_label.setText("<table cellspacing='6'>" + "".join(
            f"<tr><td style='color:#5b6472; padding-right:14px'>{html.escape(k)}</td><td><b>{html.escape(v)}</b>"
            f"</td></tr>" for k, v in rows) + "</table>")
        self.pages.setCurrentIndex(1)
        self.save_button.setFocus()

    def accept(self) -> None:
        # Nothing is saved before the person recording it has seen the summary.
        if self.pages.currentIndex() == 0:
            self.review()
            return
        try:
            self.consent_id = consent.record_consent(
                self.study, self.participant.id, self.form_combo.currentData(), self.mode_combo.currentData(),
                self.agreed_items(), obtained_by=self.obtained_by(),
                consented_at=self.consented_at())
        except UserError as error:
            show_error(self, error)
            return
        super().accept()
