"""Weights from a ranking of the criteria: rank-order centroid and rank sum.

A person who cannot say "30 %" can often say "cost first, then functionality, then
viability and vision together". These formulas turn such a ranking into weights.

References
----------
.. [1] Barron, F. H. and Barrett, B. E. (1996). Decision quality using ranked
   attribute weights. Management Science 42(11), 1515–1523.
.. [2] Stillwell, W. G., Seaver, D. A. and Edwards, W. (1981). A comparison of
   weight approximation techniques in multiattribute utility decision making.
   Organizational Behavior and Human Performance 28(1), 62–77 (rank sum).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scoring.errors import InputError

__all__ = ["rank_order_centroid", "rank_sum"]


def _positions(ranking: Mapping[str, int]) -> tuple[list[str], np.ndarray]:
    if not ranking:
        raise InputError("no criteria ranked", field="ranking")
    names = list(ranking)
    ranks = np.array([ranking[n] for n in names])
    for name, rank in ranking.items():
        if not isinstance(rank, int | np.integer) or rank < 1:
            raise InputError(
                f"rank of {name!r} is not a positive whole number",
                field="ranking",
                expected="1 for the most important, 2 for the next, …",
                found=str(rank),
            )
    # tied criteria occupy consecutive positions: ranks 1, 2, 2, 4 are positions
    # 1, 2–3, 4; dense ranks 1, 2, 2, 3 are read the same way
    order = np.argsort(ranks, kind="stable")
    positions = np.empty(len(names))
    positions[order] = np.arange(1, len(names) + 1)
    return names, np.array([positions[ranks == r] for r in ranks], dtype=object)


def _spread(ranking: Mapping[str, int], per_position: np.ndarray) -> dict[str, float]:
    # a tied group shares the mean of the weights of the positions it occupies
    names, groups = _positions(ranking)
    weights = [float(np.mean(per_position[np.asarray(g, int) - 1])) for g in groups]
    total = sum(weights)
    return {n: w / total for n, w in zip(names, weights, strict=True)}


def rank_order_centroid(ranking: Mapping[str, int]) -> dict[str, float]:
    """Rank-order centroid weights: ``w_k = (1/n) Σ_{i=k..n} 1/i``.

    Parameters
    ----------
    ranking
        Criterion → rank, 1 for the most important. Ties are allowed: tied criteria
        share equally the weights of the positions they occupy together (ranks 1,
        2, 2, 4 give positions 1, {2, 3}, {2, 3}, 4).

    Notes
    -----
    The centroid is the centre of the region of the simplex where the weights
    respect the ranking (Barron and Barrett 1996), the expected weights if every
    weighting in that order is equally likely.
    """
    n = len(ranking)
    per_position = np.array(
        [np.sum(1.0 / np.arange(k, n + 1)) / n for k in range(1, n + 1)]
    )
    return _spread(ranking, per_position)


def rank_sum(ranking: Mapping[str, int]) -> dict[str, float]:
    """Rank-sum weights: ``w_k = 2 (n + 1 − k) / (n (n + 1))``; ties as in
    :func:`rank_order_centroid`."""
    n = len(ranking)
    per_position = np.array(
        [2.0 * (n + 1 - k) / (n * (n + 1)) for k in range(1, n + 1)]
    )
    return _spread(ranking, per_position)
