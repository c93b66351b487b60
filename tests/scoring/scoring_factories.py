"""Factories for the engine's tests: case folders and seeded evaluations."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from scoring.models import (
    Criterion,
    Direction,
    Evaluation,
    Policies,
    RatingMatrix,
    Scale,
    Vendor,
    Weights,
)

CASES = Path(__file__).resolve().parent / "cases"


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.reader(handle) if row]


def case_evaluation(folder: str, policies: Policies | None = None) -> Evaluation:
    """The evaluation of a case folder: ``scores.csv`` and ``weights.csv``.

    The declared scale is made wide enough for every number of the case (prices,
    negative budget deltas), so that it plays no part under min–max or vector
    normalisation.
    """
    scores = _read_csv(CASES / folder / "scores.csv")
    weights = _read_csv(CASES / folder / "weights.csv")[1:]
    names = scores[0][1:]
    values = np.array([[float(c) for c in row[1:]] for row in scores[1:]])
    direction = {row[0]: Direction(row[2]) for row in weights}
    criteria = [
        Criterion(id=n, label_en=n, label_zh=n, direction=direction[n]) for n in names
    ]
    vendors = [row[0] for row in scores[1:]]
    return Evaluation(
        criteria=criteria,
        vendors=[Vendor(name=v) for v in vendors],
        ratings=RatingMatrix.from_numbers(vendors, names, values),
        weights=Weights(values={row[0]: float(row[1]) for row in weights}),
        policies=policies or Policies(normalization="minmax"),
        scale=Scale(low=-1000.0, high=1000.0),
    )


def random_evaluation(
    seed: int,
    vendors: int = 6,
    criteria: int = 5,
    *,
    marks: bool = False,
    unknown: bool = False,
    policies: Policies | None = None,
) -> Evaluation:
    """A seeded evaluation on the 1–10 scale, optionally with marks and blanks."""
    rng = np.random.default_rng(seed)
    names = [f"c{j}" for j in range(criteria)]
    people = [f"V{i}" for i in range(vendors)]
    values = rng.integers(1, 11, size=(vendors, criteria)).astype(float)
    kinds = np.zeros((vendors, criteria), dtype=np.int8)
    if marks:
        kinds[rng.random((vendors, criteria)) < 0.15] = 1
        kinds[rng.random((vendors, criteria)) < 0.10] = 2
    if unknown:
        kinds[rng.random((vendors, criteria)) < 0.10] = 3
    values[kinds != 0] = np.nan
    cost = rng.random(criteria) < 0.3
    return Evaluation(
        criteria=[
            Criterion(
                id=n,
                label_en=n,
                label_zh=n,
                direction=Direction.COST if c else Direction.BENEFIT,
            )
            for n, c in zip(names, cost, strict=True)
        ],
        vendors=[Vendor(name=p) for p in people],
        ratings=RatingMatrix(
            vendors=people, criteria=names, kinds=kinds, values=values
        ),
        weights=Weights(
            values=dict(zip(names, rng.random(criteria) + 0.05, strict=True))
        ),
        policies=policies or Policies(),
    )
