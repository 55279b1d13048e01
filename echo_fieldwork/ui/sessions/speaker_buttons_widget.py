"""Focus groups: one button per participant (keys 1–9) and per moderator (key 0 for the first) to log who
starts speaking, the classic speaker log."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from echo_fieldwork.i18n import _

MODERATOR_KEY = 0  # the first moderator's key; participants have 1–9


class SpeakerButtonsWidget(QWidget):
    speaker_chosen = Signal(int)     # participant id

    def __init__(self, attendees: list[tuple[int, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attendees = [(pid, code) for pid, code, role in attendees if role == "participant"][:9]
        self.moderators = [(pid, code) for pid, code, role in attendees if role == "interviewer"]
        self.buttons: list[QPushButton] = []
        self.moderator_buttons: list[QPushButton] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(_("Speaking:")))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        keyed = [(number, pid, code, False) for number, (pid, code) in enumerate(self.attendees, start=1)]
        keyed += [(MODERATOR_KEY if index == 0 else None, pid, code, True)
                  for index, (pid, code) in enumerate(self.moderators)]
        for number, pid, code, moderator in keyed:
            button = QPushButton(f"{number} · {code}" if number is not None else code)
            button.setObjectName(f"speaker_{code}")
            button.setMinimumHeight(40)
            button.setFont(font)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if number is not None:
                button.setToolTip(_("{code} starts speaking (key {n}, or Alt+{n} while typing)").format(
                    code=code, n=number))
            else:
                button.setToolTip(_("{code} starts speaking").format(code=code))
            if moderator:  # told apart from the participants at a glance
                button.setStyleSheet("color: #1f4e79;")
            button.clicked.connect(lambda _checked=False, p=pid: self.speaker_chosen.emit(p))
            (self.moderator_buttons if moderator else self.buttons).append(button)
            layout.addWidget(button)
        layout.addStretch(1)
        self.last_label = QLabel()
        self.last_label.setObjectName("lastSpeaker")
        self.last_label.setFont(font)
        layout.addWidget(self.last_label)

    def choose_number(self, number: int) -> None:
        if number == MODERATOR_KEY and self.moderators:
            self.speaker_chosen.emit(self.moderators[0][0])
        elif 1 <= number <= len(self.attendees):
            self.speaker_chosen.emit(self.attendees[number - 1][0])

    def show_last(self, code: str, when: str) -> None:
        self.last_label.setText(_("Last: {code} at {time}").format(code=code, time=when))
        for button, (_pid, c) in zip(self.buttons + self.moderator_buttons, self.attendees + self.moderators):
            button.setProperty("current", c == code)
            base = "color: #1f4e79;" if button in self.moderator_buttons else ""
            button.setStyleSheet(base + ("font-weight: bold; border: 2px solid #2f6db3;" if c == code else ""))
