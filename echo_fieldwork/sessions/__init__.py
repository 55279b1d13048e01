"""Focus groups and interviews: sessions, attendance, interview guides, field notes."""
