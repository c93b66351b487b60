"""TCO, TCO as a cost criterion, and the value-for-money frontier."""

from __future__ import annotations

import pandas as pd
import pytest

from scoring.builtin import load_market
from scoring.errors import InputError
from scoring.evaluate import evaluate
from scoring.tco import Costs, efficient_frontier, tco, value_for_money, with_tco


def test_undiscounted_tco_is_the_plain_sum():
    totals = tco({"A": Costs(licence=100, implementation=50, running=20)}, years=5)
    assert totals["A"] == pytest.approx(100 + 50 + 5 * 20)


def test_discounted_running_cost_is_an_annuity():
    totals = tco({"A": Costs(licence=0, implementation=0, running=100)}, 3, 0.10)
    assert totals["A"] == pytest.approx(100 / 1.1 + 100 / 1.1**2 + 100 / 1.1**3)


@pytest.mark.parametrize(("years", "rate"), [(0, 0.0), (3, 1.5)])
def test_tco_refuses_bad_periods_and_rates(years, rate):
    with pytest.raises(InputError):
        tco({"A": Costs(licence=1, implementation=1, running=1)}, years, rate)


def test_tco_enters_as_a_cost_criterion_scored_against_the_dearest():
    evaluation = load_market("large")
    totals = pd.Series({v.name: 100.0 for v in evaluation.vendors})
    totals["Siebel"] = 50.0
    totals["SAP"] = 200.0
    with_cost = with_tco(evaluation, totals, weight=1.0)
    result = evaluate(with_cost)
    assert with_cost.criterion("tco").direction == "cost"
    assert result.normalized.loc["Siebel", "tco"] == pytest.approx(1 - 50 / 200)
    assert result.normalized.loc["SAP", "tco"] == pytest.approx(0.0)


def test_vendor_without_tco_gets_an_unknown_cell():
    evaluation = load_market("large")
    with_cost = with_tco(evaluation, pd.Series({"Siebel": 10.0}), weight=1.0)
    assert with_cost.ratings.cell("SAP", "tco").kind == 3


def test_efficient_frontier():
    benefit = pd.Series({"A": 0.9, "B": 0.5, "C": 0.6, "D": 0.9})
    cost = pd.Series({"A": 100, "B": 50, "C": 80, "D": 120})
    assert efficient_frontier(benefit, cost).to_dict() == {
        "A": True,
        "B": True,
        "C": True,
        "D": False,
    }


def test_value_for_money_leaves_cost_out_of_the_benefit():
    evaluation = load_market("large")
    totals = pd.Series({v.name: 100.0 + i for i, v in enumerate(evaluation.vendors)})
    with_cost = with_tco(evaluation, totals, weight=5.0)
    view = value_for_money(with_cost, totals)
    plain = evaluate(evaluation).scores["total"]
    assert view.table["benefit"].to_numpy() == pytest.approx(
        plain[view.table.index].to_numpy()
    )
    assert view.frontier[0] == "Clarify"
    assert "Siebel" in view.frontier
