"""Pydantic models of an evaluation: criteria, vendors, ratings, weights, policies.

The vocabulary is the decision-matrix one used throughout the project: vendors are
the *alternatives* (rows), evaluation items are the *criteria* (columns), each with a
*weight* and a *direction* (benefit: higher is better; cost: lower is better).

A rating cell is in one of four states that are never collapsed into each other:

``value``
    a number on the evaluation's declared scale;
``not_offered``
    ``N/A``: the vendor does not offer the function;
``partner``
    ``P``: the function is delivered through partners, not by the vendor itself;
``unknown``
    blank: nobody knows. Unknown is never silently scored as zero; the policy
    ``unknown="zero"`` does so openly and still flags the vendor.
"""

from __future__ import annotations

import math
import re
import unicodedata
from enum import IntEnum, StrEnum
from typing import Annotated, Any, Literal, Self

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from scoring.errors import InputError

__all__ = [
    "NOT_OFFERED_TOKENS",
    "PARTNER_TOKENS",
    "Criterion",
    "Direction",
    "Evaluation",
    "Policies",
    "Rating",
    "RatingKind",
    "RatingMatrix",
    "Scale",
    "Vendor",
    "Weights",
    "parse_rating",
]


class Direction(StrEnum):
    """Whether a higher rating is better (benefit) or worse (cost)."""

    BENEFIT = "benefit"
    COST = "cost"


class RatingKind(IntEnum):
    """The four states of a rating cell, stored as small integer codes."""

    VALUE = 0
    NOT_OFFERED = 1
    PARTNER = 2
    UNKNOWN = 3


#: Text read as *not offered* in a rating cell (compared after case folding).
NOT_OFFERED_TOKENS = frozenset({"n/a", "na", "n.a.", "-", "—", "–", "not offered"})
#: Text read as *through partners* in a rating cell.
PARTNER_TOKENS = frozenset({"p", "partner", "partners"})

_MARK = {
    RatingKind.NOT_OFFERED: "N/A",
    RatingKind.PARTNER: "P",
    RatingKind.UNKNOWN: "",
}


class Rating(BaseModel):
    """One rating cell: a value on the scale, or one of the three marks."""

    model_config = ConfigDict(frozen=True)

    kind: RatingKind
    value: float | None = None

    @model_validator(mode="after")
    def _value_matches_kind(self) -> Self:
        if self.kind is RatingKind.VALUE:
            if self.value is None or not math.isfinite(self.value):
                raise ValueError("a rating of kind 'value' needs a finite number")
        elif self.value is not None:
            raise ValueError(f"a rating of kind '{self.kind.name}' carries no number")
        return self

    @property
    def mark(self) -> str:
        """The cell as a person writes it: ``7``, ``2.5``, ``N/A``, ``P`` or ``""``."""
        if self.kind is RatingKind.VALUE:
            assert self.value is not None
            return f"{self.value:g}"
        return _MARK[self.kind]


_SPACE_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def clean_text(text: str) -> str:
    """Normalise a label or token: NFKC (full-width to ASCII), trim, one space."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACE_RE.sub(" ", text).strip()


def parse_rating(token: object) -> Rating:
    """Read one rating cell from text or a number.

    Raises
    ------
    ValueError
        When the token is neither a number nor one of the known marks; the message
        lists what is accepted.
    """
    if token is None:
        return Rating(kind=RatingKind.UNKNOWN)
    if isinstance(token, bool):
        raise ValueError(f"expected a rating, N/A, P or blank; found {token!r}")
    if isinstance(token, int | float | np.integer | np.floating):
        number = float(token)
        if math.isnan(number):
            return Rating(kind=RatingKind.UNKNOWN)
        if not math.isfinite(number):
            raise ValueError(f"expected a finite rating; found {token!r}")
        return Rating(kind=RatingKind.VALUE, value=number)
    text = clean_text(str(token))
    if text == "":
        return Rating(kind=RatingKind.UNKNOWN)
    folded = text.casefold()
    if folded in NOT_OFFERED_TOKENS:
        return Rating(kind=RatingKind.NOT_OFFERED)
    if folded in PARTNER_TOKENS:
        return Rating(kind=RatingKind.PARTNER)
    try:
        number = float(text)
    except ValueError:
        raise ValueError(
            f"expected a number, N/A, P or blank; found {text!r}"
        ) from None
    if not math.isfinite(number):
        raise ValueError(f"expected a finite rating; found {text!r}")
    return Rating(kind=RatingKind.VALUE, value=number)


class Scale(BaseModel):
    """The declared rating scale, for instance 1 (least) to 10 (most)."""

    model_config = ConfigDict(frozen=True)

    low: float = 1.0
    high: float = 10.0

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise ValueError("the scale's ends must be finite numbers")
        if self.high <= self.low:
            raise ValueError(
                f"the scale's high end ({self.high:g}) must exceed its low end "
                f"({self.low:g})"
            )
        return self

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def __str__(self) -> str:
        return f"{self.low:g}–{self.high:g}"


NonEmpty = Annotated[str, Field(min_length=1)]


class Criterion(BaseModel):
    """A criterion (a column of the decision matrix) with labels in both languages."""

    model_config = ConfigDict(frozen=True)

    id: NonEmpty
    label_en: NonEmpty
    label_zh: NonEmpty
    description_en: str = ""
    description_zh: str = ""
    direction: Direction = Direction.BENEFIT
    pillar: str | None = None
    parent: str | None = None

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``"en"`` or ``"zh"``)."""
        return self.label_zh if lang == "zh" else self.label_en

    def description(self, lang: str) -> str:
        return self.description_zh if lang == "zh" else self.description_en


