"""The transcript as stored: segments with words and times, and transcripts imported from files."""
