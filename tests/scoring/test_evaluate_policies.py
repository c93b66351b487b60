"""The two reference-method policies, worked by hand: ``not_offered_rating`` (an
``N/A`` counts as a rating) and ``unknown="zero"`` (a blank counts as the rating 0).

Both make the mark or blank take part in the normalisation like a number; under
min–max normalisation it therefore extends the criterion's observed range.
"""

from __future__ import annotations

import numpy as np
import pytest
from scoring_factories import random_evaluation

from scoring.evaluate import evaluate, marks_as_ratings, normalized_matrix
from scoring.methods import decision_matrix, rank_with
from scoring.models import (
    Criterion,
    Evaluation,
    Policies,
    RatingMatrix,
    Vendor,
    Weights,
    parse_rating,
)
from scoring.robustness import score_model, stability_intervals
from scoring.smaa import _noisy_matrices, smaa


def marks_evaluation(
    rows: dict[str, list[str]], cost: tuple[str, ...] = (), **policies: object
) -> Evaluation:
    """Vendors × criteria ``a, b, …`` from marks, scale 1–10, equal weights."""
    width = len(next(iter(rows.values())))
    ids = list("abcdef")[:width]
    criteria = [
        Criterion(
            id=c,
            label_en=c.upper(),
            label_zh=c,
            direction="cost" if c in cost else "benefit",
        )
        for c in ids
    ]
    cells = [[parse_rating(x) for x in row] for row in rows.values()]
    return Evaluation(
        criteria=criteria,
        vendors=[Vendor(name=n) for n in rows],
        ratings=RatingMatrix.from_cells(list(rows), ids, cells),
        weights=Weights.equal(ids),
        policies=Policies(**policies),
    )


def totals(evaluation: Evaluation) -> dict[str, float]:
    return evaluate(evaluation).scores["total"].to_dict()


# N/A as a rating ---------------------------------------------------------------


def test_default_policy_scores_na_like_the_lowest_observed_rating_under_minmax():
    # the problem the option solves: min-max over [2, 5] gives Y 0, as N/A gets
    evaluation = marks_evaluation(
        {"X": ["N/A"], "Y": ["2"], "Z": ["5"]}, normalization="minmax"
    )
    assert totals(evaluation) == pytest.approx({"X": 0.0, "Y": 0.0, "Z": 1.0})


def test_na_rating_zero_extends_the_minmax_range():
    # effective ratings [0, 2, 5] -> [0, 2/5, 1]
    evaluation = marks_evaluation(
        {"X": ["N/A"], "Y": ["2"], "Z": ["5"]},
        normalization="minmax",
        not_offered_rating=0,
    )
    assert totals(evaluation) == pytest.approx({"X": 0.0, "Y": 0.4, "Z": 1.0})
    normalized, flat = normalized_matrix(evaluation)
    assert normalized[:, 0] == pytest.approx([0.0, 0.4, 1.0])
    assert flat == []


def test_na_rating_replaces_the_na_score_which_is_then_ignored():
    evaluation = marks_evaluation(
        {"X": ["N/A"], "Y": ["2"], "Z": ["5"]},
        normalization="minmax",
        not_offered_rating=0,
        not_offered_score=1.0,
    )
    assert totals(evaluation)["X"] == pytest.approx(0.0)


def test_na_rating_below_the_scale_normalises_below_zero_and_above_one_for_cost():
    # scale 1-10: benefit (0 - 1) / 9 = -1/9; cost (10 - 0) / 9 = 10/9
    evaluation = marks_evaluation(
        {"X": ["N/A", "N/A"], "Y": ["1", "10"]}, cost=("b",), not_offered_rating=0
    )
    normalized, _ = normalized_matrix(evaluation)
    assert normalized[0] == pytest.approx([-1 / 9, 10 / 9])
    assert totals(evaluation) == pytest.approx({"X": 0.5, "Y": 0.0})


