"""Reading criteria tables: criterion, weight, direction, labels, descriptions.

A weights sheet (``Criterion, Weight, Direction``) and a criteria sheet (criterion
with labels or descriptions) are the same kind of table here; several are merged
criterion by criterion, and a conflict between them is an error naming both cells.

Weights are read as written (``0.35``, ``35%``, ``35 %``, ``０．３５``, a cell
formatted as a percentage). The rules for their sum are in :func:`check_weights`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from scoring.io.cells import (
    DIRECTION_CHOICES,
    clean_name,
    is_blank,
    match_key,
    parse_direction,
    parse_number,
)
from scoring.io.layout import Table
from scoring.io.problems import Report, cell_name
from scoring.models import Criterion, Direction

__all__ = ["CriterionSpec", "check_weights", "known_matches", "read_criteria"]

_TEXT_FIELDS = ("label_en", "label_zh", "description_en", "description_zh")
_TEXT_FIELDS += ("pillar", "parent")


@dataclass
class CriterionSpec:
    """What the criteria tables say about one criterion."""

    name: str
    file: str
    sheet: str | None
    row: int
    weight: float | None = None
    percent: bool = False
    weight_cell: str | None = None
    weight_found: str = ""
    direction: str | None = None
    direction_cell: str | None = None
    text: dict[str, str] = field(default_factory=dict)

    @property
    def keys(self) -> set[str]:
        keys = {match_key(self.name)}
        for name in ("label_en", "label_zh"):
            if self.text.get(name):
                keys.add(match_key(self.text[name]))
        return keys

    def criterion(self, known: list[Criterion]) -> Criterion:
        """The criterion: a known one when the name matches and no labels are given."""
        direction = self.direction
        if not ({"label_en", "label_zh"} & self.text.keys()):
            matches = known_matches(self.name, known)
            if matches:
                base = matches[0]
                return base.model_copy(
                    update={"direction": Direction(direction or base.direction)}
                )
        fields: dict[str, object] = {
            "id": self.name,
            "label_en": self.text.get("label_en") or self.name,
            "label_zh": self.text.get("label_zh") or self.name,
            "description_en": self.text.get("description_en", ""),
            "description_zh": self.text.get("description_zh", ""),
            "pillar": self.text.get("pillar") or None,
            "parent": self.text.get("parent") or None,
        }
        if direction:
            fields["direction"] = direction
        return Criterion.model_validate(fields)


def known_matches(name: str, known: list[Criterion]) -> list[Criterion]:
    """Known criteria named ``name`` by id (first) or by a label in either language."""
    key = match_key(name)
    by_id = [c for c in known if match_key(c.id) == key]
    by_label = [
        c
        for c in known
        if c not in by_id and key in (match_key(c.label_en), match_key(c.label_zh))
    ]
    return by_id + by_label


def read_criteria(tables: list[Table], report: Report) -> list[CriterionSpec]:
    """Criterion specifications from every criteria table, merged in order."""
    merged: dict[str, CriterionSpec] = {}
    for table in tables:
        for spec in _read_one(table, report):
            key = match_key(spec.name)
            if key not in merged:
                merged[key] = spec
                continue
            _merge(merged[key], spec, report)
    return list(merged.values())


def _read_one(table: Table, report: Report) -> list[CriterionSpec]:
    pos = {
        role: table.find(role)
        for role in ("criterion", "weight", "direction", *_TEXT_FIELDS)
    }
    name_at = pos["criterion"]
    assert name_at is not None
    specs: dict[str, CriterionSpec] = {}
    for number, cells in table.rows:
        name = clean_name(cells[name_at])
        if not name:
            report.error(
                "criterion_name",
                "a row of the criteria table has no criterion name",
                expected="a criterion name",
                found="an empty cell",
                **table.where(number, table.columns[name_at]),
            )
            continue
        spec = CriterionSpec(name=name, file=table.file, sheet=table.sheet, row=number)
        if pos["weight"] is not None:
            _read_weight(spec, table, number, cells, pos["weight"], report)
        if pos["direction"] is not None:
            _read_direction(spec, table, number, cells, pos["direction"], report)
        for text_field in _TEXT_FIELDS:
            at = pos[text_field]
            if at is not None and not is_blank(cells[at]):
                spec.text[text_field] = clean_name(cells[at])
        key = match_key(name)
        if key in specs:
            report.error(
                "duplicate_criterion",
                f"criterion {name!r} is listed twice in the criteria table "
                f"(rows {specs[key].row} and {number})",
                expected="each criterion once",
                found=name,
                **table.where(number, table.columns[name_at]),
            )
            continue
        specs[key] = spec
    return list(specs.values())


def _read_weight(
    spec: CriterionSpec,
    table: Table,
    number: int,
    cells: list[object],
    at: int,
    report: Report,
) -> None:
    value = cells[at]
    cell = cell_name(number, table.columns[at])
    spec.weight_cell, spec.weight_found = cell, clean_name(value)
    where = {"file": table.file, "sheet": table.sheet, "cell": cell}
    if is_blank(value):
        return  # check_weights decides whether a blank weight is an error
    if isinstance(value, bool):
        parsed = None
    elif isinstance(value, int | float):
        parsed = (float(value), False) if math.isfinite(value) else None
    else:
        parsed = parse_number(str(value)) or parse_number(str(value), ",")
    if parsed is None:
        report.error(
            "weight_not_number",
            f"the weight of {spec.name!r} is not a number",
            expected="a non-negative number or percentage such as 0.35 or 35%",
            found=clean_name(value),
            field=spec.name,
            **where,
        )
        return
    spec.weight, spec.percent = parsed
    if spec.weight < 0:
        shown = f"{spec.weight * 100:g} %" if spec.percent else f"{spec.weight:g}"
        report.error(
            "weight_negative",
            f"the weight of criterion {spec.name!r} is negative ({shown})",
            expected="a weight of 0 or more",
            found=clean_name(value),
            field=spec.name,
            **where,
        )


def _read_direction(
    spec: CriterionSpec,
    table: Table,
    number: int,
    cells: list[object],
    at: int,
    report: Report,
) -> None:
    value = cells[at]
    if is_blank(value):
        return
    spec.direction = parse_direction(value)
    spec.direction_cell = cell_name(number, table.columns[at])
    if spec.direction is None:
        report.error(
            "direction",
            f"the direction of {spec.name!r} is not understood",
            expected=DIRECTION_CHOICES,
            found=clean_name(value),
            field=spec.name,
            file=table.file,
            sheet=table.sheet,
            cell=spec.direction_cell,
        )


def _merge(first: CriterionSpec, second: CriterionSpec, report: Report) -> None:
    for attr, cell_attr in (("weight", "weight_cell"), ("direction", "direction_cell")):
        a, b = getattr(first, attr), getattr(second, attr)
        if b is None:
            continue
        if a is not None and a != b:
            report.error(
                f"conflicting_{attr}",
                f"two tables give criterion {first.name!r} different {attr}s: "
                f"{a} ({first.sheet or first.file}, {getattr(first, cell_attr)}) and "
                f"{b} ({second.sheet or second.file}, {getattr(second, cell_attr)})",
                expected=f"one {attr} per criterion",
                found=str(b),
                file=second.file,
                sheet=second.sheet,
                cell=getattr(second, cell_attr),
            )
            continue
        setattr(first, attr, b)
        setattr(first, cell_attr, getattr(second, cell_attr))
        if attr == "weight":
            first.percent = second.percent
    for key, value in second.text.items():
        first.text.setdefault(key, value)


def check_weights(
    specs: list[CriterionSpec], normalise: bool, report: Report, strict: bool = True
) -> dict[str, float] | None:
    """Weights by criterion name, or None when no table gives weights.

    Rules: negative weights and all-zero weights are errors. Weights written as
    percentages, and weights that are all at most 1, must sum to 100 % (within
    0.5 %); otherwise the import stops, unless ``normalise`` is set, in which case
    they are divided by their sum and a warning says so. Weights written without
    a percent sign are points (only their ratios matter) unless they are all at
    most 1 with at least one strictly between 0 and 1. ``strict=False`` (a
    workbook the studio exported, whose weights are stored as they were) skips
    the sum rule, and a blank weight there leaves the criterion out of the
    weights (as the evaluation had it).
    """
    given = [s for s in specs if s.weight is not None]
    if not given:
        return None
    where = {"file": given[0].file, "sheet": given[0].sheet}
    for spec in specs:
        if spec.weight is None and (strict or spec.weight_cell is None):
            report.error(
                "weight_missing",
                f"criterion {spec.name!r} has no weight",
                expected="a weight for every criterion of the table (0 leaves it out)",
                found="an empty cell",
                field=spec.name,
                file=spec.file,
                sheet=spec.sheet,
                cell=spec.weight_cell,
                line=None if spec.weight_cell else spec.row,
            )
    weights = {s.name: float(s.weight) for s in given}  # type: ignore[arg-type]
    if any(w < 0 for w in weights.values()):
        return weights
    total = math.fsum(weights.values())
    if total == 0:
        report.error(
            "weights_all_zero",
            "all weights are zero: give at least one criterion a positive weight",
            expected="at least one positive weight",
            found="0 for every criterion",
            **where,
        )
        return weights
    shares = any(s.percent for s in given) or (
        all(w <= 1 for w in weights.values())
        and any(0 < w < 1 for w in weights.values())
    )
    if not strict:
        return weights
    if shares and abs(total - 1) > 0.005:
        shown = f"{total * 100:.4g} %"
        if normalise:
            report.warning(
                "weights_normalised",
                f"the weights summed to {shown}; they were divided by their sum "
                "to make 100 % as you asked",
                expected="100 %",
                found=shown,
                **where,
            )
            return {k: w / total for k, w in weights.items()}
        report.error(
            "weights_sum",
            f"the weights sum to {shown}, not 100 %; correct them, or choose to "
            "normalise them (divide each by their sum)",
            expected="weights summing to 100 %",
            found=shown,
            **where,
        )
    elif not shares and 90 <= total <= 110 and abs(total - 100) > 1e-9:
        report.warning(
            "weights_points",
            f"the weights sum to {total:g}: read as points (only their ratios "
            "matter), but they may be percentages that do not add up to 100",
            expected="points, or percentages summing to 100",
            found=f"{total:g}",
            **where,
        )
    return weights
