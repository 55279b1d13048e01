"""Methods figures: how many focus groups and interviews, how long, how large, by whom, in what mode.

Durations come from `sessions.session_duration_ms` (THE duration of a session) and nothing else. In words,
a duration under a minute is "less than a minute" (never "0 minutes"), and minutes agree in number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from echo_fieldwork.i18n import N_, translator
from echo_fieldwork.reports.document import Paragraph, Report, Row, Table
from echo_fieldwork.reports.stats import MS_PER_MINUTE, format_compact, format_range, median, minutes
from echo_fieldwork.sessions.sessions import SESSION_MODES, attendance, list_sessions, session_duration_ms
from echo_fieldwork.study.study import Study

log = logging.getLogger("echo_fieldwork.reports.methods")

KIND_HEADINGS = {"focus_group": N_("Focus groups"), "interview": N_("Individual interviews")}


@dataclass
class KindFigures:
    """The figures of one kind of session (focus groups, or individual interviews)."""
    kind: str
    codes: list[str] = field(default_factory=list)
    durations_ms: list[int] = field(default_factory=list)      # sessions with a recording only
    unrecorded: list[str] = field(default_factory=list)         # codes of sessions with no recording
    sizes: list[int] = field(default_factory=list)              # attendees in the participant role
    interviewers: list[int] = field(default_factory=list)
    observers: list[int] = field(default_factory=list)
    modes: dict[str, int] = field(default_factory=lambda: {mode: 0 for mode in SESSION_MODES})

    @property
    def count(self) -> int:
        return len(self.codes)

    def duration_minutes(self) -> tuple[int, int, int] | None:
        """(min, max, median) in whole minutes, computed on exact ms and rounded last."""
        if not self.durations_ms:
            return None
        return minutes(min(self.durations_ms)), minutes(max(self.durations_ms)), minutes(median(self.durations_ms))

    def duration_extremes_ms(self) -> tuple[int, int, int]:
        """(min, max, median) exact, in ms; only when there are durations."""
        return min(self.durations_ms), max(self.durations_ms), median(self.durations_ms)


@dataclass
class MethodsFigures:
    focus_groups: KindFigures
    interviews: KindFigures
    distinct_participants: int

    def kinds(self) -> list[KindFigures]:
        return [self.focus_groups, self.interviews]


def methods_figures(study: Study) -> MethodsFigures:
    figures = {"focus_group": KindFigures("focus_group"), "interview": KindFigures("interview")}
    everyone: set[int] = set()
    for session in list_sessions(study):
        kind = figures[session.kind]
        kind.codes.append(session.code)
        duration = session_duration_ms(study, session.id)
        if duration > 0:
            kind.durations_ms.append(duration)
        else:
            kind.unrecorded.append(session.code)
        roles = [role for _pid, _code, role in attendance(study, session.id)]
        kind.sizes.append(roles.count("participant"))
        kind.interviewers.append(roles.count("interviewer"))
        kind.observers.append(roles.count("observer"))
        kind.modes[session.mode] += 1
        everyone.update(pid for pid, _code, role in attendance(study, session.id) if role == "participant")
    log.info("methods figures: %d focus groups, %d interviews", figures["focus_group"].count,
             figures["interview"].count)
    return MethodsFigures(figures["focus_group"], figures["interview"], len(everyone))


# -- the ready-to-paste sentence ------------------------------------------------------------------------
def methods_sentence(figures: MethodsFigures, language: str) -> str:
    """One sentence for the Methods section, in `language` ('fr' or 'en'), whatever the app's language."""
    tr = translator(language)
    clauses = [c for c in (_focus_group_clause(figures.focus_groups, tr, language),
                           _interview_clause(figures.interviews, tr, language)) if c]
    if not clauses:
        return ""
    text = clauses[0] if len(clauses) == 1 else tr.gettext("{first}, while {second}").format(
        first=clauses[0], second=clauses[1])
    return text[0].upper() + text[1:] + "."


def duration_words(tr, ms) -> str:
    """A duration in words: "less than a minute" under a minute, else whole minutes, singular or plural."""
    if ms < MS_PER_MINUTE:
        return tr.gettext("less than a minute")
    count = minutes(ms)
    return tr.ngettext("{n} minute", "{n} minutes", count).format(n=count)


def _median_words(tr, ms) -> str:
    return tr.gettext("less than a minute") if ms < MS_PER_MINUTE else f"{minutes(ms)} min"


def _duration_clause(kind: KindFigures, tr, sentences: dict[str, str]) -> str:
    """The clause saying how long this kind of session lasted, from `sentences` (one, each, between, from)."""
    if not kind.durations_ms:
        return ""
    low, high, mid = kind.duration_extremes_ms()
    low_words, high_words = duration_words(tr, low), duration_words(tr, high)
    if len(kind.durations_ms) == 1:
        return tr.gettext(sentences["one"]).format(duration=low_words)
    if low_words == high_words:
        return tr.gettext(sentences["each"]).format(duration=low_words)
    if low < MS_PER_MINUTE:   # "between less than a minute and 12 minutes" reads badly
        return tr.gettext(sentences["from"]).format(high=high_words, median=_median_words(tr, mid))
    return tr.gettext(sentences["between"]).format(low=minutes(low), high=minutes(high), median=minutes(mid))


