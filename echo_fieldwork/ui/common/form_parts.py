"""Small builders shared by the dialogs (participants, passphrases), so that they look and behave the same."""

from __future__ import annotations

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from echo_fieldwork.i18n import _
from echo_fieldwork.people.participants import Participant
from echo_fieldwork.people.permissions import consent_status, consented_without_audio
from echo_fieldwork.study.study import Study
from echo_fieldwork.ui.people.consent_badge import ConsentBadgeWidget, badge_status

HEADING_STYLE = "font-size: 15pt; font-weight: 600;"
CAUTION_STYLE = "background: #fff6e0; color: #6b4a00; border-radius: 6px; padding: 8px;"


def participant_header(study: Study, participant: Participant, heading_text: str) -> QHBoxLayout:
    """A heading with the participant's consent badge beside it (the badge goes wherever they appear)."""
    header = QHBoxLayout()
    heading = QLabel(heading_text)
    heading.setStyleSheet(HEADING_STYLE)
    header.addWidget(heading)
    header.addWidget(ConsentBadgeWidget(badge_status(consent_status(study, participant.id), participant.study_role,
                                                     consented_without_audio(study, participant.id))))
    header.addStretch(1)
    return header


def password_edit(object_name: str) -> QLineEdit:
    """A line edit that hides what is typed (passphrases, recovery keys)."""
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def date_time_edit(object_name: str) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime.currentDateTime())
    edit.setObjectName(object_name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


def choice_combo(object_name: str, labels: dict[str, str]) -> QComboBox:
    """A combo box of translated labels (marked with N_) carrying their keys as data."""
    combo = QComboBox()
    combo.setObjectName(object_name)
    for key, label in labels.items():
        combo.addItem(_(label), key)
    return combo


def check_group(title: str, labels: dict[str, str], prefix: str) -> tuple[QGroupBox, dict[str, QCheckBox]]:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    checks: dict[str, QCheckBox] = {}
    for key, label in labels.items():
        check = QCheckBox(_(label))
        check.setObjectName(f"{prefix}{key}")
        checks[key] = check
        layout.addWidget(check)
    return box, checks
