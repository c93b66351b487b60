"""Turning a ratings table (wide or long) into vendors, criteria and rating arrays.

Each column of a wide table is a criterion, metadata, or ignored:

* with criteria tables, the columns they name are criteria and every other column
  is metadata (kept and shown, never scored);
* without, columns named like a known criterion (id or label, either language)
  are criteria; other columns holding at least one number, with numbers and
  marks making at least half their filled cells, become new criteria (their
  other cells are errors), and the rest are metadata; every criterion of a long
  table is a criterion;
* a mapping from the user overrides both (:data:`AS_METADATA`, :data:`AS_IGNORE`,
  :data:`AS_NEW`, or a criterion id or label).

Unmatched columns are listed with suggestions for a mapping step.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from scoring.io.cells import (
    clean_name,
    decide_decimal,
    excel_serial_date,
    is_blank,
    match_key,
    parse_date_text,
    parse_number,
    read_rating,
)
from scoring.io.criteria_table import CriterionSpec, known_matches
from scoring.io.layout import Table
from scoring.io.problems import MAX_CELLS_NAMED, Report, cell_name, column_letter
from scoring.models import Criterion, RatingKind

__all__ = [
    "AS_IGNORE",
    "AS_METADATA",
    "AS_NEW",
    "ColumnInfo",
    "MatrixPart",
    "Suggestion",
    "read_matrix",
]

AS_METADATA = ":metadata"
AS_IGNORE = ":ignore"
AS_NEW = ":new"

#: Headers of derived columns that stay metadata even when numeric.
_SUMMARY = {"total", "sum", "score", "total score", "rank", "ranking", "average"}
_SUMMARY |= {"總分", "总分", "合計", "合计", "排名", "名次", "平均", "加權總分"}
_SIMPLE_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_HAS_DIGIT = re.compile(r"\d")
_HOW = {"mark": "na", "blank": "blank", "text_number": "text", "percent": "pct"}

_B2B_MARK = re.compile(r".*[^*\s]\s*\*")


@dataclass(frozen=True)
class Suggestion:
    """A known criterion offered for an unmatched column."""

    id: str
    label_en: str
    label_zh: str


@dataclass(frozen=True)
class ColumnInfo:
    """A column of the ratings table and what the import made of it.

    ``role`` is ``"vendor"``, ``"marks"``, ``"criterion"``, ``"metadata"`` or
    ``"ignored"``; ``criterion_id`` is set for criteria; ``matched`` says how:
    ``"table"`` (criteria table), ``"known"`` (built-in criterion), ``"new"``,
    ``"mapping"``, or ``""`` for unmatched columns, which carry ``suggestions``.
    """

    sheet: str | None
    column: str
    header: str
    group: str
    role: str
    criterion_id: str | None = None
    matched: str = ""
    suggestions: tuple[Suggestion, ...] = ()
    sample: tuple[str, ...] = ()


@dataclass
class MatrixPart:
    """What one ratings table gives, before the evaluation is assembled."""

    table: Table
    vendors: list[str] = field(default_factory=list)
    b2b: list[bool] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    kinds: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int8))
    values: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    columns: list[ColumnInfo] = field(default_factory=list)
    metadata: dict[str, list[object]] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    duplicate_keys: set[str] = field(default_factory=set)
    spec_of: dict[str, str] = field(default_factory=dict)


def read_matrix(
    table: Table,
    specs: list[CriterionSpec] | None,
    known: list[Criterion],
    mapping: Mapping[str, str],
    vendor_column: str | None,
    report: Report,
) -> MatrixPart:
    """Vendors, criteria and ratings of one ratings table."""
    if table.role == "long":
        table = _long_to_wide(table, report)
    part = MatrixPart(table=table)
    where = {"file": table.file, "sheet": table.sheet}
    header_row = table.header_rows[-1] if table.header_rows else 1

    # vendor and marks columns
    vendor_at = _vendor_position(table, vendor_column, report)
    marks_at = table.find("marks")
    if marks_at == vendor_at:
        marks_at = None

    # duplicate headers after cleaning
    seen: dict[str, int] = {}
    duplicates: set[int] = set()
    for position, col in enumerate(table.columns):
        key = match_key(table.headers[col])
        if key in seen:
            first = table.columns[seen[key]]
            report.error(
                "duplicate_header",
                f"the header {table.headers[col]!r} names two columns, "
                f"{column_letter(first)} and {column_letter(col)}, once invisible "
                "characters and extra spaces are removed; rename or delete one",
                cells=[cell_name(header_row, first), cell_name(header_row, col)],
                field=table.headers[col],
                expected="each column header once",
                found=f"columns {column_letter(first)} and {column_letter(col)}",
                **where,
            )
            duplicates |= {seen[key], position}
            part.duplicate_keys.add(key)
        else:
            seen[key] = position

    # vendors
    _read_vendors(part, vendor_at, marks_at, report)

    # roles of the other columns
    taken: dict[str, str] = {}
    for position, col in enumerate(table.columns):
        header = table.headers[col]
        info = {
            "sheet": table.sheet,
            "column": column_letter(col),
            "header": header,
            "group": table.groups.get(col, ""),
        }
        if position == vendor_at:
            part.columns.append(ColumnInfo(role="vendor", **info))
            continue
        if position == marks_at:
            part.columns.append(ColumnInfo(role="marks", **info))
            continue
        if position in duplicates:
            part.columns.append(ColumnInfo(role="ignored", **info))
            continue
        values = [cells[position] for _, cells in table.rows]
        role, criterion, matched = _column_role(
            header, values, specs, known, mapping, report, where
        )
        if role == "metadata" and matched == "" and table.about.get("_long"):
            role, criterion, matched = "criterion", _new_criterion(header), "new"
        spec = _spec_for(criterion, header, mapping, specs) if criterion else None
        if spec is not None and criterion is not None:
            part.spec_of[criterion.id] = spec.name
        if criterion is not None:
            if criterion.id in taken:
                report.error(
                    "criterion_twice",
                    f"columns {taken[criterion.id]} and {column_letter(col)} are both "
                    f"criterion {criterion.id!r}",
                    cell=cell_name(header_row, col),
                    expected="one column per criterion",
                    found=header,
                    **where,
                )
                role, criterion = "ignored", None
            else:
                taken[criterion.id] = column_letter(col)
        suggestions: tuple[Suggestion, ...] = ()
        if matched in ("", "new") and known:
            suggestions = _suggest(header, known)
        part.columns.append(
            ColumnInfo(
                role=role,
                criterion_id=criterion.id if criterion else None,
                matched=matched,
                suggestions=suggestions,
                sample=tuple(clean_name(v) for v in values[:3]),
                **info,
            )
        )
        if criterion is not None:
            _read_ratings(part, criterion, position, col, values, report)
        elif role == "metadata":
            part.metadata[header] = _metadata_column(table, col, values, report)
    _finish(part, report)
    return part


def _vendor_position(table: Table, wanted: str | None, report: Report) -> int:
    if wanted:
        key = match_key(wanted)
        for position, col in enumerate(table.columns):
            if key in (match_key(table.headers[col]), match_key(column_letter(col))):
                return position
        report.error(
            "vendor_column",
            f"no column {wanted!r} for the vendor names",
            expected="a header or a column letter of the table",
            found=wanted,
            file=table.file,
            sheet=table.sheet,
        )
    found = table.find("vendor")
    return 0 if found is None else found


def _read_vendors(
    part: MatrixPart, vendor_at: int, marks_at: int | None, report: Report
) -> None:
    table = part.table
    first_cell: dict[str, str] = {}
    col = table.columns[vendor_at]
    starred = []
    for number, cells in table.rows:
        name = clean_name(cells[vendor_at])
        b2b = marks_at is not None and "*" in clean_name(cells[marks_at])
        # one trailing star is the seed's B2B mark ("Pivotal*"); a name with more
        # stars ("**bold**") is kept as typed
        if marks_at is None and _B2B_MARK.fullmatch(name):
            name, b2b = name[:-1].rstrip(), True
            starred.append(cell_name(number, col))
        cell = cell_name(number, col)
        if not name:
            report.error(
                "vendor_name",
                "a row with ratings has no vendor name",
                cell=cell,
                expected="a vendor name",
                found="an empty cell",
                file=table.file,
                sheet=table.sheet,
            )
            name = f"(row {number})"
        if name in first_cell:
            report.error(
                "duplicate_vendor",
                f"vendor {name!r} appears twice (cells {first_cell[name]} and {cell})",
                cells=[first_cell[name], cell],
                expected="each vendor once",
                found=name,
                file=table.file,
                sheet=table.sheet,
            )
        first_cell.setdefault(name, cell)
        part.vendors.append(name)
        part.b2b.append(b2b)
        part.rows.append(number)
    if starred:
        report.notice(
            "b2b_star",
            "vendor names ending in * were read as B2B solutions (* removed)",
            cells=starred,
            file=table.file,
            sheet=table.sheet,
        )


def _column_role(
    header: str,
    values: list[object],
    specs: list[CriterionSpec] | None,
    known: list[Criterion],
    mapping: Mapping[str, str],
    report: Report,
    where: dict,
) -> tuple[str, Criterion | None, str]:
    key = match_key(header)
    target = next((v for k, v in mapping.items() if match_key(k) == key), None)
    if target is not None:
        if target == AS_METADATA:
            return "metadata", None, "mapping"
        if target == AS_IGNORE:
            return "ignored", None, "mapping"
        if target == AS_NEW:
            return "criterion", _new_criterion(header), "mapping"
        criterion = _resolve(target, specs, known)
        if criterion is None:
            report.error(
                "mapping_target",
                f"column {header!r} is mapped to {target!r}, which is not a criterion",
                field=header,
                expected="a criterion id or label, :metadata, :ignore or :new",
                found=target,
                **where,
            )
            return "ignored", None, "mapping"
        return "criterion", criterion, "mapping"
    if specs is not None:
        criterion = _resolve(header, specs, [])
        if criterion is not None:
            return "criterion", criterion, "table"
        return "metadata", None, ""
    matches = known_matches(header, known)
    if matches:
        if len(matches) > 1:
            report.notice(
                "ambiguous_known",
                f"column {header!r} matches several known criteria; "
                f"{matches[0].id!r} was chosen (others: "
                + ", ".join(c.id for c in matches[1:])
                + "); change it in the mapping if needed",
                field=header,
                **where,
            )
        return "criterion", matches[0], "known"
    if key in _SUMMARY:
        return "metadata", None, ""
    if _mostly_ratings([v for v in values if not is_blank(v)]):
        return "criterion", _new_criterion(header), "new"
    return "metadata", None, ""


def _mostly_ratings(filled: list[object]) -> bool:
    """At least one number, and numbers and marks make at least half the cells."""
    numbers = marks = 0
    for value in filled:
        try:
            kind, _, _ = read_rating(value)
        except ValueError:
            if isinstance(value, str) and parse_number(value, ",") is not None:
                numbers += 1
            continue
        numbers += kind == RatingKind.VALUE
        marks += kind != RatingKind.VALUE
    return numbers > 0 and 2 * (numbers + marks) >= len(filled)


def _new_criterion(header: str) -> Criterion:
    return Criterion(id=header, label_en=header, label_zh=header)


def _find_spec(name: str, specs: list[CriterionSpec] | None) -> CriterionSpec | None:
    """The entry named ``name``: by its name (id) first, then by a label."""
    key = match_key(name)
    for spec in specs or []:
        if match_key(spec.name) == key:
            return spec
    return next((s for s in specs or [] if key in s.keys), None)


def _spec_for(
    criterion: Criterion,
    header: str,
    mapping: Mapping[str, str],
    specs: list[CriterionSpec] | None,
) -> CriterionSpec | None:
    key = match_key(header)
    target = next((v for k, v in mapping.items() if match_key(k) == key), header)
    return _find_spec(target, specs) or _find_spec(criterion.id, specs)


def _resolve(
    name: str, specs: list[CriterionSpec] | None, known: list[Criterion]
) -> Criterion | None:
    spec = _find_spec(name, specs)
    if spec is not None:
        return spec.criterion(known)
    matches = known_matches(name, known)
    return matches[0] if matches else None


def _suggest(header: str, known: list[Criterion]) -> tuple[Suggestion, ...]:
    key = match_key(header)
    labels: dict[str, Criterion] = {}
    for c in known:
        for text in (c.id, c.label_en, c.label_zh):
            labels.setdefault(match_key(text), c)
    close = difflib.get_close_matches(key, list(labels), n=6, cutoff=0.5)
    close += [k for k in labels if key and (key in k or k in key) and k not in close]
    out: dict[str, Suggestion] = {}
    for k in close:
        c = labels[k]
        out.setdefault(c.id, Suggestion(c.id, c.label_en, c.label_zh))
    return tuple(out.values())[:3]


# ratings -------------------------------------------------------------------------


def _read_ratings(
    part: MatrixPart,
    criterion: Criterion,
    position: int,
    col: int,
    values: list[object],
    report: Report,
) -> None:
    table = part.table
    n = len(values)
    kinds = np.full(n, RatingKind.VALUE, dtype=np.int8)
    numbers = np.full(n, np.nan)
    if table.text_source and all(
        isinstance(v, str) and _SIMPLE_NUMBER.fullmatch(v) for v in values
    ):
        numbers[:] = [float(v) for v in values]  # type: ignore[arg-type]
    elif all(type(v) is float for v in values):
        numbers[:] = values
    else:
        found = _read_cells(
            values, kinds, numbers, lambda: _table_decimal(table, report)
        )

        def name(i: int) -> str:
            row = part.rows[i]
            return table.cell_names.get((row, col)) or cell_name(row, col)

        _report_ratings(part, criterion, found, name, values, report)
    part.criteria.append(criterion)
    part.headers.append(table.headers[col])
    part.kinds = _stack(part.kinds, kinds, n)
    part.values = _stack(part.values, numbers, n)


#: Marks written exactly as the export writes them, recognised without parsing.
_EXACT_MARKS = {"N/A": RatingKind.NOT_OFFERED, "P": RatingKind.PARTNER}


def _read_cells(
    values: list[object], kinds: np.ndarray, numbers: np.ndarray, decimal
) -> dict[str, list[int]]:
    """Fill ``kinds`` and ``numbers``; the row indices of each kind of cell."""
    found: dict[str, list[int]] = {k: [] for k in ("na", "p", "blank", "text", "pct")}
    found["bad"] = []
    mark: str | None = None
    for i, value in enumerate(values):
        kind_of = type(value)
        if kind_of is float:
            numbers[i] = value
            continue
        if value is None:
            kinds[i] = RatingKind.UNKNOWN
            found["blank"].append(i)
            continue
        if kind_of is str and value in _EXACT_MARKS:
            kinds[i] = _EXACT_MARKS[value]
            found["na" if value == "N/A" else "p"].append(i)
            continue
        if kind_of.__name__ == "_Uncomputed":
            kinds[i] = RatingKind.UNKNOWN
            continue
        if mark is None:
            mark = decimal()
        try:
            kind, number, how = read_rating(value, mark)
        except ValueError:
            found["bad"].append(i)
            kinds[i] = RatingKind.UNKNOWN
            continue
        kinds[i], numbers[i] = kind, number
        if how in _HOW:
            found[_HOW[how] if kind != RatingKind.PARTNER else "p"].append(i)
    return found


def _stack(matrix: np.ndarray, column: np.ndarray, n: int) -> np.ndarray:
    if matrix.shape[0] != n:
        matrix = np.zeros((n, 0), dtype=column.dtype)
    return np.column_stack([matrix, column])


def _report_ratings(
    part: MatrixPart,
    criterion: Criterion,
    found: dict[str, list[int]],
    name,
    values: list[object],
    report: Report,
) -> None:
    """One problem per kind of cell in the column, naming (some of) the cells."""
    where = {"file": part.table.file, "sheet": part.table.sheet, "field": criterion.id}

    def cells(key: str) -> dict[str, object]:
        rows = found[key]
        return {"cells": [name(i) for i in rows[:MAX_CELLS_NAMED]], "count": len(rows)}

    label = repr(criterion.id)
    messages = (
        (
            "na",
            "notice",
            "not_offered",
            "read as not offered (N/A family: N/A, n/a, NA, -, —)",
        ),
        ("p", "notice", "partner", "read as P (through partners)"),
        ("blank", "warning", "missing", "are blank: unknown (missing ratings)"),
        (
            "pct",
            "notice",
            "percent_rating",
            "are percentages, read as fractions (35% = 0.35)",
        ),
    )
    for key, severity, code, text in messages:
        if found[key]:
            report.add(
                severity,  # type: ignore[arg-type]
                code,
                f"{len(found[key])} cell(s) of {label} {text}",
                **cells(key),
                **where,
            )
    if found["text"] and not part.table.text_source:
        report.notice(
            "number_text",
            f"{len(found['text'])} number(s) stored as text in {label} were "
            "converted to numbers",
            **cells("text"),
            **where,
        )
    if found["bad"]:
        report.error(
            "bad_rating",
            f"{len(found['bad'])} cell(s) of {label} cannot be read as ratings",
            expected="a number, N/A (not offered), P (through partners) or blank",
            found=clean_name(values[found["bad"][0]]),
            **cells("bad"),
            **where,
        )


def _table_decimal(table: Table, report: Report) -> str:
    cached = table.about.get("_decimal")
    if isinstance(cached, str):
        return cached
    texts = [
        v
        for _, cells in table.rows
        for v in cells
        if type(v) is str and _HAS_DIGIT.search(v)
    ]
    decimal, mixed = decide_decimal(texts, table.delimiter)
    table.about["_decimal"] = decimal
    where = {"file": table.file, "sheet": table.sheet}
    if decimal == ",":
        report.notice(
            "decimal_comma",
            "numbers are written with a decimal comma (3,5 = 3.5)",
            **where,
        )
    if mixed:
        report.warning(
            "mixed_decimal",
            f"numbers use both decimal marks; read with {decimal!r} as the decimal "
            "mark, check the values",
            **where,
        )
    return decimal


# metadata ------------------------------------------------------------------------


def _metadata_column(
    table: Table, col: int, values: list[object], report: Report
) -> list[object]:
    filled = [v for v in values if not is_blank(v)]
    if not filled:
        return [None] * len(values)
    dates = [
        v
        for v in filled
        if isinstance(v, dt.date) or (isinstance(v, str) and parse_date_text(v))
    ]
    if dates:
        return _dates(table, col, values, report)
    if table.text_source and all(
        isinstance(v, str) and _SIMPLE_NUMBER.fullmatch(v.strip()) for v in filled
    ):
        return [None if is_blank(v) else float(str(v)) for v in values]
    return [None if is_blank(v) else v for v in values]


def _dates(
    table: Table, col: int, values: list[object], report: Report
) -> list[object]:
    out: list[object] = []
    serials: list[str] = []
    for (number, _), value in zip(table.rows, values, strict=True):
        if isinstance(value, dt.datetime) and value.time() == dt.time():
            out.append(value.date())
        elif isinstance(value, str) and parse_date_text(value):
            out.append(parse_date_text(value))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            low, high = 20000, 80000
            if low <= value <= high and float(value).is_integer():
                out.append(excel_serial_date(value, table.date1904))
                serials.append(cell_name(number, col))
            else:
                out.append(value)
        elif isinstance(value, str) and parse_number(value):
            parsed = parse_number(value)
            assert parsed is not None
            if parsed[0].is_integer() and 20000 <= parsed[0] <= 80000:
                out.append(excel_serial_date(parsed[0], table.date1904))
                serials.append(cell_name(number, col))
            else:
                out.append(value)
        else:
            out.append(None if is_blank(value) else value)
    if serials:
        system = "1904" if table.date1904 else "1900"
        report.warning(
            "date_serial",
            f"in the date column {table.headers[col]!r}, plain numbers were read as "
            f"Excel {system}-system serial dates",
            cells=serials,
            field=table.headers[col],
            expected="a date cell or a date written as text",
            found=clean_name(next(v for v in values if isinstance(v, int | float))),
            file=table.file,
            sheet=table.sheet,
        )
    return out


def _finish(part: MatrixPart, report: Report) -> None:
    n = len(part.vendors)
    if part.kinds.shape != (n, len(part.criteria)):
        part.kinds = part.kinds.reshape(n, len(part.criteria)).astype(np.int8)
        part.values = part.values.reshape(n, len(part.criteria)).astype(float)
    if not part.vendors:
        report.error(
            "no_vendors",
            "the ratings table has no vendor rows",
            expected="one row per vendor under the header",
            found="no rows",
            file=part.table.file,
            sheet=part.table.sheet,
        )
    if not part.criteria:
        report.error(
            "no_criteria",
            "the ratings table has no criterion column",
            expected="columns of ratings next to the vendor names",
            found="columns " + ", ".join(c.header for c in part.columns),
            file=part.table.file,
            sheet=part.table.sheet,
        )


# long layout ---------------------------------------------------------------------


def _long_to_wide(table: Table, report: Report) -> Table:
    """A (vendor, criterion, value) table as a wide one with cells named by source."""
    vendor_at = table.find("vendor")
    criterion_at = table.find("criterion")
    value_at = table.find("value")
    assert vendor_at is not None and criterion_at is not None and value_at is not None
    vendors: dict[str, int] = {}
    criteria: dict[str, str] = {}
    cells: dict[tuple[str, str], tuple[object, int]] = {}
    for number, row in table.rows:
        vendor = clean_name(row[vendor_at])
        criterion = clean_name(row[criterion_at])
        if not vendor or not criterion:
            report.error(
                "long_row",
                "a row of the long table lacks the vendor or the criterion",
                line=number,
                expected="vendor, criterion and value on every row",
                file=table.file,
                sheet=table.sheet,
            )
            continue
        vendors.setdefault(vendor, number)
        criteria.setdefault(match_key(criterion), criterion)
        key = (vendor, match_key(criterion))
        if key in cells:
            first = cell_name(cells[key][1], table.columns[value_at])
            report.error(
                "duplicate_pair",
                f"{vendor!r} is rated twice on {criterion!r}",
                cells=[first, cell_name(number, table.columns[value_at])],
                expected="one row per vendor and criterion",
                file=table.file,
                sheet=table.sheet,
            )
            continue
        cells[key] = (row[value_at], number)
    keys = list(criteria)
    value_col = table.columns[value_at]
    names = {
        (vendors[v], i + 1): cell_name(number, value_col)
        for (v, k), (_, number) in cells.items()
        for i in [keys.index(k)]
    }
    wide = Table(
        file=table.file,
        sheet=table.sheet,
        role="ratings",
        header_rows=table.header_rows,
        columns=list(range(len(keys) + 1)),
        headers={0: "vendor", **{i + 1: criteria[k] for i, k in enumerate(keys)}},
        rows=[
            (number, [v] + [cells.get((v, k), (None, 0))[0] for k in keys])
            for v, number in vendors.items()
        ],
        text_source=table.text_source,
        delimiter=table.delimiter,
        encoding=table.encoding,
        cell_names=names,
        about={"_long": True},
    )
    if math.prod((len(vendors), len(keys))) > len(cells):
        report.notice(
            "long_gaps",
            f"{len(vendors) * len(keys) - len(cells)} vendor/criterion pair(s) "
            "have no row and are unknown",
            file=table.file,
            sheet=table.sheet,
        )
    return wide