FOCUS_GROUP_DURATIONS = {
    "one": N_("the focus group lasted {duration}"),
    "each": N_("focus groups each lasted {duration}"),
    "from": N_("focus groups lasted from less than a minute to {high} (median {median})"),
    "between": N_("focus groups lasted between {low} and {high} minutes (median {median} min)"),
}
INTERVIEW_DURATIONS = {
    "one": N_("the individual interview lasted {duration}"),
    "each": N_("individual interviews each lasted {duration}"),
    "from": N_("individual interviews lasted from less than a minute to {high} (median {median})"),
    "between": N_("individual interviews lasted between {low} and {high} minutes (median {median} min)"),
}


def _focus_group_clause(fg: KindFigures, tr, language: str) -> str:
    if not fg.count:
        return ""
    clause = _duration_clause(fg, tr, FOCUS_GROUP_DURATIONS)
    low_size, high_size = min(fg.sizes), max(fg.sizes)
    if not clause:
        if low_size == high_size:
            return tr.gettext("focus groups each had {count} participants").format(count=low_size)
        return tr.gettext("focus groups varied in size between {low} and {high} participants").format(
            low=low_size, high=high_size)
    if low_size == high_size:
        size = tr.gettext("and had {count} participants").format(count=low_size) if fg.count == 1 else \
            tr.gettext("and each had {count} participants").format(count=low_size)
    else:
        size = tr.gettext("and varied in size between {low} and {high} participants").format(
            low=low_size, high=high_size)
    return f"{clause} {size}"


def _interview_clause(interviews: KindFigures, tr, language: str) -> str:
    return _duration_clause(interviews, tr, INTERVIEW_DURATIONS)


# -- the report -----------------------------------------------------------------------------------------
def build_methods_report(study: Study, language: str) -> Report:
    tr = translator(language)
    figures = methods_figures(study)
    kinds = figures.kinds()
    dash = "—"

    def per_kind(function) -> list[str]:
        return [function(kind) if kind.count else dash for kind in kinds]

    def minute_cell(kind: KindFigures, index: int) -> str:
        # Under a minute reads "<1", never "0".
        if not kind.durations_ms:
            return dash
        ms = kind.duration_extremes_ms()[index]
        return "<1" if ms < MS_PER_MINUTE else str(minutes(ms))

    def minute_range(kind: KindFigures) -> str:
        low, high = minute_cell(kind, 0), minute_cell(kind, 1)
        if not kind.durations_ms or low == high:
            return low
        return format_range(*kind.duration_minutes()[:2], language) if low != "<1" else f"{low}–{high}"

    def spread(values: list[int]) -> str:
        return format_range(min(values), max(values), language)

    rows = [
        Row([tr.gettext("Sessions (n)")] + per_kind(lambda k: str(k.count))),
        Row([tr.gettext("Sessions with a recording (n)")] + per_kind(lambda k: str(len(k.durations_ms)))),
        Row([tr.gettext("Duration, min–max (minutes)")] + per_kind(minute_range)),
        Row([tr.gettext("Duration, median (minutes)")] + per_kind(lambda k: minute_cell(k, 2))),
        Row([tr.gettext("Participants per session, min–max")] + per_kind(lambda k: spread(k.sizes))),
        Row([tr.gettext("Participants per session, median")] + per_kind(
            lambda k: format_compact(median(k.sizes), language))),
        Row([tr.gettext("Interviewers per session, min–max")] + per_kind(lambda k: spread(k.interviewers))),
        Row([tr.gettext("Sessions with an observer present (n)")] + per_kind(
            lambda k: str(sum(1 for n in k.observers if n)))),
    ]
    for mode, label in SESSION_MODES.items():
        rows.append(Row([tr.gettext("Mode: {mode} (n)").format(mode=tr.gettext(label))]
                        + per_kind(lambda k, m=mode: str(k.modes[m]))))
    table = Table([tr.gettext("Measure")] + [tr.gettext(KIND_HEADINGS[k.kind]) for k in kinds], rows)
    total = Paragraph(tr.gettext("Distinct participants who attended at least one session: {count}.").format(
        count=figures.distinct_participants))
    blocks = [table, total]
    for sentence_language, heading in (("fr", N_("Sentence ready to paste (French)")),
                                       ("en", N_("Sentence ready to paste (English)"))):
        sentence = methods_sentence(figures, sentence_language)
        if sentence:
            blocks += [Paragraph(tr.gettext(heading), "heading"), Paragraph(sentence, "quote")]
    notes = [tr.gettext("Durations are the total length of each session's recordings; minimum, maximum and "
                        "median are computed on exact durations, then rounded to the nearest minute "
                        "(halves away from zero)."),
             tr.gettext("The median of an even number of values is the mean of the two middle values."),
             tr.gettext("Group sizes and the number of distinct participants count attendees in the participant "
                        "role (interviewers and observers excluded), including anyone who withdrew later.")]
    unrecorded = [code for kind in kinds for code in kind.unrecorded]
    if unrecorded:
        notes.append(tr.gettext("Sessions without a recording are left out of the durations: {codes}.").format(
            codes=", ".join(unrecorded)))
    return Report("methods", language, "", tr.gettext("Methods: sessions, durations and group sizes"), blocks, notes,
                  note_label=tr.gettext("Note."))
