"""Correcting a transcript: undoable edits, speakers, review status, following outside changes."""
