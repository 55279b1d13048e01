"""The quote bank as a table for the paper (DOCX/CSV/Markdown), attributed `[FG5, Medical lead]`."""

from __future__ import annotations

from echo_fieldwork.i18n import translator
from echo_fieldwork.people.permissions import Use, may
from echo_fieldwork.reports.document import Report, Row, Table
from echo_fieldwork.reports.quotes import list_quotes
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import format_ms


def build_quotes_report(study: Study, language: str) -> Report:
    tr = translator(language)
    rows, csv_rows, left_out = [], [], 0
    for quote in list_quotes(study):
        # Consent can change after a quote was saved: ask again at every export.
        if quote.participant_id is not None and not may(study, quote.participant_id, Use.QUOTE):
            left_out += 1
            continue
        source = f"{quote.session_code} {format_ms(quote.start_ms)}–{format_ms(quote.end_ms)}"

        def signed(text: str, who: str) -> str:
            return f"{text}\n({tr.gettext('by {who}').format(who=who)})" if text else ""

        rows.append(Row([quote.attribution, quote.text, signed(quote.translation, quote.translated_by),
                         signed(quote.back_translation, quote.back_translated_by), source]))
        csv_rows.append([quote.session_code, quote.role, quote.attribution, quote.text, quote.translation,
                         quote.translated_by, quote.back_translation, quote.back_translated_by,
                         format_ms(quote.start_ms), format_ms(quote.end_ms)])
    table = Table([tr.gettext("Attribution"), tr.gettext("Quote"), tr.gettext("Translation"),
                   tr.gettext("Back-translation"), tr.gettext("Source")], rows,
                  widths_cm=[3.0, 5.6, 5.6, 5.6, 3.0], align_numbers=False,
                  csv_columns=[tr.gettext("Session"), tr.gettext("Role"), tr.gettext("Attribution"),
                               tr.gettext("Quote"), tr.gettext("Translation"), tr.gettext("Translated by"),
                               tr.gettext("Back-translation"), tr.gettext("Back-translated by"),
                               tr.gettext("Start"), tr.gettext("End")],
                  csv_rows=csv_rows)
    notes = [tr.gettext("Quotes are attributed by session code and a role chosen by the research team, never by "
                        "name; their text is deidentified.")]
    if left_out:
        notes.append(tr.ngettext("{n} quote is left out: its speaker no longer allows quotes.",
                                 "{n} quotes are left out: their speakers no longer allow quotes.",
                                 left_out).format(n=left_out))
    return Report("quotes", language, "", tr.gettext("Quote bank"), [table], notes, note_label=tr.gettext("Note."),
                  landscape=True)
