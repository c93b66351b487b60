"""TOPSIS, PROMETHEE II and the common result shape: published examples, the case
folders, properties, and a cross-check against pymcdm."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_factories import case_evaluation, random_evaluation

from scoring.errors import InputError
from scoring.evaluate import evaluate
from scoring.methods import (
    compare_methods,
    kendall_tau_b,
    normalize,
    promethee_ii,
    rank_with,
    spearman_rho,
    topsis,
)
from scoring.models import Policies

# Hwang and Yoon (1981), the fighter-aircraft example: maximum speed, ferry range,
# maximum payload, acquisition cost (cost), reliability, manoeuvrability.
AIRCRAFT = np.array(
    [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
)
AIRCRAFT_WEIGHTS = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
AIRCRAFT_BENEFIT = np.array([True, True, True, False, True, True])


def test_hwang_yoon_1981_fighter_aircraft_topsis():
    """Hwang and Yoon (1981), Multiple Attribute Decision Making, the aircraft
    example: relative closeness printed to three decimals."""
    parts = topsis(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_BENEFIT)
    assert parts.closeness == pytest.approx([0.643, 0.268, 0.614, 0.312], abs=5e-4)
    assert list(np.argsort(-parts.closeness)) == [0, 2, 3, 1]
    # the ideal takes the lowest cost, the anti-ideal the highest
    assert parts.ideal[3] == parts.weighted[:, 3].min()
    assert parts.anti_ideal[3] == parts.weighted[:, 3].max()


@pytest.mark.parametrize(
    ("method", "normalization", "expected", "ranks"),
    [
        pytest.param(
            "topsis", "vector", [0.5750, 0.5514, 0.4182], [1, 2, 3], id="topsis"
        ),
        pytest.param("wsm", "minmax", [0.5159, 0.5500, 0.4500], [2, 1, 3], id="wsm"),
    ],
)
def test_case00_baseline(baseline, method, normalization, expected, ranks):
    """Case 00: WSM and TOPSIS legitimately disagree on the winner."""
    result = rank_with(baseline, method, normalization)
    assert list(result.scores) == pytest.approx(expected, abs=5e-4)
    assert list(result.ranks) == ranks


CASE12 = {
    "wsm": ([0.4864, 0.4375, 0.3500, 0.5545], [2, 3, 4, 1]),
    "topsis": ([0.7607, 0.4543, 0.2802, 0.7934], [2, 3, 4, 1]),
}


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_case12_zero_range_and_negative_criteria(method):
    """Case 12: no NaN, flat columns contribute nothing, negatives accepted."""
    evaluation = case_evaluation("12-constant-zero-negative-criteria")
    result = rank_with(evaluation, method)
    scores, ranks = CASE12[method]
    assert list(result.scores) == pytest.approx(scores, abs=5e-4)
    assert list(result.ranks) == ranks
    assert np.isfinite(result.scores).all()
    for table in result.details.values():
        assert np.isfinite(table.to_numpy()).all()


def test_case12_flat_criteria_are_reported():
    evaluation = case_evaluation("12-constant-zero-negative-criteria")
    assert evaluate(evaluation).flat_criteria == ["EU data residency", "On-prem option"]
    assert "EU data residency" in rank_with(evaluation, "wsm").notes[0]


def test_case12_same_as_without_the_flat_columns():
    """Case 12: the numbers equal those with the two flat columns deleted."""
    evaluation = case_evaluation("12-constant-zero-negative-criteria")
    keep = [
        c
        for c in evaluation.criterion_ids
        if c not in ("EU data residency", "On-prem option")
    ]
    values = evaluation.ratings.values[
        :, [evaluation.criterion_ids.index(c) for c in keep]
    ]
    x, w = values, evaluation.weights.vector(evaluation.criterion_ids)
    w = np.array([w[evaluation.criterion_ids.index(c)] for c in keep])
    benefit = np.array([evaluation.criterion(c).direction == "benefit" for c in keep])
    assert rank_with(evaluation, "topsis").scores.to_numpy() == pytest.approx(
        topsis(x, w, benefit).closeness
    )


def test_topsis_details_carry_separations_and_ideal_points(baseline):
    result = rank_with(baseline, "topsis")
    separations = result.details["separations"]
    assert list(separations.columns) == ["d_plus", "d_minus", "closeness"]
    closeness = separations["d_minus"] / (
        separations["d_plus"] + separations["d_minus"]
    )
    assert closeness.to_numpy() == pytest.approx(result.scores.to_numpy())
    assert list(result.details["ideal"].index) == baseline.criterion_ids
    payload = result.to_dict()
    assert payload["vendors"][0] == {
        "vendor": "Vendor A",
        "rank": 1,
        "score": pytest.approx(0.5750, abs=5e-4),
    }
    assert set(payload["details"]) == {"separations", "ideal", "weighted"}


def test_identical_vendors_tie_at_one_half_instead_of_nan():
    parts = topsis(np.ones((3, 2)), np.array([0.5, 0.5]), np.array([True, False]))
    assert parts.closeness == pytest.approx([0.5, 0.5, 0.5])


def test_promethee_usual_criterion_by_hand():
    """Three alternatives, two criteria, usual preference function: π counted by
    hand (Brans and Vincke 1985)."""
    matrix = np.array([[3.0, 1.0], [2.0, 2.0], [1.0, 3.0]])
    flows = promethee_ii(matrix, np.array([0.6, 0.4]), np.array([True, True]))
    # π(a, b): a beats b on criterion 1 (0.6), b beats a on criterion 2 (0.4)
    assert flows.preference[0, 1] == pytest.approx(0.6)
    assert flows.preference[1, 0] == pytest.approx(0.4)
    assert flows.net == pytest.approx([0.2, 0.0, -0.2])
    assert flows.net.sum() == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("kind", "q", "p", "expected"),
    [
        pytest.param("v-shape", 0.0, 4.0, 0.5, id="v-shape halfway"),
        pytest.param("linear", 1.0, 3.0, 0.5, id="linear between thresholds"),
        pytest.param("linear", 2.5, 3.0, 0.0, id="linear below q"),
        pytest.param("usual", 0.0, 0.0, 1.0, id="usual"),
    ],
)
def test_promethee_preference_functions(kind, q, p, expected):
    matrix = np.array([[4.0], [2.0]])
    flows = promethee_ii(matrix, np.array([1.0]), np.array([True]), kind, q, p)
    assert flows.preference[0, 1] == pytest.approx(expected)


def test_promethee_cost_criterion_prefers_the_lower_value():
    flows = promethee_ii(np.array([[1.0], [2.0]]), np.array([1.0]), np.array([False]))
    assert flows.net[0] > flows.net[1]


def test_rank_with_refuses_unknown_method(baseline):
    with pytest.raises(InputError) as caught:
        rank_with(baseline, "electre")  # type: ignore[arg-type]
    assert caught.value.field == "method"


def test_wsm_through_rank_with_is_evaluate():
    evaluation = random_evaluation(3, marks=True, unknown=True)
    result = rank_with(evaluation, "wsm")
    reference = evaluate(evaluation).scores
    ranked = reference[reference["status"] == "ranked"]
    assert result.scores.to_numpy() == pytest.approx(ranked["total"].to_numpy())
    assert list(result.ranks) == list(ranked["rank"])


def test_default_policy_is_unchanged():
    assert Policies().normalization == "scale"


@pytest.mark.parametrize("how", ["scale", "minmax", "vector", "none"])
def test_every_normalisation_ranks_without_nan(how):
    evaluation = random_evaluation(11, marks=True, unknown=True)
    for method in ("wsm", "topsis", "promethee"):
        result = rank_with(evaluation, method, how)
        assert np.isfinite(result.scores).all()


def test_normalize_directions():
    matrix = np.array([[1.0, 1.0], [3.0, 3.0]])
    benefit = np.array([True, False])
    assert normalize(matrix, benefit, "minmax").tolist() == [[0, 1], [1, 0]]
    assert normalize(matrix, benefit, "none").tolist() == [[1, -1], [3, -3]]
    vector = normalize(matrix, benefit, "vector")
    assert vector[:, 0] == pytest.approx(matrix[:, 0] / np.sqrt(10))
    assert vector[:, 1] == pytest.approx(1 - matrix[:, 1] / np.sqrt(10))


def test_rank_correlations_match_scipy():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(5)
    for _ in range(50):
        a = rng.integers(0, 5, 9).astype(float)
        b = rng.integers(0, 5, 9).astype(float)
        if len(set(a)) == 1 or len(set(b)) == 1:
            continue
        assert spearman_rho(a, b) == pytest.approx(stats.spearmanr(a, b).statistic)
        assert kendall_tau_b(a, b) == pytest.approx(stats.kendalltau(a, b).statistic)


def test_compare_methods_side_by_side(baseline):
    comparison = compare_methods(baseline)
    assert list(comparison.ranks.columns) == ["wsm", "topsis", "promethee"]
    assert comparison.ranks.loc["Vendor A", "topsis"] == 1
    assert comparison.ranks.loc["Vendor B", "wsm"] == 1
    assert comparison.spearman.loc["wsm", "topsis"] == pytest.approx(0.5)
    assert comparison.kendall.loc["wsm", "topsis"] == pytest.approx(1 / 3)
    assert np.diag(comparison.spearman.to_numpy()) == pytest.approx([1, 1, 1])


# properties ---------------------------------------------------------------------

seeds = st.integers(0, 10_000)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, factor=st.floats(0.01, 1000.0))
def test_scaling_the_weights_changes_nothing(seed, factor):
    evaluation = random_evaluation(seed, marks=True)
    scaled = evaluation.with_weights(
        {k: v * factor for k, v in evaluation.weights.values.items()}
    )
    for method in ("wsm", "topsis", "promethee"):
        one, other = rank_with(evaluation, method), rank_with(scaled, method)
        assert one.scores.to_numpy() == pytest.approx(other.scores.to_numpy())


@settings(max_examples=40, deadline=None)
@given(seed=seeds, vendor=st.integers(0, 5), criterion=st.integers(0, 4))
def test_a_better_rating_never_lowers_the_score(seed, vendor, criterion):
    """Monotonicity of the weighted sum and of PROMETHEE's net flow."""
    evaluation = random_evaluation(seed)
    values = evaluation.ratings.values.copy()
    benefit = evaluation.criteria[criterion].direction == "benefit"
    step = 1.0 if benefit else -1.0
    values[vendor, criterion] = np.clip(values[vendor, criterion] + step, 1, 10)
    better = evaluation._replace(
        ratings=evaluation.ratings.model_copy(update={"values": values})
    )
    name = evaluation.vendors[vendor].name
    for method in ("wsm", "promethee"):
        before = rank_with(evaluation, method).scores[name]
        after = rank_with(better, method).scores[name]
        assert after >= before - 1e-12


