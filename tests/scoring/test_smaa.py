"""SMAA-2: acceptability, central weights, confidence, constraints, chunking."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from scoring_factories import random_evaluation

from scoring.builtin import load_market
from scoring.errors import InputError
from scoring.smaa import batch_ranks, sample_weights, smaa
from scoring.wsm import competition_rank


def test_batch_ranks_equal_competition_ranks():
    rng = np.random.default_rng(1)
    scores = rng.integers(0, 4, size=(200, 7)).astype(float) / 3
    expected = np.array([competition_rank(row) for row in scores])
    assert (batch_ranks(scores) == expected).all()


def test_weights_are_on_the_simplex_and_respect_an_order():
    weights = sample_weights(np.random.default_rng(0), 5000, 4, order=[2, 0])
    assert weights.sum(axis=1) == pytest.approx(np.ones(5000))
    assert (weights >= 0).all()
    assert (weights[:, 2] >= weights[:, 0]).all()
    # uniform on the simplex: each coordinate has mean 1/m without an order
    free = sample_weights(np.random.default_rng(0), 200_000, 4)
    assert free.mean(axis=0) == pytest.approx(np.full(4, 0.25), abs=0.003)


def test_same_seed_same_result_and_rows_sum_to_one():
    evaluation = load_market("large")
    one = smaa(evaluation, 3000, seed=4)
    two = smaa(evaluation, 3000, seed=4)
    assert one.acceptability.equals(two.acceptability)
    assert one.acceptability.sum(axis=1).to_numpy() == pytest.approx(np.ones(9))


def test_chunk_size_does_not_change_the_result():
    evaluation = load_market("large")
    whole = smaa(evaluation, 4000, seed=9)
    chunked = smaa(evaluation, 4000, seed=9, chunk=333)
    assert np.allclose(whole.acceptability, chunked.acceptability)
    assert np.allclose(whole.central_weights, chunked.central_weights, equal_nan=True)


def test_central_weights_make_their_vendor_first():
    result = smaa(load_market("large"), 20_000, seed=2)
    for vendor, confidence in result.confidence.dropna().items():
        assert result.central_weights.loc[vendor].sum() == pytest.approx(1.0)
        assert confidence in (0.0, 1.0)
    assert result.first.index[0] == "Siebel"


def test_a_dominating_vendor_is_always_first():
    evaluation = random_evaluation(3, 5, 4)
    values = evaluation.ratings.values.copy()
    benefit = np.array([c.direction == "benefit" for c in evaluation.criteria])
    values[2] = np.where(benefit, 10.0, 1.0)
    evaluation = evaluation._replace(
        ratings=evaluation.ratings.model_copy(update={"values": values})
    )
    result = smaa(evaluation, 2000, seed=0)
    assert result.acceptability.loc["V2", 1] == 1.0
    assert result.confidence["V2"] == 1.0


def test_rating_noise_spreads_the_acceptability():
    evaluation = load_market("large")
    calm = smaa(evaluation, 5000, seed=1)
    noisy = smaa(evaluation, 5000, seed=1, rating_noise=1.5)
    assert (noisy.acceptability > 0).sum().sum() > (calm.acceptability > 0).sum().sum()
    assert noisy.acceptability.sum(axis=1).to_numpy() == pytest.approx(np.ones(9))
    for how in ("normal", "triangular"):
        smaa(evaluation, 500, seed=1, rating_noise=1.0, noise=how)


def test_bounds_are_met_and_impossible_bounds_refused():
    evaluation = load_market("large")
    result = smaa(evaluation, 2000, seed=3, bounds={"call_response": (0.2, 0.4)})
    central = result.central_weights.dropna()
    assert (central["call_response"] >= 0.2 - 1e-12).all()
    assert 0 < result.accepted_share < 1
    with pytest.raises(InputError) as caught:
        smaa(evaluation, 100, bounds={"call_response": (0.6, 1), "e_service": (0.6, 1)})
    assert caught.value.field == "bounds"


def test_million_samples_stay_in_bounded_memory():
    """Chunks keep the peak far below what 10⁶ × n × m arrays would take."""
    evaluation = load_market("large")
    tracemalloc.start()
    smaa(evaluation, 200_000, seed=0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 100 * 2**20
