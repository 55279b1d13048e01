"""The transcriber's keys: one table of actions with their default keys, overridden per action by the
`transcriber_keys` setting (action -> key sequence text). The settings dialog edits it; the transcript
editor reads `effective_keys()`.

A value may hold several alternative keys separated by "; " (Qt's `QKeySequence.listFromString` format),
e.g. play/pause is both Esc and F4 as in most transcription software. An empty value disables the action.
"""

from __future__ import annotations

from dataclasses import dataclass

from echo_fieldwork.i18n import N_
from echo_fieldwork.settings import Settings


@dataclass(frozen=True)
class KeyAction:
    name: str
    label: str  # N_() marked; translate with _() when shown
    default: str


ACTIONS: list[KeyAction] = [
    KeyAction("play_pause", N_("Play / pause"), "Esc; F4"),
    KeyAction("rewind", N_("Rewind a few seconds"), "F7"),
    KeyAction("forward", N_("Forward a few seconds"), "F8"),
    KeyAction("slower", N_("Slower"), "F9"),
    KeyAction("faster", N_("Faster"), "F10"),
    KeyAction("replay_segment", N_("Replay the current segment"), "Ctrl+R"),
    KeyAction("loop_segment", N_("Loop the current segment"), "Ctrl+L"),
    KeyAction("insert_timestamp", N_("Insert a timestamp"), "Ctrl+T"),
    KeyAction("split_segment", N_("Split the segment at the cursor"), "Ctrl+Return"),
    KeyAction("merge_next", N_("Merge with the next segment"), "Ctrl+M"),
    KeyAction("next_uncertain", N_("Next uncertain word"), "Ctrl+U"),
    KeyAction("mark_inaudible", N_("Mark [inaudible]"), "Ctrl+I"),
    KeyAction("mark_crosstalk", N_("Mark [crosstalk]"), "Ctrl+K"),
    KeyAction("mark_laughter", N_("Mark [laughter]"), "Ctrl+J"),
]
ACTION_NAMES = {action.name for action in ACTIONS}


def effective_keys(settings: Settings) -> dict[str, str]:
    """action name -> key sequence text, the user's choice where there is one."""
    chosen = settings.get("transcriber_keys")
    return {action.name: chosen.get(action.name, action.default) for action in ACTIONS}


def set_key(settings: Settings, action: str, keys: str) -> None:
    """Store one action's keys (stored at once); setting the default back removes the override."""
    if action not in ACTION_NAMES:
        raise ValueError(f"unknown transcriber action {action!r}")
    chosen = settings.get("transcriber_keys")
    default = next(a.default for a in ACTIONS if a.name == action)
    if keys == default:
        chosen.pop(action, None)
    else:
        chosen[action] = keys
    settings.set("transcriber_keys", chosen)


def conflicts(keys: dict[str, str]) -> dict[str, list[str]]:
    """Key text -> the actions sharing it (more than one)."""
    users: dict[str, list[str]] = {}
    for action, text in keys.items():
        for key in filter(None, (part.strip() for part in text.split(";"))):
            users.setdefault(key.lower(), []).append(action)
    return {key: names for key, names in users.items() if len(names) > 1}
