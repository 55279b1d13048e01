"""The one structure every export renderer reads. Built here, deidentified here, never by a renderer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from echo_fieldwork.deid import deidentify
from echo_fieldwork.deid.index import NameIndex
from echo_fieldwork.i18n import Catalog, ngettext, translator
from echo_fieldwork.people.forms import Form
from echo_fieldwork.people.participants import get_by_code
from echo_fieldwork.people.permissions import Use, may
from echo_fieldwork.people.questionnaire import display_value, latest_answers
from echo_fieldwork.people.study_form import study_form
from echo_fieldwork.sessions.fieldnotes import list_notes
from echo_fieldwork.sessions.guides import get_guide
from echo_fieldwork.sessions.sessions import attendance, get_session, session_duration_ms
from echo_fieldwork.study.study import Study
from echo_fieldwork.transcript.segments import load_segments


@dataclass
class Part:
    """One segment inside a turn (subtitle formats show parts, the others whole turns)."""
    start_ms: int
    end_ms: int
    text: str


UNKNOWN_SPEAKER = "?"  # a turn with no speaker, or a label that is no code (never printed: see speaker_label)


@dataclass
class Turn:
    speaker: str                    # a participant's code, or UNKNOWN_SPEAKER
    start_ms: int
    end_ms: int
    parts: list[Part] = field(default_factory=list)
    withdrawn: bool = False

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.parts if p.text)


@dataclass
class Note:
    recording_ms: int | None
    question_key: str
    tags: str
    text: str
    question: str = ""  # the guide question's wording, when the session has a guide

    @property
    def question_label(self) -> str:
        """What a reader sees: the question itself, or its key when the guide is not known."""
        return self.question or self.question_key


@dataclass
class SessionExport:
    session_id: int
    code: str
    kind: str
    date: str
    mode: str
    language: str
    duration_ms: int
    attendees: list[str]
    interviewers: list[str]
    observers: list[str]
    withdrawn: list[str]            # words to remove: withdrawal with data removal, or no consent on record
    no_quotes: list[str]            # their words are in, but must not be quoted
    turns: list[Turn]
    notes: list[Note]
    deidentified: bool

    @property
    def tr(self) -> Catalog:
        return translator(self.language)

    def withdrawn_text(self) -> str:
        return self.tr.gettext("[withdrawn]")

    def speaker_label(self, turn: Turn) -> str:
        """The speaker as every format prints it: the code, or "Unknown" in the transcript's language for a
        segment with no speaker or one whose label is no code (a label could be a name: never printed)."""
        return self.tr.pgettext("speaker", "Unknown") if turn.speaker == UNKNOWN_SPEAKER else turn.speaker

    @property
    def removed(self) -> list[str]:
        """The withdrawn people whose words were actually taken out of this transcript."""
        return sorted({t.speaker for t in self.turns if t.withdrawn})

    @property
    def withdrawn_silent(self) -> list[str]:
        """The withdrawn people with no words of theirs in this transcript (nothing was removed)."""
        removed = set(self.removed)
        return [code for code in self.withdrawn if code not in removed]


@dataclass
class Case:
    """A participant as a REFI-QDA case: code, questionnaire answers, the sessions they attended."""
    code: str
    variables: dict[str, object]
    session_ids: list[int]


def _clean(text: str) -> str:
    # Line breaks inside a segment (a name split across a line) become spaces: one turn, one line.
    return re.sub(r"\s+", " ", text).strip()


def withheld_codes(study: Study, session_id: int) -> tuple[list[str], list[str]]:
    """(codes whose words must be removed, codes who must not be quoted) for one session: attendees
    without the right to use their data, and any such person labelled as a speaker although not on the
    attendance list."""
    withdrawn, no_quotes = [], []
    for pid, code, _role in attendance(study, session_id):
        if not may(study, pid, Use.USE_DATA):
            withdrawn.append(code)
        elif not may(study, pid, Use.QUOTE):
            no_quotes.append(code)
    for pid, code in study.db.execute("SELECT id, code FROM participants").fetchall():
        if code not in withdrawn and not may(study, pid, Use.USE_DATA) and study.db.execute(
                "SELECT 1 FROM segments WHERE session_id = ? AND speaker = ? COLLATE NOCASE LIMIT 1",
                [session_id, code]).fetchone():
            withdrawn.append(code)
    return sorted(withdrawn), sorted(no_quotes)


def unattributed_segments(study: Study, session_id: int) -> int:
    """Segments whose speaker is no known person's code (none yet, "unknown", a provisional S1…)."""
    codes = {row[0].upper() for row in study.db.execute("SELECT code FROM participants")}
    return sum(1 for (speaker,) in study.db.execute("SELECT speaker FROM segments WHERE session_id = ?", [session_id])
               if (speaker or "").strip().upper() not in codes)


def withdrawal_refusal(study: Study, session_id: int) -> str:
    """Why the session may not be exported while a withdrawn person's words cannot be told apart from
    the others' (empty when it may): speech with no speaker could be theirs."""
    withdrawn, _no_quotes = withheld_codes(study, session_id)
    if not withdrawn:
        return ""
    count = unattributed_segments(study, session_id)
    if not count:
        return ""
    return ngettext(
        "{code}: {count} segment has no speaker, and {people} withdrew with removal of their words (or gave no "
        "consent). Label the speakers (in the editor, or with \"echo-fieldwork transcripts speakers\") before "
        "exporting, so that their words can be taken out.",
        "{code}: {count} segments have no speaker, and {people} withdrew with removal of their words (or gave no "
        "consent). Label the speakers (in the editor, or with \"echo-fieldwork transcripts speakers\") before "
        "exporting, so that their words can be taken out.", count).format(
        code=get_session(study, session_id).code, count=count, people=", ".join(withdrawn))


