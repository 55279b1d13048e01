"""Recording and playback widgets: the Qt recorder adapter, level meter, recording panel, player."""
