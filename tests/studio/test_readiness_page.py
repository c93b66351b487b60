"""Readiness pages under AppTest: the questionnaire filled in, the verdict, several
respondents, the proposed weights applied to the Ranking page, answers kept."""

from __future__ import annotations

import pytest
import streamlit as st
from apptest_helpers import PAGES, fresh_app

from scoring.readiness_data import load_questionnaire
from studio.i18n import t

Q = load_questionnaire()


def set_lang(at, lang: str):
    at.segmented_control(key="_w_lang").set_value(lang).run()
    assert not at.exception
    return at


def open_page(at, page: str):
    at.switch_page(PAGES[page]).run()
    assert not at.exception
    return at


def fill(at, answers: dict[str, int], respondent: str = "R1", lang: str = "zh"):
    """Set every radio of ``answers`` at once, then run (each callback fires)."""
    for item, value in answers.items():
        at.radio(key=f"_rd_{respondent}_{item}_{lang}").set_value(value)
    at.run()
    assert not at.exception
    return at


def best() -> dict[str, int]:
    return {
        i.id: 0 if Q.scale_of(i.id).reverse else Q.scale_of(i.id).top for i in Q.items
    }


def worst() -> dict[str, int]:
    return {
        i.id: Q.scale_of(i.id).top if Q.scale_of(i.id).reverse else 0 for i in Q.items
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_filled_questionnaire_shows_the_ready_verdict(app, lang):
    set_lang(app, lang)
    open_page(app, "readiness")
    assert app.info[0].value == t("readiness.verdict.not_assessed", lang)
    assert len(app.radio) == len(Q.items)
    fill(app, best(), lang=lang)
    assert app.success[0].value == t("readiness.verdict.ready", lang, index=100)
    open_page(app, "readiness_results")
    assert app.success[0].value == t("readiness.verdict.ready", lang, index=100)
    assert len(app.get("plotly_chart")) == 4


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_worst_answers_name_the_blockers(app, lang):
    set_lang(app, lang)
    open_page(app, "readiness")
    fill(app, worst(), lang=lang)
    banner = app.error[0].value
    assert banner.startswith(
        t("readiness.verdict.not_ready_blockers", lang, index=0, n=4, blockers="")[:8]
    )
    assert Q.item("chk_sponsor").label(lang).rstrip("。.") in banner
    open_page(app, "readiness_results")
    blockers = [e.value for e in app.error[1:]]
    assert len(blockers) == 4
    assert any(Q.item_action("chk_team", lang) in b for b in blockers)


def test_partial_answers_are_marked_partial(app):
    set_lang(app, "en")
    open_page(app, "readiness")
    fill(app, {"ksf01": 4, "chk_sponsor": 2}, lang="en")
    assert app.success[0].value.startswith("Ready to adopt CRM")
    assert any("Partial result" in c.value for c in app.caption)
    open_page(app, "readiness_results")
    statuses = app.dataframe[0].value.iloc[:, 3].tolist()
    assert statuses.count("not assessed") == 8 and statuses[0] == "assessed"


def test_two_respondents_disagreement_is_shown(app):
    set_lang(app, "en")
    open_page(app, "readiness")
    fill(app, best(), lang="en")
    app.text_input(key="_rd_new_respondent").input("Bo").run()
    app.button(key="_rd_add").click().run()
    assert not app.exception
    assert app.selectbox(key="_rd_respondent").value == "Bo"
    fill(app, best() | {"ksf09": 0, "chk_team": 1}, respondent="Bo", lang="en")
    open_page(app, "readiness_results")
    frames = [f.value for f in app.dataframe]
    disagreement = next(f for f in frames if "Range (share of the scale)" in f.columns)
    assert disagreement.iloc[0]["Question"] == Q.item("ksf09").label_en
    assert disagreement.iloc[0]["Bo"] == 0 and disagreement.iloc[0]["R1"] == 4
    spread = next(f for f in frames if "std" in f.columns)
    data = spread.set_index("Dimension").loc["Data & integration"]
    assert data["n"] == 2 and data["min"] < data["max"]


def test_applying_the_proposed_weights_changes_the_ranking_weights(app):
    set_lang(app, "en")
    before = app.slider(key="_w_weight_large_call_response").value
    open_page(app, "readiness")
    fill(app, {"reason_response": 4, "need_callcentre": 4}, lang="en")
    open_page(app, "readiness_results")
    assert any("Customer service: 100%" in m.value for m in app.markdown)
    app.button(key="_rd_apply").click().run()
    assert not app.exception
    assert app.success[-1].value.startswith("The proposed weights are now")
    open_page(app, "ranking")
    assert app.slider(key="_w_weight_large_call_response").value == 100.0
    assert app.slider(key="_w_weight_large_opportunity_mgmt").value == 0.0
    assert before == 10.0


def test_answers_and_industry_come_back_in_a_new_session(app):
    set_lang(app, "en")
    open_page(app, "readiness")
    fill(app, {"ksf01": 3}, lang="en")
    open_page(app, "readiness_results")
    app.selectbox(key="_rd_industry_en").select("insurance").run()
    assert not app.exception
    again = fresh_app().run()  # same store: a reload or a restart
    open_page(again, "readiness")
    assert again.radio(key="_rd_R1_ksf01_en").value == 3
    open_page(again, "readiness_results")
    assert again.selectbox(key="_rd_industry_en").value == "insurance"


def test_an_unusable_store_document_falls_back_to_empty(data_dir):
    from scoring.store import Store

    Store().set_setting("readiness", {"answers": {"R1": {"ksf01": 99, "zzz": 1}}})
    st.cache_resource.clear()
    at = fresh_app().run()
    set_lang(at, "en")
    open_page(at, "readiness")
    assert at.radio(key="_rd_R1_ksf01_en").value is None
