"""The adoption-readiness questionnaire in ``data/``: items, scales, dimensions, rules.

``readiness_items.csv`` holds one question a row, ``readiness.toml`` the answer
scales, the dimensions with their weights, targets and actions, the verdict rule, the
MIC ITIS survey and the industry adoption curve, and ``readiness_actions.csv`` the
actions for single items. Each is validated on load; a problem is raised as
:class:`~scoring.errors.InputError` naming the file, the line and the field.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scoring.builtin import DATA_DIR, _rows
from scoring.errors import InputError

__all__ = [
    "Dimension",
    "Industry",
    "Item",
    "Phase",
    "Questionnaire",
    "Rules",
    "Scale",
    "ScalePoint",
    "Stage",
    "load_questionnaire",
]

Section = Literal["ksf", "check", "obstacle", "goal", "reason", "need"]

#: The goal items that place a questionnaire on the survey's stages (see stage_of).
STAGE_ITEMS = ("goal_strategy", "goal_blueprint", "goal_pilot")


class _Bilingual(BaseModel):
    model_config = ConfigDict(frozen=True)

    en: str
    zh: str

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class ScalePoint(_Bilingual):
    """One labelled point of an answer scale."""

    value: int = Field(ge=0)


class Scale(BaseModel):
    """An answer scale: integer points from 0 to ``top``, each with a label.

    ``reverse`` marks a scale on which a high answer is a bad sign (an obstacle's
    severity); the item's score is then turned around.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    reverse: bool = False
    points: tuple[ScalePoint, ...]

    @field_validator("points")
    @classmethod
    def _consecutive(cls, points: tuple[ScalePoint, ...]) -> tuple[ScalePoint, ...]:
        values = [p.value for p in points]
        if len(values) < 2 or values != list(range(len(values))):
            raise ValueError(f"points must be 0, 1, 2, … in order; found {values}")
        return points

    @property
    def top(self) -> int:
        return self.points[-1].value

    def label(self, value: int, lang: str) -> str:
        return self.points[value].label(lang)


class Dimension(_Bilingual):
    """A group of items scored together; ``scored`` is False for the priorities."""

    id: str
    scored: bool = True
    weight: float = Field(ge=0)
    target: float = Field(ge=0, le=100)
    description_en: str = ""
    description_zh: str = ""
    action_en: str
    action_zh: str

    def description(self, lang: str) -> str:
        return self.description_zh if lang == "zh" else self.description_en

    def action(self, lang: str) -> str:
        return self.action_zh if lang == "zh" else self.action_en


