"""Sweeps, exact stability intervals, overtaking and rank reversal."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_factories import case_evaluation, random_evaluation

from scoring.builtin import load_market
from scoring.errors import InputError
from scoring.evaluate import evaluate
from scoring.models import Policies
from scoring.robustness import (
    overtake,
    project_to_simplex,
    score_model,
    stability_intervals,
    tornado,
    weight_sweep,
    what_if_removed,
)


def _sweep_weights(evaluation, criterion, t):
    ids = evaluation.criterion_ids
    w = evaluation.weights.vector(ids)
    k = ids.index(criterion)
    rest = np.delete(w, k)
    rest = rest / rest.sum() if rest.sum() > 0 else np.full(len(rest), 1 / len(rest))
    return dict(zip(ids, np.insert((1 - t) * rest, k, t), strict=True))


def _ranking(evaluation, criterion, t):
    """The order of the ranked vendors, computed by evaluate() itself."""
    result = evaluate(evaluation.with_weights(_sweep_weights(evaluation, criterion, t)))
    ranked = result.scores[result.scores["status"] == "ranked"]
    return tuple(ranked["rank"]), ranked["total"].idxmax()


@pytest.mark.parametrize(
    "policies",
    [
        pytest.param(Policies(), id="scale flag"),
        pytest.param(Policies(normalization="minmax"), id="minmax flag"),
        pytest.param(Policies(unknown="rescale"), id="scale rescale"),
    ],
)
def test_score_model_agrees_with_evaluate(policies):
    evaluation = random_evaluation(7, 8, 6, marks=True, unknown=True, policies=policies)
    model = score_model(evaluation)
    result = evaluate(evaluation)
    ranked = result.scores.loc[model.vendors, "total"].to_numpy()
    assert model.scores(model.weights) == pytest.approx(ranked)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 5000),
    rescale=st.booleans(),
)
def test_interval_ends_are_where_the_ranking_changes(seed, rescale):
    """Closed-form ends checked against a fine sweep run through evaluate()."""
    policies = Policies(unknown="rescale" if rescale else "flag")
    evaluation = random_evaluation(seed, 5, 4, unknown=rescale, policies=policies)
    step = 1 / 400
    for interval in stability_intervals(evaluation):
        t0 = interval.weight
        order0, winner0 = _ranking(evaluation, interval.criterion, t0)
        for end, other in (("high", 1), ("low", -1)):
            edge = getattr(interval, f"ranking_{end}")
            w_edge = getattr(interval, f"winner_{end}")
            # just inside: unchanged; just outside: changed (unless at 0 or 1)
            inside = edge - other * step / 4
            if other * (inside - t0) > 0:
                assert _ranking(evaluation, interval.criterion, inside)[0] == order0
            outside = edge + other * step
            if 0 <= outside <= 1 and 0 < edge < 1:
                assert _ranking(evaluation, interval.criterion, outside)[0] != order0
            w_inside = w_edge - other * step / 4
            if other * (w_inside - t0) > 0:
                assert _ranking(evaluation, interval.criterion, w_inside)[1] == winner0
            w_outside = w_edge + other * step
            if 0 <= w_outside <= 1 and 0 < w_edge < 1:
                assert _ranking(evaluation, interval.criterion, w_outside)[1] != winner0
                # the vendor named is level with the winner exactly at the end
                taker = getattr(interval, f"winner_{end}_by")
                weights = _sweep_weights(evaluation, interval.criterion, w_edge)
                totals = evaluate(evaluation.with_weights(weights)).scores["total"]
                assert totals[taker] == pytest.approx(totals[winner0], abs=1e-9)


def test_winner_interval_matches_a_brute_force_sweep_on_the_market():
    evaluation = load_market("large")
    grid = np.linspace(0, 1, 2001)
    for interval in stability_intervals(evaluation):
        sweep = weight_sweep(evaluation, interval.criterion, points=len(grid))
        winners = sweep.idxmax(axis=1).to_numpy()
        stays = winners == "Siebel"
        inside = (grid > interval.winner_low + 1e-3) & (
            grid < interval.winner_high - 1e-3
        )
        outside = (grid < interval.winner_low - 1e-3) | (
            grid > interval.winner_high + 1e-3
        )
        assert stays[inside].all()
        assert not stays[outside].any()


def test_sweep_at_the_current_weight_gives_the_current_scores():
    evaluation = load_market("large")
    w = evaluation.weights.vector(evaluation.criterion_ids)[0]
    sweep = weight_sweep(evaluation, "opportunity_mgmt", points=13)
    assert w == pytest.approx(1 / 12)
    totals = evaluate(evaluation).scores["total"]
    assert sweep.iloc[1].to_numpy() == pytest.approx(totals[sweep.columns].to_numpy())


def test_tornado_rows_and_vendor():
    frame = tornado(load_market("large"), spread=0.5)
    assert frame.attrs["vendor"] == "Siebel"
    assert len(frame) == 12
    assert (frame["swing"].diff().dropna() <= 1e-15).all()
    assert (frame["low"] <= frame["weight"]).all()


def test_overtake_single_weight_makes_the_pair_level():
    evaluation = load_market("large")
    result = overtake(evaluation, "Trilogy", "Siebel")
    assert result.gap > 0
    best = result.single.index[0]
    needed = result.single.loc[best, "needed"]
    scores = evaluate(
        evaluation.with_weights(_sweep_weights(evaluation, best, needed))
    ).scores["total"]
    assert scores["Trilogy"] == pytest.approx(scores["Siebel"], abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 5000))
def test_overtake_l1_and_l2_are_the_optimum(seed):
    """The greedy L1 and projected L2 answers equal scipy's LP and QP optima."""
    optimize = pytest.importorskip("scipy.optimize")
    evaluation = random_evaluation(seed, 4, 5)
    model = score_model(evaluation)
    order = np.argsort(-model.scores(model.weights))
    leader, challenger = model.vendors[order[0]], model.vendors[order[-1]]
    result = overtake(evaluation, challenger, leader)
    d = model.matrix[order[-1]] - model.matrix[order[0]]
    w, m = model.weights, len(model.weights)
    if d.max() <= 0:
        assert result.l1 is None and result.l2 is None
        return

    # L1 as a linear programme over (w', u) with u >= |w' - w|
    cost = np.concatenate([np.zeros(m), np.ones(m)])
    eye = np.eye(m)
    lp = optimize.linprog(
        cost,
        A_ub=np.block([[eye, -eye], [-eye, -eye], [-d[None, :], np.zeros((1, m))]]),
        b_ub=np.concatenate([w, -w, [0.0]]),
        A_eq=np.concatenate([np.ones(m), np.zeros(m)])[None, :],
        b_eq=[1.0],
        bounds=[(0, 1)] * m + [(0, None)] * m,
    )
    assert result.l1_distance == pytest.approx(lp.fun, abs=1e-7)
    new = np.array(list(result.l1.values()))
    assert d @ new == pytest.approx(0.0, abs=1e-9)

    # L2 as a quadratic programme
    qp = optimize.minimize(
        lambda x: ((x - w) ** 2).sum(),
        w,
        jac=lambda x: 2 * (x - w),
        constraints=[
            {"type": "eq", "fun": lambda x: x.sum() - 1},
            {"type": "ineq", "fun": lambda x: d @ x},
        ],
        bounds=[(0, 1)] * m,
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 500},
    )
    assert result.l2_distance == pytest.approx(np.sqrt(qp.fun), abs=1e-5)


