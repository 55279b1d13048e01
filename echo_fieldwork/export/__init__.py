"""Exports: one plain structure per session (`model`), deidentified and cleared of withdrawn
participants' words before any renderer (`docx`, `text`, `qdpx`) sees it; `runner` checks the review,
renders (field notes too: `export_notes`), re-scans every file for known names and logs the export."""
