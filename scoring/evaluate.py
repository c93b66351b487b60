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

from scoring.models import Direction, Evaluation, Policies, RatingKind, Scale
from scoring.wsm import (
    competition_rank,
    normalize_minmax,
    normalize_scale,
    normalize_vector,
    weighted_sum,
)

__all__ = ["Result", "Status", "evaluate", "marks_as_ratings", "normalized_matrix"]

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
        NaN for unknown).
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


def normalized_matrix(evaluation: Evaluation) -> tuple[np.ndarray, list[str]]:
    """Normalised scores 0–1 with the mark policies applied; NaN where unknown.

    Returns the matrix and the ids of criteria that do not discriminate (min–max
    normalisation only).
    """
    ratings, policies, scale = evaluation.ratings, evaluation.policies, evaluation.scale
    cost = np.array([c.direction == Direction.COST for c in evaluation.criteria])

    # numbers onto 0-1
    flat_ids: list[str] = []
    if policies.normalization == "scale":
        normalized = normalize_scale(ratings.values, scale.low, scale.high, cost)
    elif policies.normalization == "minmax":
        normalized, flat = normalize_minmax(ratings.values, cost)
        flat_ids = [c for c, f in zip(ratings.criteria, flat, strict=True) if f]
    else:
        # vector and none: marks become ratings first, then share the column's norm
        values = marks_as_ratings(evaluation)
        if policies.normalization == "vector":
            return normalize_vector(values, cost), flat_ids
        return np.where(cost, -values, values), flat_ids

    # marks by policy (normalized is a fresh array: fill it in place)
    normalized[ratings.kinds == RatingKind.NOT_OFFERED] = policies.not_offered_score
    normalized[ratings.kinds == RatingKind.PARTNER] = policies.partner_score
    return normalized, flat_ids


def marks_as_ratings(evaluation: Evaluation) -> np.ndarray:
    """Ratings with each ``N/A`` and ``P`` cell replaced by an equivalent rating.

    The equivalent of a mark is the rating whose scale score equals the mark's
    policy score: ``low + s · (high − low)`` on a benefit criterion, ``high − s ·
    (high − low)`` on a cost criterion. Unknown cells stay NaN.
    """
    ratings, policies, scale = evaluation.ratings, evaluation.policies, evaluation.scale
    cost = np.array([c.direction == Direction.COST for c in evaluation.criteria])
    span = scale.high - scale.low
    values = ratings.values.copy()
    for kind, score in (
        (RatingKind.NOT_OFFERED, policies.not_offered_score),
        (RatingKind.PARTNER, policies.partner_score),
    ):
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
    Ties are decided on totals rounded to nine decimals.
    """
    ids = evaluation.criterion_ids
    vendors = [v.name for v in evaluation.vendors]
    weights = evaluation.weights.vector(ids)
    normalized, flat_ids = normalized_matrix(evaluation)

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

    # contributions, with unknown contributing nothing or rescaled over what is known
    known = np.where(unknown, 0.0, normalized)
    contributions = known * weights
    totals = weighted_sum(known, weights)
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
            np.where(unknown, np.nan, normalized), index=vendors, columns=ids
        ),
        weights=pd.Series(weights, index=ids, name="weight"),
        policies=evaluation.policies,
        scale=evaluation.scale,
        flat_criteria=flat_ids,
    )
