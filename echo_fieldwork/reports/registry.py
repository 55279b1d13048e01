"""The reports by name, and writing one to a file (recorded in the study's exports)."""

from __future__ import annotations

import logging
from pathlib import Path

from echo_fieldwork.errors import UserError, os_error
from echo_fieldwork.fileutil import sha256_file
from echo_fieldwork.i18n import N_, _
from echo_fieldwork.reports.document import Report
from echo_fieldwork.reports.population import POPULATIONS
from echo_fieldwork.reports.render import FORMATS, render_csv, render_docx, render_markdown
from echo_fieldwork.study import staging
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso

log = logging.getLogger("echo_fieldwork.reports")

REPORT_KINDS = {
    "table1": N_("Participant characteristics (table 1)"),
    "methods": N_("Methods figures"),
    "coreq": N_("COREQ checklist"),
    "quotes": N_("Quote bank"),
}
FORMAT_LABELS = {"docx": N_("Word document (DOCX)"), "csv": N_("Spreadsheet (CSV)"), "md": N_("Markdown")}


def build_report(study: Study, kind: str, language: str = "fr", population: str = "consented", *,
                 bands: dict[str, list[int]] | None = None, percent_decimals: int = 1) -> Report:
    from echo_fieldwork.reports.coreq import build_coreq_report
    from echo_fieldwork.reports.methods import build_methods_report
    from echo_fieldwork.reports.quote_bank import build_quotes_report
    from echo_fieldwork.reports.table1 import build_table1_report

    study.refuse_in_workspace()
    if kind not in REPORT_KINDS:
        raise UserError(_("Unknown report {kind!r}: choose one of {kinds}.").format(
            kind=kind, kinds=", ".join(REPORT_KINDS)))
    if language not in ("fr", "en"):
        raise UserError(_("The report language must be 'fr' or 'en'."))
    if population not in POPULATIONS:
        raise UserError(_("Unknown population {mode!r}: use 'consented' or 'attended'.").format(mode=population))
    if kind == "table1":
        return build_table1_report(study, language, population, bands=bands, percent_decimals=percent_decimals)
    return {"methods": build_methods_report, "coreq": build_coreq_report, "quotes": build_quotes_report}[kind](
        study, language)


def render_text(report: Report, fmt: str) -> str:
    if fmt == "md":
        return render_markdown(report)
    if fmt == "csv":
        return render_csv(report)
    raise ValueError(fmt)


def write_report(study: Study, report: Report, fmt: str, path: Path | str) -> Path:
    """Write the report; the file appears complete or not at all. Recorded in the study's exports table."""
    if fmt not in FORMATS:
        raise UserError(_("Unknown format {fmt!r}: choose docx, csv or md.").format(fmt=fmt))
    path = Path(path).expanduser().resolve()
    if not path.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=path.parent))
    try:
        stored = str(path.relative_to(study.folder))
    except ValueError:
        stored = str(path)

    with staging.staging_area(study) as area:
        temp = area / path.name
        try:
            if fmt == "docx":
                render_docx(report, temp)
            else:
                # A BOM lets Excel read the accents of a CSV; Markdown stays plain UTF-8.
                temp.write_text(render_text(report, fmt), encoding="utf-8-sig" if fmt == "csv" else "utf-8")
            digest = sha256_file(temp)

            def record() -> None:
                study.db.execute(
                    "INSERT INTO exports (session_id, format, path, deidentified, sha256, exported_by, exported_at) "
                    "VALUES (NULL, ?, ?, 1, ?, ?, ?)", [f"report-{report.kind}.{fmt}", stored, digest, study.actor,
                                                        utc_now_iso()])
                study.audit("report.export", "report", report.kind, {"format": fmt, "language": report.language})

            staging.publish(study, [staging.Publication(temp, path, "export")], record)
        except OSError as error:
            raise os_error(error, path, changed=False) from None
    log.info("report %s written as %s", report.kind, fmt)
    return path
