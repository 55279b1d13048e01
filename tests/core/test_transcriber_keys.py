from echo_fieldwork import transcriber_keys
from echo_fieldwork.settings import Settings


def test_defaults_then_overrides_stored_per_action(settings):
    keys = transcriber_keys.effective_keys(settings)
    assert keys["play_pause"] == "Esc; F4"
    assert set(keys) == transcriber_keys.ACTION_NAMES
    transcriber_keys.set_key(settings, "rewind", "F2")
    assert Settings().get("transcriber_keys") == {"rewind": "F2"}
    transcriber_keys.set_key(settings, "rewind", "F7")  # back to the default: no override kept
    assert Settings().get("transcriber_keys") == {}


def test_unknown_actions_are_refused_and_conflicts_found(settings):
    import pytest

    with pytest.raises(ValueError):
        transcriber_keys.set_key(settings, "self_destruct", "F1")
    keys = transcriber_keys.effective_keys(settings) | {"loop_segment": "f4"}
    assert transcriber_keys.conflicts(keys) == {"f4": ["play_pause", "loop_segment"]}
    assert transcriber_keys.conflicts(transcriber_keys.effective_keys(settings)) == {}
