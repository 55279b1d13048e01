"""The study folder: its database (schema and migrations), its lock, metadata and audit log."""