def test_projection_onto_the_simplex():
    point = np.array([0.5, 0.9, -0.2])
    projected = project_to_simplex(point)
    assert projected.sum() == pytest.approx(1.0)
    assert (projected >= 0).all()
    assert projected == pytest.approx([0.3, 0.7, 0.0])


def test_overtake_names_unknown_vendors():
    with pytest.raises(InputError) as caught:
        overtake(load_market("large"), "Nobody", "Siebel")
    assert caught.value.found == "Nobody"


def test_rank_reversal_when_a_vendor_is_removed():
    """Min–max normalisation: removing Siebel changes the ranges and flips a pair
    whose own ratings did not change (Belton and Gear 1983)."""
    evaluation = load_market("large").with_policies(Policies(normalization="minmax"))
    flips = what_if_removed(evaluation, "Siebel")
    assert len(flips) >= 1
    assert "Siebel" not in set(flips["first"]) | set(flips["second"])
    assert (flips["score_first_before"] >= flips["score_second_before"]).all()
    assert (flips["score_first_after"] < flips["score_second_after"]).all()


def test_no_rank_reversal_under_scale_normalisation():
    evaluation = load_market("large")
    for vendor in [v.name for v in evaluation.vendors]:
        assert what_if_removed(evaluation, vendor).empty


def test_case00_topsis_reversal_is_reported():
    evaluation = case_evaluation("00-baseline-reference")
    flips = what_if_removed(evaluation, "Vendor C", "topsis")
    assert isinstance(flips.shape[0], int)
