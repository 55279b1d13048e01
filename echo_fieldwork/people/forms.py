"""Questionnaire forms defined in YAML, mirroring XLSForm's columns.

    form_id: sociodemographic
    version: "2026.1"
    title: {fr: …, en: …}
    survey:
      - type: select_one            # select_one | select_multiple | integer | text | date
        name: gender                # XLSForm `name`: a key for the answer
        label: {fr: Genre, en: Gender}
        required: true
        constraint: ". >= 0"        # the small expression language of `form_expr`
        constraint_message: {fr: …, en: …}
        relevant: "${role} = 'lead'"
        hint: {fr: …, en: …}
        table1: median              # how Table 1 summarises it: counts (one row per value) or median
                                    # (median and range, whole numbers only); default: counts for a
                                    # choice, median for a whole number
        choices:                    # inline, or `type: select_one LIST` with a top-level `choices: {LIST: […]}`
          - {name: woman, label: {fr: Femme, en: Woman}}

The file is checked when loaded; every problem is reported with its line and field, and a form with
any problem is refused as a whole (a UserError with one detail per problem).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

import yaml

from echo_fieldwork.errors import UserError
from echo_fieldwork.fileutil import sha256_bytes, sha256_text
from echo_fieldwork.i18n import _, current_language
from echo_fieldwork.people.form_expr import Expression, ExpressionError, parse_expression
from echo_fieldwork.resources import resource_path

FIELD_TYPES = ("select_one", "select_multiple", "integer", "text", "date")
LANGUAGES = ("fr", "en")
NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DEFAULT_FORM = ("forms", "sociodemographic.yaml")
_FIELD_KEYS = {"type", "name", "label", "hint", "choices", "required", "constraint", "constraint_message",
               "relevant", "table1"}
TABLE1_SUMMARIES = ("counts", "median")


def table1_problem(field_type: str, summary: str) -> str:
    """Why `summary` (the `table1` key or column) does not fit a field of `field_type` (empty when it does)."""
    if summary not in TABLE1_SUMMARIES:
        return _("'table1' must be counts or median, not {value!r}").format(value=summary)
    if field_type not in ("select_one", "select_multiple", "integer"):
        return _("'table1' is only for choices and whole numbers: free text and dates are never summarised "
                 "(they may identify people)")
    if summary == "median" and field_type != "integer":
        return _("'table1: median' is only for whole numbers; choices are counted")
    return ""


def _pick(labels: dict[str, str], language: str | None) -> str:
    language = language or current_language()
    return labels.get(language) or labels.get("en") or labels.get("fr") or next(iter(labels.values()), "")


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text, for matching typed values to choices. The ligatures are
    written out ("sœur" is "soeur", "Lætitia" is "Laetitia"): Unicode gives them no decomposition."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().casefold().translate(_LIGATURES))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Choice:
    name: str
    labels: dict[str, str]

    def label(self, language: str | None = None) -> str:
        return _pick(self.labels, language) or self.name


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    labels: dict[str, str]
    choices: list[Choice] = dc_field(default_factory=list)
    required: bool = False
    constraint: Expression | None = None
    constraint_messages: dict[str, str] = dc_field(default_factory=dict)
    relevant: Expression | None = None
    hints: dict[str, str] = dc_field(default_factory=dict)
    line: int = 0
    table1: str = ""        # "counts" or "median"; empty: the type's default (`table1_summary`)

    def label(self, language: str | None = None) -> str:
        return _pick(self.labels, language) or self.name

    def hint(self, language: str | None = None) -> str:
        return _pick(self.hints, language) if self.hints else ""

    def constraint_message(self, language: str | None = None) -> str:
        return _pick(self.constraint_messages, language) if self.constraint_messages else ""

    def choice(self, name: str) -> Choice | None:
        return next((c for c in self.choices if c.name == name), None)

    def match_choice(self, value: str) -> Choice | None:
        """The choice whose name or label (any language) matches `value`, ignoring case and accents."""
        wanted = fold(value)
        if not wanted:
            return None
        for choice in self.choices:
            if fold(choice.name) == wanted or any(fold(label) == wanted for label in choice.labels.values()):
                return choice
        return None

    @property
    def is_select(self) -> bool:
        return self.type in ("select_one", "select_multiple")

    @property
    def table1_summary(self) -> str:
        """How Table 1 summarises the field: "counts" (one row per value) or "median" (median and range);
        empty for free text and dates, which it never summarises."""
        if self.type not in ("select_one", "select_multiple", "integer"):
            return ""
        return self.table1 or ("median" if self.type == "integer" else "counts")


@dataclass(frozen=True)
class Form:
    id: str
    version: str
    sha256: str
    fields: list[Field]
    titles: dict[str, str] = dc_field(default_factory=dict)
    path: str = ""

    def field(self, name: str) -> Field:
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(name)

    def title(self, language: str | None = None) -> str:
        return _pick(self.titles, language) if self.titles else self.id

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


# -- loading ---------------------------------------------------------------------------------------
class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, node: yaml.Node | None, message: str, field_name: str = "") -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        where = _("line {line}").format(line=line) if line else ""
        if field_name:
            where = (where + ", " if where else "") + _("field {name}").format(name=field_name)
        self.items.append(f"{where}: {message}" if where else message)


def default_form() -> Form:
    return load_form(resource_path(*DEFAULT_FORM))


def load_form(path: Path | str) -> Form:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UserError(_("The form file {path} cannot be read: {error}").format(path=path, error=error.strerror)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(_("The form file {path} is not UTF-8 text.").format(path=path)) from None
    return parse_form(text, source=str(path), sha256=sha256_bytes(raw))


def parse_form(text: str, *, source: str = "<form>", sha256: str | None = None) -> Form:
    """Check and build a form from YAML text; raise UserError listing every problem with its line."""
    problems = _Problems(source)
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" ({_('line {line}').format(line=mark.line + 1)})" if mark else ""
        raise UserError(_("The form file {path} is not valid YAML{line}: {problem}").format(
            path=source, line=line, problem=getattr(error, "problem", None) or error)) from None
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        raise UserError(_("The form file {path} must be a mapping with form_id, version and survey.").format(path=source))
    top = _mapping(root, problems)
    form_id = _scalar_text(top.get("form_id"), problems, "form_id", required=True)
    version = _scalar_text(top.get("version"), problems, "version", required=True)
    titles = _labels(top.get("title"), problems, "", "title") if "title" in top else {}
    lists: dict[str, list[Choice]] = {}
    if "choices" in top:
        node = top["choices"][1]
        if not isinstance(node, yaml.MappingNode):
            problems.add(node, _("'choices' must map list names to lists of choices."))
        else:
            for list_name, (_key_node, value_node) in _mapping(node, problems).items():
                lists[list_name] = _choices(value_node, problems, list_name)
    unknown_top = set(top) - {"form_id", "version", "title", "survey", "choices", "description"}
    for key in sorted(unknown_top):
        problems.add(top[key][0], _("unknown key {key!r}").format(key=key))
    fields: list[Field] = []
    survey = top.get("survey")
    if survey is None:
        problems.add(root, _("the form has no 'survey' list of fields"))
    elif not isinstance(survey[1], yaml.SequenceNode) or not survey[1].value:
        problems.add(survey[1], _("'survey' must be a non-empty list of fields"))
    else:
        for item in survey[1].value:
            built = _field(item, problems, lists)
            if built is not None:
                fields.append(built)
    check_names_and_references(fields, problems.items)
    if problems.items:
        raise UserError(_("The form file {path} has problems:").format(path=source), details=problems.items)
    digest = sha256 or sha256_text(text)
    return Form(form_id, version, digest, fields, titles, source)


def _mapping(node: yaml.MappingNode, problems: _Problems) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            problems.add(key_node, _("keys must be plain names"))
            continue
        if key in result:
            problems.add(key_node, _("the key {key!r} appears twice").format(key=key))
            continue
        result[key] = (key_node, value_node)
    return result


def _value(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _scalar_text(entry: tuple[yaml.Node, yaml.Node] | None, problems: _Problems, key: str, *,
                 field_name: str = "", required: bool = False, anchor: yaml.Node | None = None) -> str:
    if entry is None:
        if required:
            problems.add(anchor, _("'{key}' is missing").format(key=key), field_name)
        return ""
    node = entry[1]
    if not isinstance(node, yaml.ScalarNode) or node.value.strip() == "":
        problems.add(node, _("'{key}' must be a non-empty text").format(key=key), field_name)
        return ""
    return str(node.value).strip()


def _labels(entry: tuple[yaml.Node, yaml.Node] | None, problems: _Problems, field_name: str, key: str = "label",
            ) -> dict[str, str]:
    if entry is None:
        return {}
    node = entry[1]
    if isinstance(node, yaml.ScalarNode) and node.value.strip():
        return {language: node.value.strip() for language in LANGUAGES}
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, _("'{key}' must be a text or a mapping of languages (fr, en) to texts").format(key=key),
                     field_name)
        return {}
    labels = {}
    for language, (key_node, value_node) in _mapping(node, problems).items():
        if language not in LANGUAGES:
            problems.add(key_node, _("unknown language {language!r} in '{key}' (use fr or en)").format(
                language=language, key=key), field_name)
        elif not isinstance(value_node, yaml.ScalarNode) or not value_node.value.strip():
            problems.add(value_node, _("the {language} text of '{key}' is empty").format(language=language, key=key),
                         field_name)
        else:
            labels[language] = value_node.value.strip()
    return labels


def _choices(node: yaml.Node, problems: _Problems, field_name: str) -> list[Choice]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problems.add(node, _("'choices' must be a non-empty list"), field_name)
        return []
    choices: list[Choice] = []
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            problems.add(item, _("each choice needs a name and a label"), field_name)
            continue
        entries = _mapping(item, problems)
        name = _scalar_text(entries.get("name"), problems, "name", field_name=field_name, required=True, anchor=item)
        labels = _labels(entries.get("label"), problems, field_name)
        if "label" not in entries:
            problems.add(item, _("the choice {name!r} has no label").format(name=name), field_name)
        for key in sorted(set(entries) - {"name", "label"}):
            problems.add(entries[key][0], _("unknown key {key!r} in a choice").format(key=key), field_name)
        if name and any(c.name == name for c in choices):
            problems.add(item, _("the choice {name!r} appears twice").format(name=name), field_name)
        elif name:
            choices.append(Choice(name, labels))
    return choices


def _expression(entry: tuple[yaml.Node, yaml.Node] | None, problems: _Problems, field_name: str, key: str,
                ) -> Expression | None:
    if entry is None:
        return None
    node = entry[1]
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        problems.add(node, _("'{key}' must be an expression such as \". >= 0\"").format(key=key), field_name)
        return None
    try:
        return parse_expression(str(node.value))
    except ExpressionError as error:
        problems.add(node, _("bad '{key}' expression: {error}").format(key=key, error=error), field_name)
        return None


def _field(node: yaml.Node, problems: _Problems, lists: dict[str, list[Choice]]) -> Field | None:
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, _("each entry of 'survey' must be a field with type, name and label"))
        return None
    entries = _mapping(node, problems)
    name = _scalar_text(entries.get("name"), problems, "name", required=True, anchor=node)
    if name and not NAME_PATTERN.match(name):
        problems.add(entries["name"][1], _("the name {name!r} must be letters, digits and _ (no spaces)").format(
            name=name), name)
    type_text = _scalar_text(entries.get("type"), problems, "type", field_name=name, required=True, anchor=node)
    field_type, _space, list_name = type_text.partition(" ")
    list_name = list_name.strip()
    if type_text and field_type not in FIELD_TYPES:
        problems.add(entries["type"][1], _("unknown type {type!r} (use one of: {types})").format(
            type=field_type, types=", ".join(FIELD_TYPES)), name)
    labels = _labels(entries.get("label"), problems, name)
    if "label" not in entries:
        problems.add(node, _("'label' is missing"), name)
    for key in sorted(set(entries) - _FIELD_KEYS):
        problems.add(entries[key][0], _("unknown column {key!r}").format(key=key), name)
    choices: list[Choice] = []
    if field_type in ("select_one", "select_multiple"):
        if "choices" in entries:
            choices = _choices(entries["choices"][1], problems, name)
        elif list_name:
            if list_name not in lists:
                problems.add(entries["type"][1], _("no choice list named {list!r}").format(list=list_name), name)
            choices = lists.get(list_name, [])
        else:
            problems.add(node, _("a {type} field needs choices").format(type=field_type), name)
    elif "choices" in entries:
        problems.add(entries["choices"][0], _("only select_one and select_multiple fields have choices"), name)
    required = False
    if "required" in entries:
        value = _value(entries["required"][1]) if isinstance(entries["required"][1], yaml.ScalarNode) else None
        if not isinstance(value, bool):
            problems.add(entries["required"][1], _("'required' must be true or false"), name)
        else:
            required = value
    table1 = ""
    if "table1" in entries:
        node = entries["table1"][1]
        table1 = str(node.value).strip().casefold() if isinstance(node, yaml.ScalarNode) else repr(_value(node))
        problem = table1_problem(field_type, table1) if field_type in FIELD_TYPES else ""
        if problem:
            problems.add(node, problem, name)
    return Field(name=name, type=field_type, labels=labels, choices=choices, required=required, table1=table1,
                 constraint=_expression(entries.get("constraint"), problems, name, "constraint"),
                 constraint_messages=_labels(entries.get("constraint_message"), problems, name, "constraint_message"),
                 relevant=_expression(entries.get("relevant"), problems, name, "relevant"),
                 hints=_labels(entries.get("hint"), problems, name, "hint"),
                 line=node.start_mark.line + 1)


def check_names_and_references(fields: list[Field], items: list[str], where=None) -> None:
    """Names used twice, and `constraint`/`relevant` referring to a field that is not above: one line each
    in `items`. `where(field)` says where a field is (XLSForm: sheet and row); YAML forms give the line."""
    seen: set[str] = set()
    for item in fields:
        if item.name and item.name in seen:
            if where is None:
                items.append(_("line {line}, field {name}: the name is used twice").format(
                    line=item.line, name=item.name))
            else:
                items.append(_("{where}: the name {name} is used twice").format(where=where(item), name=item.name))
        seen.add(item.name)
    earlier: set[str] = set()
    for item in fields:
        for key, expression in (("constraint", item.constraint), ("relevant", item.relevant)):
            if expression is None:
                continue
            for reference in sorted(expression.references - earlier - {item.name}):
                if where is None:
                    items.append(_("line {line}, field {name}: '{key}' refers to {ref}, which is not a field "
                                   "above it").format(line=item.line, name=item.name, key=key, ref=reference))
                else:
                    items.append(_("{where}: '{key}' refers to {ref}, which is not a field above it").format(
                        where=where(item), key=key, ref=reference))
        earlier.add(item.name)
