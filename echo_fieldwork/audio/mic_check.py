"""A microphone test without a study (first-start assistant): open an input, report its level, write
nothing. The levels are measured by the recorder's own `LevelAnalyzer`, so they match the recording screen."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np

from echo_fieldwork.audio import recorder
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _

log = logging.getLogger("echo_fieldwork.audio.mic_check")
BLOCK_SECONDS = 0.1


class MicrophoneCheck:
    """`on_level(rms_dbfs, peak_dbfs, clipped)` is called from the audio thread about 10 times a second."""

    def __init__(self, device: str | None, on_level: Callable[[float, float, bool], None],
                 sample_rate: int = recorder.DEFAULT_SAMPLE_RATE) -> None:
        self.device = device or None
        self.sample_rate = sample_rate
        self._levels = recorder.LevelAnalyzer(sample_rate, recorder.RecorderCallbacks(on_level=on_level),
                                              lambda callback, *args: callback(*args) if callback else None)
        self._stream: Any = None

    def start(self) -> None:
        """Raises UserError when there is no such device or it cannot be opened."""
        sd = recorder._sounddevice()
        index = recorder.resolve_device(self.device)
        try:
            self._stream = sd.InputStream(device=index, channels=1, samplerate=self.sample_rate, dtype="int16",
                                          blocksize=int(self.sample_rate * BLOCK_SECONDS), callback=self._callback)
            self._stream.start()
        except Exception as error:  # PortAudio raises its own error types
            log.warning("microphone test could not open the device (%s)", type(error).__name__)
            self._stream = None
            raise UserError(_("The microphone could not be opened. Check that it is plugged in and not used by "
                              "another program.")) from None
        log.info("microphone test started")

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        self._levels.feed(indata, counts_for_silence=False)

    @property
    def running(self) -> bool:
        return self._stream is not None

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
            log.info("microphone test stopped")
