"""The small expression language of form `constraint` and `relevant` columns (an XLSForm subset).

    . >= 0 and . <= 80                 `.` is the field's own answer
    ${role} = 'lead' or ${years} > 2   `${name}` is another field's answer
    selected(${tools}, 'zoom')  count-selected(.) <= 3  string-length(.) < 200  not(. = '')

Parsed once when the form loads (errors name the position), then evaluated on answers by walking the
parsed tree: nothing is ever handed to Python's eval, so a form file cannot run code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from echo_fieldwork.i18n import _

MAX_LENGTH = 500
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<ref>\$\{[A-Za-z_][A-Za-z0-9_]*\})
  | (?P<op><=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)
  | (?P<word>[A-Za-z][A-Za-z0-9_-]*)
  | (?P<dot>\.)
""", re.VERBOSE)
_COMPARISONS = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}
_FUNCTIONS = {"selected": 2, "count-selected": 1, "string-length": 1, "not": 1, "true": 0, "false": 0}

Evaluator = Callable[[Any, dict[str, Any]], Any]


class ExpressionError(ValueError):
    pass


@dataclass(frozen=True)
class Expression:
    source: str
    references: frozenset[str]
    _evaluate: Evaluator

    def evaluate(self, value: Any, answers: dict[str, Any]) -> Any:
        return self._evaluate(value, answers)

    def holds(self, value: Any, answers: dict[str, Any]) -> bool:
        return _truthy(self.evaluate(value, answers))


def parse_expression(source: str) -> Expression:
    if len(source) > MAX_LENGTH:
        raise ExpressionError(_("the expression is longer than {n} characters").format(n=MAX_LENGTH))
    parser = _Parser(_tokenize(source))
    evaluate = parser.parse_or()
    if parser.peek() is not None:
        raise ExpressionError(_("unexpected {token!r} at position {pos}").format(
            token=parser.peek()[1], pos=parser.peek()[2] + 1))
    return Expression(source.strip(), frozenset(parser.references), evaluate)


def _tokenize(source: str) -> list[tuple[str, str, int]]:
    tokens, position = [], 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:
            raise ExpressionError(_("unexpected character {char!r} at position {pos}").format(
                char=source[position], pos=position + 1))
        kind = match.lastgroup
        if kind != "space":
            tokens.append((kind, match.group(), position))
        position = match.end()
    if not tokens:
        raise ExpressionError(_("the expression is empty"))
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str, int]]) -> None:
        self.tokens = tokens
        self.index = 0
        self.references: set[str] = set()

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, text: str | None = None) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise ExpressionError(_("the expression ends too early"))
        if text is not None and token[1] != text:
            raise ExpressionError(_("expected {expected!r} at position {pos}").format(expected=text, pos=token[2] + 1))
        self.index += 1
        return token

    def _is(self, *texts: str) -> bool:
        token = self.peek()
        return token is not None and token[1] in texts and token[0] in ("op", "word")

    def parse_or(self) -> Evaluator:
        left = self.parse_and()
        while self._is("or"):
            self.take()
            right = self.parse_and()
            left = (lambda l, r: lambda v, a: _truthy(l(v, a)) or _truthy(r(v, a)))(left, right)
        return left

    def parse_and(self) -> Evaluator:
        left = self.parse_comparison()
        while self._is("and"):
            self.take()
            right = self.parse_comparison()
            left = (lambda l, r: lambda v, a: _truthy(l(v, a)) and _truthy(r(v, a)))(left, right)
        return left

    def parse_comparison(self) -> Evaluator:
        left = self.parse_sum()
        if self._is(*_COMPARISONS):
            operator = _COMPARISONS[self.take()[1]]
            right = self.parse_sum()
            return lambda v, a: _compare(operator, left(v, a), right(v, a))
        return left

    def parse_sum(self) -> Evaluator:
        left = self.parse_product()
        while self._is("+", "-"):
            sign = 1 if self.take()[1] == "+" else -1
            right = self.parse_product()
            left = (lambda l, r, s: lambda v, a: _number(l(v, a)) + s * _number(r(v, a)))(left, right, sign)
        return left

    def parse_product(self) -> Evaluator:
        left = self.parse_unary()
        while self._is("*", "div", "mod"):
            operator = self.take()[1]
            right = self.parse_unary()
            left = (lambda l, r, o: lambda v, a: _arith(o, _number(l(v, a)), _number(r(v, a))))(left, right, operator)
        return left

    def parse_unary(self) -> Evaluator:
        if self._is("-"):
            self.take()
            inner = self.parse_unary()
            return lambda v, a: -_number(inner(v, a))
        return self.parse_primary()

    def parse_primary(self) -> Evaluator:
        kind, text, position = self.take()
        if kind == "number":
            number = float(text) if "." in text else int(text)
            return lambda v, a: number
        if kind == "string":
            literal = text[1:-1]
            return lambda v, a: literal
        if kind == "dot":
            return lambda v, a: v
        if kind == "ref":
            name = text[2:-1]
            self.references.add(name)
            return lambda v, a: a.get(name)
        if text == "(":
            inner = self.parse_or()
            self.take(")")
            return inner
        if kind == "word" and text in _FUNCTIONS:
            return self.parse_call(text)
        raise ExpressionError(_("unexpected {token!r} at position {pos}").format(token=text, pos=position + 1))

    def parse_call(self, name: str) -> Evaluator:
        self.take("(")
        args: list[Evaluator] = []
        if not self._is(")"):
            args.append(self.parse_or())
            while self._is(","):
                self.take()
                args.append(self.parse_or())
        self.take(")")
        if len(args) != _FUNCTIONS[name]:
            raise ExpressionError(_("{function}() takes {n} argument(s)").format(function=name, n=_FUNCTIONS[name]))
        if name == "selected":
            return lambda v, a: str(args[1](v, a)) in _as_list(args[0](v, a))
        if name == "count-selected":
            return lambda v, a: len(_as_list(args[0](v, a)))
        if name == "string-length":
            return lambda v, a: len("" if args[0](v, a) is None else str(args[0](v, a)))
        if name == "not":
            return lambda v, a: not _truthy(args[0](v, a))
        constant = name == "true"
        return lambda v, a: constant


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value != ""
    return bool(value)


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    return str(value).split()


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    try:
        return float(str(value))
    except ValueError:
        return float("nan")


def _arith(operator: str, left: float, right: float) -> float:
    if operator == "*":
        return left * right
    if right == 0:
        return float("nan")
    return left / right if operator == "div" else left % right


def _compare(operator: Callable[[Any, Any], bool], left: Any, right: Any) -> bool:
    if left is None or right is None:
        return operator is _COMPARISONS["!="] and left != right
    # An answer typed as text compares as a number when the other side is a number.
    if isinstance(left, (int, float)) != isinstance(right, (int, float)):
        left, right = _number(left), _number(right)
    try:
        return bool(operator(left, right))
    except TypeError:
        return False
