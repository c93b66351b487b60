"""SMAA-2: how often each vendor takes each rank when the weights are not known.

Weights are drawn uniformly from the simplex (or from the part of it that the user's
weight ranges or weight order allow), optionally with the ratings perturbed, and the
weighted sum of :mod:`scoring.robustness` ranks the vendors for every draw. Work is
done in chunks, so memory stays flat whatever the number of samples.

References
----------
.. [1] Lahdelma, R. and Salminen, P. (2001). SMAA-2: stochastic multicriteria
   acceptability analysis for group decision making. Operations Research 49(3),
   444–454.
.. [2] Tervonen, T. and Lahdelma, R. (2007). Implementing stochastic multicriteria
   acceptability analysis. European Journal of Operational Research 178(2),
   500–513 (sampling the simplex: sorted uniforms or normalised exponentials;
   ordered weights by sorting).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from scoring.errors import InputError
from scoring.evaluate import marks_as_ratings, rated_values, unscored_blanks
from scoring.models import Evaluation, RatingKind
from scoring.robustness import ScoreModel, score_model
from scoring.wsm import normalize_minmax, normalize_scale, normalize_vector

__all__ = ["SmaaResult", "batch_ranks", "sample_weights", "smaa"]

Noise = Literal["uniform", "normal", "triangular"]

#: Bytes of working memory one chunk may use.
CHUNK_BYTES = 32 * 2**20


class SmaaResult(BaseModel):
    """SMAA-2 results.

    Attributes
    ----------
    acceptability
        Vendor × rank (1…n): the share of samples in which the vendor takes that
        rank (rank-acceptability index ``b_i^r``). Rows sum to 1.
    central_weights
        Vendor × criterion: the mean of the weights under which the vendor is
        first (NaN for a vendor never first).
    confidence
        Share of rating draws in which the vendor is first under its own central
        weights (without rating uncertainty: 1 or 0). NaN when never first.
    samples, accepted_share
        Samples used, and the share of candidate weight draws that met the weight
        ranges (1 without ranges).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    acceptability: pd.DataFrame
    central_weights: pd.DataFrame
    confidence: pd.Series
    samples: int
    accepted_share: float
    seed: int | None

    @property
    def first(self) -> pd.Series:
        """The first-rank acceptability of each vendor, best first."""
        return self.acceptability[1].sort_values(ascending=False)


def sample_weights(
    rng: np.random.Generator,
    size: int,
    m: int,
    *,
    order: Sequence[int] | None = None,
) -> np.ndarray:
    """``size`` weight vectors drawn uniformly from the (m − 1)-simplex.

    Normalised standard exponentials are Dirichlet(1, …, 1), the uniform
    distribution on the simplex. With ``order`` (criterion indices, most important
    first) those coordinates are sorted into that order; since they are
    exchangeable, the result is uniform on the ordered region.
    """
    weights = rng.standard_exponential((size, m))
    weights /= weights.sum(axis=1, keepdims=True)
    if order:
        columns = list(order)
        weights[:, columns] = -np.sort(-weights[:, columns], axis=1)
    return weights


def batch_ranks(scores: np.ndarray, decimals: int = 9) -> np.ndarray:
    """Competition ranks (1 = best) of each row; equal scores share a rank."""
    rounded = np.round(scores, decimals)
    # any sort will do: tied scores get one rank below, whatever their order
    order = np.argsort(-rounded, axis=1)
    ordered = np.take_along_axis(rounded, order, axis=1)

    # a new rank starts where the sorted score drops; without ties, every place
    position = np.arange(1, scores.shape[1] + 1)
    drops = ordered[:, 1:] < ordered[:, :-1]
    if drops.all():
        ranked = np.broadcast_to(position, ordered.shape)
    else:
        starts = np.ones_like(ordered, dtype=bool)
        starts[:, 1:] = drops
        ranked = np.maximum.accumulate(np.where(starts, position, 0), axis=1)

    ranks = np.empty_like(ranked)
    np.put_along_axis(ranks, order, ranked, axis=1)
    return ranks