def test_na_rating_on_the_scale_under_scale_normalisation():
    # N/A as 4 on 1-10: (4 - 1) / 9 = 1/3; P keeps its policy score 0.25
    evaluation = marks_evaluation({"X": ["N/A", "P"]}, not_offered_rating=4)
    assert totals(evaluation)["X"] == pytest.approx((1 / 3 + 0.25) / 2)


def test_na_rating_is_the_equivalent_rating_under_vector_normalisation():
    # [0, 3, 4] / 5
    evaluation = marks_evaluation(
        {"X": ["N/A"], "Y": ["3"], "Z": ["4"]},
        normalization="vector",
        not_offered_rating=0,
    )
    assert marks_as_ratings(evaluation)[:, 0] == pytest.approx([0.0, 3.0, 4.0])
    assert totals(evaluation) == pytest.approx({"X": 0.0, "Y": 0.6, "Z": 0.8})


def test_na_rating_must_be_finite():
    with pytest.raises(ValueError, match="finite"):
        Policies(not_offered_rating=float("nan"))


# blank as zero ---------------------------------------------------------------------


def test_zero_blank_takes_part_in_the_minmax_range_and_stays_flagged():
    # a: [0, 4, 8] -> [0, 1/2, 1]; b: [6, 2, 4] -> [1, 0, 1/2]
    rows = {"X": ["", "6"], "Y": ["4", "2"], "Z": ["8", "4"]}
    result = evaluate(marks_evaluation(rows, normalization="minmax", unknown="zero"))
    scores = result.scores
    assert scores["total"].to_dict() == pytest.approx({"X": 0.5, "Y": 0.25, "Z": 0.75})
    assert scores.loc["X", "flagged"] and scores.loc["X", "unknown"] == ["a"]
    assert scores.loc["X", "coverage"] == pytest.approx(0.5)
    assert not scores.loc["Y", "flagged"]
    assert result.normalized.loc["X", "a"] == 0.0
    # the flag policy: a over [4, 8] and X's blank contributes nothing
    flagged = totals(marks_evaluation(rows, normalization="minmax"))
    assert flagged == pytest.approx({"X": 0.5, "Y": 0.0, "Z": 0.75})


def test_zero_blank_under_the_scale_normalises_below_zero():
    # (0 - 1) / 9 on a, 1 on b
    evaluation = marks_evaluation({"X": ["", "10"], "Y": ["1", "1"]}, unknown="zero")
    assert totals(evaluation) == pytest.approx({"X": (1 - 1 / 9) / 2, "Y": 0.0})
    assert evaluate(evaluation).scores.loc["X", "flagged"]


def test_zero_blank_on_a_cost_criterion_is_the_best_price():
    # a (cost): [0, 5, 10] -> [1, 1/2, 0]; b is flat and gives 0
    evaluation = marks_evaluation(
        {"X": ["", "5"], "Y": ["5", "5"], "Z": ["10", "5"]},
        cost=("a",),
        normalization="minmax",
        unknown="zero",
    )
    assert totals(evaluation) == pytest.approx({"X": 0.5, "Y": 0.25, "Z": 0.0})


def test_zero_vendor_without_any_rating_is_listed_apart_but_shapes_the_range():
    # X is not ranked; its zeros still widen a to [0, 8] and b to [0, 6]
    rows = {"X": ["", ""], "Y": ["4", "6"], "Z": ["8", "2"]}
    result = evaluate(marks_evaluation(rows, normalization="minmax", unknown="zero"))
    assert result.insufficient == ["X"]
    assert np.isnan(result.scores.loc["X", "total"])
    assert result.scores.loc["X", "rank"] == 0
    ranked = result.scores.loc[["Y", "Z"], "total"].to_dict()
    assert ranked == pytest.approx({"Y": 0.75, "Z": (1 + 1 / 3) / 2})


