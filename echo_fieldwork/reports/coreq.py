"""The COREQ checklist, filled from the study where the study holds the answer.

Items the study cannot know (credentials, sampling, saturation…) are left "to complete by the author".
Every automatic answer is a count or a list of codes: never a name.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field

from echo_fieldwork import __version__
from echo_fieldwork.i18n import N_, translator
from echo_fieldwork.reports.coreq_items import COREQ_DOMAINS
from echo_fieldwork.reports.document import Report, Row, Table
from echo_fieldwork.reports.methods import methods_figures, methods_sentence
from echo_fieldwork.reports.population import select_population
from echo_fieldwork.sessions.sessions import SESSION_MODES, attendance, list_sessions, session_duration_ms
from echo_fieldwork.study.study import Study

log = logging.getLogger("echo_fieldwork.reports.coreq")

TO_COMPLETE = N_("To complete by the author.")


def coreq_answers(study: Study, language: str) -> dict[int, str]:
    """Item number → automatic answer in `language`, for the items the study can answer."""
    tr = translator(language)
    sessions = list_sessions(study)
    total = len(sessions)
    answers: dict[int, str] = {}
    by_session = {s.id: attendance(study, s.id) for s in sessions}

    interviewer_sessions: Counter[str] = Counter()
    observer_sessions: list[str] = []
    participant_sessions: Counter[str] = Counter()
    for session in sessions:
        roles = by_session[session.id]
        for _pid, code, role in roles:
            if role == "interviewer":
                interviewer_sessions[code] += 1
            elif role == "participant":
                participant_sessions[code] += 1
        if any(role == "observer" for _pid, _code, role in roles):
            observer_sessions.append(session.code)

    if interviewer_sessions:
        # Name only the kinds the study has: a paper reporting focus groups alone must not mention interviews.
        kinds = {s.kind for s in sessions}
        sentence = {frozenset({"focus_group"}): tr.gettext("Focus groups were moderated by {codes}."),
                    frozenset({"interview"}): tr.gettext("Interviews were conducted by {codes}.")}.get(
            frozenset(kinds), tr.gettext("Interviews and focus groups were conducted by {codes}."))
        answers[1] = sentence.format(
            codes=", ".join(tr.ngettext("{code} ({n} session)", "{code} ({n} sessions)", n).format(code=c, n=n)
                            for c, n in sorted(interviewer_sessions.items())))

    consented = select_population(study, "consented")
    attended = select_population(study, "attended")
    figures = methods_figures(study)
    answers[12] = tr.gettext("{consented} participants consented (not counting withdrawals with data removal); "
                             "{attended} of them took part in at least one session ({focus_groups}, "
                             "{interviews}).").format(
        consented=consented.size, attended=attended.size,
        focus_groups=tr.ngettext("{n} focus group", "{n} focus groups", figures.focus_groups.count).format(
            n=figures.focus_groups.count),
        interviews=tr.ngettext("{n} individual interview", "{n} individual interviews", figures.interviews.count).format(
            n=figures.interviews.count))

    withdrawals = list(study.db.query(
        "SELECT w.*, p.code FROM withdrawals w JOIN participants p ON p.id = w.participant_id "
        "WHERE p.study_role = 'participant' ORDER BY w.id"))
    people = {w["code"] for w in withdrawals}
    if not people:
        answers[13] = tr.gettext("No participant withdrew. Refusals before consent are not recorded in the study.")
    else:
        scope_counts = []
        for scope, label in (("remove_data", N_("asked for their data to be removed")),
                             ("no_further_participation", N_("no further participation")),
                             ("no_quotes", N_("no quotes")), ("no_future_contact", N_("no future contact"))):
            count = len({w["code"] for w in withdrawals if w[scope]})
            if count:
                scope_counts.append(f"{tr.gettext(label)}: {count}")
        answers[13] = tr.ngettext("{n} participant withdrew ({scopes}).", "{n} participants withdrew ({scopes}).",
                                  len(people)).format(n=len(people), scopes="; ".join(scope_counts)) + " " + \
            tr.gettext("Refusals before consent are not recorded in the study.")

    if sessions:
        modes = Counter(s.mode for s in sessions)
        parts = [f"{tr.gettext(label)}: {modes[mode]}" for mode, label in SESSION_MODES.items() if modes[mode]]
        settings = sorted({row[0] for row in study.db.execute(
            "SELECT DISTINCT setting FROM sessions WHERE setting != ''")})
        answers[14] = tr.gettext("Sessions by mode: {modes}.").format(modes="; ".join(parts))
        if settings:
            answers[14] += " " + tr.gettext("Settings recorded: {settings}.").format(settings="; ".join(settings))
        if observer_sessions:
            answers[15] = tr.gettext("An observer was present in {n} of {total} sessions ({codes}).").format(
                n=len(observer_sessions), total=total, codes=", ".join(observer_sessions))
        else:
            answers[15] = tr.gettext("No observer attended any session; only participants and interviewers "
                                     "were present.")
    answers[16] = tr.gettext("{n} participants are described in the participant characteristics table.").format(
        n=consented.size)
    if sessions:
        dates = sorted(s.date for s in sessions)
        answers[16] += " " + tr.gettext("Sessions were held from {first} to {last}.").format(first=dates[0],
                                                                                            last=dates[-1])
    if sessions:
        with_guide = sum(1 for s in sessions if s.guide_id is not None)
        if with_guide:
            answers[17] = tr.gettext("An interview guide was used in {n} of {total} sessions; pilot testing: "
                                     "to complete by the author.").format(n=with_guide, total=total)
        repeats = sorted(code for code, n in participant_sessions.items() if n > 1)
        if repeats:
            answers[18] = tr.gettext("Yes: {n} participants attended more than one session ({codes}).").format(
                n=len(repeats), codes=", ".join(f"{c} ×{participant_sessions[c]}" for c in repeats))
        else:
            answers[18] = tr.gettext("No: each participant attended one session.")
        recorded = sum(1 for s in sessions if session_duration_ms(study, s.id) > 0)
        answers[19] = tr.gettext("Audio recording of {n} of {total} sessions; no video recording.").format(
            n=recorded, total=total)
        notes, noted_sessions = study.db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT session_id) FROM field_notes").fetchone()
        if notes:
            answers[20] = tr.gettext("Yes: {notes} field notes written in {sessions} of {total} sessions.").format(
                notes=notes, sessions=noted_sessions, total=total)
        else:
            answers[20] = tr.gettext("No field notes are recorded in the study.")
        sentence = methods_sentence(figures, language)
        if sentence:
            answers[21] = sentence
    origin = transcript_origins(study)
    answers[23] = tr.gettext("Not recorded in the study: no transcript is marked as returned to participants.")
    if origin.corrected:
        answers[23] += " " + tr.ngettext("{n} transcript was corrected or verified by the team.",
                                         "{n} transcripts were corrected or verified by the team.",
                                         len(origin.corrected)).format(n=len(origin.corrected))
    answers[27] = tr.gettext("echo_fieldwork {version} (offline recording, field notes, transcription and "
                             "deidentification).").format(version=__version__)
    if origin.models:
        answers[27] += " " + tr.ngettext(
            "Automatic transcription with Whisper ({models}) of {n} session ({codes}).",
            "Automatic transcription with Whisper ({models}) of {n} sessions ({codes}).", len(origin.whisper)).format(
            models=", ".join(origin.models), n=len(origin.whisper), codes=", ".join(origin.whisper))
        if origin.runs:
            answers[27] += " " + tr.gettext("Decoding: {runs}.").format(
                runs="; ".join(describe_run(tr, run) for run in origin.runs))
    if origin.imported:
        answers[27] += " " + tr.ngettext("{n} transcript imported from a file ({codes}).",
                                         "{n} transcripts imported from files ({codes}).", len(origin.imported)).format(
            n=len(origin.imported), codes=", ".join(origin.imported))
    if origin.corrected:
        answers[27] += " " + tr.gettext("Corrected by the team: {codes}.").format(codes=", ".join(origin.corrected))
    elif origin.whisper or origin.imported:
        answers[27] += " " + tr.gettext("No transcript is marked as corrected.")
    quotes = study.db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
    if quotes:
        answers[29] = tr.gettext("{n} quotes in the quote bank, each identified by session code and role "
                                 "(e.g. [FG1, Medical lead]), never by name.").format(n=quotes)
    log.info("coreq: %d of 32 items filled from the study", len(answers))
    return answers


def build_coreq_report(study: Study, language: str) -> Report:
    tr = translator(language)
    answers = coreq_answers(study, language)
    rows: list[Row] = []
    csv_rows: list[list[str]] = []
    for domain, topics in COREQ_DOMAINS:
        rows.append(Row([tr.gettext(domain)], "section"))
        for topic, items in topics:
            rows.append(Row([tr.gettext(topic)], "subsection"))
            for number, item, question in items:
                answer = answers.get(number, "")
                rows.append(Row([str(number), tr.gettext(item), tr.gettext(question),
                                 answer or tr.gettext(TO_COMPLETE), ""], muted=() if answer else (3,)))
                csv_rows.append([str(number), tr.gettext(domain), tr.gettext(topic), tr.gettext(item),
                                 tr.gettext(question), answer])
    table = Table([tr.gettext("No."), tr.gettext("Item"), tr.gettext("Guide question"),
                   tr.gettext("Answer from the study"), tr.gettext("Page")], rows,
                  widths_cm=[1.0, 3.3, 5.4, 5.4, 1.4], align_numbers=False, font_size_pt=9.5,
                  csv_columns=[tr.gettext("No."), tr.gettext("Domain"), tr.gettext("Topic"), tr.gettext("Item"),
                               tr.gettext("Guide question"), tr.gettext("Answer from the study")],
                  csv_rows=csv_rows)
    notes = [tr.gettext("Consolidated criteria for reporting qualitative research (COREQ): Tong A, Sainsbury P, "
                        "Craig J. Int J Qual Health Care. 2007;19(6):349–357."),
             tr.gettext("{filled} of 32 items were filled from the study data; check them and complete the "
                        "others.").format(filled=len(answers))]
    return Report("coreq", language, "", tr.gettext("COREQ checklist (32 items)"), [table], notes,
                  note_label=tr.gettext("Note."))


@dataclass(frozen=True)
class TranscriptOrigins:
    """Where each session's transcript came from (session codes), for COREQ items 23 and 27."""
    whisper: list[str]
    imported: list[str]
    corrected: list[str]   # review status corrected/verified, or edited in the editor
    models: list[str]
    runs: list[dict] = field(default_factory=list)  # the recorded settings of each decoding run (distinct)


