"""Adoption readiness scored on hand-worked answer sets, and its data's contract."""

from __future__ import annotations

import string

import pytest

from scoring.builtin import load_market
from scoring.errors import InputError
from scoring.readiness import (
    assess,
    missing_items,
    proposal_lines,
    propose_weights,
    score,
    stage_of,
    validate_answers,
)
from scoring.readiness_data import load_questionnaire

Q = load_questionnaire()


def best() -> dict[str, int]:
    return {
        i.id: 0 if Q.scale_of(i.id).reverse else Q.scale_of(i.id).top for i in Q.items
    }


def worst() -> dict[str, int]:
    return {
        i.id: Q.scale_of(i.id).top if Q.scale_of(i.id).reverse else 0 for i in Q.items
    }


# hand-worked answer sets ------------------------------------------------------


def test_all_best_is_100_ready_and_built():
    result = score(best())
    assert result.index == pytest.approx(100.0)
    assert result.verdict == "ready"
    assert not result.partial and result.coverage == pytest.approx(1.0)
    assert result.blockers == [] and result.gaps == [] and result.risks == []
    assert result.stage == "built"
    assert all(d.score == pytest.approx(100.0) for d in result.dimensions)


def test_all_worst_is_0_not_ready_with_every_blocker_listed():
    result = score(worst())
    assert result.index == pytest.approx(0.0)
    assert result.verdict == "not_ready"
    assert (
        "blockers" in result.verdict_reasons and "index_low" in result.verdict_reasons
    )
    assert {b.item for b in result.blockers} == {
        "ksf01",
        "chk_sponsor",
        "ksf02",
        "chk_team",
    }
    assert result.stage == "not_introduced"
    assert len(result.risks) == Q.rules.top_risks
    assert all(r.answer == 4 for r in result.risks)
    # the largest gap is leadership's (target 85), then business alignment's (80)
    assert [g.dimension for g in result.gaps[:2]] == ["leadership", "business"]


def test_mixed_set_worked_by_hand():
    """Everything at its best except four answers.

    - ksf01 (agree, weight 2) = 1 → item score 1/4 = 0.25; chk_sponsor (yes/no,
      weight 1) = 1 → 1/2 = 0.5. Leadership = (2·0.25 + 1·0.5) / 3 = 1/3 → 33.33.
    - ksf14 (agree, weight 2) = 3 → 0.75; obs_cost (severity, reversed, weight 1)
      = 3 → 1 − 3/4 = 0.25. Business = (2·0.75 + 0.25) / 3 = 0.5833 → 58.33.
    - Every other dimension 100. Index = (16·33.33 + 10·58.33 + 74·100) / 100
      = (533.33 + 583.33 + 7400) / 100 = 85.17.
    - ksf01 is a blocker (0.25 ≤ 0.25): not ready despite an index above 75.
    - Gaps: leadership 85 − 33.33 = 51.67, business 80 − 58.33 = 21.67.
    - Risk: obs_cost answered 3 (≥ 2). Stage: every goal done → built.
    """
    answers = best() | {"ksf01": 1, "chk_sponsor": 1, "ksf14": 3, "obs_cost": 3}
    result = score(answers)
    assert result.dimension("leadership").score == pytest.approx(100 / 3)
    assert result.dimension("business").score == pytest.approx(175 / 3)
    assert result.index == pytest.approx(85.1667, abs=5e-5)
    assert result.verdict == "not_ready" and result.verdict_reasons == ["blockers"]
    assert [b.item for b in result.blockers] == ["ksf01"]
    assert [(g.dimension, round(g.gap, 2)) for g in result.gaps] == [
        ("leadership", 51.67),
        ("business", 21.67),
    ]
    assert result.gaps[0].weakest == ["ksf01", "chk_sponsor"]
    assert [r.item for r in result.risks] == ["obs_cost"]
    assert result.stage == "built"


def test_weak_dimension_without_blocker_is_ready_with_conditions():
    """Process: ksf10 = 0 → 0, proc_mapped = 1 → 0.25; score 12.5 < 50.
    Index = (9·12.5 + 91·100) / 100 = 92.125 ≥ 75, but a dimension is weak."""
    result = score(best() | {"ksf10": 0, "proc_mapped": 1})
    assert result.index == pytest.approx(92.125)
    assert result.verdict == "ready_with_conditions"
    assert result.verdict_reasons == ["weak:process"]


