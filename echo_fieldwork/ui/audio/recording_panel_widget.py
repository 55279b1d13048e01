"""Recording controls of the session window: device, record/pause/resume/stop, elapsed time, level,
clipping and silence warnings, free disk space. Owns the core Recorder of one session; for a session held
by videoconference, the call's sound too (`audio.call_recorder`), with its own level meter."""

from __future__ import annotations

import logging
import time
from fractions import Fraction

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QWidget,
)

from echo_fieldwork.audio.call_recorder import CallRecorder
from echo_fieldwork.audio.loopback import find_call_sources, no_call_source_reason
from echo_fieldwork.audio.recorder import (
    Recorder,
    RecordingResult,
    disk_space,
    list_input_devices,
    recording_refused_by,
)
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, current_language, ngettext
from echo_fieldwork.reports.stats import format_number
from echo_fieldwork.sessions.sessions import get_session, session_duration_ms
from echo_fieldwork.settings import Settings
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.audio.level_meter_widget import LevelMeterWidget
from echo_fieldwork.ui.audio.recorder import RecorderBridge
from echo_fieldwork.ui.common.messages import _is_test_mode, show_error

log = logging.getLogger("echo_fieldwork.ui.recording")


class RecordingPanelWidget(QWidget):
    recording_started = Signal()
    recording_paused = Signal(bool)          # True: paused, False: resumed
    recording_stopped = Signal(object)       # RecordingResult
    attendance_changed = Signal()            # someone who may not be recorded was removed from the session

    def __init__(self, study: Study, session_id: int, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.session_id = session_id
        self.settings = settings
        self.recorder: Recorder | None = None
        self.bridge = RecorderBridge(self)
        self.bridge.level_measured.connect(self._on_level)
        self.bridge.silence_changed.connect(self._on_silence)
        self.bridge.overruns_counted.connect(self._on_overruns)
        self.bridge.recording_failed.connect(self._on_failed)
        self.videoconference = get_session(study, session_id).mode == "videoconference"

        self.device_combo = QComboBox()
        self.device_combo.setObjectName("deviceCombo")
        self.device_combo.setAccessibleName(_("Input device"))
        self.record_button = QPushButton(_("● Record"))
        self.record_button.setObjectName("recordButton")
        self.record_button.setToolTip(_("Start recording (Ctrl+R)"))
        # Pause and stop carry the style's own icons: the ⏸ glyph is missing from common Linux fonts.
        self.pause_button = QPushButton(_("Pause"))
        self.pause_button.setObjectName("pauseButton")
        self.pause_button.setToolTip(_("Pause or resume (Ctrl+Space)"))
        self.pause_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPause))
        self.stop_button = QPushButton(_("Stop"))
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setToolTip(_("Stop the recording (asks first)"))
        self.stop_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaStop))
        self.stop_box: QMessageBox | None = None
        self._paused_at: float | None = None  # time.monotonic() when paused
        # Reopened: the clock shows what the session already holds (its recordings end to end).
        self.elapsed_label = QLabel(format_ms(session_duration_ms(study, session_id)))
        self.elapsed_label.setObjectName("recordingElapsed")
        self.state_label = QLabel(_("Not recording"))
        self.state_label.setObjectName("recordingState")
        # Beside the large clock there is little room: longer (French) states wrap instead of being cut.
        self.state_label.setWordWrap(True)
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.meter = LevelMeterWidget()
        self.call_combo = QComboBox()
        self.call_combo.setObjectName("callSourceCombo")
        self.call_combo.setAccessibleName(_("The call's sound"))
        self.call_meter = LevelMeterWidget()
        self.call_meter.setObjectName("callLevelMeter")
        self.call_meter.setAccessibleName(_("Level of the call"))
        self.call_note = QLabel()
        self.call_note.setObjectName("callSourceNote")
        self.call_note.setWordWrap(True)
        self.bridge.call_level_measured.connect(self.call_meter.set_level)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("recordingWarning")
        self.warning_label.setWordWrap(True)
        self.disk_label = QLabel()
        self.disk_label.setObjectName("diskSpace")
        self.disk_label.setWordWrap(True)
        self.record_button.clicked.connect(self.start_recording)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.request_stop)

        buttons = QHBoxLayout()
        for button in (self.record_button, self.pause_button, self.stop_button):
            button.setMinimumHeight(34)
            buttons.addWidget(button)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.elapsed_label, 0, 0)
        layout.addWidget(self.state_label, 0, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(buttons, 1, 0, 1, 2)
        layout.addWidget(self.meter, 2, 0, 1, 2)
        layout.addWidget(self.warning_label, 3, 0, 1, 2)
        # The microphone's name on a row of its own: device names are long and the side panel is narrow.
        layout.addWidget(QLabel(_("Microphone:")), 4, 0, 1, 2)
        layout.addWidget(self.device_combo, 5, 0, 1, 2)
        layout.addWidget(self.disk_label, 6, 0, 1, 2)
        if self.videoconference:
            # The interviewer on the microphone, the others through the computer: two meters, two tracks.
            layout.addWidget(QLabel(_("The call (what this computer plays):")), 7, 0, 1, 2)
            layout.addWidget(self.call_combo, 8, 0, 1, 2)
            layout.addWidget(self.call_meter, 9, 0, 1, 2)
            layout.addWidget(self.call_note, 10, 0, 1, 2)
        for widget in (self.call_combo, self.call_meter, self.call_note):
            widget.setVisible(self.videoconference)
        layout.setColumnStretch(1, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self._tick)
        self.disk_timer = QTimer(self)
        self.disk_timer.setInterval(10_000)
        self.disk_timer.timeout.connect(self.refresh_disk_space)
        self.disk_timer.start()
        self._silence = False
        self._overruns = 0
        self.refresh_devices()
        self.refresh_call_sources()
        self.refresh_disk_space()
        self._update_buttons()

    # -- state ---------------------------------------------------------------------------------------
    @property
    def recording(self) -> bool:
        return self.recorder is not None and self.recorder.state in ("recording", "paused")

    def position_ms(self) -> int | None:
        """The session timeline now (None when nothing is recording: notes then carry no time)."""
        return self.recorder.position_ms() if self.recording else None

    def refresh_devices(self) -> None:
        self.device_combo.clear()
        self.device_combo.addItem(_("System default"), None)
        try:
            devices = list_input_devices()
        except UserError as error:
            self.warning_label.setText(str(error))
            devices = []
        for device in devices:
            self.device_combo.addItem(device.name, device.name)
        preferred = self.settings.get("input_device")
        index = self.device_combo.findData(preferred) if preferred else 0
        self.device_combo.setCurrentIndex(max(0, index))

    def refresh_call_sources(self) -> None:
        """A videoconference session records the call too: offer what the computer plays (else say why not)."""
        self.call_combo.clear()
        if not self.videoconference:
            return
        try:
            sources = find_call_sources()
        except UserError:
            sources = []
        for source in sources:
            self.call_combo.addItem(source.label, source)
        self.call_combo.addItem(_("Microphone only (do not record the call)"), None)
        self.call_combo.setCurrentIndex(0)
        self.call_note.setText(
            _("Your voice is kept on the microphone's track and the others' on the call's: wear headphones so "
              "that the microphone does not pick up the call.") if sources else no_call_source_reason())

    def refresh_disk_space(self) -> None:
        space = disk_space(self.study)
        hours = space.seconds_left / 3600
        # Numbers as the interface language writes them: 72,3 Go in French, 72.3 GB in English.
        text = _("Free disk space: {gb} GB (about {hours} h of recording)").format(
            gb=format_number(Fraction(space.free_bytes, 10**9), current_language(), 1),
            hours=format_number(Fraction(round(hours)), current_language()))
        if space.low:
            text = "⚠ " + text + " — " + _("less than 2 hours fit: free some space.")
        self.disk_label.setText(text)
        self.disk_label.setProperty("warning", space.low)

    # -- actions -------------------------------------------------------------------------------------
    def start_recording(self) -> bool:
        if self.recording:
            return False
        refused = recording_refused_by(self.study, self.session_id)
        if refused:
            self.refused_box = self.show_recording_refused(refused)
            return False
        device = self.device_combo.currentData()
        call_source = self.call_combo.currentData() if self.videoconference else None
        try:
            if call_source is not None:
                recorder = CallRecorder(self.study, self.session_id, call_source, device=device,
                                        callbacks=self.bridge.callbacks(),
                                        sample_rate=self.settings.get("recording_sample_rate"))
            else:
                recorder = Recorder(self.study, self.session_id, device=device, callbacks=self.bridge.callbacks(),
                                    sample_rate=self.settings.get("recording_sample_rate"))
            recorder.start()
        except UserError as error:
            show_error(self, error)
            return False
        self.recorder = recorder
        self.settings.set("input_device", device or "")
        self._silence = False
        self._overruns = 0
        self.warning_label.clear()
        self.timer.start()
        self._update_buttons()
        self.recording_started.emit()
        return True

    def show_recording_refused(self, refused: list[tuple[str, str]]) -> QMessageBox:
        """Recording refused because someone present did not consent to audio: say who and why, and offer
        the ways forward (remove them from the session, or record a new consent)."""
        text = _("This session cannot be recorded:") + "\n" + "\n".join(reason for _code, reason in refused)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Recording refused"), text, QMessageBox.StandardButton.Cancel,
                          self)
        box.setObjectName("recordingRefusedBox")
        box.setInformativeText(_("Remove them from the session (they did not attend, or are not recorded), or "
                                 "record a new consent that allows audio."))
        actions = {}
        for code, _reason in refused:
            actions[box.addButton(_("Remove {code} from the session").format(code=code),
                                  QMessageBox.ButtonRole.ActionRole)] = (self.remove_attendee, code)
            actions[box.addButton(_("Record a new consent for {code}…").format(code=code),
                                  QMessageBox.ButtonRole.ActionRole)] = (self.record_new_consent, code)

        def chosen(button) -> None:
            if button in actions:
                action, code = actions[button]
                action(code)

        box.buttonClicked.connect(chosen)
        box.open() if _is_test_mode() else box.exec()
        return box

    def remove_attendee(self, code: str) -> None:
        from echo_fieldwork.sessions.sessions import attendance, get_session, update_session

        session = get_session(self.study, self.session_id)
        people = attendance(self.study, self.session_id)
        by_role = {role: [c for _pid, c, r in people if r == role and c != code]
                   for role in ("participant", "interviewer", "observer")}
        try:
            update_session(self.study, session.id, session.code, session.kind, session.date, session.mode,
                           attendees=by_role["participant"], interviewers=by_role["interviewer"],
                           observers=by_role["observer"], guide_id=session.guide_id)
        except UserError as error:
            show_error(self, error)
            return
        self.attendance_changed.emit()

    def record_new_consent(self, code: str):
        from echo_fieldwork.people.participants import require
        from echo_fieldwork.ui.people.consent_dialog import ConsentDialog

        dialog = ConsentDialog(self.study, require(self.study, code), self)
        dialog.open()
        return dialog

    def toggle_pause(self) -> None:
        if not self.recording:
            return
        if self.recorder.state == "recording":
            self.recorder.pause()
            self._paused_at = time.monotonic()
            self.recording_paused.emit(True)
        else:
            self.recorder.resume()
            self._paused_at = None
            self.recording_paused.emit(False)
        self._update_buttons()

    @property
    def paused(self) -> bool:
        return self.recording and self.recorder.state == "paused"

    def paused_for_s(self) -> float:
        """How long the recording has been paused (0 when it is not)."""
        return time.monotonic() - self._paused_at if self.paused and self._paused_at is not None else 0.0

    def request_stop(self) -> QMessageBox | None:
        """The Stop button: a stop ends the recording, so it is confirmed first."""
        if not self.recording:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, _("Stop the recording?"),
                          _("Stop the recording? To continue later, use Pause instead; a new recording can still "
                            "be added to this session."), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmStopBox")
        stop = box.addButton(_("Stop the recording"), QMessageBox.ButtonRole.DestructiveRole)
        stop.setObjectName("confirmStopButton")
        keep = box.addButton(_("Keep recording"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.buttonClicked.connect(lambda button: self.stop_recording() if button is stop else None)
        self.stop_box = box
        box.open() if _is_test_mode() else box.exec()
        return box

    def stop_recording(self) -> RecordingResult | None:
        if self.recorder is None or self.recorder.state == "stopped":
            return None
        self._paused_at = None
        result = self.recorder.stop()
        self.timer.stop()
        self._tick()
        self.meter.reset()
        self.call_meter.reset()
        self._update_buttons()
        self.refresh_disk_space()
        self.recording_stopped.emit(result)
        return result

    # -- from the recorder (queued to this thread) ---------------------------------------------------
    def _on_level(self, rms: float, peak: float, clipped: bool) -> None:
        self.meter.set_level(rms, peak, clipped)
        if clipped:
            self.warning_label.setText(_("⚠ Clipping: the sound is too loud; move the microphone away."))
        elif not self._silence and self.meter.clipping is False and self.warning_label.text().startswith("⚠ Clip"):
            self.warning_label.clear()

    def _on_silence(self, silent: bool) -> None:
        self._silence = silent
        self.warning_label.setText(_("⚠ Silence for a while: is the microphone on and close enough?") if silent else "")

    def _on_overruns(self, count: int) -> None:
        self._overruns = count

    def _on_failed(self, message: str) -> None:
        self.stop_recording()
        self.warning_label.setText("⚠ " + message)
        show_error(self, UserError(message))

    def _tick(self) -> None:
        if self.recorder is None:
            return
        # the session timeline (earlier recordings included): the clock notes are stamped with
        self.elapsed_label.setText(format_ms(self.recorder.position_ms()))
        state = {"recording": _("● Recording"), "paused": _("Paused"), "stopped": _("Stopped")}.get(
            self.recorder.state, "")
        if self._overruns:
            state += " · " + ngettext("{n} overrun", "{n} overruns", self._overruns).format(n=self._overruns)
        self.state_label.setText(state)

    def _update_buttons(self) -> None:
        recording = self.recording
        self.record_button.setEnabled(not recording)
        self.pause_button.setEnabled(recording)
        self.stop_button.setEnabled(recording)
        self.device_combo.setEnabled(not recording)
        self.call_combo.setEnabled(not recording)
        paused = recording and self.recorder.state == "paused"
        self.pause_button.setText(_("Resume") if paused else _("Pause"))
        self.pause_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPlay if paused else QStyle.StandardPixmap.SP_MediaPause))
        self._tick()
