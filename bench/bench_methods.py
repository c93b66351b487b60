"""Weighted sum and TOPSIS: the engine against bare numpy and peer libraries.

Run: ``.venv/bin/python bench/bench_methods.py [--quick]``. Ratios are to the bare
numpy implementation measured in the same run. Peers that are not installed are
skipped (pyDecision is not in requirements.txt; put it on PYTHONPATH to include it).
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
from _timing import best, row

from scoring.methods import topsis
from scoring.wsm import normalize_minmax, weighted_sum


def bare_wsm(x, w, benefit):
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    r = np.where(benefit, x - lo, hi - x) / span
    return r @ w


def bare_topsis(x, w, benefit):
    v = x / np.sqrt((x**2).sum(axis=0)) * w
    best_, worst = (
        np.where(benefit, v.max(0), v.min(0)),
        np.where(benefit, v.min(0), v.max(0)),
    )
    dp = np.sqrt(((v - best_) ** 2).sum(1))
    dm = np.sqrt(((v - worst) ** 2).sum(1))
    return dm / (dp + dm)


def engine_wsm(x, w, benefit):
    return weighted_sum(normalize_minmax(x, ~benefit)[0], w)


def peers(x, w, benefit):
    out = {}
    types = np.where(benefit, 1, -1)
    try:
        from pymcdm.methods import TOPSIS, WSM
        from pymcdm.normalizations import minmax_normalization, vector_normalization

        t, s = TOPSIS(vector_normalization), WSM(minmax_normalization)
        out["pymcdm TOPSIS"] = lambda: t(x, w, types, validation=False)
        out["pymcdm WSM"] = lambda: s(x, w, types, validation=False)
    except ImportError:
        pass
    try:
        import skcriteria as skc
        from skcriteria.agg.similarity import TOPSIS as SkTopsis
        from skcriteria.agg.simple import WeightedSumModel
        from skcriteria.preprocessing.invert_objectives import InvertMinimize
        from skcriteria.preprocessing.scalers import MinMaxScaler, VectorScaler

        objectives = [max if b else min for b in benefit]

        def sk_topsis():
            dm = skc.mkdm(x, objectives, weights=w)
            return SkTopsis().evaluate(VectorScaler(target="matrix").transform(dm))

        def sk_wsm():
            dm = skc.mkdm(x, objectives, weights=w)
            dm = MinMaxScaler(target="matrix").transform(InvertMinimize().transform(dm))
            return WeightedSumModel().evaluate(dm)

        out["scikit-criteria TOPSIS"] = sk_topsis
        out["scikit-criteria WSM"] = sk_wsm
    except ImportError:
        pass
    try:
        from pyDecision.algorithm import saw_method, topsis_method

        kinds = ["max" if b else "min" for b in benefit]
        out["pyDecision TOPSIS"] = lambda: topsis_method(
            x, w, kinds, graph=False, verbose=False
        )
        out["pyDecision SAW"] = lambda: saw_method(
            x, kinds, w, graph=False, verbose=False
        )
    except ImportError:
        pass
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(0)
    for n, m in ((20, 60), (100_000, 50)):
        x = rng.uniform(1, 10, (n, m))
        w = rng.dirichlet(np.ones(m))
        benefit = rng.random(m) < 0.7
        number = 200 if n < 1000 else 1
        print(f"{n} × {m}")
        args3 = (x, w, benefit)
        assert np.allclose(engine_wsm(x, w, benefit), bare_wsm(x, w, benefit))
        assert np.allclose(topsis(x, w, benefit).closeness, bare_topsis(x, w, benefit))
        bw = best(lambda a=args3: bare_wsm(*a), repeat, number)
        bt = best(lambda a=args3: bare_topsis(*a), repeat, number)
        print(row("bare numpy WSM (min-max)", bw, bw))
        print(
            row(
                "engine WSM",
                best(lambda a=args3: engine_wsm(*a), repeat, number),
                bw,
            )
        )
        print(row("bare numpy TOPSIS (vector)", bt, bt))
        ours = best(lambda a=args3: topsis(*a), repeat, number)
        print(row("engine TOPSIS", ours, bt))
        for name, fn in peers(x, w, benefit).items():
            reference = bt if "TOPSIS" in name else bw
            peer_number = max(1, number // 20)
            print(row(name, best(fn, max(1, repeat // 2), peer_number), reference))


if __name__ == "__main__":
    main()
