"""The transcriber's key map: each editor action has a name, a label and default keys; the
`transcriber_keys` setting (action name → key sequence text, several separated by "; ") overrides them."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from echo_fieldwork.i18n import N_

# name, label (translated when shown), default key sequences
KEY_ACTIONS: list[tuple[str, str, list[str]]] = [
    ("play_pause", N_("Play / pause (rewinds a little on resume)"), ["Esc", "F4"]),
    ("back_5", N_("Back 5 s"), ["F3"]),
    ("forward_5", N_("Forward 5 s"), ["F5"]),
    ("back_30", N_("Back 30 s"), ["Shift+F3"]),
    ("forward_30", N_("Forward 30 s"), ["Shift+F5"]),
    ("play_segment", N_("Play the current segment"), ["F6"]),
    ("loop_segment", N_("Loop the current segment"), ["Shift+F6"]),
    ("slower", N_("Slower"), ["F7"]),
    ("faster", N_("Faster"), ["F8"]),
    ("next_uncertain", N_("Next uncertain word"), ["F9"]),
    ("previous_segment", N_("Previous segment"), ["Alt+Up"]),
    ("next_segment", N_("Next segment"), ["Alt+Down"]),
    ("insert_timestamp", N_("Insert a timestamp"), ["Ctrl+T"]),
    ("split", N_("Split the segment at the cursor"), ["Ctrl+Return"]),
    ("merge", N_("Merge with the next segment"), ["Ctrl+M"]),
    ("nudge_start_earlier", N_("Start 0.1 s earlier"), ["Alt+Left"]),
    ("nudge_start_later", N_("Start 0.1 s later"), ["Alt+Right"]),
    ("nudge_end_earlier", N_("End 0.1 s earlier"), ["Alt+Shift+Left"]),
    ("nudge_end_later", N_("End 0.1 s later"), ["Alt+Shift+Right"]),
    ("marker_inaudible", N_("Mark [inaudible]"), ["Ctrl+1"]),
    ("marker_crosstalk", N_("Mark [crosstalk]"), ["Ctrl+2"]),
    ("marker_laughter", N_("Mark [laughter]"), ["Ctrl+3"]),
    ("find", N_("Find and replace"), ["Ctrl+F"]),
    ("keys_help", N_("Show the keys"), ["F1"]),
    ("retranscribe", N_("Re-transcribe selection…"), []),  # no default: it replaces segments
] + [(f"speaker_{n}", N_("Assign speaker no. {n}"), [f"Alt+{n}"]) for n in range(1, 10)]


def key_sequences(overrides: dict[str, object]) -> dict[str, list[QKeySequence]]:
    """Key sequences per action, with the user's overrides applied (an empty text removes the keys)."""
    result = {}
    for name, _label, defaults in KEY_ACTIONS:
        value = overrides.get(name, defaults)
        texts = value.split(";") if isinstance(value, str) else list(value) if isinstance(value, list) else defaults
        result[name] = [QKeySequence(t.strip()) for t in texts if str(t).strip()]
    return result
