"""The Qt face of the recording engine: turns the core recorder's callbacks (writer thread) into signals.

Signals emitted from the writer thread are queued to the receivers' (UI) thread by Qt, so widgets are
only ever touched on the UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from echo_fieldwork.audio.recorder import RecorderCallbacks


class RecorderBridge(QObject):
    level_measured = Signal(float, float, bool)   # rms dBFS, peak dBFS, clipped
    call_level_measured = Signal(float, float, bool)   # the same, of the call (`audio.call_recorder`)
    silence_changed = Signal(bool)
    overruns_counted = Signal(int)
    recording_failed = Signal(str)

    def callbacks(self) -> RecorderCallbacks:
        return RecorderCallbacks(on_level=self.level_measured.emit, on_silence=self.silence_changed.emit,
                                 on_overrun=self.overruns_counted.emit, on_failed=self.recording_failed.emit,
                                 on_call_level=self.call_level_measured.emit)
