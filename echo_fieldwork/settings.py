"""User settings, declared once with their types and defaults; unknown keys are rejected.

Stored as JSON in the user config folder. Written atomically (temp file + rename) at every change:
there is nothing to "save" in this app.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from echo_fieldwork.fileutil import write_text_atomic
from echo_fieldwork.paths import config_dir

SETTINGS_VERSION = 1
MAX_RECENT_STUDIES = 8


@dataclass(frozen=True)
class Setting:
    type: type
    default: Any


SCHEMA: dict[str, Setting] = {
    "language": Setting(str, ""),               # "" = follow the system
    "first_run_done": Setting(bool, False),
    "studies_dir": Setting(str, ""),
    "recent_studies": Setting(list, []),
    "recent_titles": Setting(dict, {}),         # folder -> the study's title, shown in the recent list
    "actor": Setting(str, ""),                  # initials or pseudonym recorded as "who did it"
    "input_device": Setting(str, ""),
    "recording_format": Setting(str, "wav"),     # the recorder writes crash-safe WAV only (for now)
    "recording_sample_rate": Setting(int, 16000),
    "model": Setting(str, ""),                  # "" = the default model (an installer's bundled one, else base)
    "model_folders": Setting(list, []),         # user-added CTranslate2 Whisper model folders
    "model_benchmarks": Setting(dict, {}),      # model name -> its last benchmark (transcription.benchmark)
    "transcription_language": Setting(str, ""),  # "" = each session's language; fr | en | auto
    "rewind_seconds": Setting(float, 2.0),
    "transcriber_keys": Setting(dict, {}),       # action name -> key sequence, overriding defaults
    "show_uncertain_words": Setting(bool, True),
    "export_format": Setting(str, "docx"),
    "export_notes": Setting(str, "appendix"),    # appendix | comments (DOCX field notes)
    "lock_after_minutes": Setting(int, 15),      # an encrypted study locks after this idle time; 0 = never
}


class SettingsError(ValueError):
    pass


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (config_dir() / "settings.json")
        self._values: dict[str, Any] = {}
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            # A damaged settings file must not stop the app: start from defaults, keep the old file.
            self.path.replace(self.path.with_suffix(".damaged.json"))
            return
        values = data.get("values", {}) if isinstance(data, dict) else {}
        for key, value in values.items():
            spec = SCHEMA.get(key)
            if spec is not None and _fits(spec, value):
                self._values[key] = value

    def get(self, key: str) -> Any:
        spec = SCHEMA.get(key)
        if spec is None:
            raise SettingsError(f"unknown setting {key!r}")
        value = self._values.get(key, spec.default)
        return json.loads(json.dumps(value))  # a copy: callers cannot change stored lists in place

    def set(self, key: str, value: Any) -> None:
        spec = SCHEMA.get(key)
        if spec is None:
            raise SettingsError(f"unknown setting {key!r}")
        if not _fits(spec, value):
            raise SettingsError(f"setting {key!r} must be {spec.type.__name__}")
        self._values[key] = value
        self._write()

    def add_recent_study(self, folder: Path, title: str = "") -> None:
        recent = ([str(folder)] + [f for f in self.get("recent_studies") if f != str(folder)])[:MAX_RECENT_STUDIES]
        titles = {f: t for f, t in self.get("recent_titles").items() if f in recent}
        if title:
            titles[str(folder)] = title
        self.set("recent_studies", recent)
        self.set("recent_titles", titles)

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"version": SETTINGS_VERSION, "values": self._values}, indent=2, ensure_ascii=False)
        write_text_atomic(self.path, payload, prefix=".settings-")


def _fits(spec: Setting, value: Any) -> bool:
    if spec.type is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if spec.type is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, spec.type)
