"""Rank-order centroid and rank-sum weights."""

from __future__ import annotations

import pytest

from scoring.elicitation import rank_order_centroid, rank_sum
from scoring.errors import InputError


def test_barron_barrett_1996_rank_order_centroid_for_four():
    """Barron and Barrett (1996), Management Science 42(11): ROC weights for four
    ranked attributes, .5208, .2708, .1458, .0625."""
    weights = rank_order_centroid({"a": 1, "b": 2, "c": 3, "d": 4})
    assert list(weights.values()) == pytest.approx(
        [0.5208, 0.2708, 0.1458, 0.0625], abs=5e-5
    )


def test_rank_sum_for_three():
    """Stillwell, Seaver and Edwards (1981): rank sum 2(n+1−k)/(n(n+1))."""
    assert list(rank_sum({"a": 1, "b": 2, "c": 3}).values()) == pytest.approx(
        [3 / 6, 2 / 6, 1 / 6]
    )


@pytest.mark.parametrize("method", [rank_order_centroid, rank_sum])
@pytest.mark.parametrize(
    "ranking",
    [
        pytest.param({"a": 1, "b": 2, "c": 2, "d": 4}, id="competition ranks"),
        pytest.param({"a": 1, "b": 2, "c": 2, "d": 3}, id="dense ranks"),
    ],
)
def test_tied_criteria_share_their_positions(method, ranking):
    weights = method(ranking)
    plain = method({"a": 1, "b": 2, "c": 3, "d": 4})
    assert weights["b"] == weights["c"] == pytest.approx((plain["b"] + plain["c"]) / 2)
    assert weights["a"] == pytest.approx(plain["a"])
    assert sum(weights.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [{"a": 0}, {"a": 1.5}, {}])
def test_refuses_bad_ranks(bad):
    with pytest.raises(InputError):
        rank_order_centroid(bad)
