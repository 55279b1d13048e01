"""The Sessions tab and the session window used during an interview or focus group."""
