"""Local Whisper transcription: models, the spawned engine, its typed protocol, the job queue."""
