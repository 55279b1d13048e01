"""The Transcription tab: queue, live progress, models; the Qt adapters over the runner."""
