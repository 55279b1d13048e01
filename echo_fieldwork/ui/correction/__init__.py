"""The transcript editor and its parts, and the Transcripts tab that opens it."""
