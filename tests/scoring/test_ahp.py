"""AHP: published examples, the random index, case 13's matrices, aggregation."""

from __future__ import annotations

import numpy as np
import pytest
from scoring_factories import CASES

from scoring.ahp import (
    RANDOM_INDEX,
    PairwiseMatrix,
    aggregate_judgements,
    ahp,
    complete_pairwise,
    nearest_saaty,
    parse_judgement,
    read_pairwise_csv,
)
from scoring.errors import InputError

CASE13 = CASES / "13-ahp-pairwise-problems"


def test_saaty_1990_house_example():
    """Saaty (1990), How to make a decision, EJOR 48, 9–26: the house criteria.

    The paper prints the priorities to three decimals and λmax = 9.669, C.I. =
    0.238, C.R. = 0.169.
    """
    third, fifth, seventh = 1 / 3, 1 / 5, 1 / 7
    matrix = np.array(
        [
            [1, 5, 3, 7, 6, 6, third, 1 / 4],
            [fifth, 1, third, 5, 3, 3, fifth, seventh],
            [third, 3, 1, 6, 3, 4, 6, fifth],
            [seventh, fifth, 1 / 6, 1, third, 1 / 4, seventh, 1 / 8],
            [1 / 6, third, third, 3, 1, 1 / 2, fifth, 1 / 6],
            [1 / 6, third, 1 / 4, 4, 2, 1, fifth, 1 / 6],
            [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
            [4, 7, 5, 8, 6, 6, 2, 1],
        ]
    )
    result = ahp(matrix)
    printed = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert list(result.priorities.values()) == pytest.approx(printed, abs=0.0005)
    assert result.lambda_max == pytest.approx(9.669, abs=0.0005)
    assert result.ci == pytest.approx(0.238, abs=0.0005)
    assert result.cr == pytest.approx(0.169, abs=0.0005)
    assert not result.consistent


def test_saaty_1980_random_index_table():
    """Saaty (1980), The Analytic Hierarchy Process, ch. 1: RI for n = 1…10."""
    printed = [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]
    assert [RANDOM_INDEX[n] for n in range(1, 11)] == printed


def test_consistent_matrix_has_zero_cr_and_no_worst_judgement():
    weights = np.array([0.5, 0.3, 0.2])
    result = ahp(weights[:, None] / weights[None, :])
    assert list(result.priorities.values()) == pytest.approx(weights)
    assert result.cr == pytest.approx(0.0, abs=1e-12)
    assert result.worst is None


@pytest.mark.parametrize(
    ("file", "notes"),
    [
        pytest.param("ahp_rounded_reciprocals.csv", 2, id="rounded reciprocals"),
        pytest.param("ahp_upper_triangle_only.csv", 6, id="upper triangle only"),
    ],
)
def test_case13_accepted_matrices(file, notes):
    """Case 13: weights to ±0.002, λmax ≈ 4.01, CR ≈ 0.004, repairs said."""
    result = ahp(read_pairwise_csv(CASE13 / file))
    expected = {"Price": 0.598, "Integration": 0.200, "Support": 0.105}
    for label, weight in (expected | {"Security": 0.097}).items():
        assert result.priorities[label] == pytest.approx(weight, abs=0.002)
    geometric = {"Price": 0.598, "Integration": 0.201, "Support": 0.105}
    for label, weight in (geometric | {"Security": 0.097}).items():
        assert result.geometric_mean[label] == pytest.approx(weight, abs=0.002)
    assert result.lambda_max == pytest.approx(4.01, abs=0.005)
    assert result.cr == pytest.approx(0.004, abs=0.0005)
    assert result.consistent
    assert len(result.notes) == notes


def test_case13_inconsistent_matrix_is_flagged_with_a_repair():
    """Case 13: fractions as text; CR 0.4835 flagged; the worst judgement named."""
    result = ahp(read_pairwise_csv(CASE13 / "ahp_inconsistent.csv"))
    assert result.priorities["Integration"] == pytest.approx(0.1799, abs=0.00005)
    assert result.priorities["Support"] == pytest.approx(0.7785, abs=0.00005)
    assert result.priorities["Security"] == pytest.approx(0.0416, abs=0.00005)
    assert result.lambda_max == pytest.approx(3.5608, abs=0.00005)
    assert result.ci == pytest.approx(0.2804, abs=0.00005)
    assert result.cr == pytest.approx(0.4835, abs=0.00005)
    assert not result.consistent
    worst = result.worst
    assert worst is not None
    assert (worst.row, worst.column, worst.cell) == ("Integration", "Security", "D2")
    assert worst.suggested == nearest_saaty(worst.implied)
    assert worst.cr_if_revised < result.cr


@pytest.mark.parametrize(
    ("file", "cells"),
    [
        pytest.param("ahp_nonreciprocal.csv", "C2 and B3", id="not reciprocal"),
        pytest.param("ahp_missing_pair.csv", "E4 and D5", id="missing pair"),
    ],
)
def test_case13_refused_matrices_name_the_cells(file, cells):
    with pytest.raises(InputError) as caught:
        read_pairwise_csv(CASE13 / file)
    assert caught.value.cell == cells
    assert caught.value.file == file


@pytest.mark.parametrize(
    ("token", "value"),
    [
        pytest.param("1/3", 1 / 3, id="fraction"),
        pytest.param(" 1 / 9 ", 1 / 9, id="spaced fraction"),
        pytest.param("１／５", 0.2, id="full-width fraction"),
        pytest.param("0.33", 0.33, id="decimal"),
        pytest.param("0,5", 0.5, id="decimal comma"),
        pytest.param(7, 7.0, id="number"),
    ],
)
def test_parse_judgement(token, value):
    assert parse_judgement(token) == pytest.approx(value)


@pytest.mark.parametrize("token", ["", None, "  "])
def test_parse_judgement_blank_is_nan(token):
    assert np.isnan(parse_judgement(token))


@pytest.mark.parametrize("token", ["three", "1/0", "1/3/4"])
def test_parse_judgement_refuses_text(token):
    with pytest.raises(ValueError):
        parse_judgement(token)


def test_non_positive_judgement_is_refused_with_its_cell():
    raw = np.array([[1, -3], [np.nan, 1]], dtype=float)
    with pytest.raises(InputError) as caught:
        complete_pairwise(["A", "B"], raw)
    assert caught.value.cell == "C2"


def test_diagonal_other_than_one_is_refused():
    raw = np.array([[2, 3], [1 / 3, 1]])
    with pytest.raises(InputError) as caught:
        complete_pairwise(["A", "B"], raw)
    assert caught.value.cell == "B2"


def test_rounded_reciprocal_keeps_the_whole_judgement():
    matrix = complete_pairwise(["A", "B"], np.array([[1, 0.33], [3, 1]]))
    assert matrix.values[1, 0] == 3
    assert matrix.values[0, 1] == pytest.approx(1 / 3)


def test_geometric_mean_aggregation_reports_each_evaluator():
    """Aczél and Saaty (1983): the combined judgement is the geometric mean."""
    labels = ["A", "B", "C"]
    first = complete_pairwise(
        labels, np.array([[1, 3, 5], [np.nan, 1, 2], [np.nan] * 2 + [1]])
    )
    second = complete_pairwise(
        labels, np.array([[1, 1 / 3, 1], [np.nan, 1, 9], [np.nan] * 2 + [1]])
    )
    group = aggregate_judgements({"Ann": first, "Bo": second})
    assert set(group.evaluators) == {"Ann", "Bo"}
    combined = np.sqrt(first.values * second.values)
    assert list(group.combined.priorities.values()) == pytest.approx(
        list(ahp(combined, labels).priorities.values())
    )
    assert group.evaluators["Bo"].cr > group.evaluators["Ann"].cr


def test_aggregation_refuses_different_criteria():
    one = PairwiseMatrix(labels=["A", "B"], values=np.ones((2, 2)))
    other = PairwiseMatrix(labels=["A", "C"], values=np.ones((2, 2)))
    with pytest.raises(InputError):
        aggregate_judgements({"x": one, "y": other})