def test_zero_blank_is_the_rating_zero_under_vector_and_none():
    # a: [0, 3, 4] / 5
    evaluation = marks_evaluation(
        {"X": ["", "2"], "Y": ["3", "2"], "Z": ["4", "2"]},
        normalization="vector",
        unknown="zero",
    )
    normalized, _ = normalized_matrix(evaluation)
    assert normalized[:, 0] == pytest.approx([0.0, 0.6, 0.8])
    assert evaluate(evaluation).scores.loc["X", "status"] == "ranked"
    matrix, benefit, notes = decision_matrix(evaluation, "none")
    assert matrix[:, 0] == pytest.approx([0.0, 3.0, 4.0]) and benefit.all()
    assert notes == ["unknown cells count as the rating 0 (1 cells)"]


def test_topsis_and_promethee_read_both_options():
    rows = {"X": ["N/A", "9"], "Y": ["3", ""], "Z": ["4", "5"]}
    evaluation = marks_evaluation(rows, not_offered_rating=0, unknown="zero")
    weighted = np.array([[0.0, 9.0], [3.0, 0.0], [4.0, 5.0]])
    topsis = rank_with(evaluation, "topsis")
    expected = weighted / np.sqrt((weighted**2).sum(axis=0)) * 0.5
    assert topsis.details["weighted"].to_numpy() == pytest.approx(expected)
    promethee = rank_with(evaluation, "promethee")
    # usual preference: X beats Y and Z on b, Y beats X on a, Z beats X on a and
    # Y on a and b: net flows 0, -1/2, 1/2
    assert promethee.scores.to_dict() == pytest.approx({"X": 0.0, "Y": -0.5, "Z": 0.5})


# engine-wide agreement -------------------------------------------------------


ZERO_POLICIES = [
    pytest.param(Policies(unknown="zero"), id="scale zero"),
    pytest.param(Policies(normalization="minmax", unknown="zero"), id="minmax zero"),
    pytest.param(
        Policies(normalization="minmax", unknown="zero", not_offered_rating=0),
        id="minmax zero na0",
    ),
    pytest.param(
        Policies(normalization="vector", unknown="zero", not_offered_rating=2),
        id="vector zero na2",
    ),
    pytest.param(Policies(not_offered_rating=0), id="scale flag na0"),
]


@pytest.mark.parametrize("policies", ZERO_POLICIES)
def test_score_model_agrees_with_evaluate_under_the_new_policies(policies):
    evaluation = random_evaluation(7, 8, 6, marks=True, unknown=True, policies=policies)
    model = score_model(evaluation)
    result = evaluate(evaluation)
    ranked = result.scores.loc[model.vendors, "total"].to_numpy()
    assert model.scores(model.weights) == pytest.approx(ranked, rel=1e-12)
    assert stability_intervals(evaluation)


@pytest.mark.parametrize("policies", ZERO_POLICIES)
def test_smaa_without_noise_draws_the_score_models_matrix(policies):
    evaluation = random_evaluation(5, 8, 6, marks=True, unknown=True, policies=policies)
    model = score_model(evaluation)
    rows = np.isin([v.name for v in evaluation.vendors], model.vendors)
    rng = np.random.default_rng(0)
    drawn = _noisy_matrices(evaluation, model, rows, rng, 3, 0.0, "uniform")
    assert rows.all()  # smaa normalises over the ranked vendors: all of them here
    for matrix in drawn:
        assert matrix == pytest.approx(model.matrix, rel=1e-12, abs=1e-15)
    result = smaa(evaluation, 500, seed=1, rating_noise=0.5)
    assert result.acceptability.sum(axis=1).to_numpy() == pytest.approx(1.0)


def test_wsm_through_rank_with_is_evaluate_under_zero():
    policies = Policies(normalization="minmax", unknown="zero", not_offered_rating=0)
    evaluation = random_evaluation(2, 6, 4, marks=True, unknown=True, policies=policies)
    method = rank_with(evaluation, "wsm")
    result = evaluate(evaluation)
    assert method.scores.to_dict() == pytest.approx(
        result.ranked["total"].to_dict(), rel=1e-12
    )