def _noisy_matrices(
    evaluation: Evaluation,
    model: ScoreModel,
    rows: np.ndarray,
    rng: np.random.Generator,
    size: int,
    half_width: float,
    noise: Noise,
) -> np.ndarray:
    """``size`` normalised matrices (size, n, m) with perturbed ratings."""
    ratings, policies, scale = evaluation.ratings, evaluation.policies, evaluation.scale
    kinds = ratings.kinds[rows]
    is_value = kinds == RatingKind.VALUE
    cost = evaluation.cost_mask
    how = policies.normalization
    if how in ("vector", "none"):
        values = marks_as_ratings(evaluation)[rows]
    else:
        values = rated_values(evaluation)[rows]
    n, m = values.shape

    # perturb the numbers only, within the scale
    if noise == "uniform":
        delta = rng.uniform(-half_width, half_width, (size, n, m))
    elif noise == "normal":
        delta = rng.normal(0.0, half_width, (size, n, m))
    else:
        delta = rng.triangular(-half_width, 0.0, half_width, (size, n, m))
    noisy = np.where(is_value, np.clip(values + delta, scale.low, scale.high), values)

    # normalise each draw: columns of the (n, size·m) matrix are (draw, criterion)
    flat = noisy.transpose(1, 0, 2).reshape(n, size * m)
    tiled = np.tile(cost, size)
    if how == "scale":
        normalized = normalize_scale(flat, scale.low, scale.high, tiled)
    elif how == "minmax":
        normalized = normalize_minmax(flat, tiled)[0]
    elif how == "vector":
        normalized = normalize_vector(flat, tiled)
    else:
        normalized = np.where(tiled, -flat, flat)
    normalized = normalized.reshape(n, size, m).transpose(1, 0, 2)

    # the other marks by policy (vector and none already carry them as ratings)
    if how in ("scale", "minmax"):
        if policies.not_offered_rating is None:
            normalized = np.where(
                kinds == RatingKind.NOT_OFFERED, policies.not_offered_score, normalized
            )
        normalized = np.where(
            kinds == RatingKind.PARTNER, policies.partner_score, normalized
        )
    return np.where(unscored_blanks(evaluation)[rows], 0.0, normalized)


def _scores(
    model: ScoreModel, weights: np.ndarray, matrices: np.ndarray | None
) -> np.ndarray:
    if matrices is None:
        return model.scores(weights)
    numerator = np.einsum("snm,sm->sn", matrices, weights)
    if not model.rescale:
        return numerator
    return numerator / (weights @ model.known.T)


