"""Cost as money: total cost of ownership, and value for money.

TCO over ``N`` years is licence + implementation (paid now) + the yearly running
cost (paid at the end of each year), optionally discounted. It can enter the
ranking as a cost criterion, or stay out of it so that benefit is set against cost
on a value-for-money chart with its efficient frontier.

References
----------
.. [1] Ellram, L. M. (1995). Total cost of ownership: an analysis approach for
   purchasing. International Journal of Physical Distribution & Logistics
   Management 25(8), 4–23.
.. [2] Pareto efficiency as used in multi-objective decision analysis: Keeney, R.
   L. and Raiffa, H. (1976). Decisions with Multiple Objectives. Wiley, ch. 3.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from scoring.errors import InputError
from scoring.evaluate import evaluate
from scoring.models import (
    Criterion,
    Direction,
    Evaluation,
    RatingKind,
    RatingMatrix,
    Weights,
)

__all__ = [
    "Costs",
    "ValueForMoney",
    "efficient_frontier",
    "tco",
    "value_for_money",
    "with_tco",
]


class Costs(BaseModel):
    """One vendor's costs in one currency: licence and implementation once, running
    cost every year."""

    model_config = ConfigDict(frozen=True)

    licence: float = Field(ge=0)
    implementation: float = Field(ge=0)
    running: float = Field(ge=0)


def tco(
    costs: Mapping[str, Costs], years: int = 5, discount_rate: float = 0.0
) -> pd.Series:
    """Total cost of ownership of each vendor.

    ``TCO = licence + implementation + Σ_{t=1..N} running / (1 + r)^t``: the
    one-off costs fall at the start, each year's running cost at its end. With
    ``r = 0`` this is the plain sum ``licence + implementation + N · running``.
    """
    if years < 1:
        raise InputError(
            "the period must be at least one year",
            field="years",
            expected="a whole number ≥ 1",
            found=str(years),
        )
    if not -1.0 < discount_rate < 1.0:
        raise InputError(
            "discount rate out of range",
            field="discount_rate",
            expected="a yearly rate such as 0.05 for 5 %",
            found=str(discount_rate),
        )
    annuity = float(np.sum((1.0 + discount_rate) ** -np.arange(1, years + 1)))
    return pd.Series(
        {
            v: c.licence + c.implementation + annuity * c.running
            for v, c in costs.items()
        },
        name="tco",
    )


def with_tco(
    evaluation: Evaluation,
    totals: pd.Series,
    weight: float,
    criterion_id: str = "tco",
) -> Evaluation:
    """The evaluation with TCO added as a cost criterion of the given weight.

    TCO is put on the evaluation's scale in proportion to the most expensive
    vendor: ``low + (high − low) · TCO / max TCO``. Under ``"scale"`` normalisation
    the cost criterion then scores ``1 − TCO / max TCO``: a vendor half as
    expensive as the dearest earns 0.5, proportions kept. Vendors without a TCO
    get an unknown cell.
    """
    if criterion_id in evaluation.criterion_ids:
        raise InputError(
            "the evaluation already has this criterion",
            field="criterion_id",
            found=criterion_id,
        )
    names = [v.name for v in evaluation.vendors]
    cost = totals.reindex(names).to_numpy(dtype=float)
    top = np.nanmax(cost) if np.isfinite(cost).any() else 0.0
    low, high = evaluation.scale.low, evaluation.scale.high
    column = low + (high - low) * (cost / top if top > 0 else np.zeros_like(cost))
    ratings = evaluation.ratings
    kind = np.where(np.isnan(column), RatingKind.UNKNOWN, RatingKind.VALUE)
    kinds = np.column_stack([ratings.kinds, kind.astype(np.int8)])
    values = np.column_stack([ratings.values, column])
    criterion = Criterion(
        id=criterion_id,
        label_en="Total cost of ownership",
        label_zh="總擁有成本",
        direction=Direction.COST,
        parent="cost",
    )
    weights = dict(evaluation.weights.values) | {criterion_id: weight}
    return evaluation._replace(
        criteria=[*evaluation.criteria, criterion],
        ratings=RatingMatrix(
            vendors=names,
            criteria=[*ratings.criteria, criterion_id],
            kinds=kinds,
            values=values,
        ),
        weights=Weights(values=weights),
    )


def efficient_frontier(benefit: pd.Series, cost: pd.Series) -> pd.Series:
    """True for the vendors no other vendor beats on both benefit and cost.

    A vendor is dominated when another has benefit ≥ and cost ≤, one of them
    strictly; the efficient vendors, sorted by cost, form the frontier.
    """
    b = benefit.to_numpy(float)
    c = cost.reindex(benefit.index).to_numpy(float)
    no_worse = (b[None, :] >= b[:, None]) & (c[None, :] <= c[:, None])
    better = (b[None, :] > b[:, None]) | (c[None, :] < c[:, None])
    dominated = (no_worse & better).any(axis=1)
    return pd.Series(~dominated, index=benefit.index, name="efficient")


class ValueForMoney(BaseModel):
    """Benefit (weighted sum without cost criteria) against TCO."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    table: pd.DataFrame
    frontier: list[str]


def value_for_money(
    evaluation: Evaluation, totals: pd.Series, cost_criteria: tuple[str, ...] = ()
) -> ValueForMoney:
    """Benefit score against TCO, with the efficient frontier.

    The benefit is the weighted sum with every cost-type criterion (and those named
    in ``cost_criteria``) at weight 0, so that cost is not counted twice.

    Returns
    -------
    ValueForMoney
        ``table``: vendor × ``benefit``, ``tco``, ``efficient``, ``benefit_per_cost``
        (benefit per unit of TCO); ``frontier``: efficient vendors by rising TCO.
    """
    drop = {c.id for c in evaluation.criteria if c.direction == Direction.COST}
    drop |= set(cost_criteria)
    weights = {k: v for k, v in evaluation.weights.values.items() if k not in drop}
    if not any(v > 0 for v in weights.values()):
        raise InputError(
            "no benefit criterion has a weight",
            field="weights",
            expected="a positive weight on at least one benefit criterion",
        )
    scores = evaluate(evaluation.with_weights(weights)).scores
    ranked = scores[scores["status"] == "ranked"]
    table = pd.DataFrame(
        {"benefit": ranked["total"].astype(float), "tco": totals.reindex(ranked.index)}
    ).dropna()
    table["efficient"] = efficient_frontier(table["benefit"], table["tco"])
    table["benefit_per_cost"] = table["benefit"] / table["tco"].where(table["tco"] > 0)
    frontier = list(table[table["efficient"]].sort_values("tco").index)
    return ValueForMoney(table=table, frontier=frontier)
