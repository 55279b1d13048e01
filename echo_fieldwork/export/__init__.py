"""Exports: one deidentified structure per session, rendered to DOCX, text, subtitles and REFI-QDA."""
