"""Several ranking methods on one evaluation: weighted sum, TOPSIS, PROMETHEE II.

The pure functions (:func:`normalize`, :func:`topsis`, :func:`promethee_ii`) take a
decision matrix (alternatives × criteria), weights summing to 1 and a benefit mask,
trust their inputs and return every intermediate the UI needs to explain a result.
:func:`rank_with` prepares the matrix of an :class:`~scoring.models.Evaluation`
with the same policies as :func:`scoring.evaluate.evaluate` and packages the result
in one shape whatever the method; :func:`compare_methods` puts the methods side by
side with their rank correlations.

References
----------
.. [1] Hwang, C.-L. and Yoon, K. (1981). Multiple Attribute Decision Making:
   Methods and Applications. Springer, Berlin (TOPSIS).
.. [2] Brans, J.-P. and Vincke, P. (1985). A preference ranking organisation method
   (the PROMETHEE method for multiple criteria decision-making). Management Science
   31(6), 647–656.
.. [3] Brans, J.-P., Vincke, P. and Mareschal, B. (1986). How to select and how to
   rank projects: the PROMETHEE method. European Journal of Operational Research
   24(2), 228–238 (the six preference functions).
.. [4] Kendall, M. G. (1945). The treatment of ties in ranking problems. Biometrika
   33(3), 239–251 (tau-b).
.. [5] Spearman, C. (1904). The proof and measurement of association between two
   things. American Journal of Psychology 15(1), 72–101.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from scoring.errors import InputError
from scoring.evaluate import (
    evaluate,
    marks_as_ratings,
    scored_matrix,
    unscored_blanks,
)
from scoring.models import Direction, Evaluation, Policies, RatingKind
from scoring.wsm import (
    competition_rank,
    normalize_minmax,
    normalize_scale,
    normalize_vector,
)

__all__ = [
    "METHODS",
    "NORMALIZATIONS",
    "Comparison",
    "MethodResult",
    "PrometheeParts",
    "TopsisParts",
    "compare_methods",
    "decision_matrix",
    "kendall_tau_b",
    "normalize",
    "promethee_ii",
    "rank_with",
    "spearman_rho",
    "topsis",
]

Method = Literal["wsm", "topsis", "promethee"]
Normalization = Literal["scale", "minmax", "vector", "none"]
Preference = Literal["usual", "v-shape", "linear"]

#: Methods :func:`rank_with` knows, each with its default normalisation (``None``:
#: the evaluation's own policy).
METHODS: dict[str, Normalization | None] = {
    "wsm": None,
    "topsis": "vector",
    "promethee": "none",
}
NORMALIZATIONS: tuple[str, ...] = ("scale", "minmax", "vector", "none")


def normalize(
    matrix: np.ndarray,
    benefit: np.ndarray,
    how: Normalization,
    *,
    low: float = 0.0,
    high: float = 1.0,
) -> np.ndarray:
    """Normalise a decision matrix column by column; higher is better afterwards.

    ``"scale"``: ``(x − low) / (high − low)`` (cost: ``(high − x) / (high −
    low)``); ``"minmax"``: the same on each column's observed range, a flat column
    giving 0; ``"vector"``: ``x / ‖x‖`` (cost: ``1 − x / ‖x‖``), a zero norm giving
    0; ``"none"``: ``x`` (cost: ``−x``).
    """
    cost = ~np.asarray(benefit, dtype=bool)
    if how == "scale":
        return normalize_scale(matrix, low, high, cost)
    if how == "minmax":
        return normalize_minmax(matrix, cost)[0]
    if how == "vector":
        return normalize_vector(matrix, cost)
    if how == "none":
        return np.where(cost, -matrix, matrix)
    raise InputError(
        "unknown normalisation",
        field="normalization",
        expected="one of: " + ", ".join(NORMALIZATIONS),
        found=str(how),
    )


@dataclass(frozen=True)
class TopsisParts:
    """Every step of TOPSIS: alternatives are rows, criteria columns.

    ``normalized`` (r), ``weighted`` (v = w·r), ``ideal`` and ``anti_ideal`` (one
    value per criterion), ``d_plus`` and ``d_minus`` (Euclidean separations from
    them) and ``closeness`` ``C = D⁻ / (D⁺ + D⁻)``.
    """

    normalized: np.ndarray
    weighted: np.ndarray
    ideal: np.ndarray
    anti_ideal: np.ndarray
    d_plus: np.ndarray
    d_minus: np.ndarray
    closeness: np.ndarray


def topsis(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    normalization: Literal["vector", "none"] = "vector",
) -> TopsisParts:
    """TOPSIS: closeness of each alternative to the ideal point.

    Parameters
    ----------
    matrix
        Alternatives × criteria, finite numbers.
    weights
        One per criterion, summing to 1.
    benefit
        True where higher is better; on cost criteria the ideal is the minimum.
    normalization
        ``"vector"`` (Hwang and Yoon): ``r = x / ‖x‖``, a zero norm giving 0;
        ``"none"``: the matrix is already normalised.

    Notes
    -----
    When ``D⁺ + D⁻ = 0`` the alternative coincides with both the ideal and the
    anti-ideal, which happens only when every alternative is equal on every weighted
    criterion; its closeness is then 0.5, a tie, instead of the undefined 0/0.

    Warnings
    --------
    TOPSIS can reverse the order of two alternatives when a third is added or
    removed, because the ideal points and the norms depend on every alternative.
    """
    benefit = np.asarray(benefit, dtype=bool)

    # normalise each criterion by its Euclidean norm
    if normalization == "vector":
        norm = np.sqrt((matrix**2).sum(axis=0))
        normalized = matrix / np.where(norm > 0, norm, 1.0)
    else:
        normalized = matrix

    # weight, then find the ideal and anti-ideal points
    weighted = normalized * weights
    high, low = weighted.max(axis=0), weighted.min(axis=0)
    ideal = np.where(benefit, high, low)
    anti_ideal = np.where(benefit, low, high)

    # separations and closeness
    d_plus = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((weighted - anti_ideal) ** 2).sum(axis=1))
    total = d_plus + d_minus
    closeness = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return TopsisParts(
        normalized, weighted, ideal, anti_ideal, d_plus, d_minus, closeness
    )


@dataclass(frozen=True)
class PrometheeParts:
    """PROMETHEE II flows: ``positive`` (φ⁺), ``negative`` (φ⁻), ``net`` (φ).

    ``preference`` is the aggregated preference index π(a, b), alternatives ×
    alternatives.
    """

    preference: np.ndarray
    positive: np.ndarray
    negative: np.ndarray
    net: np.ndarray


def _preference(
    difference: np.ndarray, kind: Preference, q: float, p: float
) -> np.ndarray:
    if kind == "usual":
        return (difference > 0).astype(float)
    if kind == "v-shape":
        return np.clip(difference / p, 0.0, 1.0) if p > 0 else (difference > 0) * 1.0
    # linear: indifference up to q, strict preference from p
    if p <= q:
        return (difference > q).astype(float)
    return np.clip((difference - q) / (p - q), 0.0, 1.0)


def promethee_ii(
    matrix: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    preference: Preference | list[Preference] = "usual",
    q: np.ndarray | float = 0.0,
    p: np.ndarray | float = 0.0,
) -> PrometheeParts:
    """PROMETHEE II net outranking flows.

    Parameters
    ----------
    matrix, weights, benefit
        As for :func:`topsis`; the matrix is used as it is (differences in its own
        units).
    preference
        Preference function, one for all criteria or one per criterion:
        ``"usual"`` (type I: any positive difference is a full preference),
        ``"v-shape"`` (type III: ``d / p`` up to ``p``), ``"linear"`` (type V:
        nothing up to the indifference threshold ``q``, linear to ``p``, then 1).
    q, p
        Indifference and preference thresholds, scalars or one per criterion, in
        the matrix's units.

    Notes
    -----
    ``π(a, b) = Σ_j w_j P_j(d_j(a, b))`` with ``d_j`` the difference in the
    preferred direction; ``φ⁺(a) = Σ_b π(a, b) / (n − 1)``, ``φ⁻(a) = Σ_b π(b, a) /
    (n − 1)``, ``φ = φ⁺ − φ⁻``. The cost is O(n² m): meant for tens of vendors.

    Warnings
    --------
    Net flows depend on every alternative: adding or removing one can reverse the
    order of two others.
    """
    n, m = matrix.shape
    sign = np.where(np.asarray(benefit, dtype=bool), 1.0, -1.0)
    kinds = [preference] * m if isinstance(preference, str) else list(preference)
    q_values = np.broadcast_to(np.asarray(q, dtype=float), (m,))
    p_values = np.broadcast_to(np.asarray(p, dtype=float), (m,))

    # aggregated preference index, one criterion at a time (n × n memory)
    pi = np.zeros((n, n))
    for j in range(m):
        column = matrix[:, j] * sign[j]
        difference = column[:, None] - column[None, :]
        pi += weights[j] * _preference(difference, kinds[j], q_values[j], p_values[j])

    # leaving, entering and net flows
    denominator = max(n - 1, 1)
    positive = pi.sum(axis=1) / denominator
    negative = pi.sum(axis=0) / denominator
    return PrometheeParts(pi, positive, negative, positive - negative)


class MethodResult(BaseModel):
    """One method's ranking of an evaluation, in a shape shared by all methods.

    Attributes
    ----------
    method, normalization
        What was computed.
    scores
        Score of each ranked vendor (weighted-sum total, TOPSIS closeness or
        PROMETHEE net flow), in the evaluation's vendor order; higher is better.
    ranks
        Competition ranks (1, 1, 3) of the same vendors.
    excluded
        Vendors set apart (insufficient data, as in :func:`scoring.evaluate`).
    details
        Method-specific tables: for TOPSIS ``separations`` (vendor × ``d_plus``,
        ``d_minus``, ``closeness``), ``ideal`` (criterion × ``ideal``,
        ``anti_ideal``) and ``weighted``; for PROMETHEE ``flows`` (vendor ×
        ``positive``, ``negative``, ``net``); for the weighted sum
        ``contributions``.
    notes
        How marks and unknown cells were treated, when it matters.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    method: str
    normalization: str
    scores: pd.Series
    ranks: pd.Series
    excluded: list[str]
    details: dict[str, pd.DataFrame]
    notes: list[str]

    @property
    def ranking(self) -> list[str]:
        """Ranked vendors best first, ties in vendor-name order."""
        frame = pd.DataFrame({"rank": self.ranks, "name": self.ranks.index})
        return list(frame.sort_values(["rank", "name"])["name"])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: each vendor's score and rank, and the method's details."""
        vendors = [
            {
                "vendor": name,
                "rank": int(self.ranks[name]),
                "score": float(self.scores[name]),
            }
            for name in self.ranking
        ]
        details = {}
        for key, table in self.details.items():
            details[key] = {
                str(row): {str(k): float(v) for k, v in values.items()}
                for row, values in table.iterrows()
            }
        return {
            "method": self.method,
            "normalization": self.normalization,
            "vendors": vendors,
            "excluded": self.excluded,
            "details": details,
            "notes": self.notes,
        }


def decision_matrix(
    evaluation: Evaluation, normalization: Normalization
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The matrix a method other than the weighted sum works on, with its notes.

    Returns the matrix (all vendors × criteria), the benefit mask and notes.

    ``"vector"`` and ``"none"`` give the ratings themselves (marks as their
    equivalent ratings, see :func:`scoring.evaluate.marks_as_ratings`) with the
    criteria's directions; ``"scale"`` and ``"minmax"`` give the normalised matrix of
    :func:`scoring.evaluate.scored_matrix`, every column then being a benefit.
    An unknown cell counts as the worst rating of the scale (normalised 0), the
    pessimistic reading that the weighted sum's ``"flag"`` policy also makes; under
    the ``"zero"`` policy it counts as the rating 0, as in the weighted sum.
    """
    notes: list[str] = []
    unscored = unscored_blanks(evaluation)
    benefit = np.array([c.direction is Direction.BENEFIT for c in evaluation.criteria])
    if normalization in ("scale", "minmax"):
        policies = evaluation.policies.model_copy(
            update={"normalization": normalization}
        )
        matrix, _ = scored_matrix(evaluation.with_policies(policies))
        benefit = np.ones_like(benefit)
    else:
        scale = evaluation.scale
        worst = np.where(benefit, scale.low, scale.high)
        matrix = np.where(unscored, worst, marks_as_ratings(evaluation))
    if unscored.any():
        notes.append(
            "unknown cells count as the worst rating of the scale "
            f"({unscored.sum()} cells)"
        )
    zeros = evaluation.ratings.kinds == RatingKind.UNKNOWN
    if evaluation.policies.unknown == "zero" and zeros.any():
        notes.append(f"unknown cells count as the rating 0 ({zeros.sum()} cells)")
    return matrix, benefit, notes


