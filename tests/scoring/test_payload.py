"""The store's JSON form of an evaluation reads back exactly."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.models import (
    Criterion,
    Evaluation,
    Policies,
    RatingMatrix,
    Vendor,
    Weights,
    parse_rating,
)
from scoring.payload import evaluation_from_payload, evaluation_to_payload

cells = st.one_of(
    st.floats(min_value=1, max_value=10, allow_nan=False),
    st.sampled_from(["N/A", "P", ""]),
)
names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(lambda s: s.strip())


@st.composite
def evaluations(draw):
    vendors = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    ids = [f"c{j}" for j in range(draw(st.integers(1, 4)))]
    rows = [[parse_rating(draw(cells)) for _ in ids] for _ in vendors]
    return Evaluation(
        name=draw(names),
        criteria=[
            Criterion(
                id=c,
                label_en=draw(names),
                label_zh=draw(names),
                direction=draw(st.sampled_from(["benefit", "cost"])),
            )
            for c in ids
        ],
        vendors=[Vendor(name=v, b2b=draw(st.booleans())) for v in vendors],
        ratings=RatingMatrix.from_cells(vendors, ids, rows),
        weights=Weights(values={ids[0]: draw(st.floats(0.001, 1e6))}),
        policies=Policies(partner_score=draw(st.floats(0, 1))),
    )


@settings(max_examples=100, deadline=None)
@given(evaluations())
def test_payload_round_trip_is_exact(evaluation):
    text = json.dumps(evaluation_to_payload(evaluation), ensure_ascii=False)
    again = evaluation_from_payload(json.loads(text))
    assert again.ratings == evaluation.ratings
    assert again.criteria == evaluation.criteria
    assert again.vendors == evaluation.vendors
    assert again.weights == evaluation.weights
    assert again.policies == evaluation.policies


def test_a_payload_with_a_wrong_shape_is_refused():
    payload = evaluation_to_payload(
        Evaluation(
            criteria=[Criterion(id="a", label_en="A", label_zh="甲")],
            vendors=[Vendor(name="X")],
            ratings=RatingMatrix.from_numbers(["X"], ["a"], np.array([[3.0]])),
            weights=Weights(values={"a": 1}),
        )
    )
    payload["ratings"] = [[3.0, 4.0]]
    with pytest.raises(ValueError, match="do not match"):
        evaluation_from_payload(payload)
    del payload["criteria"]
    with pytest.raises(ValueError, match="lacks 'criteria'"):
        evaluation_from_payload(payload)
