"""The Weights page: modes, AHP consistency, rank-order weights, gates."""

from __future__ import annotations

import pytest
from apptest_helpers import PAGES

from studio.i18n import t

SERVICE = ["presales_consulting", "system_integration", "technical_support"]


def open_weights(app, lang="en", mode=None):
    app.segmented_control(key="_w_lang").set_value(lang).run()
    app.switch_page(PAGES["weights"]).run()
    assert not app.exception
    if mode:
        app.segmented_control(key=f"_w_wmode_{lang}").set_value(mode).run()
        assert not app.exception
    return app


def edit(app, key, rows):
    """Simulate edits of a data editor (AppTest cannot type into its grid)."""
    app.session_state[key] = {
        "edited_rows": rows,
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception


def headline(app) -> str:
    return app.success[0].value


def robustness(app) -> str:
    return next(i.value for i in app.info if "stays first" in i.value)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("mode", ["tree", "rank", "ahp"])
def test_every_mode_renders_in_both_languages(app, lang, mode):
    open_weights(app, lang, mode)
    assert app.title[0].value == t("weights.title", lang)
    assert not app.error


def test_case13_ahp_matrix_gives_its_priorities(app):
    """shared/cases/13 (ahp_rounded_reciprocals.csv): Price, Integration, Support,
    Security, entered on the four service & support sub-criteria; the case states
    the weights to ±0.002 and CR ≈ 0.004."""
    open_weights(app, "en", "ahp")
    app.selectbox(key="_w_level_large_en").select("service_support").run()
    judgements = ["3", "5", "7", "2", "2", "1"]  # upper triangle, row by row
    edit(
        app,
        "_w_ahp_large_service_support_Evaluator 1_en",
        {i: {"judgement": v} for i, v in enumerate(judgements)},
    )
    metrics = {m.label: float(m.value) for m in app.metric}
    assert metrics["CR"] == pytest.approx(0.004, abs=0.0005)
    assert metrics["λmax"] == pytest.approx(4.01, abs=0.005)
    column = t("weights.priority", "en")
    table = next(d.value for d in app.dataframe if column in d.value.columns)
    priorities = table[column].tolist()
    assert priorities == pytest.approx([59.8, 20.0, 10.5, 9.7], abs=0.2)
    assert any("Consistent enough" in s.value for s in app.success)


def test_inconsistent_matrix_is_flagged_and_applied_only_when_confirmed(app):
    """shared/cases/13 ahp_inconsistent.csv (CR 0.4835) on technology's three
    sub-criteria: flagged with the worst judgement, not applied until confirmed."""
    open_weights(app, "en", "ahp")
    app.selectbox(key="_w_level_large_en").select("technology").run()
    edit(
        app,
        "_w_ahp_large_technology_Evaluator 1_en",
        {0: {"judgement": "1/9"}, 1: {"judgement": "9"}, 2: {"judgement": "9"}},
    )
    assert float(next(m.value for m in app.metric if m.label == "CR")) == (
        pytest.approx(0.4835, abs=0.0001)
    )
    flagged = app.error[0].value
    assert "CR = 0.483 > 0.10" in flagged
    assert "Development tools against Installation capability" in flagged
    apply = app.button(key="_weights_apply_ahp")
    assert apply.disabled
    app.checkbox(key="_w_ahp_confirm_large_technology_Evaluator 1").check().run()
    assert not app.button(key="_weights_apply_ahp").disabled
    app.button(key="_weights_apply_ahp").click().run()
    assert not app.exception
    local = app.session_state["decision"]["large"].local_weights
    assert local["end_user_tools"] == pytest.approx(0.7785, abs=0.0001)


def test_applying_roc_weights_changes_the_ranking(app):
    app.segmented_control(key="_w_lang").set_value("en").run()
    before = headline(app)
    assert "ahead of Trilogy" in before
    open_weights(app, "en", "rank")
    app.selectbox(key="_w_level_large_en").select("functionality").run()
    # call response management first, everything else second
    rows = {i: {"rank": 2} for i in range(12)} | {7: {"rank": 1}}
    edit(app, "_w_rank_large_functionality_en", rows)
    app.button(key="_weights_apply_rank").click().run()
    assert not app.exception
    assert any("Weights applied" in s.value for s in app.success)
    app.switch_page(PAGES["ranking"]).run()
    assert headline(app) != before
    assert "ahead of PeopleSoft" in headline(app)


def test_a_gate_removes_a_vendor_with_its_reason(app):
    open_weights(app, "en")
    app.selectbox(key="_w_gate_criterion_en").select("call_response").run()
    app.number_input(key="_w_gate_minimum").set_value(7.0)
    app.button(key="_gate_add").click().run()
    assert not app.exception
    assert any("fail a gate" in e.value for e in app.error)
    tables = [d.value for d in app.dataframe]
    reasons = next(tb for tb in tables if "Why it fails" in tb.columns)
    assert "needs at least 7" in " ".join(reasons["Why it fails"])
    failed = list(reasons["Vendor"])
    app.switch_page(PAGES["ranking"]).run()
    ranked = list(app.dataframe[0].value.index)
    assert failed and not set(failed) & set(ranked)
    assert any("Left out by must-have gates" in c.value for c in app.caption)


def test_rating_a_sub_criterion_adds_it_to_the_evaluation(app):
    open_weights(app, "en")
    edit(app, "_w_extra_large_en", {0: {"financial_strength": "9"}})
    app.switch_page(PAGES["ranking"]).run()
    assert app.slider(key="_w_weight_large_financial_strength").value == 0


def test_a_rating_outside_the_scale_is_refused_with_the_cell_named(app):
    open_weights(app, "en")
    edit(app, "_w_extra_large_en", {1: {"vision": "12"}})
    assert any(
        "vision" in e.value and "outside the scale" in e.value for e in app.error
    )


def test_costs_give_a_value_for_money_chart(app):
    open_weights(app, "en")
    rows = {
        0: {"licence": 100.0, "implementation": 50.0, "running": 20.0},
        1: {"licence": 80.0, "implementation": 40.0, "running": 10.0},
    }
    edit(app, "_w_costs_large_en", rows)
    assert any("Efficient frontier" in c.value for c in app.caption)


def test_method_cross_check_shows_the_correlations(app):
    open_weights(app, "en")
    tables = [d.value for d in app.dataframe]
    correlations = next(tb for tb in tables if "Spearman ρ" in tb.columns)
    assert correlations["Spearman ρ"].between(-1, 1).all()
