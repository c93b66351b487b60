"""The import report: problems located by file, sheet and cell, with a severity.

A :class:`Problem` has the shape of :class:`scoring.errors.InputError` (file, sheet,
cell, line, field, expected, found) plus a severity and a short machine code, so that
the app, the command line and the tests can tell kinds of problems apart without
parsing messages. Errors block the import; warnings and notices do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from scoring.errors import InputError

__all__ = [
    "ImportRefused",
    "Problem",
    "Report",
    "Severity",
    "cell_name",
    "column_letter",
]

Severity = Literal["error", "warning", "notice"]

#: How many cells one grouped problem names before it says "and N more".
MAX_CELLS_NAMED = 50


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """A1 name of a cell from its 1-based row number and 0-based column index."""
    return f"{column_letter(col)}{row}"


@dataclass(frozen=True)
class Problem:
    """One finding of the import, located as precisely as possible.

    Attributes
    ----------
    severity
        ``"error"`` blocks the import; ``"warning"`` is something the user should
        check; ``"notice"`` records a conversion that was made.
    code
        A short stable identifier of the kind of problem, e.g. ``"not_offered"``.
    message
        What happened, in a sentence.
    file, sheet, cell, line, field
        Where; ``cell`` is in A1 notation, the first of ``cells`` when several.
    expected, found
        What was expected there and what was found.
    cells
        Every cell concerned when the problem groups several (at most
        :data:`MAX_CELLS_NAMED`; ``more`` counts the rest).
    """

    severity: Severity
    code: str
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    field: str | None = None
    expected: str | None = None
    found: str | None = None
    cells: tuple[str, ...] = ()
    more: int = 0

    @property
    def location(self) -> str:
        return self.as_error().location

    def as_error(self) -> InputError:
        """The same problem as an :class:`InputError` (for raising or printing)."""
        message = self.message
        if len(self.cells) > 1:
            listed = ", ".join(self.cells)
            message += f" (cells {listed}" + (
                f" and {self.more} more)" if self.more else ")"
            )
        return InputError(
            message,
            file=self.file,
            sheet=self.sheet,
            cell=self.cell,
            line=self.line,
            field=self.field,
            expected=self.expected,
            found=self.found,
        )

    def __str__(self) -> str:
        return f"{self.severity}: {self.as_error()}"

    def to_dict(self) -> dict[str, object]:
        data = self.as_error().to_dict()
        data.update(
            severity=self.severity,
            code=self.code,
            message=self.message,
            cells=list(self.cells),
            more=self.more,
        )
        return data


class ImportRefused(Exception):
    """Raised inside the importer to stop at once; carries the blocking problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Report:
    """Collects problems for one import, with the current file and sheet."""

    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        cells: list[str] | tuple[str, ...] = (),
        count: int | None = None,
        **where: object,
    ) -> Problem:
        """Record a problem; ``count`` is the number of cells when more than named."""
        cells = tuple(cells)
        named = cells[:MAX_CELLS_NAMED]
        if named and "cell" not in where:
            where["cell"] = named[0]
        problem = Problem(
            severity,
            code,
            message,
            cells=named,
            more=(len(cells) if count is None else count) - len(named),
            **where,  # type: ignore[arg-type]
        )
        self.problems.append(problem)
        return problem

    def error(self, code: str, message: str, **kw: object) -> Problem:
        return self.add("error", code, message, **kw)  # type: ignore[arg-type]

    def warning(self, code: str, message: str, **kw: object) -> Problem:
        return self.add("warning", code, message, **kw)  # type: ignore[arg-type]

    def notice(self, code: str, message: str, **kw: object) -> Problem:
        return self.add("notice", code, message, **kw)  # type: ignore[arg-type]

    def refuse(self, code: str, message: str, **kw: object) -> ImportRefused:
        """Record a blocking error and return the exception that stops the import."""
        return ImportRefused(self.error(code, message, **kw))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)
