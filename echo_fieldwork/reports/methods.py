"""Methods figures: how many focus groups and interviews, how long, how large, by whom, in what mode.

Durations come from `sessions.session_duration_ms` (THE duration of a session) and nothing else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from echo_fieldwork.i18n import N_, translator
from echo_fieldwork.reports.document import Paragraph, Report, Row, Table
from echo_fieldwork.reports.stats import format_compact, format_range, median, minutes
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


def _focus_group_clause(fg: KindFigures, tr, language: str) -> str:
    if not fg.count:
        return ""
    duration = fg.duration_minutes()
    clause = ""
    if duration:
        low, high, mid = duration
        if len(fg.durations_ms) == 1:
            clause = tr.gettext("the focus group lasted {minutes} minutes").format(minutes=low)
        elif low == high:
            clause = tr.gettext("focus groups each lasted {minutes} minutes").format(minutes=low)
        else:
            clause = tr.gettext("focus groups lasted between {low} and {high} minutes (median {median} min)").format(
                low=low, high=high, median=mid)
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
    duration = interviews.duration_minutes()
    if not duration:
        return ""
    low, high, mid = duration
    if len(interviews.durations_ms) == 1:
        return tr.gettext("the individual interview lasted {minutes} minutes").format(minutes=low)
    if low == high:
        return tr.gettext("individual interviews each lasted {minutes} minutes").format(minutes=low)
    return tr.gettext("individual interviews lasted between {low} and {high} minutes (median {median} min)").format(
        low=low, high=high, median=mid)


# -- the report -----------------------------------------------------------------------------------------
def build_methods_report(study: Study, language: str) -> Report:
    tr = translator(language)
    figures = methods_figures(study)
    kinds = figures.kinds()
    dash = "—"

    def per_kind(function) -> list[str]:
        return [function(kind) if kind.count else dash for kind in kinds]

    def minute_cell(kind: KindFigures, index: int) -> str:
        values = kind.duration_minutes()
        return dash if values is None else str(values[index])

    def spread(values: list[int]) -> str:
        return format_range(min(values), max(values), language)

    rows = [
        Row([tr.gettext("Sessions (n)")] + per_kind(lambda k: str(k.count))),
        Row([tr.gettext("Sessions with a recording (n)")] + per_kind(lambda k: str(len(k.durations_ms)))),
        Row([tr.gettext("Duration, min–max (minutes)")] + per_kind(
            lambda k: dash if not k.durations_ms else format_range(*k.duration_minutes()[:2], language))),
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
