"""Interview guides: a small YAML format (see docs/guide-format.md), validated with line numbers.

A guide is stored in the `guides` table as its source text plus a SHA-256, so the session keeps the exact
guide it used even if the file changes later. Questions have stable keys ("s1.q2" by position, or an
explicit `key:`) that notes and guide progress refer to.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from echo_fieldwork.errors import UserError
from echo_fieldwork.fileutil import sha256_text
from echo_fieldwork.i18n import _
from echo_fieldwork.study.study import Study
from echo_fieldwork.timeutil import utc_now_iso

log = logging.getLogger("echo_fieldwork.sessions.guides")

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
GUIDE_KEYS = {"title", "language", "description", "sections"}
SECTION_KEYS = {"title", "suggested_minutes", "questions", "key"}
QUESTION_KEYS = {"text", "probes", "key", "note"}


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    probes: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    questions: tuple[Question, ...]
    suggested_minutes: float | None = None


@dataclass(frozen=True)
class Guide:
    title: str
    language: str
    sections: tuple[Section, ...]
    description: str = ""
    id: int | None = None
    sha256: str = ""
    questions: tuple[Question, ...] = field(default=(), compare=False)

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    def section_of(self, key: str) -> Section | None:
        return next((s for s in self.sections if any(q.key == key for q in s.questions)), None)


class _Located:
    """Finds the line of a node in the YAML tree, for messages that name the line."""

    def __init__(self, node: yaml.Node | None) -> None:
        self.node = node

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1 if self.node is not None else 1


def _fail(node: yaml.Node | None, message: str, source_name: str) -> UserError:
    return UserError(_("{file}, line {line}: {problem}").format(
        file=source_name, line=_Located(node).line, problem=message))


def _mapping(node: yaml.Node, source_name: str, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise _fail(node, _("{what} must be a mapping of “name: value” lines.").format(what=what), source_name)
    result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            raise _fail(key_node, _("Unexpected entry in {what}.").format(what=what), source_name)
        if key in result:
            raise _fail(key_node, _("“{key}” appears twice.").format(key=key), source_name)
        result[key] = (key_node, value_node)
    return result


def _text(node: yaml.Node, source_name: str, what: str, *, required: bool = True) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _fail(node, _("{what} must be text.").format(what=what), source_name)
    value = str(node.value).strip()
    if required and not value:
        raise _fail(node, _("{what} is empty.").format(what=what), source_name)
    return value


def _check_unknown(entries: dict, allowed: set[str], source_name: str, what: str) -> None:
    for name, (key_node, _value) in entries.items():
        if name not in allowed:
            raise _fail(key_node, _("Unknown field “{name}” in {what} (expected one of: {allowed}).").format(
                name=name, what=what, allowed=", ".join(sorted(allowed))), source_name)


def parse_guide(source: str, source_name: str = "guide") -> Guide:
    """Parse and validate guide text; a problem raises UserError naming the line."""
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise UserError(_("{file}, line {line}: {problem}").format(
            file=source_name, line=line, problem=_("not valid YAML ({detail}).").format(
                detail=error.problem or error.context))) from None
    except yaml.YAMLError as error:
        raise UserError(_("{file}: not valid YAML ({detail}).").format(file=source_name, detail=error)) from None
    if root is None:
        raise UserError(_("{file} is empty.").format(file=source_name))
    top = _mapping(root, source_name, _("The guide"))
    _check_unknown(top, GUIDE_KEYS, source_name, _("the guide"))
    for required in ("title", "language", "sections"):
        if required not in top:
            raise _fail(root, _("The guide has no “{field}”.").format(field=required), source_name)
    title = _text(top["title"][1], source_name, _("The title"))
    language = _text(top["language"][1], source_name, _("The language"))
    if language not in ("fr", "en"):
        raise _fail(top["language"][1], _("The language must be fr or en."), source_name)
    description = _text(top["description"][1], source_name, _("The description"), required=False) \
        if "description" in top else ""
    sections_node = top["sections"][1]
    if not isinstance(sections_node, yaml.SequenceNode) or not sections_node.value:
        raise _fail(sections_node, _("“sections” must be a list of at least one section (lines starting with “- ”)."),
                    source_name)
    keys_seen: dict[str, int] = {}
    sections = []
    for s_index, s_node in enumerate(sections_node.value, start=1):
        sections.append(_parse_section(s_node, s_index, keys_seen, source_name))
    questions = tuple(q for s in sections for q in s.questions)
    return Guide(title, language, tuple(sections), description, sha256=sha256_text(source), questions=questions)


def _parse_section(node: yaml.Node, s_index: int, keys_seen: dict[str, int], source_name: str) -> Section:
    entries = _mapping(node, source_name, _("A section"))
    _check_unknown(entries, SECTION_KEYS, source_name, _("a section"))
    if "title" not in entries:
        raise _fail(node, _("This section has no “title”."), source_name)
    title = _text(entries["title"][1], source_name, _("The section title"))
    minutes = None
    if "suggested_minutes" in entries:
        value_node = entries["suggested_minutes"][1]
        try:
            minutes = float(value_node.value) if isinstance(value_node, yaml.ScalarNode) else None
        except ValueError:
            minutes = None
        if minutes is None or not 0 < minutes <= 600:
            raise _fail(value_node, _("“suggested_minutes” must be a number of minutes, e.g. 10."), source_name)
    section_key = _key(entries.get("key"), f"s{s_index}", keys_seen, source_name)
    if "questions" not in entries:
        raise _fail(node, _("This section has no “questions”."), source_name)
    questions_node = entries["questions"][1]
    if not isinstance(questions_node, yaml.SequenceNode) or not questions_node.value:
        raise _fail(questions_node, _("“questions” must be a list of at least one question."), source_name)
    questions = []
    for q_index, q_node in enumerate(questions_node.value, start=1):
        default_key = f"{section_key}.q{q_index}"
        if isinstance(q_node, yaml.ScalarNode):  # a bare question: "- How did it start?"
            text = _text(q_node, source_name, _("The question"))
            questions.append(Question(_key(None, default_key, keys_seen, source_name), text))
            continue
        q_entries = _mapping(q_node, source_name, _("A question"))
        _check_unknown(q_entries, QUESTION_KEYS, source_name, _("a question"))
        if "text" not in q_entries:
            raise _fail(q_node, _("This question has no “text”."), source_name)
        text = _text(q_entries["text"][1], source_name, _("The question"))
        probes: list[str] = []
        if "probes" in q_entries:
            probes_node = q_entries["probes"][1]
            if not isinstance(probes_node, yaml.SequenceNode):
                raise _fail(probes_node, _("“probes” must be a list (lines starting with “- ”)."), source_name)
            probes = [_text(p, source_name, _("A probe")) for p in probes_node.value]
        note = _text(q_entries["note"][1], source_name, _("The note"), required=False) if "note" in q_entries else ""
        key = _key(q_entries.get("key"), default_key, keys_seen, source_name)
        questions.append(Question(key, text, tuple(probes), note))
    return Section(section_key, title, tuple(questions), minutes)


def _key(entry: tuple[yaml.Node, yaml.Node] | None, default: str, seen: dict[str, int], source_name: str) -> str:
    node = entry[1] if entry else None
    key = _text(node, source_name, _("The key")) if node is not None else default
    if not KEY_PATTERN.match(key):
        raise _fail(node, _("The key {key!r} is not valid: letters, digits, “.”, “-” or “_”, at most 32.").format(
            key=key), source_name)
    if key in seen:
        raise _fail(node, _("The key {key!r} is already used on line {line}.").format(key=key, line=seen[key]),
                    source_name)
    seen[key] = _Located(node).line
    return key


def load_guide_file(path: Path | str) -> tuple[Guide, str]:
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(_("The guide file {path} does not exist.").format(path=path)) from None
    except UnicodeDecodeError:
        raise UserError(_("The guide file {path} is not UTF-8 text.").format(path=path)) from None
    except OSError as error:
        raise UserError(_("The guide file {path} cannot be read: {error}").format(path=path, error=error.strerror)) \
            from None
    return parse_guide(source, path.name), source


def add_guide(study: Study, source: str, name: str) -> Guide:
    """Store a guide (validated first). The same text twice is stored once."""
    guide = parse_guide(source, name)
    existing = study.db.execute("SELECT id FROM guides WHERE sha256 = ?", [guide.sha256]).fetchone()
    if existing:
        return get_guide(study, existing[0])
    with study.db.atomic():
        cursor = study.db.execute(
            "INSERT INTO guides (name, language, source, sha256, created_at) VALUES (?, ?, ?, ?, ?)",
            [name, guide.language, source, guide.sha256, utc_now_iso()])
        study.audit("guide.add", "guide", cursor.lastrowid, {"sha256": guide.sha256})
    log.info("guide stored: %d questions", len(guide.questions))
    return get_guide(study, cursor.lastrowid)


def import_guide_file(study: Study, path: Path | str) -> Guide:
    guide, source = load_guide_file(path)
    return add_guide(study, source, Path(path).name)


def get_guide(study: Study, guide_id: int) -> Guide:
    row = study.db.execute("SELECT name, source, sha256 FROM guides WHERE id = ?", [guide_id]).fetchone()
    if row is None:
        raise UserError(_("Unknown guide."))
    guide = parse_guide(row[1], row[0])
    return Guide(guide.title, guide.language, guide.sections, guide.description, id=guide_id, sha256=row[2],
                 questions=guide.questions)


def list_guides(study: Study) -> list[tuple[int, str, str]]:
    """(id, file name, language) of every stored guide."""
    return [tuple(r) for r in study.db.execute("SELECT id, name, language FROM guides ORDER BY id")]
