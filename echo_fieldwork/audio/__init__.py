"""Recordings: crash-safe capture, WAV files, repair after a crash, microphone test, import."""
