"""Participants and what they agreed to: identities, consent, withdrawal, questionnaires."""
