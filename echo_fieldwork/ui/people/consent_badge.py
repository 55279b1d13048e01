"""The consent status pill shown wherever a participant appears: consented (without audio), consent missing,
withdrawn."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from echo_fieldwork.i18n import N_, _

# status -> (label, text colour, background); calm colours that still read at a glance.
BADGES = {
    "consented": (N_("Consented"), "#1e6b3a", "#dcf2e3"),
    "no_audio": (N_("Consented · no audio"), "#6b3a8a", "#efe3f7"),
    "missing": (N_("Consent missing"), "#8a5300", "#fdebc8"),
    "withdrawn": (N_("Withdrawn"), "#9b1c1c", "#fbdada"),
    "not_required": (N_("Research team"), "#3d4a5c", "#e6eaf0"),
    "done": (N_("Completed"), "#1e4e8c", "#dde8f7"),
    "todo": (N_("To complete"), "#5b6472", "#eef0f3"),
}


def badge_status(consent_status: str, study_role: str, no_audio: bool = False) -> str:
    """Interviewers are research staff: they need no participant consent, so no warning badge for them.
    A consent that excludes audio says so: that participant's sessions cannot be recorded."""
    if study_role == "interviewer" and consent_status == "missing":
        return "not_required"
    if consent_status == "consented" and no_audio:
        return "no_audio"
    return consent_status


def badge_style(status: str) -> str:
    _label, colour, background = BADGES[status]
    return (f"QLabel {{ color: {colour}; background: {background}; border-radius: 9px; padding: 1px 10px; "
            f"font-weight: 600; }}")


class ConsentBadgeWidget(QLabel):
    def __init__(self, status: str = "missing", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentBadge")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = ""
        self.set_status(status)

    def set_status(self, status: str) -> None:
        self.status = status
        self.setText(_(BADGES[status][0]))
        self.setStyleSheet(badge_style(status))
        self.setAccessibleName(self.text())
