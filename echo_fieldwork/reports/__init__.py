"""Reports for the paper: participant characteristics (table 1), methods figures, COREQ checklist, quote bank.

Each report is built from the study into one plain `document.Report` (tables, paragraphs, notes) and
rendered per target by `render.py` (DOCX, CSV, Markdown): one representation, many renderers.
No Qt here; the CLI and the reports tab both call `build_report()` and `write_report()`.
"""

from echo_fieldwork.reports.registry import REPORT_KINDS, build_report, write_report

__all__ = ["REPORT_KINDS", "build_report", "write_report"]
