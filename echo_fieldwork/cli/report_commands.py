"""`echo-fieldwork report DIR table1|methods|coreq|quotes --format docx|csv|md --out FILE`."""

from __future__ import annotations

import argparse

from echo_fieldwork.cli.main import open_study
from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.reports.population import POPULATIONS
from echo_fieldwork.reports.registry import REPORT_KINDS, build_report, write_report
from echo_fieldwork.reports.render import FORMATS


def register(subparsers: argparse._SubParsersAction) -> None:
    report = subparsers.add_parser("report", help=_("write a report for the paper (table 1, methods, COREQ, quotes)"))
    report.add_argument("folder", metavar="DIR")
    report.add_argument("kind", choices=list(REPORT_KINDS))
    report.add_argument("--format", dest="fmt", choices=list(FORMATS), default="docx")
    report.add_argument("--out", required=True, metavar="FILE")
    report.add_argument("--language", choices=["fr", "en"], default=None,
                        help=_("language of the report (default: the study's language)"))
    report.add_argument("--count", choices=list(POPULATIONS), default="consented",
                        help=_("table 1: count all consented participants, or those who attended a session"))
    report.add_argument("--band", action="append", default=[], metavar="FIELD=L1,L2,…",
                        help=_("table 1: count a whole-number answer in bands from these lower limits"))
    report.add_argument("--percent-decimals", type=int, choices=[1, 0], default=1,
                        help=_("table 1: percentages with one decimal (1, the default) or as whole numbers (0)"))
    report.set_defaults(func=cmd_report)


def parse_bands(values: list[str]) -> dict[str, list[int]]:
    bands = {}
    for value in values:
        name, _sep, limits = value.partition("=")
        try:
            bands[name.strip()] = [int(x) for x in limits.split(",") if x.strip()]
        except ValueError:
            raise UserError(_("Bands are written FIELD=L1,L2,… with whole numbers, e.g. years_involved=0,5,10.")) \
                from None
        if not name.strip() or not bands[name.strip()]:
            raise UserError(_("Bands are written FIELD=L1,L2,… with whole numbers, e.g. years_involved=0,5,10."))
    return bands


def cmd_report(args: argparse.Namespace) -> int:
    bands = parse_bands(args.band)
    with open_study(args.folder) as study:
        report = build_report(study, args.kind, args.language or study.language, args.count, bands=bands,
                              percent_decimals=args.percent_decimals)
        path = write_report(study, report, args.fmt, args.out)
    print(_("Report written to {path}.").format(path=path))
    return 0
