"""Help → Copy diagnostic info: the core report (echo_fieldwork.diagnostics) plus Qt's version, to the clipboard."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from echo_fieldwork import diagnostics
from echo_fieldwork.i18n import _
from echo_fieldwork.settings import Settings


def copy_diagnostics(settings: Settings, parent: QWidget | None = None) -> str:
    report = diagnostics.collect(settings, {"Qt": qVersion(), "PySide6": PySide6.__version__})
    QGuiApplication.clipboard().setText(report)
    if parent is not None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Diagnostic information"), _(
            "The diagnostic information is on the clipboard: paste it into your message to the support team. "
            "It holds versions, the model, the audio devices and recent errors — no names and no transcript text."),
            QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("diagnosticsCopiedBox")
        box.open()
    return report
