"""The session window: what is on screen for the hour of an interview or focus group.

Calm and readable from a metre away: a banner across the top that is red while recording and loud when
paused (with a reminder after a minute); the current guide question large, probes under it (Ctrl + and
Ctrl − zoom the guide); recording controls and level on the right; notes at the bottom. Everything noted
is stored at once, stamped with the recording timeline (`Recorder.position_ms()`), so notes, guide marks
and speaker events line up with the audio as a listener hears it.

Keys: the window, not the note field, holds the focus between notes, so keys 1–9 (participants) and 0 (the
first moderator) log who speaks; typing a letter starts a note (the note field takes the focus), Enter
stores it and gives the focus back. While typing a note, digits are text and Alt+0–9 log speakers; a
note that starts with a digit is begun with Ctrl+L.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, ngettext
from echo_fieldwork.sessions import fieldnotes
from echo_fieldwork.sessions.fieldnotes import NOTE_TAGS
from echo_fieldwork.sessions.guides import get_guide
from echo_fieldwork.sessions.sessions import (
    SESSION_KINDS,
    SESSION_MODES,
    attendance,
    get_session,
    session_duration_ms,
)
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.audio.recording_panel_widget import RecordingPanelWidget
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.sessions.guide_panel_widget import GuidePanelWidget
from echo_fieldwork.ui.sessions.notes_panel_widget import TAG_KEYS, NotesPanelWidget
from echo_fieldwork.ui.sessions.speaker_buttons_widget import SpeakerButtonsWidget

log = logging.getLogger("echo_fieldwork.ui.session")

PAUSE_REMINDER_S = 60  # paused this long: the banner reminds that nothing is being recorded
BANNER_STYLES = {
    "idle": "background: #e4e2dc; color: #3f4d59;",
    "recording": "background: #c62828; color: white;",
    "paused": "background: #ffb300; color: #1d2a36;",
    "paused_long": "background: #ff6f00; color: white;",
}

STYLE = """
#sessionWindow { background: #f6f5f1; }
#questionCard { background: white; border: 1px solid #dcdad3; border-radius: 10px; }
#currentQuestion { color: #1d2a36; }
#probes { color: #3f4d59; }
#questionNote { color: #6b5b2e; font-style: italic; }
#guideSection { color: #55616b; font-weight: bold; }
#coveredLabel { color: #2e7d4f; }
#recordingElapsed { font-size: 30px; font-weight: bold; color: #1d2a36; }
#recordingWarning { color: #b3261e; }
#sessionHeader { color: #55616b; }
#keysHelp { color: #6d767e; }
"""


class SessionWindow(QMainWindow):
    note_stored = Signal(int)
    session_closed = Signal()

    def __init__(self, study: Study, session_id: int, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionWindow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Esc parks the focus here so keys 1–9 log speakers
        self.setStyleSheet(STYLE)
        self.study = study
        self.session = get_session(study, session_id)
        self.attendees = attendance(study, session_id)
        self.guide = get_guide(study, self.session.guide_id) if self.session.guide_id else None
        self.setWindowTitle(_("Session {code} — {kind}").format(code=self.session.code,
                                                                 kind=_(SESSION_KINDS[self.session.kind])))
        self.resize(1280, 740)

        self.recording_panel = RecordingPanelWidget(study, session_id, settings)
        self.recording_panel.recording_started.connect(self._on_recording_started)
        self.recording_panel.recording_started.connect(self.update_banner)
        self.recording_panel.recording_paused.connect(lambda _paused: self.update_banner())
        self.recording_panel.recording_stopped.connect(lambda _result: self._refresh_notes())
        self.recording_panel.recording_stopped.connect(lambda _result: self.update_banner())
        self.recording_panel.attendance_changed.connect(self.reload_attendance)
        if self.guide:
            self.guide_panel: GuidePanelWidget | None = GuidePanelWidget(
                self.guide, fieldnotes.guide_progress(study, session_id))
            self.guide_panel.covered_toggled.connect(self.mark_covered)
            guide_widget: QWidget = self.guide_panel
        else:
            self.guide_panel = None
            guide_widget = QLabel(_("No interview guide for this session."))
            guide_widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notes_panel = NotesPanelWidget(self.recording_panel.position_ms)
        self.notes_panel.note_submitted.connect(self.store_note)
        # Clicking the note field is how one types a note that starts with a digit.
        self.notes_panel.note_edited.connect(self.edit_note)
        self.speakers = SpeakerButtonsWidget(self.attendees)
        self.speakers.speaker_chosen.connect(self.log_speaker)
        self.speakers.setVisible(self.session.kind == "focus_group" and bool(self.speakers.attendees))

        header = self.header = QLabel(self._header_text())
        header.setObjectName("sessionHeader")
        # The state of the recording, across the window: red while recording, loud when paused.
        self.banner = QLabel()
        self.banner.setObjectName("recordingBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        banner_font = self.banner.font()
        banner_font.setPointSizeF(banner_font.pointSizeF() * 1.5)
        banner_font.setBold(True)
        self.banner.setFont(banner_font)
        self.banner.setMargin(6)
        keys = self.keys_label = QLabel(
            _("PgDn / PgUp: next / previous question · Ctrl+Enter: covered, next · Ctrl + / Ctrl −: guide size · "
              "type: a note, Enter: store it · F5–F8: tags · 1–9, 0 (Alt+digit while typing): who speaks · "
              "Ctrl+L: note starting with a digit · Esc: leave the note"))
        keys.setObjectName("keysHelp")
        keys.setWordWrap(True)
        keys.setMinimumWidth(200)
        side = QFrame()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.recording_panel)
        side_layout.addStretch(1)
        side.setMinimumWidth(300)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(guide_widget)
        top.addWidget(side)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)
        bottom = QWidget()
        bottom_layout = self.bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.speakers)
        bottom_layout.addWidget(self.notes_panel)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        central = QWidget()
        layout = QVBoxLayout(central)
        head_row = QHBoxLayout()
        head_row.addWidget(header, 1)
        layout.addWidget(self.banner)
        layout.addLayout(head_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(keys)
        self.setCentralWidget(central)
        self._install_shortcuts()

        # Section timing follows the recording timeline.
        self._last_position = 0
        self.section_timer = QTimer(self)
        self.section_timer.setInterval(500)
        self.section_timer.timeout.connect(self._count_section_time)
        self.section_timer.start()
        self._refresh_notes()
        # Buttons do not take the focus from the window: keys go on logging speakers after a click.
        for button in self.findChildren(QPushButton):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.update_banner()
        self.setFocus()

    def _header_text(self) -> str:
        return " · ".join([self.session.code, self.session.date, _(SESSION_MODES[self.session.mode]),
                           ", ".join(code for _pid, code, _role in self.attendees)])

    def reload_attendance(self) -> None:
        """Someone was removed from the session (e.g. a participant who may not be recorded): the header and
        the speaker buttons follow."""
        self.attendees = attendance(self.study, self.session.id)
        self.header.setText(self._header_text())
        old = self.speakers
        self.speakers = SpeakerButtonsWidget(self.attendees)
        self.speakers.speaker_chosen.connect(self.log_speaker)
        self.speakers.setVisible(self.session.kind == "focus_group" and bool(self.speakers.attendees))
        self.bottom_layout.replaceWidget(old, self.speakers)
        old.deleteLater()

    # -- keyboard ------------------------------------------------------------------------------------
    def _install_shortcuts(self) -> None:
        def shortcut(sequence: str | QKeySequence, slot) -> QShortcut:
            s = QShortcut(QKeySequence(sequence), self)
            s.setContext(Qt.ShortcutContext.WindowShortcut)
            s.activated.connect(slot)
            return s

        if self.guide_panel:
            for seq in ("PgDown", "Alt+Down"):
                shortcut(seq, self.guide_panel.next_question)
            for seq in ("PgUp", "Alt+Up"):
                shortcut(seq, self.guide_panel.previous_question)
            shortcut("Ctrl+Return", self.mark_covered_and_next)
            shortcut("Ctrl+Enter", self.mark_covered_and_next)
        for tag, key in zip(NOTE_TAGS, TAG_KEYS):
            shortcut(key, lambda t=tag: self.notes_panel.toggle_tag(t))
        for number in range(0, 10):
            # plain digits while the window holds the focus (between notes); Alt+digit always
            shortcut(str(number), lambda n=number: self.speakers.choose_number(n))
            shortcut(f"Alt+{number}", lambda n=number: self.speakers.choose_number(n))
        if self.guide_panel:
            # (not also QKeySequence.ZoomIn: the same keys twice would make both shortcuts ambiguous)
            for seq in ("Ctrl++", "Ctrl+="):
                shortcut(seq, lambda: self.guide_panel.zoom(1))
            shortcut("Ctrl+-", lambda: self.guide_panel.zoom(-1))
            shortcut("Ctrl+0", lambda: self.guide_panel.zoom(0))
        shortcut("Ctrl+R", self.recording_panel.start_recording)
        shortcut("Ctrl+Space", self.recording_panel.toggle_pause)
        shortcut("Escape", lambda: self.setFocus())
        shortcut("Ctrl+L", lambda: self.notes_panel.entry.setFocus())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Typing text while the window holds the focus starts a note: the note field takes the focus and
        the key. (Digits never arrive here: they are the speaker keys.)"""
        text = event.text()
        if text and text.isprintable() and not text.isspace() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            self.notes_panel.entry.setFocus()
            QApplication.sendEvent(self.notes_panel.entry, QKeyEvent(event.type(), event.key(), event.modifiers(),
                                                                     text))
            return
        super().keyPressEvent(event)

    # -- actions -------------------------------------------------------------------------------------
    def position_ms(self) -> int | None:
        return self.recording_panel.position_ms()

    @property
    def current_question_key(self) -> str:
        return self.guide_panel.current_key if self.guide_panel else ""

    def store_note(self, text: str, tags: list[str], recording_ms: int | None) -> None:
        try:
            note = fieldnotes.add_note(self.study, self.session.id, text, recording_ms=recording_ms,
                                       question_key=self.current_question_key, tags=tags)
        except UserError as error:
            show_error(self, error)
            return
        self.notes_panel.clear_entry()
        self.setFocus()  # the note is stored: keys log speakers again
        self._refresh_notes()
        self.note_stored.emit(note.id)

    def edit_note(self, note_id: int, text: str) -> None:
        try:
            fieldnotes.edit_note(self.study, note_id, text)
        except UserError as error:
            show_error(self, error)
        self._refresh_notes()

    def mark_covered(self, key: str, covered: bool = True) -> None:
        mark = fieldnotes.mark_question(self.study, self.session.id, key, covered, recording_ms=self.position_ms())
        if self.guide_panel:
            self.guide_panel.set_mark(mark)

    def mark_covered_and_next(self) -> None:
        if self.guide_panel:
            self.mark_covered(self.guide_panel.current_key, True)
            self.guide_panel.next_question()

    def log_speaker(self, participant_id: int) -> None:
        position = self.position_ms()
        if position is None:
            self.statusBar().showMessage(_("Start recording to log who speaks."), 4000)
            return
        event = fieldnotes.add_speaker_event(self.study, self.session.id, participant_id, position)
        self.speakers.show_last(event.participant_code, format_ms(event.recording_ms))

    # -- updates -------------------------------------------------------------------------------------
    def _refresh_notes(self) -> None:
        self.notes_panel.set_notes(fieldnotes.list_notes(self.study, self.session.id))

    def _on_recording_started(self) -> None:
        self._last_position = self.position_ms() or 0

    def banner_state(self) -> str:
        panel = self.recording_panel
        if not panel.recording:
            return "idle"
        if panel.paused:
            return "paused_long" if panel.paused_for_s() >= PAUSE_REMINDER_S else "paused"
        return "recording"

    def update_banner(self) -> None:
        state = self.banner_state()
        position = self.position_ms()
        if state == "recording":
            text = _("● RECORDING · {time}").format(time=format_ms(position))
        elif state == "paused":
            text = _("PAUSED · nothing is being recorded · Ctrl+Space resumes")
        elif state == "paused_long":
            minutes = int(self.recording_panel.paused_for_s() // 60)
            text = ngettext("Still PAUSED for {n} minute: nothing is being recorded · Ctrl+Space resumes",
                            "Still PAUSED for {n} minutes: nothing is being recorded · Ctrl+Space resumes",
                            minutes).format(n=minutes)
        else:
            total = session_duration_ms(self.study, self.session.id)
            text = _("Not recording · recorded so far: {time}").format(time=format_ms(total)) if total else \
                _("Not recording")
        if self.banner.text() != text:
            self.banner.setText(text)
        if self.banner.property("state") != state:
            self.banner.setProperty("state", state)
            self.banner.setStyleSheet(BANNER_STYLES[state])

    def _count_section_time(self) -> None:
        self.update_banner()
        position = self.position_ms()
        if position is None or self.guide_panel is None:
            return
        self.guide_panel.add_elapsed(max(0, position - self._last_position))
        self._last_position = position

    def closeEvent(self, event: QCloseEvent) -> None:
        # The user closing the window mid-session (title bar, Alt+F4) is asked first: closing stops the
        # recording. A close by the app itself (the study is closing) goes ahead.
        if self.recording_panel.recording and event.spontaneous():
            answer = QMessageBox.question(
                self, _("Recording in progress"),
                _("A recording is in progress. Stop the recording and close the session window?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        # Closing never loses audio: the recording is stopped and finalized first.
        if self.recording_panel.recording:
            self.recording_panel.stop_recording()
        self.section_timer.stop()
        self.session_closed.emit()
        super().closeEvent(event)
