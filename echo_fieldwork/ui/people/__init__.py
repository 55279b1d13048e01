"""Participants' windows: participant, identity, consent, withdrawal and questionnaire dialogs."""
