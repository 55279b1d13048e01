"""The Reports tab and the quote dialog."""