def rank_with(
    evaluation: Evaluation,
    method: Method = "wsm",
    normalization: Normalization | None = None,
    *,
    preference: Preference | list[Preference] = "usual",
    q: np.ndarray | float = 0.0,
    p: np.ndarray | float = 0.0,
) -> MethodResult:
    """Rank an evaluation's vendors with one method.

    Parameters
    ----------
    evaluation
        Criteria, ratings, weights and policies. The same vendors are set apart as
        by :func:`scoring.evaluate.evaluate` (insufficient data, ``"exclude"``).
    method
        ``"wsm"`` (weighted sum, exactly :func:`scoring.evaluate.evaluate`),
        ``"topsis"`` or ``"promethee"`` (PROMETHEE II).
    normalization
        ``None`` for the method's default: the evaluation's policy for the weighted
        sum, ``"vector"`` for TOPSIS, ``"none"`` for PROMETHEE (thresholds in
        rating points).
    preference, q, p
        PROMETHEE preference functions and thresholds, see :func:`promethee_ii`.
    """
    if method not in METHODS:
        raise InputError(
            "unknown method",
            field="method",
            expected="one of: " + ", ".join(METHODS),
            found=str(method),
        )
    how = normalization or METHODS[method] or evaluation.policies.normalization
    if how not in NORMALIZATIONS:
        raise InputError(
            "unknown normalisation",
            field="normalization",
            expected="one of: " + ", ".join(NORMALIZATIONS),
            found=str(how),
        )
    policies = evaluation.policies.model_copy(update={"normalization": how})
    evaluation = evaluation.with_policies(Policies.model_validate(policies))
    result = evaluate(evaluation)
    ranked = result.scores["status"] == "ranked"
    names = list(result.scores.index[ranked])
    excluded = list(result.scores.index[~ranked])

    # the weighted sum is evaluate() itself
    if method == "wsm":
        totals = result.scores.loc[names, "total"].astype(float)
        notes = []
        if result.flat_criteria:
            notes.append(
                "criteria that do not discriminate: " + ", ".join(result.flat_criteria)
            )
        return MethodResult(
            method="wsm",
            normalization=how,
            scores=totals.rename("score"),
            ranks=pd.Series(competition_rank(totals.to_numpy()), index=names),
            excluded=excluded,
            details={"contributions": result.contributions.loc[names]},
            notes=notes,
        )

    # the other methods work on the ranked vendors' rows
    matrix, benefit, notes = decision_matrix(evaluation, how)
    rows = ranked.to_numpy()
    matrix = matrix[rows]
    weights = result.weights.to_numpy()
    ids = evaluation.criterion_ids
    if method == "topsis":
        inner = "vector" if how == "vector" else "none"
        parts = topsis(matrix, weights, benefit, normalization=inner)
        scores = parts.closeness
        details = {
            "separations": pd.DataFrame(
                {
                    "d_plus": parts.d_plus,
                    "d_minus": parts.d_minus,
                    "closeness": parts.closeness,
                },
                index=names,
            ),
            "ideal": pd.DataFrame(
                {"ideal": parts.ideal, "anti_ideal": parts.anti_ideal}, index=ids
            ),
            "weighted": pd.DataFrame(parts.weighted, index=names, columns=ids),
        }
    else:
        flows = promethee_ii(matrix, weights, benefit, preference, q, p)
        scores = flows.net
        details = {
            "flows": pd.DataFrame(
                {
                    "positive": flows.positive,
                    "negative": flows.negative,
                    "net": flows.net,
                },
                index=names,
            )
        }
    return MethodResult(
        method=method,
        normalization=how,
        scores=pd.Series(scores, index=names, name="score"),
        ranks=pd.Series(competition_rank(scores), index=names),
        excluded=excluded,
        details=details,
        notes=notes,
    )