class Vendor(BaseModel):
    """A vendor (an alternative, a row of the decision matrix)."""

    model_config = ConfigDict(frozen=True)

    name: NonEmpty
    b2b: bool = False


class RatingMatrix(BaseModel):
    """The vendors × criteria ratings as two aligned arrays.

    ``kinds`` holds a :class:`RatingKind` code per cell; ``values`` holds the number
    where the kind is ``VALUE`` and NaN everywhere else. Arrays keep large matrices
    (100,000 × 50) cheap; :meth:`cell` and :meth:`from_cells` give the per-cell view.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    vendors: list[str]
    criteria: list[str]
    kinds: np.ndarray
    values: np.ndarray

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        shape = (len(self.vendors), len(self.criteria))
        for name in ("kinds", "values"):
            array = getattr(self, name)
            if array.shape != shape:
                raise ValueError(f"{name} has shape {array.shape}, expected {shape}")
        is_value = self.kinds == RatingKind.VALUE
        if not np.all(np.isfinite(self.values[is_value])):
            raise ValueError("every cell of kind 'value' needs a finite number")
        if np.any(~np.isnan(self.values[~is_value])):
            raise ValueError("cells that are marks must hold NaN in 'values'")
        _unique("vendor", self.vendors)
        _unique("criterion", self.criteria)
        return self

    @classmethod
    def from_cells(
        cls, vendors: list[str], criteria: list[str], cells: list[list[Rating]]
    ) -> RatingMatrix:
        kinds = np.array(
            [[c.kind for c in row] for row in cells], dtype=np.int8
        ).reshape(len(vendors), len(criteria))
        values = np.array(
            [[np.nan if c.value is None else c.value for c in row] for row in cells],
            dtype=float,
        ).reshape(len(vendors), len(criteria))
        return cls(vendors=vendors, criteria=criteria, kinds=kinds, values=values)

    @classmethod
    def from_numbers(
        cls, vendors: list[str], criteria: list[str], values: np.ndarray
    ) -> RatingMatrix:
        """A matrix of plain numbers; NaN cells become *unknown*."""
        values = np.asarray(values, dtype=float)
        kinds = np.where(np.isnan(values), RatingKind.UNKNOWN, RatingKind.VALUE)
        return cls(
            vendors=list(vendors),
            criteria=list(criteria),
            kinds=kinds.astype(np.int8),
            values=values,
        )

    def cell(self, vendor: str, criterion: str) -> Rating:
        i, j = self.vendors.index(vendor), self.criteria.index(criterion)
        kind = RatingKind(int(self.kinds[i, j]))
        value = float(self.values[i, j]) if kind is RatingKind.VALUE else None
        return Rating(kind=kind, value=value)

    def marks(self) -> list[list[str]]:
        """Every cell as text, as it would be written in a spreadsheet."""
        is_value = self.kinds == RatingKind.VALUE
        text = np.full(self.kinds.shape, "", dtype=object)
        text[self.kinds == RatingKind.NOT_OFFERED] = _MARK[RatingKind.NOT_OFFERED]
        text[self.kinds == RatingKind.PARTNER] = _MARK[RatingKind.PARTNER]
        if is_value.any():
            text[is_value] = np.char.mod("%g", self.values[is_value])
        return text.tolist()

    def with_value(self, vendor: str, criterion: str, rating: Rating) -> RatingMatrix:
        """A copy with one cell replaced."""
        i, j = self.vendors.index(vendor), self.criteria.index(criterion)
        kinds, values = self.kinds.copy(), self.values.copy()
        kinds[i, j] = rating.kind
        values[i, j] = np.nan if rating.value is None else rating.value
        return self.model_copy(update={"kinds": kinds, "values": values})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RatingMatrix):
            return NotImplemented
        return (
            self.vendors == other.vendors
            and self.criteria == other.criteria
            and np.array_equal(self.kinds, other.kinds)
            and np.array_equal(self.values, other.values, equal_nan=True)
        )

    __hash__ = None  # type: ignore[assignment]


def _unique(what: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"duplicate {what} {name!r}")
        seen.add(name)


class Weights(BaseModel):
    """Non-negative weights by criterion id; shown normalised to 100 %.

    Any non-negative numbers are accepted (points, percentages, fractions); only their
    ratios matter. Negative, non-finite and all-zero weights are refused with a
    message naming the criterion.
    """

    model_config = ConfigDict(frozen=True)

    values: dict[str, float]

    @field_validator("values")
    @classmethod
    def _valid(cls, values: dict[str, float]) -> dict[str, float]:
        if not values:
            raise ValueError("no weights given")
        for name, weight in values.items():
            if not math.isfinite(weight):
                raise ValueError(
                    f"weight of criterion {name!r} must be a finite number; "
                    f"found {weight!r}"
                )
            if weight < 0:
                raise ValueError(
                    f"weight of criterion {name!r} must not be negative; "
                    f"found {weight:g}"
                )
        if all(weight == 0 for weight in values.values()):
            raise ValueError(
                "all weights are zero: give at least one criterion a positive weight"
            )
        return values

    @classmethod
    def equal(cls, criteria: list[str]) -> Weights:
        return cls(values=dict.fromkeys(criteria, 1.0))

    def vector(self, criteria: list[str]) -> np.ndarray:
        """Weights aligned with ``criteria``, normalised to sum to 1.

        Criteria without a weight get 0; a weight for a criterion not in the list is
        an error naming it.
        """
        unknown = sorted(set(self.values) - set(criteria))
        if unknown:
            raise InputError(
                f"weight given for unknown criterion {unknown[0]!r}",
                field="weights",
                expected="one of: " + ", ".join(criteria),
                found=unknown[0],
            )
        raw = np.array([self.values.get(c, 0.0) for c in criteria], dtype=float)
        # every weight belongs to a criterion here and one is positive; dividing by
        # the largest first keeps the sum finite for weights near the float maximum
        raw = raw / raw.max()
        return raw / raw.sum()

    def percent(self, criteria: list[str]) -> dict[str, float]:
        return dict(zip(criteria, 100.0 * self.vector(criteria), strict=True))


class Policies(BaseModel):
    """How marks and unknowns are scored, recorded with every result.

    Attributes
    ----------
    normalization
        ``"scale"`` maps the declared scale onto 0–1 (``(x - low) / (high - low)``;
        for a cost criterion ``(high - x) / (high - low)``). ``"minmax"`` maps each
        criterion's observed range onto 0–1; a criterion whose ratings are all equal
        gives every vendor 0 and is reported as not discriminating. ``"vector"``
        divides each criterion by the Euclidean norm of its ratings (benefit
        ``x / ‖x‖``, cost ``1 − x / ‖x‖``; a zero norm gives 0). ``"none"`` uses the
        ratings as they are (cost ratings count negatively, ``−x``), so totals are
        in rating units. Under ``"vector"`` and ``"none"`` an ``N/A`` or ``P`` cell
        first becomes the rating whose scale score equals its policy score, and
        then is normalised with the numbers.
    not_offered_score
        Normalised score (0–1) of an ``N/A`` cell. Default 0: a function that is not
        offered earns nothing.
    not_offered_rating
        ``None`` (default): an ``N/A`` cell receives ``not_offered_score``. A number:
        an ``N/A`` cell counts as that rating and is normalised with the numbers of
        its criterion, so under ``"minmax"`` it takes part in the observed range
        (``0`` on a criterion rated 2–5 makes 0 the low end, and a vendor rated 2
        then scores above the vendors that do not offer the function). The rating
        need not lie on the declared scale: under ``"scale"`` a rating below the
        scale's low end normalises below 0 (0 on the 1–10 scale gives −1/9 on a
        benefit criterion), and on a cost criterion it normalises above 1.
    partner_score
        Normalised score (0–1) of a ``P`` cell. Default 0.25: the function can be had,
        but the vendor neither sells nor supports it, so it is credited like a weak
        rating (0.25 on a 1–10 scale is a rating of 3.25, below the median rating of
        the seed matrices).
    unknown
        ``"flag"``: an unknown cell contributes nothing and the vendor is flagged,
        its total being a lower bound. ``"rescale"``: the vendor's total is computed
        over the criteria it was rated on (weights renormalised) and flagged.
        ``"exclude"``: a vendor with an unknown rating on a weighted criterion is
        listed apart as having insufficient data. ``"zero"``: an unknown cell counts
        as the rating 0 and is normalised with the numbers of its criterion (under
        ``"minmax"`` it takes part in the observed range; under ``"scale"`` 0 below
        the scale's low end normalises below 0, or above 1 on a cost criterion);
        the vendor is still flagged and its coverage still counts only the cells
        with a rating or a mark. In every policy a vendor with no rating at all on
        the weighted criteria is listed apart, not ranked.
    """

    model_config = ConfigDict(frozen=True)

    normalization: Literal["scale", "minmax", "vector", "none"] = "scale"
    not_offered_score: float = Field(default=0.0, ge=0.0, le=1.0)
    partner_score: float = Field(default=0.25, ge=0.0, le=1.0)
    unknown: Literal["flag", "rescale", "exclude", "zero"] = "flag"
    not_offered_rating: float | None = Field(default=None, allow_inf_nan=False)


class Evaluation(BaseModel):
    """Everything that produces a ranking: criteria, vendors, ratings, weights."""

    model_config = ConfigDict(frozen=True)

    name: str = "evaluation"
    criteria: list[Criterion]
    vendors: list[Vendor]
    ratings: RatingMatrix
    weights: Weights
    policies: Policies = Policies()
    scale: Scale = Scale()
    source: str = ""

    _by_id: dict[str, Criterion] = PrivateAttr(default_factory=dict)
    # a tuple, not an array: pydantic compares private attributes for equality
    _cost: tuple[bool, ...] = PrivateAttr(default_factory=tuple)

    @model_validator(mode="after")
    def _aligned(self) -> Self:
        ids = [c.id for c in self.criteria]
        names = [v.name for v in self.vendors]
        if self.ratings.criteria != ids:
            raise ValueError("the ratings' criteria differ from the criteria list")
        if self.ratings.vendors != names:
            raise ValueError("the ratings' vendors differ from the vendor list")
        # Raises with the criterion named when a weight does not belong here.
        self.weights.vector(ids)
        values = self.ratings.values
        kinds = self.ratings.kinds
        outside = (kinds == RatingKind.VALUE) & (
            (values < self.scale.low) | (values > self.scale.high)
        )
        if outside.any():
            i, j = (int(k[0]) for k in np.nonzero(outside))
            raise ValueError(
                f"rating of {names[i]!r} on {ids[j]!r} is {values[i, j]:g}, "
                f"outside the scale {self.scale}"
            )
        self._by_id = {c.id: c for c in self.criteria}
        self._cost = tuple(c.direction == Direction.COST for c in self.criteria)
        return self

    @property
    def cost_mask(self) -> np.ndarray:
        """True for each cost criterion (lower is better), in criteria order."""
        return np.array(self._cost, dtype=bool)

    @property
    def criterion_ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def criterion(self, criterion_id: str) -> Criterion:
        return self._by_id[criterion_id]

    def with_weights(self, weights: Weights | dict[str, float]) -> Evaluation:
        """A copy with other weights, validated against this evaluation."""
        if isinstance(weights, dict):
            weights = Weights(values=weights)
        return self._replace(weights=weights)

    def with_policies(self, policies: Policies) -> Evaluation:
        return self._replace(policies=policies)

    def _replace(self, **changes: Any) -> Evaluation:
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self)(**(fields | changes))