def smaa(
    evaluation: Evaluation,
    samples: int = 10_000,
    seed: int | None = 0,
    *,
    criteria: Sequence[str] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    order: Sequence[str] | None = None,
    rating_noise: float = 0.0,
    noise: Noise = "uniform",
    chunk: int | None = None,
) -> SmaaResult:
    """SMAA-2 rank acceptability, central weights and confidence factors.

    Parameters
    ----------
    samples
        Number of weight vectors (accepted ones, when ``bounds`` are given).
    seed
        Seed of the random generator: the same seed gives the same result.
    criteria
        Criteria whose weights vary; the others keep weight 0. Default: the
        criteria with a positive weight now.
    bounds
        Criterion → (lowest, highest) weight share (0–1); draws outside are
        rejected.
    order
        Criteria from most to least important; weights are drawn uniformly among
        those respecting the order.
    rating_noise, noise
        Rating uncertainty: each numeric rating moves by a draw of ``noise``
        (``"uniform"`` on ±``rating_noise`` points, ``"normal"`` with that standard
        deviation, ``"triangular"`` on ±``rating_noise``), clipped to the scale;
        marks and unknown cells do not move, including an ``N/A`` counted as
        ``not_offered_rating`` and a blank counted as 0 under ``unknown="zero"``.
    chunk
        Samples per chunk (default: what fits in 32 MiB).

    Notes
    -----
    Ranks are competition ranks on scores rounded to nine decimals, as in
    :func:`scoring.evaluate.evaluate`, so tied vendors share a rank and a row of the
    acceptability table can then hold more than one vendor at rank 1. Confidence
    factors are estimated from ``min(samples, 10 000)`` rating draws per vendor.

    Warnings
    --------
    The uniform distribution on the simplex is one reading of "no information about
    the weights"; ranges and an order narrow it to what the committee agrees on.
    """
    model = score_model(evaluation)
    rows = np.isin([v.name for v in evaluation.vendors], model.vendors)
    n, m = model.matrix.shape
    active = _active(model, criteria)
    low, high = _bounds(model, active, bounds)
    positions = {c: i for i, c in enumerate(active)}
    order_index = [positions[_known(model, c, active)] for c in order or []]
    rng = np.random.default_rng(seed)
    per_sample = 8 * (len(active) + 4 * n + (3 * n * m if rating_noise else 0))
    chunk = chunk or max(1, min(samples, CHUNK_BYTES // per_sample))

    counts = np.zeros((n, n))
    first_weights = np.zeros((n, m))
    drawn = accepted = 0
    columns = [model.criteria.index(c) for c in active]
    every_column = columns == list(range(m))  # no zero-filled columns to add
    bounded = bool(np.any(low > 0) or np.any(high < 1))
    while accepted < samples:
        size = min(chunk, samples - accepted)

        # weights: uniform on the (ordered) simplex, ranges by rejection
        local = sample_weights(rng, size, len(active), order=order_index)
        drawn += size
        if bounded:
            local = local[np.all((local >= low) & (local <= high), axis=1)]
        if drawn >= 10 * samples + 100_000 and accepted + len(local) < samples:
            raise InputError(
                "the weight ranges leave almost no room: too few draws fit them",
                field="bounds",
                expected="ranges that a reasonable share of weightings can meet",
                found=f"{accepted + len(local)} of {drawn} draws accepted",
            )
        if every_column:
            weights = local
        else:
            weights = np.zeros((len(local), m))
            weights[:, columns] = local

        # scores and ranks of this chunk
        matrices = None
        if rating_noise > 0:
            matrices = _noisy_matrices(
                evaluation, model, rows, rng, len(local), rating_noise, noise
            )
        ranks = batch_ranks(_scores(model, weights, matrices))
        cells = np.arange(n) * n + ranks - 1
        counts += np.bincount(cells.ravel(), minlength=n * n).reshape(n, n)
        # (m, s) @ (s, n): this layout keeps the product on the fast BLAS path
        first_weights += (weights.T @ (ranks == 1).astype(float)).T
        accepted += len(local)

    # central weights and confidence factors
    first = counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        central = first_weights / first[:, None]
    confidence = np.full(n, np.nan)
    draws = min(samples, 10_000)
    for i in np.nonzero(first > 0)[0]:
        w = central[i][None, :]
        if rating_noise > 0:
            matrices = _noisy_matrices(
                evaluation, model, rows, rng, draws, rating_noise, noise
            )
            ranks = batch_ranks(_scores(model, np.repeat(w, draws, axis=0), matrices))
        else:
            ranks = batch_ranks(model.scores(w))
        confidence[i] = float((ranks[:, i] == 1).mean())

    return SmaaResult(
        acceptability=pd.DataFrame(
            counts / samples, index=model.vendors, columns=range(1, n + 1)
        ),
        central_weights=pd.DataFrame(
            central, index=model.vendors, columns=model.criteria
        ),
        confidence=pd.Series(confidence, index=model.vendors, name="confidence"),
        samples=samples,
        accepted_share=accepted / drawn if drawn else 1.0,
        seed=seed,
    )


def _active(model: ScoreModel, criteria: Sequence[str] | None) -> list[str]:
    if criteria is None:
        return [c for c, w in zip(model.criteria, model.weights, strict=True) if w > 0]
    return [_known(model, c, model.criteria) for c in criteria]


def _known(model: ScoreModel, criterion: str, among: Sequence[str]) -> str:
    if criterion not in among:
        raise InputError(
            "criterion not among those whose weights vary",
            field="criteria",
            expected="one of: " + ", ".join(among),
            found=criterion,
        )
    return criterion


def _bounds(
    model: ScoreModel,
    active: list[str],
    bounds: Mapping[str, tuple[float, float]] | None,
) -> tuple[np.ndarray, np.ndarray]:
    low, high = np.zeros(len(active)), np.ones(len(active))
    for criterion, (lo, hi) in (bounds or {}).items():
        j = active.index(_known(model, criterion, active))
        if not 0.0 <= lo <= hi <= 1.0:
            raise InputError(
                f"weight range of {criterion!r} is not within 0–1",
                field="bounds",
                expected="0 ≤ lowest ≤ highest ≤ 1",
                found=f"{lo:g}–{hi:g}",
            )
        low[j], high[j] = lo, hi
    if low.sum() > 1.0 or high.sum() < 1.0:
        raise InputError(
            "no weights can meet these ranges",
            field="bounds",
            expected="lowest shares summing to at most 1 and highest to at least 1",
            found=f"lowest sum {low.sum():g}, highest sum {high.sum():g}",
        )
    return low, high
