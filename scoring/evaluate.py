"""Score an :class:`~scoring.models.Evaluation` and explain the result.

The result carries the reasoning, not only the rank: the normalised matrix, each
criterion's contribution to each vendor's total, subtotals per CRM pillar, which
cells were unknown, the weights actually used, and the policies in force.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from scoring.models import Evaluation, Policies, RatingKind, Scale
from scoring.wsm import (
    competition_rank,
    normalize_minmax,
    normalize_scale,
    normalize_vector,
    weighted_sum,
)

__all__ = [
    "Result",
    "Status",
    "evaluate",
    "marks_as_ratings",
    "normalized_matrix",
    "rated_values",
    "scored_matrix",
    "unscored_blanks",
]

Status = Literal["ranked", "insufficient_data"]


class Result(BaseModel):
    """The outcome of scoring one evaluation.

    Attributes
    ----------
    scores
        One row per vendor, in the evaluation's vendor order, with the columns
        ``total`` (0–1, NaN for vendors not ranked), ``rank`` (competition rank, 0
        for vendors not ranked), ``status``, ``coverage`` (share of the weight on
        which the vendor has a rating or a mark), ``flagged`` (True when unknown
        cells touch the total) and ``unknown`` (ids of the weighted criteria with
        unknown ratings).
    contributions
        Vendors × criteria: weight × normalised score (after the policy for unknown
        cells). Rows sum to ``total``.
    pillars
        Vendors × pillars: contributions summed per CRM pillar.
    normalized
        Vendors × criteria: normalised scores 0–1 (N/A and P after their policy,
        NaN for unknown unless the ``"zero"`` policy rates it 0).
    weights
        Normalised weights used (sum 1), by criterion id.
    flat_criteria
        Criteria that do not discriminate under min–max normalisation.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    scores: pd.DataFrame
    contributions: pd.DataFrame
    pillars: pd.DataFrame
    normalized: pd.DataFrame
    weights: pd.Series
    policies: Policies
    scale: Scale
    flat_criteria: list[str]

    @property
    def ranked(self) -> pd.DataFrame:
        """Ranked vendors, best first; ties in vendor-name order."""
        table = self.scores[self.scores["status"] == "ranked"]
        return (
            table.assign(_name=table.index)
            .sort_values(["rank", "_name"])
            .drop(columns="_name")
        )

    @property
    def insufficient(self) -> list[str]:
        """Vendors listed apart for insufficient data."""
        return list(self.scores.index[self.scores["status"] == "insufficient_data"])

    @property
    def winners(self) -> list[str]:
        ranked = self.ranked
        return list(ranked.index[ranked["rank"] == 1])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: inputs, policies and per-vendor results."""
        vendors = []
        for name in list(self.ranked.index) + self.insufficient:
            row = self.scores.loc[name]
            total = row["total"]
            vendors.append(
                {
                    "vendor": name,
                    "rank": int(row["rank"]) or None,
                    "status": row["status"],
                    "total": None if pd.isna(total) else float(total),
                    "coverage": float(row["coverage"]),
                    "flagged": bool(row["flagged"]),
                    "unknown_criteria": list(row["unknown"]),
                    "contributions": {
                        k: float(v) for k, v in self.contributions.loc[name].items()
                    },
                    "pillars": {k: float(v) for k, v in self.pillars.loc[name].items()},
                }
            )
        return {
            "method": "weighted_sum",
            "policies": self.policies.model_dump(),
            "scale": self.scale.model_dump(),
            "weights": {k: float(v) for k, v in self.weights.items()},
            "non_discriminating_criteria": self.flat_criteria,
            "vendors": vendors,
            "insufficient_data": self.insufficient,
        }


def rated_values(evaluation: Evaluation) -> np.ndarray:
    """The ratings that are normalised with the numbers; NaN for the other cells.

    A number stays itself; an ``N/A`` cell is ``not_offered_rating`` when the policy
    sets one; a blank is 0 under ``unknown="zero"``. ``P`` cells, and ``N/A`` cells
    without a rating, stay NaN: they receive their policy score instead. This is the
    one place where marks and blanks become ratings.
    """
    ratings, policies = evaluation.ratings, evaluation.policies
    if policies.not_offered_rating is None and policies.unknown != "zero":
        return ratings.values  # nothing to fill in: the arrays are not modified
    values = ratings.values.copy()
    if policies.not_offered_rating is not None:
        values[ratings.kinds == RatingKind.NOT_OFFERED] = policies.not_offered_rating
    if policies.unknown == "zero":
        values[ratings.kinds == RatingKind.UNKNOWN] = 0.0
    return values


def unscored_blanks(evaluation: Evaluation) -> np.ndarray:
    """Unknown cells that carry no score: every blank, or none under ``"zero"``."""
    unknown = evaluation.ratings.kinds == RatingKind.UNKNOWN
    return unknown & (evaluation.policies.unknown != "zero")


def normalized_matrix(evaluation: Evaluation) -> tuple[np.ndarray, list[str]]:
    """Normalised scores 0–1 with the mark policies applied; NaN where unknown.

    Cells of :func:`rated_values` are normalised together, so an ``N/A`` counted as
    a rating and a blank counted as 0 (``unknown="zero"``) take part in the min–max
    range and in the vector norm, and are not NaN. Returns the matrix and the ids of
    criteria that do not discriminate (min–max normalisation only).
    """
    ratings, policies, scale = evaluation.ratings, evaluation.policies, evaluation.scale
    cost = evaluation.cost_mask

    # numbers (and marks or blanks counted as ratings) onto 0-1
    flat_ids: list[str] = []
    if policies.normalization == "scale":
        values = rated_values(evaluation)
        normalized = normalize_scale(values, scale.low, scale.high, cost)
    elif policies.normalization == "minmax":
        normalized, flat = normalize_minmax(rated_values(evaluation), cost)
        flat_ids = [c for c, f in zip(ratings.criteria, flat, strict=True) if f]
    else:
        # vector and none: marks become ratings first, then share the column's norm
        values = marks_as_ratings(evaluation)
        if policies.normalization == "vector":
            return normalize_vector(values, cost), flat_ids
        return np.where(cost, -values, values), flat_ids

    # the other marks by policy (normalized is a fresh array: fill it in place)
    if policies.not_offered_rating is None:
        normalized[ratings.kinds == RatingKind.NOT_OFFERED] = policies.not_offered_score
    normalized[ratings.kinds == RatingKind.PARTNER] = policies.partner_score
    return normalized, flat_ids


def scored_matrix(evaluation: Evaluation) -> tuple[np.ndarray, list[str]]:
    """The normalised matrix the weighted sum adds up: unscored blanks at 0.

    Shared by :func:`evaluate` and :func:`scoring.robustness.score_model`, so that
    the two agree whatever the policy for unknown cells.
    """
    normalized, flat_ids = normalized_matrix(evaluation)
    return np.where(unscored_blanks(evaluation), 0.0, normalized), flat_ids


def marks_as_ratings(evaluation: Evaluation) -> np.ndarray:
    """Ratings with each ``N/A`` and ``P`` cell replaced by an equivalent rating.

    An ``N/A`` cell is ``not_offered_rating`` when the policy sets one; otherwise
    the equivalent of a mark is the rating whose scale score equals the mark's
    policy score: ``low + s · (high − low)`` on a benefit criterion, ``high − s ·
    (high − low)`` on a cost criterion. Unknown cells stay NaN, or are 0 under
    ``unknown="zero"`` (see :func:`rated_values`).
    """
    ratings, policies, scale = evaluation.ratings, evaluation.policies, evaluation.scale
    cost = evaluation.cost_mask
    span = scale.high - scale.low
    values = rated_values(evaluation)
    for kind, score in (
        (RatingKind.NOT_OFFERED, policies.not_offered_score),
        (RatingKind.PARTNER, policies.partner_score),
    ):
        if kind is RatingKind.NOT_OFFERED and policies.not_offered_rating is not None:
            continue
        equivalent = np.where(cost, scale.high - score * span, scale.low + score * span)
        values = np.where(ratings.kinds == kind, equivalent, values)
    return values


def _unknown_lists(mask: np.ndarray, ids: list[str]) -> list[list[str]]:
    """Per row, the ids where ``mask`` is set (cheap when few rows have any)."""
    lists: list[list[str]] = [[] for _ in range(mask.shape[0])]
    rows, cols = np.nonzero(mask)
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        lists[row].append(ids[col])
    return lists


def evaluate(evaluation: Evaluation) -> Result:
    """Weighted-sum scores, ranks and contributions of every vendor.

    Notes
    -----
    Unknown cells on criteria of zero weight are ignored. A vendor with no rating or
    mark on any weighted criterion is listed apart as having insufficient data, and
    so is every vendor with an unknown weighted cell under the ``"exclude"`` policy.
    Under ``"zero"`` a blank counts as the rating 0 in the normalisation, the blanks
    of a vendor listed apart included (they widen a min–max range like any other
    rating), while coverage, the flag and the list of unknown criteria still
    describe what nobody rated. Ties are decided on totals rounded to nine decimals.
    """
    ids = evaluation.criterion_ids
    vendors = [v.name for v in evaluation.vendors]
    weights = evaluation.weights.vector(ids)
    scored, flat_ids = scored_matrix(evaluation)

    # where unknown cells meet weight
    unknown = evaluation.ratings.kinds == RatingKind.UNKNOWN
    weighted = weights > 0
    unknown_weighted = unknown & weighted
    known_weight = np.where(unknown, 0.0, weights).sum(axis=1)
    coverage = known_weight / weights.sum()

    # who is ranked
    insufficient = coverage <= 0
    if evaluation.policies.unknown == "exclude":
        insufficient |= unknown_weighted.any(axis=1)

    # contributions, with unknown contributing nothing (or 0 rated, under "zero") or
    # rescaled over what is known
    contributions = scored * weights
    totals = weighted_sum(scored, weights)
    if evaluation.policies.unknown == "rescale":
        # divide, not multiply by 1/coverage: a tiny coverage must not overflow
        rated = (coverage > 0)[:, None]
        contributions = np.divide(
            contributions,
            coverage[:, None],
            out=np.zeros_like(contributions),
            where=rated,
        )
        totals = contributions.sum(axis=1)
    contributions[insufficient] = np.nan
    totals = np.where(insufficient, np.nan, totals)
    ranks = competition_rank(totals)

    # pillar subtotals
    pillar_of = [evaluation.criterion(c).pillar or "—" for c in ids]
    contrib_frame = pd.DataFrame(contributions, index=vendors, columns=ids)
    pillars = contrib_frame.T.groupby(pillar_of, sort=False).sum(min_count=1).T

    scores = pd.DataFrame(
        {
            "total": totals,
            "rank": ranks,
            "status": np.where(insufficient, "insufficient_data", "ranked"),
            "coverage": coverage,
            "flagged": unknown_weighted.any(axis=1) & ~insufficient,
            "unknown": _unknown_lists(unknown_weighted, ids),
        },
        index=pd.Index(vendors, name="vendor"),
    )
    return Result(
        scores=scores,
        contributions=contrib_frame,
        pillars=pillars,
        normalized=pd.DataFrame(
            np.where(unscored_blanks(evaluation), np.nan, scored),
            index=vendors,
            columns=ids,
        ),
        weights=pd.Series(weights, index=ids, name="weight"),
        policies=evaluation.policies,
        scale=evaluation.scale,
        flat_criteria=flat_ids,
    )
