"""Table 1: characteristics of the participants, from their questionnaire answers.

One block per characteristic in form order, one row per choice in form order (empty categories shown
as 0), `n (%)` of the participants counted. Integers are summarised as median (range), or counted per
value when the form says so (`table1: counts`), or in bands when bands are given. Percentages have one
decimal, or none (`percent_decimals`). Free text is never summarised (it may identify people). Missing answers
are counted as "Not reported". Every rule is stated in the table's notes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _, translator
from echo_fieldwork.people.forms import Field, Form
from echo_fieldwork.people.questionnaire import latest_answers
from echo_fieldwork.people.study_form import study_form
from echo_fieldwork.reports.document import Report, Row, Table
from echo_fieldwork.reports.population import Population, select_population
from echo_fieldwork.reports.stats import format_compact, format_number, median, percent, round_half_away
from echo_fieldwork.study.study import Study

log = logging.getLogger("echo_fieldwork.reports.table1")

SUMMARISED_TYPES = ("select_one", "select_multiple", "integer")
PERCENT_DECIMALS = (1, 0)   # the report option: one decimal, or whole numbers


@dataclass
class CategoryCount:
    label: str
    n: int
    total: int
    decimals: int = 1

    def percent_text(self, language: str) -> str:
        return format_number(percent(self.n, self.total), language, self.decimals)

    def cell(self, language: str) -> str:
        return f"{self.n} ({self.percent_text(language)})"


@dataclass
class Characteristic:
    name: str
    label: str
    type: str
    categories: list[CategoryCount] = field(default_factory=list)   # choices or bands, then "Not reported"
    values: list[int] = field(default_factory=list)                  # integers: the reported values
    not_reported: int = 0
    banded: bool = False
    counted: bool = False   # an integer counted per value (`table1: counts` in the form)
    unknown: int = 0   # a stored choice the current form no longer has


@dataclass
class Table1:
    language: str
    population: Population
    characteristics: list[Characteristic]
    skipped: list[str]          # labels of free-text and date fields, not summarised
    percent_decimals: int = 1


def _band_label(low: int, high: int | None, language: str) -> str:
    tr = translator(language)
    if high is None:
        return tr.gettext("{low} or more").format(low=low)
    return str(low) if high - 1 == low else f"{low}–{high - 1}"


def compute_table1(study: Study, language: str, population_mode: str = "consented", *, form: Form | None = None,
                   bands: dict[str, list[int]] | None = None, percent_decimals: int = 1) -> Table1:
    """The counts behind table 1. `bands` maps an integer field to its lower band limits, e.g. [0, 5, 10];
    `percent_decimals` is 1 or 0."""
    tr = translator(language)
    if percent_decimals not in PERCENT_DECIMALS:
        raise UserError(_("Percentages are rounded to one decimal (1) or to whole numbers (0)."))
    form = form or study_form(study)
    bands = bands or {}
    for name, limits in bands.items():
        if name not in form.field_names or form.field(name).type != "integer":
            raise UserError(_("Bands can only be given for a whole-number field of the form; "
                              "{name} is not one.").format(name=name))
        if not limits or sorted(set(limits)) != list(limits):
            raise UserError(_("Band limits must be increasing whole numbers, e.g. 0,5,10."))
    population = select_population(study, population_mode)
    answers = latest_answers(study, form.id)
    rows = [answers.get(p.id, {}) for p in population.counted]
    total = population.size
    characteristics, skipped = [], []
    for item in form.fields:
        if item.type not in SUMMARISED_TYPES:
            skipped.append(item.label(language))
            continue
        characteristics.append(_characteristic(item, [r.get(item.name) for r in rows], total, language,
                                               bands.get(item.name), tr, percent_decimals))
    log.info("table 1: %d participants counted (%s), %d characteristics", total, population_mode,
             len(characteristics))
    return Table1(language, population, characteristics, skipped, percent_decimals)


def _characteristic(item: Field, values: list[Any], total: int, language: str, limits: list[int] | None,
                    tr, decimals: int = 1) -> Characteristic:
    result = Characteristic(item.name, item.label(language), item.type)
    present = [v for v in values if v is not None and v != [] and v != ""]
    result.not_reported = len(values) - len(present)
    if item.is_select:
        known = {c.name for c in item.choices}
        for choice in item.choices:
            count = sum(1 for v in present if (choice.name in v if isinstance(v, list) else v == choice.name))
            result.categories.append(CategoryCount(choice.label(language), count, total, decimals))
        result.unknown = sum(1 for v in present if not (set(v) & known if isinstance(v, list) else v in known))
        if result.unknown:
            result.categories.append(CategoryCount(tr.gettext("Answer not in the current form"), result.unknown,
                                                   total, decimals))
    else:
        result.values = [int(v) for v in present]
        if limits:
            result.banded = True
            edges = list(limits) + [None]
            for low, high in zip(edges, edges[1:]):
                count = sum(1 for v in result.values if v >= low and (high is None or v < high))
                result.categories.append(CategoryCount(_band_label(low, high, language), count, total, decimals))
            below = sum(1 for v in result.values if v < limits[0])
            if below:
                result.categories.insert(0, CategoryCount(tr.gettext("Less than {low}").format(low=limits[0]),
                                                          below, total, decimals))
        elif item.table1_summary == "counts":
            result.counted = True
            for value in sorted(set(result.values)):
                result.categories.append(CategoryCount(str(value), result.values.count(value), total, decimals))
    if result.not_reported:
        result.categories.append(CategoryCount(tr.gettext("Not reported"), result.not_reported, total, decimals))
    return result


def build_table1_report(study: Study, language: str, population_mode: str = "consented", *,
                        form: Form | None = None, bands: dict[str, list[int]] | None = None,
                        percent_decimals: int = 1) -> Report:
    tr = translator(language)
    table1 = compute_table1(study, language, population_mode, form=form, bands=bands,
                            percent_decimals=percent_decimals)
    total = table1.population.size
    rows: list[Row] = []
    csv_rows: list[list[str]] = []
    for item in table1.characteristics:
        if item.type == "integer" and not item.banded and not item.counted:
            # Median (range) on one row; the "Not reported" row (if any) follows it.
            summary = "—"
            if item.values:
                summary = f"{format_compact(median(item.values), language)} " \
                          f"({format_compact(min(item.values), language)}–{format_compact(max(item.values), language)})"
            rows.append(Row([tr.gettext("{characteristic}, median (range)").format(characteristic=item.label),
                             summary]))
            csv_rows.append([item.label, tr.gettext("median (range)"), str(len(item.values)), "",
                             _plain(median(item.values)) if item.values else "",
                             str(min(item.values)) if item.values else "",
                             str(max(item.values)) if item.values else ""])
            for category in item.categories:
                rows.append(Row([category.label, category.cell(language)], indent=1))
                csv_rows.append([item.label, category.label, str(category.n), category.percent_text("en"),
                                 "", "", ""])
            continue
        heading = item.label
        if item.type == "select_multiple":
            heading = tr.gettext("{characteristic} (more than one answer possible)").format(characteristic=item.label)
        rows.append(Row([heading], "section"))
        for category in item.categories:
            rows.append(Row([category.label, category.cell(language)], indent=1))
            csv_rows.append([item.label, category.label, str(category.n), category.percent_text("en"), "", "", ""])
    table = Table([tr.gettext("Characteristic"), tr.gettext("n (%)")], rows,
                  csv_columns=[tr.gettext("Characteristic"), tr.gettext("Category"), "n", "%",
                               tr.gettext("Median"), tr.gettext("Minimum"), tr.gettext("Maximum")],
                  csv_rows=csv_rows)
    title = tr.gettext("Characteristics of the participants (N = {n})").format(n=total)
    return Report("table1", language, tr.gettext("Table 1"), title, [table], _notes(table1, tr),
                  note_label=tr.gettext("Note."))


def _plain(value) -> str:
    """A machine-readable number for CSV: '.' decimal, at most one decimal (medians are x or x.5)."""
    rounded = round_half_away(value, 1)
    return str(int(rounded)) if rounded.denominator == 1 else format_number(rounded, "en", 1)


def _notes(table1: Table1, tr) -> list[str]:
    population = table1.population
    notes = [tr.gettext("Participants counted: all participants with a recorded consent (N = {n}).")
             if population.mode == "consented" else
             tr.gettext("Participants counted: those who attended at least one focus group or interview "
                        "(N = {n}).")]
    notes[0] = notes[0].format(n=population.size)
    if population.removed:
        notes.append(tr.ngettext(
            "{n} participant who withdrew and asked for their data to be removed is not counted.",
            "{n} participants who withdrew and asked for their data to be removed are not counted.",
            len(population.removed)).format(n=len(population.removed)))
    if population.withdrawn_kept:
        notes.append(tr.ngettext(
            "{n} participant who withdrew without asking for their data to be removed is counted.",
            "{n} participants who withdrew without asking for their data to be removed are counted.",
            len(population.withdrawn_kept)).format(n=len(population.withdrawn_kept)))
    notes.append(tr.gettext("Percentages are of the participants counted, rounded half away from zero to one "
                            "decimal; they may not sum to 100.") if table1.percent_decimals == 1 else
                 tr.gettext("Percentages are of the participants counted, rounded half away from zero to whole "
                            "numbers; they may not sum to 100."))
    if any(c.type == "integer" and c.values and not c.banded and not c.counted for c in table1.characteristics):
        notes.append(tr.gettext("Medians of an even number of values are the mean of the two middle values."))
    if any(c.not_reported for c in table1.characteristics):
        notes.append(tr.gettext("Not reported: no answer recorded."))
    if table1.skipped:
        notes.append(tr.gettext("Free-text and date answers ({fields}) are not summarised: they may identify "
                                "participants.").format(fields=", ".join(table1.skipped)))
    return notes