def _average_ranks(values: np.ndarray) -> np.ndarray:
    # 1 = highest; tied values share the mean of their positions
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    for value in np.unique(values):
        tied = values == value
        ranks[tied] = ranks[tied].mean()
    return ranks


def spearman_rho(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation of two score vectors (average ranks for ties).

    NaN when either vector is constant.
    """
    ra, rb = _average_ranks(np.asarray(a, float)), _average_ranks(np.asarray(b, float))
    da, db = ra - ra.mean(), rb - rb.mean()
    denominator = np.sqrt((da**2).sum() * (db**2).sum())
    return float((da * db).sum() / denominator) if denominator > 0 else float("nan")


def kendall_tau_b(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's tau-b of two score vectors (Kendall 1945), NaN when one is constant."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    upper = np.triu_indices(len(a), k=1)
    sa = np.sign(a[:, None] - a[None, :])[upper]
    sb = np.sign(b[:, None] - b[None, :])[upper]
    denominator = np.sqrt(np.count_nonzero(sa) * np.count_nonzero(sb))
    return float((sa * sb).sum() / denominator) if denominator > 0 else float("nan")


class Comparison(BaseModel):
    """Methods side by side.

    ``ranks`` and ``scores``: vendor × method; ``spearman`` and ``kendall``: method
    × method rank correlations over the vendors every method ranks; ``results``: the
    full result of each method.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    ranks: pd.DataFrame
    scores: pd.DataFrame
    spearman: pd.DataFrame
    kendall: pd.DataFrame
    results: dict[str, MethodResult]


def compare_methods(
    evaluation: Evaluation,
    methods: tuple[Method, ...] = ("wsm", "topsis", "promethee"),
) -> Comparison:
    """Each method's ranking side by side, with Spearman and Kendall correlations.

    Every method uses its default normalisation (see :func:`rank_with`).
    """
    results = {m: rank_with(evaluation, m) for m in methods}
    ranks = pd.DataFrame({m: r.ranks for m, r in results.items()})
    scores = pd.DataFrame({m: r.scores for m, r in results.items()})
    common = scores.dropna()
    spearman = pd.DataFrame(index=list(methods), columns=list(methods), dtype=float)
    kendall = spearman.copy()
    for a in methods:
        for b in methods:
            spearman.loc[a, b] = spearman_rho(common[a], common[b])
            kendall.loc[a, b] = kendall_tau_b(common[a], common[b])
    return Comparison(
        ranks=ranks, scores=scores, spearman=spearman, kendall=kendall, results=results
    )
