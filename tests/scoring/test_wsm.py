"""The plain numpy pieces of the weighted sum, on values worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.wsm import (
    competition_rank,
    normalize_minmax,
    normalize_scale,
    weighted_sum,
)


def test_scale_normalisation_maps_the_ends_and_turns_cost_around():
    values = np.array([[1.0, 1.0], [10.0, 10.0], [5.5, 4.0]])
    cost = np.array([False, True])
    got = normalize_scale(values, 1.0, 10.0, cost)
    np.testing.assert_allclose(got, [[0.0, 1.0], [1.0, 0.0], [0.5, 2 / 3]])


def test_scale_normalisation_keeps_nan():
    got = normalize_scale(np.array([[np.nan, 4.0]]), 1.0, 10.0, np.array([False] * 2))
    assert np.isnan(got[0, 0]) and got[0, 1] == pytest.approx(1 / 3)


def test_minmax_per_column_with_cost_and_nan():
    # column 0: 2..6 benefit; column 1: 100..300 cost; column 2 all equal
    values = np.array(
        [[2.0, 100.0, 7.0], [6.0, 300.0, 7.0], [4.0, np.nan, 7.0], [np.nan, 200.0, 7.0]]
    )
    got, flat = normalize_minmax(values, np.array([False, True, False]))
    expected = np.array(
        [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.5, np.nan, 0.0], [np.nan, 0.5, 0.0]]
    )
    np.testing.assert_allclose(got, expected)
    assert flat.tolist() == [False, False, True]


def test_minmax_column_without_numbers_is_flat_and_stays_nan():
    got, flat = normalize_minmax(np.array([[np.nan], [np.nan]]), np.array([False]))
    assert flat.tolist() == [True]
    assert np.isnan(got).all()


def test_weighted_sum_is_the_dot_product():
    normalized = np.array([[1.0, 0.0], [0.25, 0.75]])
    np.testing.assert_allclose(
        weighted_sum(normalized, np.array([0.6, 0.4])), [0.6, 0.45]
    )


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        pytest.param([0.9, 0.9, 0.5], [1, 1, 3], id="tie-for-first"),
        pytest.param([0.1, 0.5, 0.5, 0.7], [4, 2, 2, 1], id="tie-in-the-middle"),
        pytest.param([0.3, np.nan, 0.4], [2, 0, 1], id="nan-not-ranked"),
        pytest.param([0.1 + 0.2, 0.3], [1, 1], id="float-noise-is-a-tie"),
        pytest.param([np.nan, np.nan], [0, 0], id="nothing-ranked"),
    ],
)
def test_competition_ranking(scores, ranks):
    assert competition_rank(np.array(scores)).tolist() == ranks
