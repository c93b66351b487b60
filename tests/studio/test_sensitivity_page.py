"""The Sensitivity page, and the robustness sentence of the Ranking page."""

from __future__ import annotations

import pytest
from apptest_helpers import PAGES

from studio.i18n import t


def robustness(app) -> str:
    return next(i.value for i in app.info if "SMAA" in i.value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sensitivity_renders_in_both_languages(app, lang):
    app.segmented_control(key="_w_lang").set_value(lang).run()
    app.switch_page(PAGES["sensitivity"]).run()
    assert not app.exception
    assert app.title[0].value == t("sensitivity.title", lang)
    assert len(app.get("plotly_chart")) == 3  # tornado, intervals, acceptability


def test_smaa_runs_with_other_inputs(app):
    app.segmented_control(key="_w_lang").set_value("en").run()
    app.switch_page(PAGES["sensitivity"]).run()
    app.number_input(key="_w_smaa_samples").set_value(2000)
    app.number_input(key="_w_smaa_noise").set_value(1.0)
    app.button(key="_smaa_run").click().run()
    assert not app.exception
    assert "2000 weightings drawn" in app.status[0].label


def test_what_would_it_take_names_a_weight(app):
    app.segmented_control(key="_w_lang").set_value("en").run()
    app.switch_page(PAGES["sensitivity"]).run()
    app.selectbox(key="_w_take_challenger_large").select("Trilogy").run()
    assert any("Trilogy draws level with Siebel" in m.value for m in app.markdown)


def test_removing_a_vendor_under_topsis_lists_flips_or_none(app):
    app.segmented_control(key="_w_lang").set_value("en").run()
    app.switch_page(PAGES["sensitivity"]).run()
    app.selectbox(key="_w_reversal_method_en").select("topsis").run()
    app.selectbox(key="_w_remove_large").select("Trilogy").run()
    assert not app.exception
    assert app.success or app.warning


def test_the_robustness_sentence_follows_a_weight_change(app):
    app.segmented_control(key="_w_lang").set_value("en").run()
    before = robustness(app)
    assert before.startswith("**Siebel stays first**")
    app.slider(key="_w_weight_large_call_response").set_value(100).run()
    after = robustness(app)
    assert after != before
    assert "First in" in after


def test_the_robustness_sentence_in_chinese(app):
    assert "維持第一" in robustness(app)
