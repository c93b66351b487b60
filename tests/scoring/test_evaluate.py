"""Scoring the seed's 2001 matrices and small evaluations worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.builtin import load_market
from scoring.evaluate import evaluate
from scoring.models import (
    Criterion,
    Direction,
    Evaluation,
    Policies,
    RatingMatrix,
    Vendor,
    Weights,
    parse_rating,
)


def small_evaluation(rows: dict[str, list[str]], **weights: float) -> Evaluation:
    """Vendors × criteria ``a, b, c`` from marks, scale 1–10."""
    ids = ["a", "b", "c"][: len(next(iter(rows.values())))]
    criteria = [Criterion(id=c, label_en=c.upper(), label_zh=c) for c in ids]
    cells = [[parse_rating(x) for x in row] for row in rows.values()]
    return Evaluation(
        criteria=criteria,
        vendors=[Vendor(name=n) for n in rows],
        ratings=RatingMatrix.from_cells(list(rows), ids, cells),
        weights=Weights(values=weights or dict.fromkeys(ids, 1.0)),
    )


# the seed matrices -----------------------------------------------------------


def test_equal_weights_on_the_twelve_large_enterprise_areas_put_siebel_first():
    result = evaluate(load_market("large"))
    assert result.winners == ["Siebel"]
    # Siebel's ratings 8,5,4,4,3,4,7,8,6,4,4,4 on (x-1)/9, each weighted 1/12:
    # (7+4+3+3+2+3+6+7+5+3+3+3) / 9 / 12 = 49/108
    assert result.scores.loc["Siebel", "total"] == pytest.approx(49 / 108, rel=1e-12)
    # Trilogy second: 3,7,3,5,7,6 then N/A x3, 5, N/A x2 -> (2+6+2+4+6+5+4)/108
    assert result.ranked.index[1] == "Trilogy"
    assert result.scores.loc["Trilogy", "total"] == pytest.approx(29 / 108, rel=1e-12)


def test_weight_only_on_call_response_ties_clarify_and_peoplesoft_second():
    evaluation = load_market("large").with_weights({"call_response": 1.0})
    result = evaluate(evaluation)
    ranks = result.scores["rank"]
    assert ranks["Siebel"] == 1
    assert ranks["Clarify"] == ranks["PeopleSoft"] == 2
    assert ranks["Oracle"] == 4  # competition ranking skips 3
    assert result.scores.loc["Siebel", "total"] == pytest.approx(7 / 9)
    assert result.scores.loc["Clarify", "total"] == pytest.approx(5 / 9)


def test_the_partner_policy_moves_vendors_with_p_marks_only():
    # Clarify's only P is data mart / analytics; Kana has P on content and
    # personalised marketing; Siebel has none.
    base = load_market("large").with_weights(
        {"data_mart_analytics": 1.0, "content_mgmt": 1.0}
    )
    low = evaluate(base.with_policies(Policies(partner_score=0.0)))
    high = evaluate(base.with_policies(Policies(partner_score=1.0)))
    assert low.scores.loc["Siebel", "total"] == high.scores.loc["Siebel", "total"]
    assert high.scores.loc["Clarify", "total"] - low.scores.loc[
        "Clarify", "total"
    ] == pytest.approx(0.5)
    assert high.scores.loc["Kana", "total"] == pytest.approx(0.5)


def test_mid_size_ranks_four_and_sets_pivotal_apart():
    result = evaluate(load_market("mid"))
    assert len(result.ranked) == 4
    assert result.insufficient == ["Pivotal"]
    assert result.scores.loc["Pivotal", "rank"] == 0
    assert np.isnan(result.scores.loc["Pivotal", "total"])
    assert result.scores.loc["Pivotal", "coverage"] == 0
    # Onyx: 5,6,N/A,3,5,3,N/A,3,N/A,4,4 -> (4+5+2+4+2+2+3+3)/9/11 = 25/99
    assert result.winners == ["Onyx"]
    assert result.scores.loc["Onyx", "total"] == pytest.approx(25 / 99, rel=1e-12)


def test_contributions_add_up_to_totals_and_pillars():
    result = evaluate(load_market("large"))
    ranked = result.ranked.index
    np.testing.assert_allclose(
        result.contributions.loc[ranked].sum(axis=1),
        result.scores.loc[ranked, "total"],
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        result.pillars.loc[ranked].sum(axis=1),
        result.scores.loc[ranked, "total"],
        rtol=1e-12,
    )
    assert set(result.pillars.columns) == {"SA", "MA", "CS", "AN"}


def test_result_records_weights_and_policies():
    evaluation = load_market("large").with_weights({"e_service": 3, "call_response": 1})
    evaluation = evaluation.with_policies(Policies(not_offered_score=0.1))
    payload = evaluate(evaluation).to_dict()
    assert payload["weights"]["e_service"] == pytest.approx(0.75)
    assert payload["policies"]["not_offered_score"] == 0.1
    assert payload["vendors"][0]["vendor"] == "Siebel"


# marks and unknowns, worked by hand --------------------------------------------


def test_na_and_p_follow_their_policies():
    evaluation = small_evaluation({"X": ["10", "N/A"], "Y": ["1", "P"]})
    result = evaluate(
        evaluation.with_policies(Policies(not_offered_score=0.2, partner_score=0.6))
    )
    assert result.scores.loc["X", "total"] == pytest.approx((1.0 + 0.2) / 2)
    assert result.scores.loc["Y", "total"] == pytest.approx((0.0 + 0.6) / 2)


def test_unknown_is_flagged_not_silently_zero():
    evaluation = small_evaluation({"X": ["10", ""], "Y": ["4", "4"]})
    result = evaluate(evaluation)
    assert result.scores.loc["X", "flagged"]
    assert result.scores.loc["X", "unknown"] == ["b"]
    assert result.scores.loc["X", "coverage"] == pytest.approx(0.5)
    assert not result.scores.loc["Y", "flagged"]
    assert result.scores.loc["X", "total"] == pytest.approx(0.5)  # a lower bound


def test_unknown_rescale_scores_over_rated_criteria():
    evaluation = small_evaluation({"X": ["10", ""], "Y": ["4", "4"]})
    result = evaluate(evaluation.with_policies(Policies(unknown="rescale")))
    assert result.scores.loc["X", "total"] == pytest.approx(1.0)
    assert result.scores.loc["X", "flagged"]
    assert result.winners == ["X"]


def test_unknown_exclude_lists_the_vendor_apart():
    evaluation = small_evaluation({"X": ["10", ""], "Y": ["4", "4"]})
    result = evaluate(evaluation.with_policies(Policies(unknown="exclude")))
    assert result.insufficient == ["X"]
    assert result.winners == ["Y"]


def test_unknown_on_a_criterion_without_weight_is_ignored():
    evaluation = small_evaluation({"X": ["10", ""], "Y": ["4", "4"]}, a=1.0, b=0.0)
    result = evaluate(evaluation)
    assert not result.scores["flagged"].any()
    assert result.scores.loc["X", "coverage"] == 1.0


def test_cost_criterion_prefers_lower_ratings():
    criteria = [
        Criterion(id="price", label_en="Price", label_zh="價格", direction="cost"),
        Criterion(id="fit", label_en="Fit", label_zh="適配"),
    ]
    evaluation = Evaluation(
        criteria=criteria,
        vendors=[Vendor(name="Cheap"), Vendor(name="Dear")],
        ratings=RatingMatrix.from_numbers(
            ["Cheap", "Dear"], ["price", "fit"], np.array([[2.0, 5.0], [9.0, 6.0]])
        ),
        weights=Weights(values={"price": 1, "fit": 1}),
    )
    result = evaluate(evaluation)
    assert criteria[0].direction is Direction.COST
    # price 2 on a cost criterion: (10 - 2) / 9; fit 5: (5 - 1) / 9
    assert result.scores.loc["Cheap", "total"] == pytest.approx((8 / 9 + 4 / 9) / 2)
    assert result.winners == ["Cheap"]


def test_minmax_reports_columns_that_do_not_discriminate():
    evaluation = small_evaluation({"X": ["3", "7"], "Y": ["3", "5"], "Z": ["3", "6"]})
    result = evaluate(evaluation.with_policies(Policies(normalization="minmax")))
    assert result.flat_criteria == ["a"]
    assert result.scores.loc["X", "total"] == pytest.approx(0.5)
    assert result.scores.loc["Z", "total"] == pytest.approx(0.25)


def test_ratings_outside_the_scale_are_refused_naming_the_cell():
    with pytest.raises(ValueError, match="'X' on 'b' is 11"):
        small_evaluation({"X": ["3", "11"]})


# properties ------------------------------------------------------------------

marks = st.one_of(
    st.integers(min_value=1, max_value=10).map(str),
    st.sampled_from(["N/A", "P", ""]),
)


@st.composite
def evaluations(draw):
    n_vendors = draw(st.integers(min_value=2, max_value=6))
    rows = {
        f"V{i}": draw(st.lists(marks, min_size=3, max_size=3)) for i in range(n_vendors)
    }
    weights = draw(
        st.lists(
            st.floats(min_value=0, max_value=100, allow_nan=False),
            min_size=3,
            max_size=3,
        ).filter(lambda w: sum(w) > 1e-6)
    )
    policies = Policies(
        normalization=draw(st.sampled_from(["scale", "minmax"])),
        not_offered_score=draw(st.floats(0, 1)),
        partner_score=draw(st.floats(0, 1)),
        unknown=draw(st.sampled_from(["flag", "rescale", "exclude"])),
    )
    evaluation = small_evaluation(rows, **dict(zip("abc", weights, strict=True)))
    return evaluation.with_policies(policies)


@settings(max_examples=150, deadline=None)
@given(evaluations(), st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_all_weights_leaves_scores_and_ranks_unchanged(evaluation, factor):
    scaled = {k: v * factor for k, v in evaluation.weights.values.items()}
    before = evaluate(evaluation).scores
    after = evaluate(evaluation.with_weights(scaled)).scores
    # scores lie in 0–1: an absolute tolerance also covers subnormal weights
    np.testing.assert_allclose(after["total"], before["total"], rtol=1e-9, atol=1e-12)
    assert after["rank"].tolist() == before["rank"].tolist()


@settings(max_examples=150, deadline=None)
@given(evaluations(), st.data())
def test_raising_one_rating_never_lowers_that_vendors_score(evaluation, data):
    ratings = evaluation.ratings
    numeric = np.argwhere(~np.isnan(ratings.values) & (ratings.values < 10))
    if len(numeric) == 0:
        return
    i, j = numeric[data.draw(st.integers(0, len(numeric) - 1))]
    vendor, criterion = ratings.vendors[i], ratings.criteria[j]
    higher = data.draw(st.integers(int(ratings.values[i, j]) + 1, 10))
    raised = evaluation.model_copy(
        update={
            "ratings": ratings.with_value(vendor, criterion, parse_rating(str(higher)))
        }
    )
    before = evaluate(evaluation).scores.loc[vendor, "total"]
    after = evaluate(raised).scores.loc[vendor, "total"]
    if np.isnan(before):
        return
    assert after >= before - 1e-12