def test_partial_set_is_marked_and_unanswered_dimensions_are_not_assessed():
    """Only leadership answered: ksf01 = 4 (1.0, weight 2), chk_sponsor = 0 (0.0).
    Leadership = 2/3 → 66.67; the index is leadership's alone, coverage 16%."""
    result = score({"ksf01": 4, "chk_sponsor": 0})
    assert result.partial
    assert result.coverage == pytest.approx(0.16)
    assert result.index == pytest.approx(200 / 3)
    others = [d for d in result.dimensions if d.id != "leadership"]
    assert all(d.score is None and d.status == "not_assessed" for d in others)
    assert result.dimension("leadership").status == "assessed"
    assert [b.item for b in result.blockers] == ["chk_sponsor"]
    assert result.stage is None
    assert len(result.missing) == len(Q.items) - 2


def test_a_half_answered_dimension_is_partial():
    result = score({"ksf02": 4})
    governance = result.dimension("governance")
    assert governance.status == "partial" and governance.answered == 1
    assert governance.score == pytest.approx(100.0)


def test_no_answer_at_all_is_not_assessed_never_zero():
    result = score({})
    assert result.index is None and result.verdict == "not_assessed"
    assert result.coverage == 0.0


def test_priorities_do_not_count_towards_readiness():
    assert score(best() | {"reason_trend": 0, "need_cleansing": 0}).index == 100.0


# stage --------------------------------------------------------------------------

GOALS = ["goal_strategy", "goal_dbm", "goal_blueprint", "goal_pilot", "goal_org"]


@pytest.mark.parametrize(
    ("progress", "stage"),
    [
        pytest.param([0, 0, 0, 0, 0], "not_introduced", id="nothing started"),
        pytest.param([1, 0, 0, 0, 0], "evaluating", id="strategy discussed"),
        pytest.param([3, 3, 1, 1, 1], "evaluating", id="no blueprint yet"),
        pytest.param([2, 0, 2, 0, 0], "planning", id="blueprint under way"),
        pytest.param([4, 4, 4, 3, 4], "planning", id="pilot not done"),
        pytest.param([3, 3, 3, 4, 3], "built", id="pilot done, goals mostly done"),
        pytest.param([0, 0, 0, 4, 0], "planning", id="pilot done alone"),
    ],
)
def test_stage_rule(progress, stage):
    assert stage_of(dict(zip(GOALS, progress, strict=True))) == stage


# validation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "field", "words"),
    [
        pytest.param({"ksf01": 5}, "ksf01", "out of range", id="above the scale"),
        pytest.param({"chk_team": 3}, "chk_team", "out of range", id="yes/no is 0–2"),
        pytest.param({"ksf01": -1}, "ksf01", "out of range", id="negative"),
        pytest.param({"ksf01": 2.5}, "ksf01", "whole point", id="fraction"),
        pytest.param({"ksf01": "lots"}, "ksf01", "not on the item", id="word"),
        pytest.param({"ksf01": True}, "ksf01", "not a number", id="boolean"),
        pytest.param({"ksf99": 1}, "ksf99", "unknown item id", id="unknown id"),
    ],
)
def test_bad_answers_name_the_item(raw, field, words):
    with pytest.raises(InputError) as caught:
        validate_answers(raw)
    assert caught.value.field == field
    assert words in caught.value.message
    assert "expected" in str(caught.value)


def test_every_problem_is_counted_in_the_message():
    with pytest.raises(InputError) as caught:
        validate_answers({"x1": 1, "x2": 1, "ksf01": 9}, respondent="Ann")
    assert caught.value.field == "Ann · x1"
    assert "2 more" in caught.value.message and "Ann · ksf01" in caught.value.message


def test_answers_by_label_number_text_or_blank():
    clean = validate_answers(
        {
            "chk_sponsor": "Yes",
            "chk_team": "否",
            "ksf01": "3",
            "ksf02": 4.0,
            "ksf03": "",
        }
    )
    assert clean == {"chk_sponsor": 2, "chk_team": 0, "ksf01": 3, "ksf02": 4}
    assert "ksf03" in missing_items(clean)


# several respondents ----------------------------------------------------------


def test_two_respondents_spread_and_disagreement():
    """Ann answers all best, Bo all worst except leadership at its best.

    Leadership: both 100 → spread 0. Team: Ann 100, Bo 0 → mean 50, std 50.
    The group is scored on mean answers: ksf01 = (4 + 4) / 2 = 4."""
    bo = worst() | {"ksf01": 4, "chk_sponsor": 2}
    result = assess({"Ann": best(), "Bo": bo})
    spread = {s.dimension: s for s in result.spread}
    assert spread["leadership"].std == 0.0 and spread["leadership"].mean == 100.0
    assert spread["team"].mean == 50.0 and spread["team"].std == 50.0
    assert (spread["team"].min, spread["team"].max) == (0.0, 100.0)
    top = result.disagreements[0]
    assert top.range == 1.0 and top.answers["Ann"] != top.answers["Bo"]
    assert "ksf01" not in {d.item for d in result.disagreements}
    assert result.group.dimension("leadership").score == 100.0
    assert result.group.dimension("team").score == pytest.approx(50.0)


