"""The tabs of an open study, in order. Each entry: module path and widget class name. A tab widget
is built as `Cls(study, settings, parent)`, has `refresh()` (called when the study changes) and may have
`menu_actions() -> list[QAction]`, added to the Study menu, and `running_work() -> str` (what closing the study
would stop, e.g. a recording; the main window asks first)."""

STUDY_TABS: list[tuple[str, str]] = [
    # In the order of the work: record, transcribe, correct, export, report.
    ("echo_fieldwork.ui.study.overview_widget", "OverviewWidget"),
    ("echo_fieldwork.ui.sessions.sessions_widget", "SessionsWidget"),
    ("echo_fieldwork.ui.transcription.transcription_widget", "TranscriptionWidget"),
    ("echo_fieldwork.ui.correction.transcripts_widget", "TranscriptsWidget"),
    ("echo_fieldwork.ui.export.exports_widget", "ExportsWidget"),
    ("echo_fieldwork.ui.reports.reports_widget", "ReportsWidget"),
]
