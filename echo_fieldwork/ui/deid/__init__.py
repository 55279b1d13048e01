"""The deidentification review dialog."""
