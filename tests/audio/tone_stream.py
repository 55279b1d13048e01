"""A synthetic endless input device for recorder tests run in a child process: a sine tone in real-time
blocks, standing for PortAudio (the edge) so that a recording can be killed mid-way without a sound card."""

from __future__ import annotations

import threading
import time

import numpy as np


class Tone:
    """A stream factory (`Recorder(stream_factory=Tone(0.1))`): the recorder calls it with its callback and
    block size, and gets a stream that plays `sin(step · n)` at 16 kHz until stopped."""

    def __init__(self, step: float) -> None:
        self.step, self.running = step, True

    def __call__(self, callback=None, blocksize: int = 1600, **kwargs) -> "Tone":
        self.callback, self.blocksize = callback, blocksize
        return self

    def start(self) -> None:
        threading.Thread(target=self.run, daemon=True).start()

    def run(self) -> None:
        t = 0
        while self.running:
            block = (np.sin(np.arange(t, t + self.blocksize) * self.step) * 8000).astype(np.int16).reshape(-1, 1)
            self.callback(block, self.blocksize, None, None)
            t += self.blocksize
            time.sleep(self.blocksize / 16000)

    def stop(self) -> None:
        self.running = False

    def close(self) -> None:
        pass
