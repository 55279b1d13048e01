"""The session window: what is on screen for the hour of an interview or focus group.

Calm and readable from a distance: the current guide question large, probes under it; recording
controls and level on the right; notes at the bottom. Everything noted is stored at once, stamped with
the recording timeline (`Recorder.position_ms()`), so notes, guide marks and speaker events line up
with the audio as a listener hears it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.sessions import fieldnotes
from echo_fieldwork.sessions.fieldnotes import NOTE_TAGS
from echo_fieldwork.sessions.guides import get_guide
from echo_fieldwork.sessions.sessions import SESSION_KINDS, SESSION_MODES, attendance, get_session
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.audio.recording_panel_widget import RecordingPanelWidget
from echo_fieldwork.ui.common.messages import show_error
from echo_fieldwork.ui.sessions.guide_panel_widget import GuidePanelWidget
from echo_fieldwork.ui.sessions.notes_panel_widget import TAG_KEYS, NotesPanelWidget
from echo_fieldwork.ui.sessions.speaker_buttons_widget import SpeakerButtonsWidget

log = logging.getLogger("echo_fieldwork.ui.session")

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
        self.resize(1280, 800)

        self.recording_panel = RecordingPanelWidget(study, session_id, settings)
        self.recording_panel.recording_started.connect(self._on_recording_started)
        self.recording_panel.recording_stopped.connect(lambda _result: self._refresh_notes())
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
        self.notes_panel.note_edited.connect(self.edit_note)
        self.speakers = SpeakerButtonsWidget(self.attendees)
        self.speakers.speaker_chosen.connect(self.log_speaker)
        self.speakers.setVisible(self.session.kind == "focus_group" and bool(self.speakers.attendees))

        header = self.header = QLabel(self._header_text())
        header.setObjectName("sessionHeader")
        keys = QLabel(_("Page Down / Page Up: next / previous question · Ctrl+Enter: covered, next · "
                        "Enter: store note · F5–F8: tags · 1–9 (Alt+1–9 while typing): who speaks · Esc: leave the note"))
        keys.setObjectName("keysHelp")
        keys.setWordWrap(True)
        side = QFrame()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.recording_panel)
        side_layout.addStretch(1)
        side.setMinimumWidth(330)
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
        self.notes_panel.entry.setFocus()

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
        for number in range(1, 10):
            # plain digits only when not typing (the note field takes them); Alt+digit always
            shortcut(str(number), lambda n=number: self.speakers.choose_number(n))
            shortcut(f"Alt+{number}", lambda n=number: self.speakers.choose_number(n))
        shortcut("Ctrl+R", self.recording_panel.start_recording)
        shortcut("Ctrl+Space", self.recording_panel.toggle_pause)
        shortcut("Escape", lambda: self.setFocus())
        shortcut("Ctrl+L", lambda: self.notes_panel.entry.setFocus())

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

    def _count_section_time(self) -> None:
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
