"""The Exports tab and the export dialog."""
