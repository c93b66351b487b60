"""How much the engine's weighted sum costs over a bare numpy weighted sum.

Run: ``.venv/bin/python bench/bench_rank.py`` (``--quick`` for fewer repeats).

For each size it times, in the same run and on the same random matrix:

* ``numpy``: the bare computation: scale normalisation, N/A and P substituted,
  one matrix-vector product;
* ``core``: the engine's numpy layer (``normalized_matrix`` and ``weighted_sum``);
* ``evaluate``: the whole of :func:`scoring.evaluate.evaluate`, which also builds
  the explained result (contributions, pillar subtotals, ranks, flags).

and prints each time with its ratio to ``numpy``. The best of several repeats is
kept, as the least disturbed by the rest of the machine.
"""

from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.evaluate import evaluate, normalized_matrix
from scoring.models import (
    Criterion,
    Evaluation,
    RatingKind,
    RatingMatrix,
    Vendor,
    Weights,
)
from scoring.wsm import weighted_sum


def random_evaluation(n_vendors: int, n_criteria: int, seed: int = 7) -> Evaluation:
    """Ratings 1–10 with about 10 % N/A and 5 % P, random weights."""
    rng = np.random.default_rng(seed)
    values = rng.integers(1, 11, size=(n_vendors, n_criteria)).astype(float)
    draw = rng.random((n_vendors, n_criteria))
    kinds = np.full((n_vendors, n_criteria), RatingKind.VALUE, dtype=np.int8)
    kinds[draw < 0.10] = RatingKind.NOT_OFFERED
    kinds[(draw >= 0.10) & (draw < 0.15)] = RatingKind.PARTNER
    values[kinds != RatingKind.VALUE] = np.nan
    ids = [f"c{j}" for j in range(n_criteria)]
    names = [f"v{i}" for i in range(n_vendors)]
    return Evaluation(
        criteria=[Criterion(id=c, label_en=c, label_zh=c, pillar="SA") for c in ids],
        vendors=[Vendor(name=n) for n in names],
        ratings=RatingMatrix(vendors=names, criteria=ids, kinds=kinds, values=values),
        weights=Weights(
            values=dict(zip(ids, rng.random(n_criteria) + 0.01, strict=True))
        ),
    )


def bare_numpy(kinds, values, weights, na, p):
    normalized = (values - 1.0) / 9.0
    normalized[kinds == RatingKind.NOT_OFFERED] = na
    normalized[kinds == RatingKind.PARTNER] = p
    return normalized @ weights


def best(stmt, repeat: int, number: int) -> float:
    return min(timeit.repeat(stmt, repeat=repeat, number=number)) / number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7

    print(f"{'size':>14} {'method':>9} {'seconds':>11} {'× numpy':>8}")
    for n, m, number in [(20, 60, 2000), (100_000, 50, 3)]:
        evaluation = random_evaluation(n, m)
        ratings = evaluation.ratings
        w = evaluation.weights.vector(evaluation.criterion_ids)
        pol = evaluation.policies

        reference = bare_numpy(
            ratings.kinds, ratings.values, w, pol.not_offered_score, pol.partner_score
        )
        totals = evaluate(evaluation).scores["total"].to_numpy()
        assert np.allclose(totals, reference, rtol=1e-12), "engine disagrees"

        times = {
            "numpy": best(
                lambda r=ratings, w=w, p=pol: bare_numpy(
                    r.kinds, r.values, w, p.not_offered_score, p.partner_score
                ),
                repeat,
                number,
            ),
            "core": best(
                lambda e=evaluation, w=w: weighted_sum(normalized_matrix(e)[0], w),
                repeat,
                number,
            ),
            "evaluate": best(
                lambda e=evaluation: evaluate(e), repeat, max(1, number // 10)
            ),
        }
        for method, seconds in times.items():
            ratio = seconds / times["numpy"]
            print(f"{f'{n}×{m}':>14} {method:>9} {seconds:11.6f} {ratio:8.2f}")


if __name__ == "__main__":
    main()
