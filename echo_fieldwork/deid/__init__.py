"""Deidentification: detecting names and identifiers, proposals, review, replacement tags."""
