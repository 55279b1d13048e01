"""The player's play/pause button: the style's icons, which every platform draws (not a ⏸ glyph that common
Linux fonts lack)."""

from __future__ import annotations

from PySide6.QtMultimedia import QMediaPlayer

from echo_fieldwork.ui.audio.player_widget import PlayerWidget


def test_play_and_pause_use_the_styles_icons(qtbot):
    player = PlayerWidget()
    qtbot.addWidget(player)
    button = player.play_button
    assert button.text() == "" and not button.icon().isNull()
    idle = button.icon().cacheKey()
    player._state_changed(QMediaPlayer.PlaybackState.PlayingState)
    assert button.property("playing") and not button.icon().isNull() and button.icon().cacheKey() != idle
    player._state_changed(QMediaPlayer.PlaybackState.PausedState)
    assert not button.property("playing")
