"""Handing a session to a research assistant and taking the corrected transcript back: packages and merges."""