def transcript_origins(study: Study) -> TranscriptOrigins:
    rows = study.db.execute(
        "SELECT s.id, s.code, COALESCE(t.source, 'whisper'), COALESCE(t.review_status, 'draft') FROM sessions s "
        "LEFT JOIN transcripts t ON t.session_id = s.id WHERE EXISTS (SELECT 1 FROM segments g WHERE g.session_id = s.id) "
        "ORDER BY s.date, s.code").fetchall()
    edited: set[str] = set()
    for (entity_id,) in study.db.execute(
            "SELECT entity_id FROM audit_log WHERE entity = 'transcript' AND action LIKE 'transcript.%'"):
        edited.update(part for part in entity_id.split(",") if part)
    whisper = [code for _id, code, source, _status in rows if source != "import"]
    imported = [code for _id, code, source, _status in rows if source == "import"]
    corrected = [code for sid, code, _source, status in rows if status in ("corrected", "verified") or str(sid) in edited]
    whisper_ids = [sid for sid, _code, source, _status in rows if source != "import"]
    models = sorted({row[0] for sid in whisper_ids for row in study.db.execute(
        "SELECT model FROM segments WHERE session_id = ? AND model != '' UNION "
        "SELECT model FROM transcription_jobs WHERE session_id = ? AND model != ''", [sid, sid])})
    if not models:
        whisper = []
    runs: dict[str, dict] = {}
    for sid in whisper_ids:
        for (settings,) in study.db.execute("SELECT DISTINCT settings FROM segments WHERE session_id = ?", [sid]):
            recorded = json.loads(settings or "{}")
            if recorded.get("model_sha256"):  # a run that recorded its model (older runs did not)
                recorded.pop("job", None)
                runs.setdefault(json.dumps(recorded, sort_keys=True), recorded)
    return TranscriptOrigins(whisper, imported, corrected, models, list(runs.values()))


def describe_run(tr, run: dict) -> str:
    """One decoding run as the methods section needs it: what decoded, with what."""
    return tr.gettext("model {model} (SHA-256 {sha}…), faster-whisper {engine}, CTranslate2 {ct2}, strategy "
                      "“{strategy}”, beam size {beam}, seed {seed}").format(
        model=run.get("model", "?"), sha=str(run.get("model_sha256", ""))[:12], engine=run.get("faster_whisper", "?"),
        ct2=run.get("ctranslate2", "?"), strategy=run.get("strategy", "?"), beam=run.get("beam_size", "?"),
        seed=run.get("seed", "?"))