def test_one_respondent_has_no_disagreement():
    result = assess({"Ann": {"ksf01": 3}})
    assert result.disagreements == []
    assert result.spread[0].n == 1 and result.spread[0].std == 0.0


# weights for the vendor evaluation --------------------------------------------

AREAS = load_market("large").criteria


def test_one_reason_alone_puts_all_weight_on_its_pillar():
    proposal = propose_weights({"reason_response": 4}, AREAS)
    assert proposal.pillars["CS"] == pytest.approx(1.0)
    assert proposal.areas["call_response"] == 100.0
    assert proposal.areas["e_service"] == 100.0
    assert proposal.areas["opportunity_mgmt"] == 0.0


def test_needs_share_their_pillar_in_proportion():
    """Call centre 4, e-service 2: the CS need is (4 + 2) / 2 = 3, the only pillar
    rated, so CS takes all; professional services (no answer) takes the pillar's
    mean 3. Weights 4 : 2 : 3 → points 100, 50, 75."""
    proposal = propose_weights({"need_callcentre": 4, "need_eservice": 2}, AREAS)
    assert proposal.areas["call_response"] == 100.0
    assert proposal.areas["e_service"] == 50.0
    assert proposal.areas["professional_services"] == 75.0
    assert "professional_services" in proposal.defaulted


def test_reasons_and_needs_are_averaged():
    """Reasons: response 4 → CS 1.0. Needs: analytics 4 → AN 1.0.
    Pillars: CS (1 + 0) / 2 = 0.5, AN (0 + 1) / 2 = 0.5."""
    proposal = propose_weights({"reason_response": 4, "need_analytics": 4}, AREAS)
    assert proposal.pillars["CS"] == pytest.approx(0.5)
    assert proposal.pillars["AN"] == pytest.approx(0.5)
    lines = proposal_lines(proposal, AREAS, {"CS": "Customer service"}, "en")
    assert any(line.startswith("Customer service: 50%") for line in lines)


def test_no_priority_answered_proposes_nothing():
    assert propose_weights({"ksf01": 4}, AREAS) is None
    assert propose_weights({"reason_trend": 4}, AREAS) is None


# contract: the data in both languages ------------------------------------------


def test_fourteen_success_factors_five_goals_and_five_obstacles():
    sections = [i.section for i in Q.items]
    assert sections.count("ksf") == 14
    assert sections.count("goal") == 5
    assert sections.count("obstacle") == 5
    assert sum(d.weight for d in Q.scored_dimensions) == pytest.approx(100.0)


@pytest.mark.parametrize("item", Q.items, ids=lambda i: i.id)
def test_every_item_and_its_options_exist_in_both_languages(item):
    for lang in ("en", "zh"):
        assert item.label(lang).strip() and item.help(lang).strip()
        assert all(p.label(lang).strip() for p in Q.scale_of(item.id).points)


@pytest.mark.parametrize("dimension", Q.dimensions, ids=lambda d: d.id)
def test_every_dimension_and_action_exists_in_both_languages(dimension):
    for lang in ("en", "zh"):
        assert dimension.label(lang).strip()
        assert dimension.description(lang).strip()
        assert dimension.action(lang).strip()


def test_every_item_action_and_sentence_exists_in_both_languages():
    for item_id in Q.actions:
        assert Q.item_action(item_id, "en").strip()
        assert Q.item_action(item_id, "zh").strip()
    for entry in Q.text.values():
        slots = [
            {n for _, n, _, _ in string.Formatter().parse(entry[lang]) if n}
            for lang in ("en", "zh")
        ]
        assert slots[0] == slots[1]
    for table in (Q.survey.stages, Q.curve.phases, Q.curve.industries):
        assert all(x.en.strip() and x.zh.strip() for x in table)


def test_survey_and_curve_as_the_seed_gives_them():
    assert {s.id: s.share for s in Q.survey.stages} == {
        "not_introduced": 14,
        "evaluating": 48,
        "planning": 28,
        "built": 10,
    }
    assert Q.survey.respondents == 53 and "October 2000" in Q.survey.source_en
    assert [i.id for i in Q.curve.industries][:3] == [
        "banking",
        "credit_card",
        "telecom",
    ]
    assert len(Q.curve.industries) == 12
    assert "our reading" in Q.curve.source_en
