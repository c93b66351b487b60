"""How safe is the weighted-sum ranking: sweeps, exact stability intervals, what it
would take for one vendor to overtake another, and rank reversal.

Every function scores exactly as :func:`scoring.evaluate.evaluate` does: the
normalised matrix is :func:`scoring.evaluate.scored_matrix`, unknown cells follow
the evaluation's policy, and the vendors set apart by ``evaluate`` stay apart.

One-at-a-time changes move the weight ``t`` of one criterion ``k`` while the other
weights keep their proportions: ``w(t) = t·e_k + (1 − t)·ω`` with ``ω_j = w_j / (1 −
w_k)``. Under the ``"flag"`` and ``"exclude"`` policies each score is linear in ``t``;
under ``"rescale"`` it is a ratio of two linear functions. Either way two vendors
swap places where a polynomial of degree at most two in ``t`` changes sign, so the
intervals below are exact roots, not a grid search.

References
----------
.. [1] Triantaphyllou, E. and Sánchez, A. (1997). A sensitivity analysis approach
   for some deterministic multi-criteria decision-making methods. Decision Sciences
   28(1), 151–194 (the smallest weight change that reverses two alternatives).
.. [2] Wolters, W. T. M. and Mareschal, B. (1995). Novel types of sensitivity
   analysis for additive MCDM methods. European Journal of Operational Research
   81(2), 281–290 (stability intervals with proportional rescaling).
.. [3] Duchi, J., Shalev-Shwartz, S., Singer, Y. and Chandra, T. (2008). Efficient
   projections onto the l1-ball for learning in high dimensions. Proc. ICML,
   272–279 (Euclidean projection onto the simplex).
.. [4] Belton, V. and Gear, T. (1983). On a short-coming of Saaty's method of
   analytic hierarchies. Omega 11(3), 228–230 (rank reversal).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from scoring.errors import InputError
from scoring.evaluate import evaluate, scored_matrix
from scoring.gates import without_vendors
from scoring.methods import Method, MethodResult, Normalization, rank_with
from scoring.models import Evaluation, RatingKind
from scoring.wsm import competition_rank

__all__ = [
    "Overtake",
    "ScoreModel",
    "StabilityInterval",
    "compare_scenarios",
    "overtake",
    "project_to_simplex",
    "score_model",
    "stability_intervals",
    "tornado",
    "weight_sweep",
    "what_if_removed",
]

_EPS = 1e-12


@dataclass(frozen=True)
class ScoreModel:
    """Weighted-sum scores as a function of the weights.

    ``score(w) = (R · w) / (K · w)`` row by row, where ``R`` is the normalised
    matrix of :func:`scoring.evaluate.scored_matrix` (unknown cells at 0, or under
    the ``"zero"`` policy at the normalised score of the rating 0) and ``K`` is 1
    everywhere except, under the ``"rescale"`` policy, 0 on unknown cells (so the
    denominator is the vendor's coverage). Rows are the vendors that
    :func:`scoring.evaluate.evaluate` ranks.
    """

    vendors: list[str]
    criteria: list[str]
    matrix: np.ndarray
    known: np.ndarray
    weights: np.ndarray
    rescale: bool

    def scores(self, weights: np.ndarray) -> np.ndarray:
        """Scores for one weight vector (m,) or a batch (s, m) → (n,) or (s, n)."""
        numerator = weights @ self.matrix.T
        if not self.rescale:
            return numerator
        # NaN where a vendor has no rating on any weighted criterion, as evaluate()
        with np.errstate(invalid="ignore", divide="ignore"):
            return numerator / (weights @ self.known.T)


def score_model(evaluation: Evaluation) -> ScoreModel:
    """The :class:`ScoreModel` of an evaluation, agreeing with ``evaluate``."""
    result = evaluate(evaluation)
    ranked = (result.scores["status"] == "ranked").to_numpy()
    scored, _ = scored_matrix(evaluation)
    unknown = evaluation.ratings.kinds == RatingKind.UNKNOWN
    matrix = scored[ranked]
    rescale = evaluation.policies.unknown == "rescale"
    known = (~unknown[ranked]).astype(float) if rescale else np.ones_like(matrix)
    return ScoreModel(
        vendors=list(result.scores.index[ranked]),
        criteria=evaluation.criterion_ids,
        matrix=matrix,
        known=known,
        weights=result.weights.to_numpy(),
        rescale=rescale,
    )


def _others(weights: np.ndarray, k: int) -> np.ndarray:
    # the other weights in proportion; equal shares when criterion k had them all
    rest = weights.copy()
    rest[k] = 0.0
    total = rest.sum()
    if total > 0:
        return rest / total
    rest[:] = 1.0
    rest[k] = 0.0
    return rest / max(rest.sum(), 1.0)


def _sweep_weights(model: ScoreModel, k: int, t: np.ndarray) -> np.ndarray:
    base = _others(model.weights, k)
    weights = np.outer(1.0 - t, base)
    weights[:, k] += t
    return weights


def weight_sweep(
    evaluation: Evaluation, criterion: str, points: int = 101
) -> pd.DataFrame:
    """Each vendor's score as one criterion's weight goes from 0 to 1.

    Returns a frame indexed by the weight (0–1) with one column per ranked vendor;
    the other weights keep their proportions.
    """
    model = score_model(evaluation)
    k = _criterion_index(model, criterion)
    t = np.linspace(0.0, 1.0, points)
    scores = model.scores(_sweep_weights(model, k, t))
    return pd.DataFrame(scores, index=pd.Index(t, name="weight"), columns=model.vendors)


def tornado(
    evaluation: Evaluation, vendor: str | None = None, spread: float = 0.5
) -> pd.DataFrame:
    """Data for a tornado chart: one vendor's score when each weight moves ±spread.

    Parameters
    ----------
    vendor
        The vendor whose score is shown; the current winner by default.
    spread
        Relative change of each weight: ``w·(1 − spread)`` to ``w·(1 + spread)``,
        clipped to 0–1, the other weights rescaled in proportion.

    Returns
    -------
    DataFrame
        One row per criterion, sorted by ``swing`` (largest first): ``weight``,
        ``low``, ``high`` (the two weights), ``score_low``, ``score_high``,
        ``rank_low``, ``rank_high`` and ``swing = |score_high − score_low|``.
    """
    model = score_model(evaluation)
    current = model.scores(model.weights)
    i = _vendor_index(model, vendor) if vendor else int(np.argmax(current))
    rows = []
    for k, criterion in enumerate(model.criteria):
        w = model.weights[k]
        ends = np.clip([w * (1 - spread), w * (1 + spread)], 0.0, 1.0)
        scores = model.scores(_sweep_weights(model, k, ends))
        ranks = [competition_rank(s)[i] for s in scores]
        rows.append(
            {
                "criterion": criterion,
                "weight": w,
                "low": ends[0],
                "high": ends[1],
                "score_low": scores[0, i],
                "score_high": scores[1, i],
                "rank_low": int(ranks[0]),
                "rank_high": int(ranks[1]),
            }
        )
    frame = pd.DataFrame(rows).set_index("criterion")
    frame["swing"] = (frame["score_high"] - frame["score_low"]).abs()
    frame.attrs["vendor"] = model.vendors[i]
    return frame.sort_values("swing", ascending=False)


def _pair_coefficients(model: ScoreModel, k: int) -> tuple[np.ndarray, ...]:
    """Coefficients of f_il(t) = N_i D_l − N_l D_i = c0 + c1 t + c2 t² (n × n)."""
    base = _others(model.weights, k)
    a, b = model.matrix[:, k], model.matrix @ base
    c, d = model.known[:, k], model.known @ base
    alpha, gamma = a - b, c - d
    c0 = np.outer(b, d) - np.outer(d, b)
    c1 = (
        np.outer(b, gamma)
        + np.outer(alpha, d)
        - np.outer(gamma, b)
        - np.outer(d, alpha)
    )
    c2 = np.outer(alpha, gamma) - np.outer(gamma, alpha)
    return c0, c1, c2


def _sign_changes(
    c0: np.ndarray, c1: np.ndarray, c2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Roots in [0, 1] where the polynomial changes sign (NaN where none), and the
    slope there; two roots per polynomial."""
    scale = np.maximum.reduce([np.abs(c0), np.abs(c1), np.abs(c2)]) + 1e-300
    linear = np.abs(c2) <= 1e-12 * scale
    roots = np.full((*c0.shape, 2), np.nan)

    # degree one
    with np.errstate(divide="ignore", invalid="ignore"):
        root = np.where(np.abs(c1) > 1e-12 * scale, -c0 / c1, np.nan)
    roots[..., 0] = np.where(linear, root, np.nan)

    # degree two, simple roots only (a double root touches without crossing)
    disc = c1**2 - 4 * c2 * c0
    quadratic = ~linear & (disc > 1e-24 * scale**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        sq = np.sqrt(np.where(quadratic, disc, 0.0))
        two = 2 * np.where(quadratic, c2, 1.0)
        first, second = (-c1 - sq) / two, (-c1 + sq) / two
    roots[..., 0] = np.where(quadratic, first, roots[..., 0])
    roots[..., 1] = np.where(quadratic, second, np.nan)

    roots = np.where((roots >= -_EPS) & (roots <= 1 + _EPS), roots, np.nan)
    slope = c1[..., None] + 2 * c2[..., None] * roots
    return np.clip(roots, 0.0, 1.0), slope


def _bounds(
    roots: np.ndarray, slope: np.ndarray, t0: float
) -> tuple[np.ndarray, np.ndarray]:
    """For pairs ahead at t0 (f ≥ 0): the nearest sign change below and above."""
    at = np.abs(roots - t0) <= 1e-12
    above = (roots > t0 + 1e-12) | (at & (slope < 0))
    below = (roots < t0 - 1e-12) | (at & (slope > 0))
    high = np.where(above, roots, np.inf).min(axis=-1)
    low = np.where(below, roots, -np.inf).max(axis=-1)
    return low, high


class StabilityInterval(BaseModel):
    """Where one criterion's weight can go with the winner (or ranking) unchanged.

    Weights are shares of the total (0–1). ``*_low_by`` / ``*_high_by`` name who
    takes over at that end: the vendor that overtakes the winner, or the pair
    ``"A > B"`` whose order flips first; None where the interval reaches 0 or 1.
    """

    model_config = ConfigDict(frozen=True)

    criterion: str
    weight: float
    winner_low: float
    winner_high: float
    winner_low_by: str | None = None
    winner_high_by: str | None = None
    ranking_low: float
    ranking_high: float
    ranking_low_by: str | None = None
    ranking_high_by: str | None = None


def stability_intervals(evaluation: Evaluation) -> list[StabilityInterval]:
    """Exact weight-stability intervals of the weighted sum, criterion by criterion.

    For each criterion ``k``, with the other weights rescaled in proportion, the
    interval of ``w_k`` containing its current value on which (a) the current winner
    stays first, and (b) the whole ranking stays as it is.

    Notes
    -----
    Each pair of vendors (i, l) swaps order where ``f_il(t) = N_i(t)·D_l(t) −
    N_l(t)·D_i(t)`` changes sign (``N`` and ``D`` of :class:`ScoreModel` along the
    sweep). ``f`` has degree one (``"flag"``, ``"exclude"``) or two (``"rescale"``),
    so its roots are found in closed form; the interval ends at the nearest root on
    each side of the current weight. The winner is the vendor with the highest
    score, ties broken by vendor order; a pair tied at the current weight that
    separates as soon as the weight moves ends the ranking interval there. Pairs
    that are equal along the whole sweep never end an interval.
    """
    model = score_model(evaluation)
    winner = int(np.argmax(model.scores(model.weights)))
    return [_interval(model, k, winner) for k in range(len(model.criteria))]


def _pair_name(model: ScoreModel, i: int, j: int, ahead_first: bool) -> str:
    ahead, behind = (i, j) if ahead_first else (j, i)
    return f"{model.vendors[ahead]} > {model.vendors[behind]}"


def _interval(model: ScoreModel, k: int, winner: int) -> StabilityInterval:
    n = len(model.vendors)
    t0 = float(model.weights[k])
    ends: dict[str, object] = {
        "winner_low": 0.0,
        "winner_high": 1.0,
        "ranking_low": 0.0,
        "ranking_high": 1.0,
    }
    if n < 2:
        return StabilityInterval(criterion=model.criteria[k], weight=t0, **ends)

    # orient every pair so that the one ahead now comes first (f(t0) >= 0)
    c0, c1, c2 = _pair_coefficients(model, k)
    sign = np.where(c0 + c1 * t0 + c2 * t0**2 < 0, -1.0, 1.0)
    roots, slope = _sign_changes(c0 * sign, c1 * sign, c2 * sign)
    low, high = _bounds(roots, slope, t0)

    # the winner against each other vendor
    others = [i for i in range(n) if i != winner]
    w_low, w_high = low[winner, others], high[winner, others]
    lo, hi = int(np.argmax(w_low)), int(np.argmin(w_high))
    if np.isfinite(w_low[lo]):
        ends["winner_low"] = float(w_low[lo])
        ends["winner_low_by"] = model.vendors[others[lo]]
    if np.isfinite(w_high[hi]):
        ends["winner_high"] = float(w_high[hi])
        ends["winner_high_by"] = model.vendors[others[hi]]

    # every pair once, for the whole ranking
    rows, cols = np.triu_indices(n, k=1)
    p_low, p_high = low[rows, cols], high[rows, cols]
    lo, hi = int(np.argmax(p_low)), int(np.argmin(p_high))
    if np.isfinite(p_low[lo]):
        ends["ranking_low"] = float(p_low[lo])
        ends["ranking_low_by"] = _pair_name(
            model, rows[lo], cols[lo], sign[rows[lo], cols[lo]] > 0
        )
    if np.isfinite(p_high[hi]):
        ends["ranking_high"] = float(p_high[hi])
        ends["ranking_high_by"] = _pair_name(
            model, rows[hi], cols[hi], sign[rows[hi], cols[hi]] > 0
        )
    return StabilityInterval(criterion=model.criteria[k], weight=t0, **ends)


def project_to_simplex(point: np.ndarray) -> np.ndarray:
    """Euclidean projection onto {w ≥ 0, Σw = 1} (sort-based, Duchi et al. 2008)."""
    ordered = np.sort(point)[::-1]
    cumulative = np.cumsum(ordered) - 1.0
    index = np.arange(1, len(point) + 1)
    last = np.nonzero(ordered - cumulative / index > 0)[0][-1]
    theta = cumulative[last] / (last + 1)
    return np.maximum(point - theta, 0.0)


class Overtake(BaseModel):
    """What it would take for ``challenger`` to draw level with ``leader``.

    Attributes
    ----------
    gap
        ``score(leader) − score(challenger)`` now.
    single
        One row per criterion: ``weight`` now, ``needed`` (the nearest weight, with
        the others rescaled in proportion, at which the two are level; NaN when no
        weight of that criterion does it) and ``change = needed − weight``; sorted by
        ``|change|``.
    l1, l2
        The nearest weight vectors (all weights free, on the simplex) at which the
        two are level, by total absolute change (``l1_distance``) and by Euclidean
        distance (``l2_distance``); None when no weights can do it or under the
        ``"rescale"`` policy (scores are then not linear in the weights).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    challenger: str
    leader: str
    gap: float
    single: pd.DataFrame
    l1: dict[str, float] | None
    l1_distance: float | None
    l2: dict[str, float] | None
    l2_distance: float | None


def _min_l1(d: np.ndarray, w: np.ndarray) -> np.ndarray | None:
    # move weight from the most unfavourable criteria to the most favourable one
    best = int(np.argmax(d))
    need = -(d @ w)
    if need <= 0:
        return w.copy()
    if d[best] <= 0:
        return None
    moved = w.copy()
    for j in np.argsort(d):
        gain = d[best] - d[j]
        if j == best or gain <= 0:
            break
        take = min(moved[j], need / gain)
        moved[j] -= take
        moved[best] += take
        need -= take * gain
        if need <= 1e-15:
            return moved
    return None


def _min_l2(d: np.ndarray, w: np.ndarray) -> np.ndarray | None:
    # w(λ) = projection of w + λ·d onto the simplex; d·w(λ) grows with λ
    if d @ w >= 0:
        return w.copy()
    if d.max() <= 0:
        return None
    high = 1.0
    while d @ project_to_simplex(w + high * d) < 0:
        high *= 2.0
        if high > 1e12:
            return None
    low = 0.0
    for _ in range(200):
        middle = 0.5 * (low + high)
        if d @ project_to_simplex(w + middle * d) < 0:
            low = middle
        else:
            high = middle
    return project_to_simplex(w + high * d)


def overtake(evaluation: Evaluation, challenger: str, leader: str) -> Overtake:
    """The smallest weight changes that bring ``challenger`` level with ``leader``.

    Notes
    -----
    *One criterion at a time*: the roots of ``f`` (see
    :func:`stability_intervals`) for this pair; the smallest ``|change|`` is the
    answer to "how far must one weight move".

    *All weights at once*, scores linear in ``w`` (``"flag"``, ``"exclude"``): with
    ``d = r_challenger − r_leader`` the two are level on the hyperplane ``d·w = 0``.
    The least total absolute change (L1) moves weight from the criteria with the
    most negative ``d_j`` to the criterion with the largest ``d_j``, each unit
    moved gaining ``d_max − d_j``: a fractional knapsack whose greedy solution is
    exact (the L1 distance counts the weight taken and the weight given). The least
    Euclidean change (L2) is the projection of ``w`` onto the simplex cut by the
    hyperplane; by the optimality conditions it is the simplex projection of ``w +
    λ·d`` for the ``λ ≥ 0`` that makes ``d·w = 0``, found by bisection (``d·w(λ)``
    is non-decreasing in ``λ``).

    Warnings
    --------
    At the weights returned the two vendors tie; any further step in the same
    direction puts the challenger ahead. Other vendors may overtake either of them
    on the way.
    """
    model = score_model(evaluation)
    a, b = _vendor_index(model, leader), _vendor_index(model, challenger)
    current = model.scores(model.weights)
    rows = []
    for k, criterion in enumerate(model.criteria):
        c0, c1, c2 = (c[a, b] for c in _pair_coefficients(model, k))
        roots, _ = _sign_changes(np.array(c0), np.array(c1), np.array(c2))
        roots = roots[np.isfinite(roots)]
        t0 = model.weights[k]
        needed = float(roots[np.argmin(np.abs(roots - t0))]) if roots.size else np.nan
        rows.append({"criterion": criterion, "weight": t0, "needed": needed})
    single = pd.DataFrame(rows).set_index("criterion")
    single["change"] = single["needed"] - single["weight"]
    single = single.iloc[np.argsort(single["change"].abs().fillna(np.inf).to_numpy())]

    l1 = l2 = None
    if not model.rescale:
        d = model.matrix[b] - model.matrix[a]
        l1, l2 = _min_l1(d, model.weights), _min_l2(d, model.weights)

    def as_dict(w: np.ndarray | None) -> dict[str, float] | None:
        if w is None:
            return None
        return dict(zip(model.criteria, map(float, w), strict=True))

    return Overtake(
        challenger=challenger,
        leader=leader,
        gap=float(current[a] - current[b]),
        single=single,
        l1=as_dict(l1),
        l1_distance=None if l1 is None else float(np.abs(l1 - model.weights).sum()),
        l2=as_dict(l2),
        l2_distance=None if l2 is None else float(np.linalg.norm(l2 - model.weights)),
    )


def compare_scenarios(before: MethodResult, after: MethodResult) -> pd.DataFrame:
    """Pairs of vendors ranked in both results whose order differs.

    Returns one row per flipped pair: ``first`` and ``second`` (the order before),
    ``score_first_before``, ``score_second_before``, ``score_first_after``,
    ``score_second_after``. With the vendors' own ratings unchanged, such a flip is
    a rank reversal caused by the other vendors alone.
    """
    common = [v for v in before.scores.index if v in after.scores.index]
    rows = []
    for i, first in enumerate(common):
        for second in common[i + 1 :]:
            was = np.sign(round(before.scores[first] - before.scores[second], 9))
            now = np.sign(round(after.scores[first] - after.scores[second], 9))
            if was != now:
                one, two = (first, second) if was >= 0 else (second, first)
                rows.append(
                    {
                        "first": one,
                        "second": two,
                        "score_first_before": float(before.scores[one]),
                        "score_second_before": float(before.scores[two]),
                        "score_first_after": float(after.scores[one]),
                        "score_second_after": float(after.scores[two]),
                    }
                )
    columns = [
        "first",
        "second",
        "score_first_before",
        "score_second_before",
        "score_first_after",
        "score_second_after",
    ]
    return pd.DataFrame(rows, columns=columns)


def what_if_removed(
    evaluation: Evaluation,
    vendor: str,
    method: Method = "wsm",
    normalization: Normalization | None = None,
) -> pd.DataFrame:
    """Rank reversals among the others when ``vendor`` is taken out.

    Under the weighted sum with ``"scale"`` normalisation scores do not depend on
    the other vendors, so nothing can flip; min–max and vector normalisation,
    TOPSIS and PROMETHEE can flip pairs.
    """
    if vendor not in [v.name for v in evaluation.vendors]:
        raise InputError(
            "unknown vendor",
            field="vendor",
            expected="one of: " + ", ".join(v.name for v in evaluation.vendors),
            found=vendor,
        )
    before = rank_with(evaluation, method, normalization)
    after = rank_with(without_vendors(evaluation, [vendor]), method, normalization)
    return compare_scenarios(before, after)


def _criterion_index(model: ScoreModel, criterion: str) -> int:
    if criterion not in model.criteria:
        raise InputError(
            "unknown criterion",
            field="criterion",
            expected="one of: " + ", ".join(model.criteria),
            found=criterion,
        )
    return model.criteria.index(criterion)


def _vendor_index(model: ScoreModel, vendor: str) -> int:
    if vendor not in model.vendors:
        raise InputError(
            "vendor is not ranked",
            field="vendor",
            expected="one of: " + ", ".join(model.vendors),
            found=vendor,
        )
    return model.vendors.index(vendor)
