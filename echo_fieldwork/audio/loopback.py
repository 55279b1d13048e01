"""What the computer plays, as an input to record: the other side of a video call (Zoom, Teams, Webex).

Linux (PulseAudio, or PipeWire's PulseAudio server): every output ("sink") has a monitor source, and the
default sink's monitor is what the call application plays. PortAudio reaches PulseAudio through ALSA's
`pulse` device, which records the source named by the `PULSE_SOURCE` environment variable when the
stream is opened: `open_input` sets it for that one opening (under a lock) and puts it back, so the
microphone and the monitor are two streams of one process. The sources are listed with `pactl`.

macOS has no loopback input without a virtual audio device: BlackHole, Rogue Amoeba's Loopback or
Soundflower appear as input devices; they are offered when present (the user routes the call's output to
it, with a multi-output device to keep hearing it). Without one, the call is recorded by Zoom itself and
imported (`audio.zoom`).

Windows: WASAPI loopback is not reachable through the stock PortAudio build that sounddevice ships. The
plan is PyAudioWPatch (a PyAudio fork that lists each output's loopback as an input device) behind this
same `CallSource`/`open_input` interface; until then no source is offered and the user is told to record
in Zoom or Teams and import the file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any, Callable

from echo_fieldwork.i18n import _

PULSE_DEVICE = "pulse"
VIRTUAL_DEVICE_NAMES = ("blackhole", "loopback", "soundflower")
_ENV_LOCK = threading.Lock()


@dataclass(frozen=True)
class CallSource:
    """An input that carries what the computer plays."""
    kind: str        # "pulse": a PulseAudio source name; "device": a PortAudio input device name
    name: str
    default: bool = False   # the monitor of the default output: what the call app plays

    @property
    def label(self) -> str:
        if self.kind == "pulse":
            sink = self.name.removesuffix(".monitor")
            if self.default:
                return _("What this computer plays ({output})").format(output=sink)
            return _("What the output {output} plays").format(output=sink)
        return self.name


def _pactl(*args: str) -> str | None:
    if not shutil.which("pactl"):
        return None
    try:
        out = subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout if out.returncode == 0 else None


def pulse_monitor_sources() -> list[CallSource]:
    """The monitor sources of PulseAudio/PipeWire, the default output's first; empty without a server."""
    listing = _pactl("list", "short", "sources")
    if listing is None:
        return []
    info = _pactl("info") or ""
    default_sink = next((line.split(":", 1)[1].strip() for line in info.splitlines()
                         if line.startswith("Default Sink:")), "")
    names = [fields[1] for line in listing.splitlines()
             if len(fields := line.split("\t")) > 1 and fields[1].endswith(".monitor")]
    sources = [CallSource("pulse", name, default=name == f"{default_sink}.monitor") for name in names]
    return sorted(sources, key=lambda s: not s.default)


def virtual_input_devices(device_names: list[str]) -> list[CallSource]:
    """Virtual loopback devices (BlackHole, Loopback, Soundflower) among the input devices (macOS)."""
    return [CallSource("device", name) for name in device_names
            if any(marker in name.lower() for marker in VIRTUAL_DEVICE_NAMES)]


def find_call_sources(platform: str = sys.platform) -> list[CallSource]:
    """The inputs that carry what the computer plays, the most likely first (empty: none on this computer)."""
    if platform.startswith("linux"):
        return pulse_monitor_sources()
    if platform == "darwin":
        from echo_fieldwork.audio.recorder import list_input_devices

        return virtual_input_devices([d.name for d in list_input_devices()])
    return []


def no_call_source_reason(platform: str = sys.platform) -> str:
    """Why no call source is offered on this computer, and what to do instead."""
    if platform.startswith("linux"):
        return _("The computer's sound cannot be recorded: no PulseAudio or PipeWire server answered (pactl). "
                 "Record the call in Zoom or Teams and import it instead.")
    if platform == "darwin":
        return _("macOS cannot record the computer's sound without a virtual audio device. Install BlackHole "
                 "(free) or Loopback and send the call's sound to it, or record the call in Zoom and import "
                 "the Zoom folder.")
    return _("Recording the computer's sound is not available on Windows yet. Record the call in Zoom or Teams "
             "(one audio file per participant if possible) and import it.")


def open_input(source: CallSource, *, samplerate: int, blocksize: int, callback: Callable[..., None],
               stream_factory: Callable[..., Any] | None = None) -> Any:
    """An opened (not started) 16-bit mono input stream on `source`."""
    from echo_fieldwork.audio.recorder import _sounddevice, resolve_device

    factory = stream_factory or _sounddevice().InputStream
    options = {"samplerate": samplerate, "channels": 1, "dtype": "int16", "blocksize": blocksize,
               "callback": callback}
    if source.kind != "pulse":
        return factory(device=resolve_device(source.name), **options)
    with _ENV_LOCK:   # PULSE_SOURCE is read when the ALSA pulse device connects: set it for this opening only
        before = os.environ.get("PULSE_SOURCE")
        os.environ["PULSE_SOURCE"] = source.name
        try:
            return factory(device=PULSE_DEVICE, **options)
        finally:
            if before is None:
                os.environ.pop("PULSE_SOURCE", None)
            else:
                os.environ["PULSE_SOURCE"] = before
