"""Diagnostic information for a bug report (Help → Copy diagnostic info, or `echo-fieldwork diagnostics`).

Versions, operating system, the transcription model, audio input devices and the recent warnings and
errors from the log. It never holds participant names or transcript text: no study is read, the log is
already scrubbed (see logs.py) and the user's home folder is shown as `~`.
"""

from __future__ import annotations

import importlib
import logging
import platform
import sqlite3
import sys

from echo_fieldwork import __version__
from echo_fieldwork.logs import log_files, scrub
from echo_fieldwork.paths import model_store_dir
from echo_fieldwork.settings import Settings

log = logging.getLogger("echo_fieldwork.diagnostics")
MAX_LOG_LINES = 30
LIBRARIES = [("faster-whisper", "faster_whisper"), ("ctranslate2", "ctranslate2"), ("PyAV", "av"),
             ("onnxruntime", "onnxruntime"), ("sounddevice", "sounddevice"), ("python-docx", "docx")]


def library_version(module_name: str) -> str:
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # a broken native library must not stop the report
        return f"not available ({type(error).__name__})"
    return str(getattr(module, "__version__", None) or getattr(getattr(module, "version", None), "__version__", "?"))


def input_devices() -> list[str]:
    """Audio input devices as PortAudio sees them; a failure is reported, not raised."""
    try:
        import sounddevice

        devices = sounddevice.query_devices()
        default_input = sounddevice.default.device[0]
    except Exception as error:
        return [f"unavailable ({type(error).__name__})"]
    lines = []
    for index, device in enumerate(devices):
        if device.get("max_input_channels", 0) > 0:
            marker = " (default)" if index == default_input else ""
            lines.append(f"#{index} {device['name']}: {device['max_input_channels']} ch, "
                         f"{device['default_samplerate']:.0f} Hz{marker}")
    return lines or ["none"]


def model_description(settings: Settings) -> str:
    """The chosen model and where it comes from. Listing does not assemble or hash anything."""
    name = settings.get("model")
    try:
        from echo_fieldwork.transcription import models

        name = name or models.default_model_name()
        found = {info.name: info for info in models.list_models(settings)}
    except Exception as error:  # the report must come out even when the model store is broken
        return f"{name} (not listed: {type(error).__name__})"
    info = found.get(name)
    if info is None:
        return f"{name} (not found; available: {', '.join(found) or 'none'})"
    return f"{info.name} ({info.source}, {info.size_bytes / 1e6:.0f} MB, {info.path})"


def recent_log_problems(max_lines: int = MAX_LOG_LINES) -> list[str]:
    """The last warnings, errors and traceback lines of the log, oldest first."""
    lines: list[str] = []
    for path in reversed(log_files()):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        keep = False
        for line in text.splitlines():
            is_record = len(line) > 24 and line[4] == "-" and line[10] == " "
            if is_record:
                keep = any(f" {level} " in line for level in ("WARNING", "ERROR", "CRITICAL"))
            if keep:
                lines.append(line)
    return [scrub(line) for line in lines[-max_lines:]]


def collect(settings: Settings, extra: dict[str, str] | None = None) -> str:
    """The report as plain text. `extra` adds lines the core cannot know (the UI passes the Qt version)."""
    versions = {"echo_fieldwork": __version__, "Python": platform.python_version(), "SQLite": sqlite3.sqlite_version,
                **(extra or {})}
    versions.update({label: library_version(module) for label, module in LIBRARIES})
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    lines = ["echo_fieldwork diagnostic information (no names, no transcript text)", ""]
    lines += [f"{key}: {value}" for key, value in versions.items()]
    lines += [f"OS: {platform.platform()} ({platform.machine()}), {frozen}",
              f"Interface language: {settings.get('language') or 'system'}",
              f"Model: {model_description(settings)}",
              f"Transcription language: {settings.get('transcription_language')}",
              f"Model store: {model_store_dir()}",
              f"Extra model folders: {len(settings.get('model_folders'))}",
              f"Recording: {settings.get('recording_format')}, {settings.get('recording_sample_rate')} Hz",
              "", "Audio input devices:"]
    lines += [f"  {device}" for device in input_devices()]
    lines += ["", f"Recent warnings and errors (last {MAX_LOG_LINES} lines of the log):"]
    problems = recent_log_problems()
    lines += [f"  {line}" for line in problems] or ["  none"]
    log.info("diagnostic report gathered (%d log lines)", len(problems))
    return scrub("\n".join(lines)) + "\n"

