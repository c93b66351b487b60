"""The built-in data in ``data/``: criteria, pillars, functional areas, the 2001 market.

Each file is plain CSV or TOML that a consultant can open and edit. Every row is
validated with pydantic on load; a problem is raised as :class:`InputError` naming
the file, the line and the field.
"""

from __future__ import annotations

import csv
import tomllib
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from scoring.errors import InputError
from scoring.models import (
    Criterion,
    Evaluation,
    Rating,
    RatingMatrix,
    Scale,
    Vendor,
    Weights,
    clean_text,
    parse_rating,
)

__all__ = [
    "DATA_DIR",
    "Market",
    "Pillar",
    "load_areas",
    "load_criteria",
    "load_market",
    "load_pillars",
    "market_info",
    "segments",
]

M = TypeVar("M", bound=BaseModel)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class Pillar(BaseModel):
    """A pillar of CRM (CRM = MA + SA + CS, plus analytics)."""

    model_config = ConfigDict(frozen=True)

    id: str
    label_en: str
    label_zh: str
    description_en: str = ""
    description_zh: str = ""

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def description(self, lang: str) -> str:
        return self.description_zh if lang == "zh" else self.description_en


class Segment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    label_en: str
    label_zh: str
    file: str

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


class Market(BaseModel):
    """The built-in market's metadata: segments, legend and source."""

    model_config = ConfigDict(frozen=True)

    segments: list[Segment]
    scale: Scale
    legend: dict[str, dict[str, str]]
    source: dict[str, str]

    def segment(self, segment_id: str) -> Segment:
        for segment in self.segments:
            if segment.id == segment_id:
                return segment
        raise InputError(
            f"unknown segment {segment_id!r}",
            field="segment",
            expected="one of: " + ", ".join(s.id for s in self.segments),
            found=segment_id,
        )


def _rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and data rows of a CSV with ``#`` comment lines, with line numbers."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 at byte {exc.start}", file=str(path), expected="UTF-8"
        ) from None
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([line]))
        if header is None:
            header = [clean_text(c) for c in cells]
            continue
        if len(cells) != len(header):
            raise InputError(
                "wrong number of cells",
                file=path.name,
                line=number,
                expected=f"{len(header)} cells as in the header",
                found=f"{len(cells)} cells",
            )
        rows.append((number, dict(zip(header, cells, strict=True))))
    if header is None:
        raise InputError("no header row", file=path.name)
    return header, rows


def _validated(model: type[M], path: Path) -> list[M]:
    _, rows = _rows(path)
    items = []
    for number, row in rows:
        data = {k: (clean_text(v) or None) for k, v in row.items()}
        data = {k: v for k, v in data.items() if v is not None}
        try:
            items.append(model.model_validate(data))
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"]) or None
            raise InputError(
                error["msg"],
                file=path.name,
                line=number,
                field=field,
                found=str(error.get("input", "")),
            ) from None
    return items


def _check_unique(items: list, path: Path) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise InputError(f"duplicate id {item.id!r}", file=path.name, field="id")
        seen.add(item.id)


@cache
def load_criteria(data_dir: Path = DATA_DIR) -> tuple[Criterion, ...]:
    """The six vendor-evaluation criteria and their sub-criteria."""
    path = data_dir / "criteria.csv"
    items = _validated(Criterion, path)
    _check_unique(items, path)
    ids = {c.id for c in items}
    for item in items:
        if item.parent is not None and item.parent not in ids:
            raise InputError(
                f"parent {item.parent!r} of {item.id!r} is not a criterion",
                file=path.name,
                field="parent",
                found=item.parent,
            )
    return tuple(items)


@cache
def load_pillars(data_dir: Path = DATA_DIR) -> tuple[Pillar, ...]:
    path = data_dir / "pillars.csv"
    items = _validated(Pillar, path)
    _check_unique(items, path)
    return tuple(items)


@cache
def load_areas(data_dir: Path = DATA_DIR) -> tuple[Criterion, ...]:
    """The functional areas of the capability matrices, with their pillar."""
    path = data_dir / "areas.csv"
    items = _validated(Criterion, path)
    _check_unique(items, path)
    pillars = {p.id for p in load_pillars(data_dir)}
    for item in items:
        if item.pillar not in pillars:
            raise InputError(
                f"pillar of area {item.id!r} is not a known pillar",
                file=path.name,
                field="pillar",
                expected="one of: " + ", ".join(sorted(pillars)),
                found=str(item.pillar),
            )
    return tuple(items)


@cache
def market_info(data_dir: Path = DATA_DIR) -> Market:
    path = data_dir / "markets.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(exc), file=path.name) from None
    legend = raw["legend"]
    try:
        return Market(
            segments=[Segment.model_validate(s) for s in raw["segment"]],
            scale=Scale(low=legend["scale_low"], high=legend["scale_high"]),
            legend={
                key: {"en": legend[f"{key}_en"], "zh": legend[f"{key}_zh"]}
                for key in ("rating", "not_offered", "partner", "b2b", "unknown")
            },
            source=raw["source"],
        )
    except (KeyError, ValidationError) as exc:
        raise InputError(
            f"incomplete market description: {exc}", file=path.name
        ) from None


def segments(data_dir: Path = DATA_DIR) -> list[str]:
    return [s.id for s in market_info(data_dir).segments]


@cache
def load_market(segment: str = "large", data_dir: Path = DATA_DIR) -> Evaluation:
    """The capability matrix of one segment as an evaluation with equal weights."""
    market = market_info(data_dir)
    path = data_dir / market.segment(segment).file
    header, rows = _rows(path)
    if header[:2] != ["vendor", "marks"]:
        raise InputError(
            "unexpected first columns",
            file=path.name,
            expected="vendor, marks",
            found=", ".join(header[:2]),
        )
    areas = {a.id: a for a in load_areas(data_dir)}
    criteria = []
    for column in header[2:]:
        if column not in areas:
            raise InputError(
                f"column {column!r} is not a functional area of areas.csv",
                file=path.name,
                line=1,
                field=column,
            )
        criteria.append(areas[column])

    vendors, cells = [], []
    for number, row in rows:
        name = clean_text(row["vendor"])
        if not name:
            raise InputError("vendor name is empty", file=path.name, line=number)
        vendors.append(Vendor(name=name, b2b="*" in row["marks"]))
        line_cells: list[Rating] = []
        for criterion in criteria:
            token = row[criterion.id]
            try:
                rating = parse_rating(token)
            except ValueError as exc:
                raise InputError(
                    str(exc), file=path.name, line=number, field=criterion.id
                ) from None
            if rating.value is not None and not market.scale.contains(rating.value):
                raise InputError(
                    "rating outside the scale",
                    file=path.name,
                    line=number,
                    field=criterion.id,
                    expected=f"a number in {market.scale}, N/A, P or blank",
                    found=token,
                )
            line_cells.append(rating)
        cells.append(line_cells)

    ids = [c.id for c in criteria]
    return Evaluation(
        name=segment,
        criteria=criteria,
        vendors=vendors,
        ratings=RatingMatrix.from_cells([v.name for v in vendors], ids, cells),
        weights=Weights.equal(ids),
        scale=market.scale,
        source=market.source["en"],
    )