@settings(max_examples=40, deadline=None)
@given(seed=seeds)
def test_dominance_is_respected(seed):
    """A vendor at least as good everywhere ranks no worse, in every method."""
    evaluation = random_evaluation(seed)
    values = evaluation.ratings.values.copy()
    benefit = np.array([c.direction == "benefit" for c in evaluation.criteria])
    values[0] = np.where(
        benefit, np.maximum(values[0], values[1]), np.minimum(values[0], values[1])
    )
    dominant = evaluation._replace(
        ratings=evaluation.ratings.model_copy(update={"values": values})
    )
    for method in ("wsm", "topsis", "promethee"):
        for how in ("scale", "minmax", "vector", "none"):
            result = rank_with(dominant, method, how)
            assert result.ranks["V0"] <= result.ranks["V1"], (method, how)


# cross-check against a peer library ---------------------------------------------


def test_cross_check_against_pymcdm_on_1000_random_matrices():
    """TOPSIS with vector normalisation and PROMETHEE II with the usual criterion,
    compared with pymcdm on 1,000 random matrices. pymcdm's TOPSIS defaults to
    min–max normalisation, so vector normalisation is passed explicitly."""
    pymcdm = pytest.importorskip("pymcdm")
    from pymcdm.methods import PROMETHEE_II, TOPSIS

    peer_topsis = TOPSIS(pymcdm.normalizations.vector_normalization)
    peer_promethee = PROMETHEE_II("usual")
    rng = np.random.default_rng(2024)
    for _ in range(1000):
        n, m = rng.integers(3, 12), rng.integers(2, 8)
        matrix = rng.uniform(1, 100, size=(n, m))
        weights = rng.dirichlet(np.ones(m))
        benefit = rng.random(m) < 0.6
        types = np.where(benefit, 1, -1)
        ours = topsis(matrix, weights, benefit).closeness
        assert ours == pytest.approx(
            peer_topsis(matrix, weights, types, validation=False), abs=1e-9
        )
        flows = promethee_ii(matrix, weights, benefit).net
        assert flows == pytest.approx(
            peer_promethee(matrix, weights, types, validation=False), abs=1e-9
        )
