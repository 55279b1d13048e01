"""Answers to a questionnaire form: checked field by field, stored as answer sets with the form's identity.

An answer set is appended (the latest one counts), with the form id, version and SHA-256 it was
answered against, so a later change of the form file never changes what an old answer meant.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from echo_fieldwork.errors import UserError
from echo_fieldwork.i18n import _
from echo_fieldwork.people.forms import Field, Form
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso

log = logging.getLogger("echo_fieldwork.people.questionnaire")
_INTEGER = re.compile(r"^[+-]?\d+$")
_LIST_SEPARATORS = re.compile(r"[;|,]")


@dataclass(frozen=True)
class AnswerSet:
    id: int
    participant_id: int
    form_id: str
    form_version: str
    form_sha256: str
    answers: dict[str, Any]
    recorded_by: str
    recorded_at: str


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, (list, tuple, set)) and not value)


def _choice_name(item: Field, value: Any, match_labels: bool) -> str | None:
    text = str(value).strip()
    if item.choice(text) is not None:
        return text
    if match_labels:
        found = item.match_choice(text)
        return found.name if found else None
    return None


def coerce(item: Field, value: Any, *, match_labels: bool = False) -> Any:
    """The stored form of one answer (None when empty); raise ValueError with a message when it cannot be."""
    if _empty(value):
        return None
    if item.type == "integer":
        if isinstance(value, bool) or not (isinstance(value, int) or _INTEGER.match(str(value).strip())):
            raise ValueError(_("Enter a whole number."))
        return int(str(value).strip())
    if item.type == "date":
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
    if item.type == "text":
        return str(value).strip()
    if item.type == "select_one":
        name = _choice_name(item, value, match_labels)
        if name is None:
            raise ValueError(_("{value!r} is not one of the choices ({choices}).").format(
                value=str(value).strip(), choices=", ".join(c.name for c in item.choices)))
        return name
    # select_multiple: a list, or text separated by ; | , (or spaces between choice names, as in XLSForm)
    if isinstance(value, (list, tuple, set)):
        parts = [str(v) for v in value]
    elif _choice_name(item, value, match_labels) is not None:
        parts = [str(value)]
    elif _LIST_SEPARATORS.search(str(value)):
        parts = _LIST_SEPARATORS.split(str(value))
    else:
        parts = str(value).split()
    names: list[str] = []
    for part in parts:
        if not part.strip():
            continue
        name = _choice_name(item, part, match_labels)
        if name is None:
            raise ValueError(_("{value!r} is not one of the choices ({choices}).").format(
                value=part.strip(), choices=", ".join(c.name for c in item.choices)))
        if name not in names:
            names.append(name)
    # Keep the form's order so that equal answers are stored identically.
    return [c.name for c in item.choices if c.name in names] or None


def check_answers(form: Form, raw: dict[str, Any], *, match_labels: bool = False,
                  language: str | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """(clean answers, problems by field name). Fields not relevant are dropped; empty answers are left out."""
    unknown = sorted(set(raw) - set(form.field_names))
    problems: dict[str, str] = {name: _("This form has no field named {name}.").format(name=name) for name in unknown}
    clean: dict[str, Any] = {}
    for item in form.fields:
        if item.relevant is not None and not item.relevant.holds(None, clean):
            continue
        try:
            value = coerce(item, raw.get(item.name), match_labels=match_labels)
        except ValueError as error:
            problems[item.name] = str(error)
            continue
        if value is None:
            if item.required:
                problems[item.name] = _("This answer is required.")
            continue
        if item.constraint is not None and not item.constraint.holds(value, clean):
            problems[item.name] = item.constraint_message(language) or _(
                "This answer is not allowed (rule: {rule}).").format(rule=item.constraint.source)
            continue
        clean[item.name] = value
    return clean, problems


def problem_lines(form: Form, problems: dict[str, str], language: str | None = None) -> list[str]:
    lines = []
    for name, message in problems.items():
        label = form.field(name).label(language) if name in form.field_names else name
        lines.append(_("{field}: {problem}").format(field=label, problem=message))
    return lines


def save_answers(study: Study, participant_id: int, form: Form, raw: dict[str, Any], *,
                 recorded_by: str | None = None, match_labels: bool = False, quiet: bool = False) -> int:
    """Check then store an answer set; on any problem raise UserError (one detail per field), storing nothing.
    `quiet`: no log line (a bulk import logs one summary line for all its rows)."""
    clean, problems = check_answers(form, raw, match_labels=match_labels)
    if problems:
        raise UserError(_("Some answers need to be corrected:"), details=problem_lines(form, problems))
    if study.db.execute("SELECT 1 FROM participants WHERE id = ?", [participant_id]).fetchone() is None:
        raise UserError(_("Unknown participant."))
    with study.db.atomic():
        cursor = study.db.execute(
            "INSERT INTO questionnaire_answers (participant_id, form_id, form_version, form_sha256, answers, "
            "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [participant_id, form.id, form.version, form.sha256, json.dumps(clean, ensure_ascii=False, sort_keys=True),
             recorded_by or study.actor, utc_now_iso()])
        # The answers themselves are quasi-identifiers: the audit names the form, not the values.
        study.audit("questionnaire.save", "participant", participant_id,
                    {"form_id": form.id, "version": form.version, "fields": len(clean)})
    if not quiet:
        log.info("answer set saved (form %s v%s, %d answers)", form.id, form.version, len(clean))
    return cursor.lastrowid


def _answer_set(row: tuple) -> AnswerSet:
    return AnswerSet(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6], row[7])


_SELECT = ("SELECT id, participant_id, form_id, form_version, form_sha256, answers, recorded_by, recorded_at "
           "FROM questionnaire_answers")


def latest_answer_set(study: Study, participant_id: int, form_id: str | None = None) -> AnswerSet | None:
    where, params = "participant_id = ?", [participant_id]
    if form_id:
        where, params = where + " AND form_id = ?", params + [form_id]
    row = study.db.execute(f"{_SELECT} WHERE {where} ORDER BY id DESC LIMIT 1", params).fetchone()
    return _answer_set(row) if row else None


def latest_answers(study: Study, form_id: str | None = None) -> dict[int, dict[str, Any]]:
    """participant id -> their latest answers (field name -> stored value), for those who answered."""
    where, params = "", []
    if form_id:
        where, params = "WHERE form_id = ?", [form_id]
    rows = study.db.execute(
        f"{_SELECT} WHERE id IN (SELECT MAX(id) FROM questionnaire_answers {where} GROUP BY participant_id)",
        params).fetchall()
    return {row[1]: json.loads(row[5]) for row in rows}


def display_value(item: Field, value: Any, language: str | None = None) -> str:
    """An answer as shown to people: choice labels instead of names."""
    if value is None:
        return ""
    if item.type == "select_one":
        choice = item.choice(str(value))
        return choice.label(language) if choice else str(value)
    if item.type == "select_multiple":
        return ", ".join((item.choice(v).label(language) if item.choice(v) else v) for v in value)
    return str(value)