def build_session_export(study: Study, session_id: int, *, deidentified: bool = True) -> SessionExport:
    session = get_session(study, session_id)
    language = deidentify.transcript_language(study, session_id)
    people = attendance(study, session_id)
    all_codes = {row[0]: row[1] for row in study.db.execute("SELECT id, code FROM participants")}
    by_code = {code.upper(): pid for pid, code in all_codes.items()}
    withdrawn, no_quotes = withheld_codes(study, session_id)
    withdrawn_upper = {c.upper() for c in withdrawn}
    spans = deidentify.segment_replacements(study, session_id) if deidentified else {}
    turns: list[Turn] = []
    for segment in load_segments(study, session_id):
        label = segment.speaker.strip().upper()
        speaker = all_codes[by_code[label]] if label in by_code else UNKNOWN_SPEAKER
        is_withdrawn = speaker.upper() in withdrawn_upper
        text = "" if is_withdrawn else _clean(deidentify.apply(segment.text, spans.get(segment.id, [])))
        if turns and turns[-1].speaker == speaker:
            turns[-1].end_ms = max(turns[-1].end_ms, segment.end_ms)
            if not is_withdrawn:
                turns[-1].parts.append(Part(segment.start_ms, segment.end_ms, text))
            continue
        turn = Turn(speaker, segment.start_ms, segment.end_ms, withdrawn=is_withdrawn)
        if not is_withdrawn:
            turn.parts.append(Part(segment.start_ms, segment.end_ms, text))
        turns.append(turn)
    for turn in turns:
        if turn.withdrawn:
            turn.parts = [Part(turn.start_ms, turn.end_ms, translator(language).gettext("[withdrawn]"))]
    notes = []
    guide = get_guide(study, session.guide_id) if session.guide_id else None
    # Field notes are deidentified by their reviewed proposals, like the transcript (one review for both).
    note_spans = deidentify.note_replacements(study, session_id) if deidentified else {}
    for note in list_notes(study, session_id):
        text = _clean(deidentify.apply(note.text, note_spans.get(note.id, [])))
        question = guide.question(note.question_key) if guide and note.question_key else None
        notes.append(Note(note.recording_ms, note.question_key, ",".join(note.tags), text,
                          question.text if question else ""))
    return SessionExport(
        session_id=session.id, code=session.code, kind=session.kind, date=session.date, mode=session.mode,
        language=language, duration_ms=session_duration_ms(study, session_id),
        attendees=[c for _p, c, r in people if r == "participant"],
        interviewers=[c for _p, c, r in people if r == "interviewer"],
        observers=[c for _p, c, r in people if r == "observer"],
        withdrawn=sorted(withdrawn), no_quotes=sorted(no_quotes), turns=turns, notes=notes, deidentified=deidentified)


CASE_FIELD_TYPES = ("select_one", "select_multiple", "integer", "decimal")
FREE_FIELD_TYPES = ("text", "date")  # identifying: out unless asked for, then deidentified or generalised


def _free_answer(study: Study, field_type: str, value: object, language: str,
                 index: NameIndex | None) -> object | None:
    """A free-text answer deidentified like the transcripts (same tags), or a date reduced to its year
    (the study has no finer date policy: a day and month narrow a birth or a hiring down to a person).
    Without `index` (an export that is not deidentified) the text is left as it is."""
    text = _clean(str(value))
    if not text:
        return None
    if field_type == "date":
        year = re.match(r"\d{4}", text)
        return int(year.group()) if year else None
    return text if index is None else deidentify.deidentify_answer(study, text, language, index)


def build_cases(study: Study, exports: list[SessionExport], *, deidentified: bool = True,
                form: Form | None = None, free_text: bool = False) -> list[Case]:
    """One case per person who attended or spoke in an exported session (participants, then interviewers
    and observers who spoke), minus those whose data was withdrawn. Variables are the questionnaire's
    closed answers, named and valued by the form's labels in the transcripts' language; free-text and
    date answers (an employer, a birth date) are left out unless `free_text` is asked for: then a text
    is deidentified with the transcripts' tags and a date becomes its year ("<label> (year)"). Any answer
    the form does not describe is left out."""
    form = form or study_form(study)
    language = exports[0].language if exports else study.language
    tr = translator(language)
    answers_of = latest_answers(study, form.id)
    sessions_of: dict[str, list[int]] = {}
    index = deidentify.name_index(study) if free_text and deidentified else None
    for export in exports:
        spoke = {t.speaker for t in export.turns if t.speaker != UNKNOWN_SPEAKER}
        for code in export.attendees + [c for c in export.interviewers + export.observers if c in spoke] + sorted(
                spoke - set(export.attendees + export.interviewers + export.observers)):
            if code not in export.withdrawn and export.session_id not in sessions_of.get(code, []):
                sessions_of.setdefault(code, []).append(export.session_id)
    cases = []
    for code, session_ids in sessions_of.items():
        variables: dict[str, object] = {}
        answers = answers_of.get(get_by_code(study, code).id, {})
        for item in form.fields:
            value = answers.get(item.name)
            if value is None or value == [] or isinstance(value, dict):
                continue
            if item.type in FREE_FIELD_TYPES:
                if not free_text:
                    continue
                value = _free_answer(study, item.type, value, language, index)
                if value is None:
                    continue
                name = tr.gettext("{label} (year)").format(label=item.label(language)) if item.type == "date" \
                    else item.label(language)
                variables[name] = value
                continue
            if item.type not in CASE_FIELD_TYPES:
                continue
            if item.type in ("select_one", "select_multiple"):
                value = display_value(item, value, language)
            variables[item.label(language)] = value
        cases.append(Case(code, variables, session_ids))
    return cases
