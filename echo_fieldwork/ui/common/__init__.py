"""Shared by every window: error messages, form parts, work off the UI thread, the study tab base."""
