"""The rating model: four cell states, weights, scales and their messages."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from scoring.errors import InputError
from scoring.models import (
    Rating,
    RatingKind,
    RatingMatrix,
    Scale,
    Weights,
    parse_rating,
)


@pytest.mark.parametrize(
    ("token", "kind", "value"),
    [
        pytest.param("7", RatingKind.VALUE, 7.0, id="digit"),
        pytest.param(" 2.5 ", RatingKind.VALUE, 2.5, id="decimal-with-spaces"),
        pytest.param("７", RatingKind.VALUE, 7.0, id="full-width-digit"),
        pytest.param(0, RatingKind.VALUE, 0.0, id="zero-is-a-number"),
        pytest.param("0", RatingKind.VALUE, 0.0, id="zero-text-is-a-number"),
        pytest.param("N/A", RatingKind.NOT_OFFERED, None, id="N/A"),
        pytest.param("n/a", RatingKind.NOT_OFFERED, None, id="n/a"),
        pytest.param("NA", RatingKind.NOT_OFFERED, None, id="NA"),
        pytest.param("-", RatingKind.NOT_OFFERED, None, id="dash"),
        pytest.param("—", RatingKind.NOT_OFFERED, None, id="em-dash"),
        pytest.param("P", RatingKind.PARTNER, None, id="P"),
        pytest.param("p", RatingKind.PARTNER, None, id="p"),
        pytest.param("", RatingKind.UNKNOWN, None, id="blank"),
        pytest.param("\u00a0", RatingKind.UNKNOWN, None, id="nbsp"),
        pytest.param(None, RatingKind.UNKNOWN, None, id="none"),
        pytest.param(float("nan"), RatingKind.UNKNOWN, None, id="nan"),
    ],
)
def test_parse_rating_keeps_four_states_apart(token, kind, value):
    rating = parse_rating(token)
    assert rating.kind is kind
    assert rating.value == value


@pytest.mark.parametrize("token", ["seven", "7 points", "inf", True])
def test_parse_rating_refuses_other_text_and_says_what_is_accepted(token):
    with pytest.raises(ValueError, match="expected"):
        parse_rating(token)


def test_marks_round_trip():
    for token in ["7", "2.5", "N/A", "P", ""]:
        assert parse_rating(token).mark == token


def test_rating_value_must_match_kind():
    with pytest.raises(ValidationError):
        Rating(kind=RatingKind.VALUE)
    with pytest.raises(ValidationError):
        Rating(kind=RatingKind.PARTNER, value=3.0)


def test_weights_refuse_negative_naming_the_criterion():
    with pytest.raises(ValidationError, match=r"'cost'.*must not be negative"):
        Weights(values={"vision": 1.0, "cost": -0.5})


def test_weights_refuse_all_zero():
    with pytest.raises(ValidationError, match="all weights are zero"):
        Weights(values={"vision": 0.0, "cost": 0.0})


def test_weights_refuse_nan_naming_the_criterion():
    with pytest.raises(ValidationError, match=r"'vision'.*finite"):
        Weights(values={"vision": float("nan")})


def test_weight_vector_is_normalised_and_aligned():
    weights = Weights(values={"b": 3.0, "a": 1.0})
    np.testing.assert_allclose(weights.vector(["a", "b", "c"]), [0.25, 0.75, 0.0])
    assert weights.percent(["a", "b"]) == {"a": 25.0, "b": 75.0}


def test_weight_for_an_unknown_criterion_is_named():
    with pytest.raises(InputError, match="'zzz'") as info:
        Weights(values={"zzz": 1.0}).vector(["a", "b"])
    assert info.value.field == "weights"


def test_scale_must_be_ordered():
    with pytest.raises(ValidationError, match="must exceed"):
        Scale(low=5, high=5)


def test_matrix_refuses_duplicates_and_stray_numbers():
    with pytest.raises(ValidationError, match="duplicate vendor"):
        RatingMatrix.from_numbers(["A", "A"], ["c"], np.array([[1.0], [2.0]]))
    with pytest.raises(ValidationError, match="NaN"):
        RatingMatrix(
            vendors=["A"],
            criteria=["c"],
            kinds=np.array([[RatingKind.PARTNER]], dtype=np.int8),
            values=np.array([[3.0]]),
        )


def test_matrix_cells_and_equality():
    matrix = RatingMatrix.from_cells(
        ["A", "B"],
        ["x", "y"],
        [
            [parse_rating("3"), parse_rating("N/A")],
            [parse_rating("P"), parse_rating("")],
        ],
    )
    assert matrix.marks() == [["3", "N/A"], ["P", ""]]
    assert matrix.cell("B", "x").kind is RatingKind.PARTNER
    changed = matrix.with_value("B", "y", parse_rating("9"))
    assert changed != matrix
    assert changed.cell("B", "y").value == 9.0
    assert matrix.cell("B", "y").kind is RatingKind.UNKNOWN
