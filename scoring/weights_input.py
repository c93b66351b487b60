"""Reading weights that people write: names in either language, percents, files."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from openpyxl.utils import get_column_letter

from scoring.errors import InputError
from scoring.io.sniff import read_text_file
from scoring.models import Criterion, clean_text

__all__ = ["parse_weight_value", "read_weights_file", "resolve_criterion"]


def _key(text: str) -> str:
    return clean_text(text).casefold().replace("_", " ")


def resolve_criterion(
    name: str, criteria: list[Criterion] | tuple[Criterion, ...]
) -> str:
    """The id of the criterion called ``name``: its id or its English or Chinese label.

    Matching ignores case, surrounding and repeated spaces, full-width forms and
    the difference between ``_`` and a space.

    Raises
    ------
    InputError
        When no criterion or more than one matches; the message lists the choices.
    """
    wanted = _key(name)
    matches = {
        c.id
        for c in criteria
        if wanted in {_key(c.id), _key(c.label_en), _key(c.label_zh)}
    }
    if len(matches) == 1:
        return matches.pop()
    choices = ", ".join(f"{c.id} ({c.label_en} / {c.label_zh})" for c in criteria)
    if not matches:
        raise InputError(
            f"unknown criterion {name!r}",
            field="criterion",
            expected="an id or a label of: " + choices,
            found=name,
        )
    raise InputError(
        f"criterion name {name!r} is ambiguous",
        field="criterion",
        expected="one of: " + ", ".join(sorted(matches)),
        found=name,
    )


def parse_weight_value(text: str) -> float:
    """A weight from text: ``35``, ``0.35``, ``35%``, ``35 %``, ``３５％``, ``1,5``.

    Percent signs are dropped (only ratios matter). A single comma with no dot is a
    decimal comma.

    Raises
    ------
    ValueError
        When the text is not a finite number.
    """
    cleaned = clean_text(text).replace(" ", "")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {text!r}")
    return value


def read_weights_file(
    path: str | Path, criteria: list[Criterion] | tuple[Criterion, ...]
) -> dict[str, float]:
    """Weights from a CSV with the columns ``Criterion`` and ``Weight``.

    Other columns (``Direction`` for one) are read elsewhere and ignored here.
    Negative weights are refused here, with the cell named, before any scoring.
    """
    path = Path(path)
    text = read_text_file(path)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise InputError("the file is empty", file=path.name)
    header = [_key(c) for c in rows[0]]
    columns = {}
    for wanted in ("criterion", "weight"):
        if wanted not in header:
            raise InputError(
                f"no column {wanted.title()!r}",
                file=path.name,
                line=1,
                expected="columns Criterion, Weight (and optionally Direction)",
                found=", ".join(rows[0]),
            )
        columns[wanted] = header.index(wanted)
    weights: dict[str, float] = {}
    if len(rows) < 2 or not any(
        columns["criterion"] < len(r) and r[columns["criterion"]].strip()
        for r in rows[1:]
    ):
        raise InputError(
            "no weights in the file",
            file=path.name,
            expected="a row per criterion under the header Criterion, Weight",
            found="only the header",
        )
    for number, row in enumerate(rows[1:], start=2):
        name = row[columns["criterion"]] if columns["criterion"] < len(row) else ""
        value = row[columns["weight"]] if columns["weight"] < len(row) else ""
        cell = f"{get_column_letter(columns['weight'] + 1)}{number}"
        try:
            criterion = resolve_criterion(name, criteria)
        except InputError as exc:
            exc.file, exc.line = path.name, number
            raise
        try:
            weight = parse_weight_value(value)
        except ValueError:
            raise InputError(
                "weight is not a number",
                file=path.name,
                cell=cell,
                expected="a non-negative number or percentage",
                found=value,
            ) from None
        if weight < 0:
            raise InputError(
                f"weight of {name!r} is negative",
                file=path.name,
                cell=cell,
                expected="a non-negative number",
                found=value,
            )
        if criterion in weights:
            raise InputError(
                f"criterion {name!r} is given twice",
                file=path.name,
                line=number,
                field="Criterion",
            )
        weights[criterion] = weight
    return weights
