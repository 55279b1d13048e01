"""Sending a session for correction, the correction workspace, and receiving it back with its conflicts."""
