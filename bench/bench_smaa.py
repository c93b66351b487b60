"""SMAA-2 and the robustness view: speed and memory.

Run: ``.venv/bin/python bench/bench_smaa.py [--quick]``. Prints, measured in one run:

* SMAA with 100,000 samples on 20 vendors × 12 criteria against a bare vectorised
  numpy version (same draws, same ranking rule) and against looping a peer's
  weighted sum (pymcdm) once per sample, timed on a subset and scaled;
* the peak traced memory of 1,000,000 samples (chunked);
* the robustness view for 50 vendors × 60 criteria with 10,000 samples: stability
  intervals + SMAA + tornado, the budget being 150 ms.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np
from _timing import best, row

from scoring.models import (
    Criterion,
    Evaluation,
    Policies,
    RatingMatrix,
    Vendor,
    Weights,
)
from scoring.robustness import stability_intervals, tornado
from scoring.smaa import smaa


def evaluation(n: int, m: int, seed: int = 0) -> Evaluation:
    rng = np.random.default_rng(seed)
    ids, names = [f"c{j}" for j in range(m)], [f"V{i}" for i in range(n)]
    return Evaluation(
        criteria=[Criterion(id=c, label_en=c, label_zh=c) for c in ids],
        vendors=[Vendor(name=v) for v in names],
        ratings=RatingMatrix.from_numbers(names, ids, rng.integers(1, 11, (n, m))),
        weights=Weights(values=dict(zip(ids, rng.random(m) + 0.1, strict=True))),
        policies=Policies(),
    )


def bare_smaa(matrix: np.ndarray, samples: int, seed: int) -> np.ndarray:
    """Rank acceptability in plain numpy: one batch, argsort ranks."""
    rng = np.random.default_rng(seed)
    w = rng.standard_exponential((samples, matrix.shape[1]))
    w /= w.sum(axis=1, keepdims=True)
    scores = w @ matrix.T
    order = np.argsort(-scores, axis=1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(matrix.shape[0])[None, :], axis=1)
    n = matrix.shape[0]
    cells = np.arange(n) * n + ranks
    return np.bincount(cells.ravel(), minlength=n * n).reshape(n, n) / samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeat = 2 if args.quick else 5

    # SMAA 100,000 samples, 20 × 12
    ev = evaluation(20, 12)
    matrix = (ev.ratings.values - 1) / 9
    samples = 100_000
    engine = smaa(ev, samples, seed=1)
    assert np.allclose(engine.acceptability.to_numpy(), bare_smaa(matrix, samples, 1))
    bare = best(lambda: bare_smaa(matrix, samples, 1), repeat)
    ours = best(lambda: smaa(ev, samples, seed=1), repeat)
    print("SMAA-2, 100,000 samples, 20 vendors × 12 criteria")
    print(row("bare vectorised numpy", bare, bare))
    print(row("engine smaa()", ours, bare))
    try:
        from pymcdm.methods import WSM
        from pymcdm.normalizations import minmax_normalization

        peer = WSM(minmax_normalization)
        types = np.ones(12)
        rng = np.random.default_rng(1)
        subset = 2_000
        start = time.perf_counter()
        for _ in range(subset):
            w = rng.dirichlet(np.ones(12))
            peer.rank(peer(ev.ratings.values, w, types, validation=False))
        loop = (time.perf_counter() - start) * samples / subset
        print(row(f"pymcdm WSM looped (scaled from {subset})", loop, bare))
        print(f"  engine is {loop / ours:,.0f}× faster than looping the peer")
    except ImportError:
        print("  pymcdm not installed: peer loop skipped")

    # 1,000,000 samples: peak traced memory
    tracemalloc.start()
    start = time.perf_counter()
    smaa(ev, 1_000_000, seed=2)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print("\nSMAA-2, 1,000,000 samples, 20 × 12")
    print(f"  peak traced memory {peak / 2**20:8.1f} MiB (budget 500), {elapsed:.2f} s")

    # the robustness view, 50 × 60, 10,000 samples
    big = evaluation(50, 60)

    def view() -> None:
        stability_intervals(big)
        smaa(big, 10_000, seed=0)
        tornado(big)

    print("\nRobustness view, 50 vendors × 60 criteria, 10,000 samples")
    print(row("stability intervals", best(lambda: stability_intervals(big), repeat)))
    print(row("SMAA-2 10,000 samples", best(lambda: smaa(big, 10_000, seed=0), repeat)))
    print(row("tornado", best(lambda: tornado(big), repeat)))
    total = best(view, repeat)
    print(row("all three (budget 150 ms)", total))
    print(f"  within budget: {total < 0.150}")


if __name__ == "__main__":
    main()
