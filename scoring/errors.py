"""The one error shape of the engine: a message that names the place.

Every mistake in what a person supplied (a file, a cell, a command-line option, a
weight) is raised as :class:`InputError`. It says where (file, sheet, cell or line,
field), what was expected and what was found, so that the app and the command line
can show it as it is, without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["InputError", "validation_message"]


@dataclass
class InputError(Exception):
    """A problem with user-supplied input, located as precisely as possible.

    Attributes
    ----------
    message
        What is wrong, in a sentence.
    file, sheet, cell, line, field
        Where it is; each is optional.
    expected, found
        What was expected there, and what was found.
    """

    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    field: str | None = None
    expected: str | None = None
    found: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @property
    def location(self) -> str:
        """``file, sheet S, cell B3, field F``: the parts that are known."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.cell:
            parts.append(f"cell {self.cell}")
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        details = []
        if self.expected is not None:
            details.append(f"expected {self.expected}")
        if self.found is not None:
            details.append(f"found {self.found!r}")
        if details:
            text += " (" + "; ".join(details) + ")"
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "message": self.message,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "line": self.line,
            "field": self.field,
            "expected": self.expected,
            "found": self.found,
            "text": str(self),
        }


def validation_message(exc: ValueError) -> str:
    """The first message of a pydantic validation error, as a person reads it.

    Any other error gives its text unchanged.
    """
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return str(errors()[0].get("msg", exc)).removeprefix("Value error, ")
    return str(exc)
