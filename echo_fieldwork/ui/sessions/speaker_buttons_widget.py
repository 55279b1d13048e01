"""Focus groups: one button per attendee (keys 1–9) to log who starts speaking, the classic speaker log."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from echo_fieldwork.i18n import _


class SpeakerButtonsWidget(QWidget):
    speaker_chosen = Signal(int)     # participant id

    def __init__(self, attendees: list[tuple[int, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attendees = [(pid, code) for pid, code, role in attendees if role == "participant"][:9]
        self.buttons: list[QPushButton] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("Speaking:")))
        for number, (pid, code) in enumerate(self.attendees, start=1):
            button = QPushButton(f"{number} · {code}")
            button.setObjectName(f"speaker_{code}")
            button.setMinimumHeight(34)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(_("{code} starts speaking (key {n}, or Alt+{n} while typing)").format(code=code, n=number))
            button.clicked.connect(lambda _checked=False, p=pid: self.speaker_chosen.emit(p))
            self.buttons.append(button)
            layout.addWidget(button)
        layout.addStretch(1)
        self.last_label = QLabel()
        self.last_label.setObjectName("lastSpeaker")
        layout.addWidget(self.last_label)

    def choose_number(self, number: int) -> None:
        if 1 <= number <= len(self.attendees):
            self.speaker_chosen.emit(self.attendees[number - 1][0])

    def show_last(self, code: str, when: str) -> None:
        self.last_label.setText(_("Last: {code} at {time}").format(code=code, time=when))
        for button, (_pid, c) in zip(self.buttons, self.attendees):
            button.setProperty("current", c == code)
            button.setStyleSheet("font-weight: bold; border: 2px solid #2f6db3;" if c == code else "")
