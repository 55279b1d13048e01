"""The audio player of the editor: QMediaPlayer with transcriber habits built in — rewind a little on
resume, play or loop a range, speed 0.5×–2× with the pitch kept (Qt's FFmpeg backend compensates the
pitch when `pitchCompensation` is available, which `pitch_preserved()` reports)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from echo_fieldwork.i18n import _
from echo_fieldwork.study.crypto import StudyKeys
from echo_fieldwork.study.sealed_audio import SealedAudioError
from echo_fieldwork.timeutil import format_ms
from echo_fieldwork.ui.audio.sealed_device import SealedAudioDevice

log = logging.getLogger("echo_fieldwork.ui.player")
SPEEDS = (0.5, 0.6, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)


class PlayerWidget(QWidget):
    position_changed = Signal(int)
    playing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, rewind_ms: int = 2000) -> None:
        super().__init__(parent)
        self.rewind_ms = rewind_ms
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        if hasattr(self.player, "setPitchCompensation"):
            self.player.setPitchCompensation(True)
        self._has_played = False
        self._device: SealedAudioDevice | None = None
        self._stop_at: int | None = None
        self._loop: tuple[int, int] | None = None
        self.player.positionChanged.connect(self._position_changed)
        self.player.durationChanged.connect(self._duration_changed)
        self.player.playbackStateChanged.connect(self._state_changed)
        self.player.errorOccurred.connect(lambda error, text: log.warning("player error %s", error))

        self.play_button = QToolButton()
        self.play_button.setObjectName("playButton")
        # The style's icons, not ▶/⏸ glyphs: ⏸ is missing from common Linux fonts (an empty box).
        self.play_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.setToolTip(_("Play / pause"))
        self.play_button.clicked.connect(self.toggle)
        self.time_label = QLabel("00:00:00 / 00:00:00")
        self.time_label.setObjectName("playerTime")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("playerSlider")
        self.slider.sliderMoved.connect(self.seek)
        self.speed_box = QComboBox()
        self.speed_box.setObjectName("speedBox")
        self.speed_box.setToolTip(_("Playback speed (pitch kept)"))
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.currentIndexChanged.connect(lambda i: self.player.setPlaybackRate(SPEEDS[i]))
        self.loop_label = QLabel("")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.play_button)
        layout.addWidget(self.time_label)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.loop_label)
        layout.addWidget(QLabel(_("Speed:")))
        layout.addWidget(self.speed_box)

    # -- source ----------------------------------------------------------------------------------------------
    def set_source(self, path: Path | None) -> None:
        self._close_device()
        self.player.setSource(QUrl.fromLocalFile(str(path)) if path else QUrl())
        self.setEnabled(path is not None)

    def set_sealed_source(self, paths: list[Path] | None, keys: StudyKeys) -> None:
        """An encrypted study's recordings, played one after the other, decrypted in memory as they play."""
        self._close_device()
        if not paths:
            self.set_source(None)
            return
        try:
            self._device = SealedAudioDevice(paths, keys, self)
        except (OSError, SealedAudioError) as error:
            log.warning("sealed audio cannot be played: %s", type(error).__name__)
            self.set_source(None)
            return
        self.player.setSourceDevice(self._device, QUrl("session.wav"))
        self.setEnabled(True)

    def _close_device(self) -> None:
        if self._device is not None:
            self.player.setSource(QUrl())
            self._device.close()
            self._device.deleteLater()
            self._device = None

    def pitch_preserved(self) -> bool:
        availability = getattr(self.player, "pitchCompensationAvailability", None)
        if availability is None:
            return False
        return (availability() != QMediaPlayer.PitchCompensationAvailability.Unavailable
                and self.player.pitchCompensation())

    # -- transport ------------------------------------------------------------------------------------------
    def is_playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def position(self) -> int:
        return int(self.player.position())

    def play(self) -> None:
        """Start or resume; on resume go back `rewind_ms` so the listener catches the last words again."""
        if self._has_played and not self.is_playing() and self.rewind_ms > 0:
            self.player.setPosition(max(0, self.player.position() - self.rewind_ms))
        self._has_played = True
        self.player.play()

    def pause(self) -> None:
        self.player.pause()

    def toggle(self) -> None:
        self.pause() if self.is_playing() else self.play()

    def seek(self, ms: int) -> None:
        self._stop_at = None
        self.player.setPosition(max(0, int(ms)))

    def skip(self, delta_ms: int) -> None:
        duration = self.player.duration()
        target = self.player.position() + delta_ms
        self.seek(min(target, duration) if duration > 0 else target)

    def play_from(self, ms: int) -> None:
        """Play from a point (a clicked word) without the resume rewind."""
        self.seek(ms)
        self._has_played = True
        self.player.play()

    def play_range(self, start_ms: int, end_ms: int) -> None:
        self.play_from(start_ms)
        self._stop_at = end_ms

    def set_loop(self, range_ms: tuple[int, int] | None) -> None:
        self._loop = range_ms
        self.loop_label.setText("⟲ " + _("loop") if range_ms else "")
        if range_ms:
            self.play_from(range_ms[0])

    def loop_range(self) -> tuple[int, int] | None:
        return self._loop

    def set_speed(self, speed: float) -> None:
        nearest = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))
        self.speed_box.setCurrentIndex(nearest)

    def change_speed(self, steps: int) -> None:
        self.speed_box.setCurrentIndex(max(0, min(len(SPEEDS) - 1, self.speed_box.currentIndex() + steps)))

    def speed(self) -> float:
        return float(self.player.playbackRate())

    # -- slots -------------------------------------------------------------------------------------------------
    def _position_changed(self, ms: int) -> None:
        if self._loop and ms >= self._loop[1]:
            self.player.setPosition(self._loop[0])
            return
        if self._stop_at is not None and ms >= self._stop_at:
            self._stop_at = None
            self.player.pause()
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.time_label.setText(f"{format_ms(ms)} / {format_ms(self.player.duration())}")
        self.position_changed.emit(int(ms))

    def _duration_changed(self, ms: int) -> None:
        self.slider.setRange(0, int(ms))
        self.time_label.setText(f"{format_ms(self.player.position())} / {format_ms(ms)}")

    def _state_changed(self, state) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.setProperty("playing", playing)
        self.playing_changed.emit(playing)
