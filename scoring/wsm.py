"""Weighted-sum scoring as plain numpy functions.

These functions trust their inputs: shapes agree, weights are non-negative and sum to
one, NaN marks a cell that has no score. Validation happens one layer up, in
:mod:`scoring.evaluate`.

References
----------
.. [1] Fishburn, P. C. (1967). Additive utilities with incomplete product set:
   applications to priorities and assignments. Operations Research 15(3), 537–542.
.. [2] Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A
   Comparative Study. Kluwer, ch. 2 (the weighted sum model).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "competition_rank",
    "normalize_minmax",
    "normalize_scale",
    "normalize_vector",
    "weighted_sum",
]


def normalize_scale(
    values: np.ndarray, low: float, high: float, cost: np.ndarray
) -> np.ndarray:
    """Map ratings on the declared scale ``[low, high]`` onto 0–1.

    Benefit criteria: ``(x - low) / (high - low)``; cost criteria (``cost`` True):
    ``(high - x) / (high - low)``. NaN stays NaN.
    """
    scaled = (values - low) / (high - low)
    if cost.any():
        scaled[:, cost] = 1.0 - scaled[:, cost]
    return scaled


def normalize_minmax(values: np.ndarray, cost: np.ndarray) -> tuple[np.ndarray, ...]:
    """Map each column's observed range onto 0–1, ignoring NaN.

    Returns
    -------
    normalized : ndarray
        Benefit: ``(x - min) / (max - min)``; cost: ``(max - x) / (max - min)``.
        A column whose range is zero (or that has no number) gives 0 in every
        numeric cell.
    flat : ndarray of bool
        True for the columns whose range is zero: they do not discriminate.
    """
    present = ~np.isnan(values)
    complete = bool(present.all())

    # each column's range (masked reductions only when cells are missing)
    if complete:
        low, high = values.min(axis=0), values.max(axis=0)
    else:
        low = np.min(values, axis=0, initial=np.inf, where=present)
        high = np.max(values, axis=0, initial=-np.inf, where=present)
    span = high - low
    flat = ~(span > 0)  # also true for a column with no number (inf - inf)

    # scale, leaving flat columns at 0
    if not flat.any():
        return np.where(cost, high - values, values - low) / span, flat
    with np.errstate(invalid="ignore"):
        scaled = np.where(cost, high - values, values - low) / np.where(flat, 1.0, span)
    return np.where(flat & present, 0.0, scaled), flat


def normalize_vector(values: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Divide each column by its Euclidean norm, ignoring NaN.

    Benefit: ``x / ‖x‖``; cost (``cost`` True): ``1 − x / ‖x‖``. A column whose
    norm is zero gives 0 in every numeric cell, cost or benefit: it does not
    discriminate. NaN stays NaN.

    References
    ----------
    .. [1] Hwang, C.-L. and Yoon, K. (1981). Multiple Attribute Decision Making.
       Springer, Berlin (vector normalisation, as used by TOPSIS).
    """
    norm = np.sqrt(np.nansum(values**2, axis=0))
    zero = ~(norm > 0)
    with np.errstate(invalid="ignore"):
        scaled = values / np.where(zero, 1.0, norm)
    scaled = np.where(cost & ~zero, 1.0 - scaled, scaled)
    return np.where(zero & ~np.isnan(values), 0.0, scaled)


def weighted_sum(normalized: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Score of each row: ``Σ_j w_j · r_ij`` (rows with NaN give NaN)."""
    return normalized @ weights


def competition_rank(scores: np.ndarray, decimals: int = 9) -> np.ndarray:
    """Competition ranks, highest score first, equal scores sharing a rank (1, 1, 3).

    Scores are compared after rounding to ``decimals`` places so that floating-point
    noise does not split a tie. NaN scores get rank 0 (not ranked).
    """
    rounded = np.round(scores, decimals)
    ranked = ~np.isnan(rounded)
    ranks = np.zeros(len(scores), dtype=int)
    if not ranked.any():
        return ranks
    valid = rounded[ranked]
    # rank = 1 + number of strictly better scores
    order = np.sort(valid)[::-1]
    better = np.searchsorted(-order, -valid, side="left")
    ranks[ranked] = better + 1
    return ranks
