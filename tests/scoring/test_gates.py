"""Must-have gates: reasons named, failing vendors left out of the ranking."""

from __future__ import annotations

import pytest
from scoring_factories import random_evaluation

from scoring.builtin import load_market
from scoring.errors import InputError
from scoring.evaluate import evaluate
from scoring.gates import Gate, apply_gates


@pytest.mark.parametrize(
    ("gate", "vendor", "rule"),
    [
        pytest.param(
            Gate(criterion="call_response", minimum=4), "Kana", "minimum", id="minimum"
        ),
        pytest.param(Gate(criterion="call_response"), "Baan", "offered", id="offered"),
        pytest.param(
            Gate(criterion="data_mart_analytics", not_partner_only=True),
            "Clarify",
            "not_partner_only",
            id="partner only",
        ),
        pytest.param(
            Gate(criterion="data_mart_analytics", minimum=3),
            "Baan",
            "minimum",
            id="partner has no rating",
        ),
    ],
)
def test_each_rule_names_its_reason(gate, vendor, rule):
    result = apply_gates(load_market("large"), [gate])
    reasons = result.failed[vendor]
    assert [r.rule for r in reasons] == [rule]
    assert reasons[0].criterion == gate.criterion
    assert vendor not in result.passed


def test_failing_vendors_are_left_out_of_the_ranking():
    gates = [Gate(criterion="call_response", minimum=4)]
    result = apply_gates(load_market("large"), gates)
    assert result.evaluation is not None
    ranked = evaluate(result.evaluation).scores.index
    assert set(ranked) == set(result.passed)
    assert "Siebel" in ranked and "SAP" not in ranked


def test_all_reasons_of_a_vendor_are_listed():
    gates = [
        Gate(criterion="call_response", minimum=4),
        Gate(criterion="data_mart_analytics"),
    ]
    result = apply_gates(load_market("large"), gates)
    assert len(result.failed["SAP"]) == 2
    assert set(result.table()["vendor"]) == set(result.failed)


def test_unknown_fails_by_default_and_can_pass_with_a_warning():
    evaluation = random_evaluation(8, unknown=True)
    kinds = evaluation.ratings.kinds
    i, j = map(int, next(zip(*(kinds == 3).nonzero(), strict=True)))
    gate = Gate(criterion=evaluation.criterion_ids[j])
    vendor = evaluation.vendors[i].name
    strict = apply_gates(evaluation, [gate])
    assert strict.failed[vendor][0].rule == "unknown"
    lenient = apply_gates(evaluation, [gate.model_copy(update={"unknown": "pass"})])
    assert vendor in lenient.passed
    assert lenient.warnings[0].vendor == vendor


def test_gate_on_unknown_criterion_is_refused():
    with pytest.raises(InputError) as caught:
        apply_gates(load_market("large"), [Gate(criterion="teleportation")])
    assert caught.value.found == "teleportation"


def test_minimum_outside_the_scale_is_refused():
    with pytest.raises(InputError):
        apply_gates(load_market("large"), [Gate(criterion="e_service", minimum=11)])


def test_no_vendor_left():
    gates = [Gate(criterion=c.id, minimum=9) for c in load_market("large").criteria]
    result = apply_gates(load_market("large"), gates)
    assert result.passed == [] and result.evaluation is None
