"""The interview guide during a session: the current question large, its probes under it, the guide's
reminders (its description), the list of questions with what was covered, and the time spent in each
section against the suggested time. Sized to be read from a metre away; `zoom` makes it larger or smaller."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.i18n import _
from echo_fieldwork.sessions.fieldnotes import GuideMark
from echo_fieldwork.sessions.guides import Guide, Question
from echo_fieldwork.timeutil import format_ms

KEY_ROLE = Qt.ItemDataRole.UserRole
# Text sizes relative to the application's font, read at about a metre: question, probes, reminders.
QUESTION_SCALE, PROBE_SCALE, REMINDER_SCALE = 2.1, 1.5, 1.0
ZOOM_STEPS = (0.7, 0.85, 1.0, 1.2, 1.45, 1.75)


def _minutes(ms: int) -> str:
    return format_ms(ms)[3:] if ms < 3_600_000 else format_ms(ms)


class GuidePanelWidget(QWidget):
    question_changed = Signal(str)             # key of the question now shown
    covered_toggled = Signal(str, bool)        # key, covered

    def __init__(self, guide: Guide, progress: dict[str, GuideMark], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self.progress = dict(progress)
        self.section_elapsed_ms: dict[str, int] = {s.key: 0 for s in guide.sections}
        self.index = 0
        self.zoom_index = ZOOM_STEPS.index(1.0)

        self.section_label = QLabel()
        self.section_label.setObjectName("guideSection")
        self.section_time_label = QLabel()
        self.section_time_label.setObjectName("sectionTime")
        self.question_label = QLabel()
        self.question_label.setObjectName("currentQuestion")
        self.question_label.setWordWrap(True)
        self.question_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.probes_label = QLabel()
        self.probes_label.setObjectName("probes")
        self.probes_label.setWordWrap(True)
        # The guide's reminders (its description: length, consent reminders…), always in view.
        self.reminders_label = QLabel(guide.description.strip())
        self.reminders_label.setObjectName("guideReminders")
        self.reminders_label.setWordWrap(True)
        self.reminders_label.setVisible(bool(guide.description.strip()))
        self.reminders_label.setToolTip(_("The guide’s reminders"))
        self.reminders_label.setStyleSheet("background: #fff8e1; border: 1px solid #e6d9a8; border-radius: 6px; "
                                           "padding: 6px; color: #4a3f1c;")
        self.note_label = QLabel()
        self.note_label.setObjectName("questionNote")
        self.note_label.setWordWrap(True)
        self.covered_label = QLabel()
        self.covered_label.setObjectName("coveredLabel")
        self.previous_button = QPushButton(_("◀ Previous"))
        self.previous_button.setToolTip(_("Previous question (Page Up or Alt+Up)"))
        self.next_button = QPushButton(_("Next ▶"))
        self.next_button.setToolTip(_("Next question (Page Down or Alt+Down)"))
        self.covered_button = QPushButton(_("✓ Covered"))
        self.covered_button.setObjectName("coveredButton")
        self.covered_button.setCheckable(True)
        self.covered_button.setToolTip(_("Mark the question covered, with the time (Ctrl+Enter: and go to the next)"))
        self.previous_button.clicked.connect(self.previous_question)
        self.next_button.clicked.connect(self.next_question)
        self.covered_button.clicked.connect(lambda checked: self.covered_toggled.emit(self.current_key, checked))

        self.question_list = QListWidget()
        self.question_list.setObjectName("questionList")
        self.question_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.question_list.setWordWrap(True)
        for section in guide.sections:
            header = QListWidgetItem(section.title)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            bold = QFont(self.font())
            bold.setBold(True)
            header.setFont(bold)
            header.setForeground(QColor("#2b3a47"))  # a heading, not a greyed-out (disabled) row
            self.question_list.addItem(header)
            for question in section.questions:
                item = QListWidgetItem()
                item.setData(KEY_ROLE, question.key)
                self.question_list.addItem(item)
        self.question_list.currentItemChanged.connect(self._on_list_choice)

        card = QFrame()
        card.setObjectName("questionCard")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(20, 16, 20, 14)
        top = QHBoxLayout()
        top.addWidget(self.section_label, 1)
        top.addWidget(self.section_time_label)
        card_layout.addLayout(top)
        card_layout.addSpacing(8)
        card_layout.addWidget(self.question_label)
        card_layout.addSpacing(8)
        card_layout.addWidget(self.probes_label)
        card_layout.addWidget(self.note_label)
        card_layout.addStretch(1)
        card_layout.addWidget(self.covered_label)
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.covered_button)
        nav.addWidget(self.next_button)
        card_layout.addLayout(nav)
        side = QVBoxLayout()
        side.addWidget(self.reminders_label)
        side.addWidget(self.question_list, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card, 5)
        layout.addLayout(side, 3)
        self._apply_zoom()
        self._show()

    # -- size ----------------------------------------------------------------------------------------
    @property
    def zoom_factor(self) -> float:
        return ZOOM_STEPS[self.zoom_index]

    def zoom(self, step: int) -> None:
        """+1 larger, −1 smaller, 0 back to the normal size (Ctrl +, Ctrl −, Ctrl+0)."""
        normal = ZOOM_STEPS.index(1.0)
        self.zoom_index = normal if step == 0 else max(0, min(len(ZOOM_STEPS) - 1, self.zoom_index + step))
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        base = QFont(self.font()).pointSizeF()
        for label, scale in ((self.question_label, QUESTION_SCALE), (self.probes_label, PROBE_SCALE),
                             (self.reminders_label, REMINDER_SCALE), (self.note_label, REMINDER_SCALE)):
            font = QFont(self.font())
            font.setPointSizeF(base * scale * self.zoom_factor)
            label.setFont(font)

    # -- navigation ----------------------------------------------------------------------------------
    @property
    def current(self) -> Question:
        return self.guide.questions[self.index]

    @property
    def current_key(self) -> str:
        return self.current.key

    def go_to(self, index: int) -> None:
        index = max(0, min(len(self.guide.questions) - 1, index))
        if index != self.index:
            self.index = index
            self._show()
            self.question_changed.emit(self.current_key)

    def next_question(self) -> None:
        self.go_to(self.index + 1)

    def previous_question(self) -> None:
        self.go_to(self.index - 1)

    def _on_list_choice(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        key = item.data(KEY_ROLE) if item else None
        if key:
            self.go_to(next(i for i, q in enumerate(self.guide.questions) if q.key == key))

    # -- progress ------------------------------------------------------------------------------------
    def set_mark(self, mark: GuideMark) -> None:
        self.progress[mark.question_key] = mark
        self._show()

    def add_elapsed(self, ms: int) -> None:
        """Time spent (recording timeline) goes to the section of the question on screen."""
        section = self.guide.section_of(self.current_key)
        self.section_elapsed_ms[section.key] += ms
        self._show_section_time()

    def covered_count(self) -> int:
        return sum(1 for m in self.progress.values() if m.covered)

    # -- display -------------------------------------------------------------------------------------
    def _show(self) -> None:
        question = self.current
        section = self.guide.section_of(question.key)
        number = self.guide.sections.index(section) + 1
        self.section_label.setText(_("Section {n} of {total} · {title}").format(
            n=number, total=len(self.guide.sections), title=section.title))
        self.question_label.setText(question.text)
        self.probes_label.setText("\n".join("•  " + p for p in question.probes))
        self.probes_label.setVisible(bool(question.probes))
        self.note_label.setText(question.note)
        self.note_label.setVisible(bool(question.note))
        mark = self.progress.get(question.key)
        covered = bool(mark and mark.covered)
        self.covered_button.setChecked(covered)
        if covered:
            when = format_ms(mark.recording_ms) if mark.recording_ms is not None else mark.wall_at[11:16] + " UTC"
            self.covered_label.setText(_("✓ Covered at {time}").format(time=when))
        else:
            self.covered_label.setText(_("Not covered yet"))
        self.covered_label.setStyleSheet("" if covered else "color: #6d767e;")
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.guide.questions) - 1)
        for row in range(self.question_list.count()):
            item = self.question_list.item(row)
            key = item.data(KEY_ROLE)
            if not key:
                continue
            q = self.guide.question(key)
            done = bool(self.progress.get(key) and self.progress[key].covered)
            item.setText(("✓ " if done else "○ ") + q.text)
            item.setForeground(Qt.GlobalColor.darkGray if done else Qt.GlobalColor.black)
            if key == question.key and self.question_list.currentItem() is not item:
                self.question_list.blockSignals(True)
                self.question_list.setCurrentItem(item)
                self.question_list.blockSignals(False)
        self._show_section_time()

    def _show_section_time(self) -> None:
        section = self.guide.section_of(self.current_key)
        elapsed = self.section_elapsed_ms[section.key]
        if section.suggested_minutes:
            planned = int(section.suggested_minutes * 60_000)
            text = _("{elapsed} of {planned} min").format(elapsed=_minutes(elapsed), planned=f"{section.suggested_minutes:g}")
            over = elapsed > planned
        else:
            text, over = _minutes(elapsed), False
        self.section_time_label.setText(text)
        self.section_time_label.setProperty("over", over)
        self.section_time_label.setStyleSheet("color: #b3261e; font-weight: bold;" if over else "")
