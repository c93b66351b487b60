"""Evaluating the simple formulas a workbook saved without their results.

Workbooks written by programs (openpyxl among them) often hold formulas with no
cached value. Reading such a cell as empty or zero would be wrong, so the importer
evaluates it when the formula is simple: numbers, references to cells of the same
sheet, ``+ - * / ^``, unary minus, percent, parentheses, and ``SUM``, ``AVERAGE``,
``MIN``, ``MAX``, ``COUNT`` over cells or ranges. Anything else raises
:class:`FormulaError` and the importer names the cell.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

__all__ = ["FormulaError", "evaluate_formula"]

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"
    r"|(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)"
    r"|(?P<ref>\$?[A-Z]{1,3}\$?\d+)"
    r"|(?P<func>[A-Z]+)\("
    r"|(?P<op>[-+*/^%(),]))"
)
_FUNCTIONS: dict[str, Callable[[list[float]], float]] = {
    "SUM": math.fsum,
    "AVERAGE": lambda xs: math.fsum(xs) / len(xs) if xs else math.nan,
    "MIN": lambda xs: min(xs, default=0.0),
    "MAX": lambda xs: max(xs, default=0.0),
    "COUNT": lambda xs: float(len(xs)),
}
_MAX_CELLS = 10_000


class FormulaError(ValueError):
    """The formula is beyond the simple ones the importer evaluates."""


def _split_ref(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref)
    assert match is not None
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)), col - 1


def evaluate_formula(formula: str, lookup: Callable[[int, int], float | None]) -> float:
    """The value of ``formula`` (without its ``=``).

    ``lookup(row, col)`` gives a referenced cell's number (1-based row, 0-based
    column), None for an empty or non-numeric cell, or raises :class:`FormulaError`.
    """
    tokens = _tokenize(formula)
    parser = _Parser(tokens, lookup)
    value = parser.expression()
    if parser.position != len(tokens):
        raise FormulaError(f"unexpected {tokens[parser.position][1]!r}")
    if isinstance(value, list) or not math.isfinite(value):
        raise FormulaError("the result is not a single finite number")
    return value


def _tokenize(formula: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    text = formula.strip().removeprefix("=")
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            if text[position:].strip() == "":
                break
            raise FormulaError(f"cannot read {text[position:]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], lookup: Callable) -> None:
        self.tokens, self.lookup, self.position = tokens, lookup, 0

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self._peek()
        if token is None:
            raise FormulaError("the formula ends too early")
        self.position += 1
        return token

    def expression(self) -> float:
        value = self.term()
        while (token := self._peek()) and token[1] in "+-" and token[0] == "op":
            self._take()
            right = self.term()
            value = value + right if token[1] == "+" else value - right
        return value

    def term(self) -> float:
        value = self.power()
        while (token := self._peek()) and token[1] in "*/" and token[0] == "op":
            self._take()
            right = self.power()
            if token[1] == "/" and right == 0:
                raise FormulaError("division by zero")
            value = value * right if token[1] == "*" else value / right
        return value

    def power(self) -> float:
        value = self.unary()
        while (token := self._peek()) and token == ("op", "^"):
            self._take()
            value = value ** self.unary()
        return value

    def unary(self) -> float:
        token = self._peek()
        if token in (("op", "-"), ("op", "+")):
            self._take()
            value = self.unary()
            return -value if token[1] == "-" else value
        value = self.atom()
        while self._peek() == ("op", "%"):
            self._take()
            value /= 100.0
        return value

    def atom(self) -> float:
        kind, text = self._take()
        if kind == "num":
            return float(text)
        if kind == "ref":
            number = self.lookup(*_split_ref(text))
            return 0.0 if number is None else number
        if kind == "func":
            return self.call(text)
        if (kind, text) == ("op", "("):
            value = self.expression()
            if self._take() != ("op", ")"):
                raise FormulaError("a parenthesis is not closed")
            return value
        raise FormulaError(f"unexpected {text!r}")

    def call(self, name: str) -> float:
        if name not in _FUNCTIONS:
            raise FormulaError(f"function {name} is not evaluated by the importer")
        values: list[float] = []
        while True:
            token = self._peek()
            if token is not None and token[0] == "range":
                self._take()
                values.extend(self._range(token[1]))
            elif token != ("op", ")"):
                values.append(self.expression())
            token = self._take()
            if token == ("op", ")"):
                break
            if token != ("op", ","):
                raise FormulaError(f"unexpected {token[1]!r} in {name}")
        return _FUNCTIONS[name](values)

    def _range(self, text: str) -> list[float]:
        first, last = (_split_ref(part) for part in text.split(":"))
        rows = range(min(first[0], last[0]), max(first[0], last[0]) + 1)
        cols = range(min(first[1], last[1]), max(first[1], last[1]) + 1)
        if len(rows) * len(cols) > _MAX_CELLS:
            raise FormulaError(f"range {text} is too large")
        out = []
        for row in rows:
            for col in cols:
                number = self.lookup(row, col)
                if number is not None:
                    out.append(number)
        return out