class Item(BaseModel):
    """One question of the questionnaire."""

    model_config = ConfigDict(frozen=True)

    id: str
    section: Section
    dimension: str
    scale: str
    weight: float = Field(gt=0)
    blocker: bool = False
    links: str = ""
    label_zh: str
    label_en: str
    help_zh: str
    help_en: str

    @field_validator("blocker", mode="before")
    @classmethod
    def _yes_no(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip().lower()
            if text not in ("yes", "no", ""):
                raise ValueError(f"blocker must be yes or no; found {value!r}")
            return text == "yes"
        return value

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def help(self, lang: str) -> str:
        return self.help_zh if lang == "zh" else self.help_en

    def link_shares(self) -> dict[str, float]:
        """``links`` as a mapping: ``"MA:1 AN:1"`` → {MA: 1, AN: 1}; a bare id → 1."""
        shares: dict[str, float] = {}
        for token in self.links.split():
            name, _, share = token.partition(":")
            shares[name] = float(share) if share else 1.0
        return shares


class Rules(BaseModel):
    model_config = ConfigDict(frozen=True)

    blocker_at_or_below: float = Field(ge=0, le=1)
    ready_from: float
    conditions_from: float
    ready_min_dimension: float
    top_gaps: int = Field(ge=1)
    top_risks: int = Field(ge=1)
    risk_from: int = Field(ge=0)


class Stage(_Bilingual):
    id: str
    share: float = Field(ge=0, le=100)


class Phase(_Bilingual):
    id: str
    start: float = Field(ge=0, le=1)


class Industry(_Bilingual):
    id: str
    position: float = Field(ge=0, le=1)


class Survey(BaseModel):
    model_config = ConfigDict(frozen=True)

    source_en: str
    source_zh: str
    respondents: int
    stages: tuple[Stage, ...]

    def source(self, lang: str) -> str:
        return self.source_zh if lang == "zh" else self.source_en


class Curve(BaseModel):
    model_config = ConfigDict(frozen=True)

    source_en: str
    source_zh: str
    phases: tuple[Phase, ...]
    industries: tuple[Industry, ...]

    def source(self, lang: str) -> str:
        return self.source_zh if lang == "zh" else self.source_en

    def phase_of(self, position: float) -> Phase:
        """The phase in which a position 0–1 on the curve lies."""
        return [p for p in self.phases if p.start <= position][-1]


class Questionnaire(BaseModel):
    """Everything the readiness scoring reads from ``data/``."""

    model_config = ConfigDict(frozen=True)

    items: tuple[Item, ...]
    scales: dict[str, Scale]
    dimensions: tuple[Dimension, ...]
    rules: Rules
    survey: Survey
    curve: Curve
    actions: dict[str, dict[str, str]]
    text: dict[str, dict[str, str]]

    def item(self, item_id: str) -> Item:
        return self._items[item_id]

    def dimension(self, dimension_id: str) -> Dimension:
        return {d.id: d for d in self.dimensions}[dimension_id]

    def scale_of(self, item_id: str) -> Scale:
        return self.scales[self.item(item_id).scale]

    @property
    def _items(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @property
    def scored_dimensions(self) -> tuple[Dimension, ...]:
        return tuple(d for d in self.dimensions if d.scored)

    def items_of(self, dimension_id: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.dimension == dimension_id)

    def item_action(self, item_id: str, lang: str) -> str | None:
        row = self.actions.get(item_id)
        return None if row is None else row[lang]

    def say(self, key: str, lang: str, **values: object) -> str:
        """A sentence of the ``[text]`` table of ``readiness.toml``, filled in."""
        return self.text[key][lang].format(**values)


def _validate(model: type[BaseModel], data: dict, file: str, where: str) -> BaseModel:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"]) or None
        raise InputError(
            error["msg"],
            file=file,
            field=f"{where}.{field}" if field else where,
            found=str(error.get("input", ""))[:80],
        ) from None


def _csv_items(path: Path) -> list[Item]:
    # text is kept as written (no NFKC: Chinese punctuation stays full width)
    _, rows = _rows(path)
    items = []
    for number, row in rows:
        data = {k: v.strip() for k, v in row.items() if v.strip()}
        try:
            items.append(Item.model_validate(data))
        except ValidationError as exc:
            error = exc.errors()[0]
            raise InputError(
                error["msg"],
                file=path.name,
                line=number,
                field=".".join(str(p) for p in error["loc"]) or None,
                found=str(error.get("input", ""))[:80],
            ) from None
    return items


def _check(q: Questionnaire, file: str) -> None:
    """Cross-references: every item's dimension and scale exist, ids are unique."""
    seen: set[str] = set()
    dimensions = {d.id for d in q.dimensions}
    for item in q.items:
        if item.id in seen:
            raise InputError(f"duplicate item id {item.id!r}", file=file, field="id")
        seen.add(item.id)
        for field, value, known in (
            ("dimension", item.dimension, dimensions),
            ("scale", item.scale, set(q.scales)),
        ):
            if value not in known:
                raise InputError(
                    f"item {item.id!r} names an unknown {field}",
                    file=file,
                    field=field,
                    expected="one of: " + ", ".join(sorted(known)),
                    found=value,
                )
    for item_id in [*STAGE_ITEMS, *q.actions]:
        if item_id not in seen:
            raise InputError(
                f"item {item_id!r} is referred to but not in the questionnaire",
                file=file,
                field="id",
            )


@cache
def load_questionnaire(data_dir: Path = DATA_DIR) -> Questionnaire:
    """The questionnaire, its scales, dimensions and reference data, validated."""
    path = data_dir / "readiness.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(exc), file=path.name) from None
    scales = {
        key: _validate(Scale, {"id": key} | value, path.name, f"scales.{key}")
        for key, value in raw["scales"].items()
    }
    _, action_rows = _rows(data_dir / "readiness_actions.csv")
    actions = {
        row["item"].strip(): {"en": row["action_en"], "zh": row["action_zh"]}
        for _, row in action_rows
    }
    q = _validate(
        Questionnaire,
        {
            "items": _csv_items(data_dir / "readiness_items.csv"),
            "scales": scales,
            "dimensions": raw["dimensions"],
            "rules": raw["rules"],
            "survey": raw["survey"],
            "curve": raw["curve"],
            "actions": actions,
            "text": raw["text"],
        },
        path.name,
        "readiness",
    )
    _check(q, "readiness_items.csv")
    return q
