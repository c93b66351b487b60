"""Every page in both languages, and the ranking following every change."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from apptest_helpers import PAGES, fresh_app

from studio.i18n import t


def headline(at) -> str:
    return at.success[0].value if at.success else at.info[0].value


def set_lang(at, lang: str):
    at.segmented_control(key="_w_lang").set_value(lang).run()
    assert not at.exception
    return at


def decode(array):
    """A plotly array from the chart spec (plain list or typed base64)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return np.asarray(array)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_in_both_languages(app, page, lang):
    set_lang(app, lang)
    app.switch_page(PAGES[page]).run()
    assert not app.exception
    assert app.title[0].value == t(f"{page}.title", lang) or page == "ranking"
    if page == "ranking":
        assert app.title[0].value == t("ranking.title", lang)


def test_default_is_chinese_and_siebel_leads(app):
    assert app.title[0].value == "廠商排名"
    assert "Siebel" in headline(app) and "建議" in headline(app)


def test_language_switch_changes_strings_and_data_labels(app):
    set_lang(app, "en")
    assert app.title[0].value == "Vendor ranking"
    assert app.slider[0].label.startswith("Opportunity management")
    set_lang(app, "zh")
    assert app.slider[0].label.startswith("機會管理系統")


def test_a_weight_change_changes_the_ranking(app):
    set_lang(app, "en")
    assert "ahead of Trilogy" in headline(app)
    app.slider(key="_w_weight_large_call_response").set_value(100).run()
    assert not app.exception
    assert "ahead of PeopleSoft" in headline(app)
    # the percent shown beside the weight follows
    assert "47.6%" in app.slider(key="_w_weight_large_call_response").label
    # and the chart's bars follow too: Siebel's stacked total is the new score
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    bars = [trace for trace in figure["data"] if trace["type"] == "bar"]
    siebel = bars[0]["y"].index("Siebel")
    stacked = sum(decode(trace["x"])[siebel] for trace in bars)
    # Siebel: call response 8 -> 7/9 at 100/210, the other eleven at 10/210 each
    expected = 100 * (100 * 7 / 9 + 10 * (49 - 7) / 9) / 210
    assert stacked == pytest.approx(expected, rel=1e-9)


def test_weights_cannot_all_be_zero(app):
    for key in [s.key for s in app.slider if s.key.startswith("_w_weight_")][:-1]:
        app.slider(key=key).set_value(0).run()
    last = [s.key for s in app.slider if s.key.startswith("_w_weight_")][-1]
    app.slider(key=last).set_value(0).run()
    assert not app.exception
    assert app.slider(key=last).value == 10  # the change was undone
    assert any("至少" in w.value for w in app.warning)


def test_mid_segment_sets_pivotal_apart(app):
    set_lang(app, "en")
    app.selectbox(key="_w_segment_en").select("mid").run()
    assert not app.exception
    assert "Onyx" in headline(app)
    assert any("Pivotal" in w.value and "not ranked" in w.value for w in app.warning)


def test_policy_change_is_applied_and_shown(app):
    set_lang(app, "en")
    app.slider(key="_w_pol_p").set_value(1.0).run()
    assert not app.exception
    assert any("P scores 1.00" in c.value for c in app.caption)


def test_choices_survive_a_reload(app):
    set_lang(app, "en")
    app.slider(key="_w_weight_large_call_response").set_value(100).run()
    app.selectbox(key="_w_segment_en").select("mid").run()
    app.selectbox(key="_w_segment_en").select("large").run()
    reloaded = fresh_app().run()  # a new browser session, same server and store
    assert not reloaded.exception
    assert reloaded.title[0].value == "Vendor ranking"
    assert reloaded.slider(key="_w_weight_large_call_response").value == 100
    assert "ahead of PeopleSoft" in headline(reloaded)


def test_choices_survive_a_server_restart(app):
    import streamlit as st

    set_lang(app, "en")
    app.slider(key="_w_weight_large_e_service").set_value(60).run()
    st.cache_resource.clear()  # what a restart does to the open database
    st.cache_data.clear()
    restarted = fresh_app().run()
    assert restarted.slider(key="_w_weight_large_e_service").value == 60


def test_save_and_load_a_named_scenario(app):
    set_lang(app, "en")
    app.slider(key="_w_weight_large_call_response").set_value(100).run()
    app.text_input[0].input("Service heavy")
    app.button(key="_scenario_save").click().run()
    assert any("Service heavy" in s.value for s in app.success)
    app.slider(key="_w_weight_large_call_response").set_value(0).run()
    assert "ahead of Trilogy" in headline(app)
    app.selectbox(key="_scenario_pick").select("Service heavy").run()
    app.button(key="_scenario_load").click().run()
    assert not app.exception
    assert app.slider(key="_w_weight_large_call_response").value == 100
    assert "ahead of PeopleSoft" in headline(app)


def test_a_scenario_without_a_name_is_refused_with_a_message(app):
    set_lang(app, "en")
    app.text_input[0].input("   ")
    app.button(key="_scenario_save").click().run()
    assert not app.exception
    assert any("needs a name" in e.value for e in app.error)


def test_compare_shows_two_vendors_and_the_gap(app):
    set_lang(app, "en")
    app.switch_page(PAGES["compare"]).run()
    assert not app.exception
    assert app.multiselect[0].value == ["Siebel", "Trilogy"]
    charts = app.get("plotly_chart")
    assert len(charts) == 2  # radar and gap chart
    assert any("Siebel leads Trilogy mostly through" in m.value for m in app.markdown)


def test_compare_needs_two_vendors(app):
    app.switch_page(PAGES["compare"]).run()
    app.multiselect[0].set_value(["Siebel"]).run()
    assert not app.exception
    assert app.info


def test_matrix_heatmap_marks_cells_by_text(app):
    set_lang(app, "en")
    app.switch_page(PAGES["matrix"]).run()
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    marks, numbers = figure["data"]
    clarify = [row for row in marks["y"]].index("Clarify")
    # Clarify: 4 2 N/A N/A N/A N/A 4 6 5 N/A P N/A
    assert marks["text"][clarify][2] == "N/A"
    assert marks["text"][clarify][10] == "P"
    assert numbers["text"][clarify][:2] == ["4", "2"]
    pivotal_free = all("?" not in row for row in marks["text"])
    assert pivotal_free  # no unknown cells in the large-enterprise matrix
    assert "Gartner" in " ".join(c.value for c in app.caption)


def test_matrix_shows_pivotal_as_unknown(app):
    app.selectbox(key="_w_segment_zh").select("mid").run()
    app.switch_page(PAGES["matrix"]).run()
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    marks = figure["data"][0]
    assert marks["y"][-1] == "Pivotal *"
    assert set(marks["text"][-1]) == {"?"}


def test_na_can_count_as_a_rating_and_policies_reset(app):
    set_lang(app, "en")
    app.number_input(key="_w_pol_na_rating").set_value(0.0).run()
    assert not app.exception
    assert any("N/A counts as the rating 0" in c.value for c in app.caption)
    app.button(key="_policies_reset").click().run()
    assert any("N/A scores 0.00" in c.value for c in app.caption)
