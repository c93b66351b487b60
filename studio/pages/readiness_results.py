"""Readiness results: verdict, index, dimensions, stage, curve, gaps, risks,
respondents, and the weights the answers propose for the vendor evaluation."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from scoring.builtin import load_pillars
from scoring.readiness import proposal_lines
from scoring.readiness_data import load_questionnaire
from studio import state, widgets
from studio.charts_readiness import (
    curve_chart,
    index_chart,
    readiness_radar,
    survey_chart,
)
from studio.i18n import md, names, t
from studio.readiness_sections import verdict_banner

lang = state.lang()
q = load_questionnaire()
assessment = state.readiness_assessment()
result = assessment.group


def _on_industry() -> None:
    state.set_industry(st.session_state.get(f"_rd_industry_{lang}"))


def _on_apply() -> None:
    state.apply_proposed_weights()
    st.session_state["_rd_applied"] = True


def _do(action: str) -> str:
    colon = "：" if lang == "zh" else ": "
    return f"{t('readiness.action', lang)}{colon}{action}"


def _item(item_id: str) -> str:
    return q.item(item_id).label(lang)


st.title(t("readiness_results.title", lang))
verdict_banner(result, q, lang)

# index and radar
left, right = st.columns([1, 1.3], gap="large")
with left:
    st.plotly_chart(index_chart(result.index, q, lang), key="_rd_index_chart")
    rows = [
        {
            t("readiness.dimension", lang): q.dimension(d.id).label(lang),
            t("readiness.score", lang): "—" if d.score is None else f"{d.score:.0f}",
            t("readiness.target", lang): round(d.target),
            t("readiness.status", lang): t(f"readiness.status_{d.status}", lang),
        }
        for d in result.dimensions
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
with right:
    st.plotly_chart(readiness_radar(result, q, lang), key="_rd_radar")

# blockers, gaps, risks
st.subheader(t("readiness.blockers_title", lang))
if result.blockers:
    for b in result.blockers:
        action = q.item_action(b.item, lang) or q.dimension(b.dimension).action(lang)
        st.error(f"**{_item(b.item)}** {_do(action)}")
else:
    st.caption(t("readiness.no_blockers", lang))

left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("readiness.gaps_title", lang))
    for g in result.gaps:
        dim = q.dimension(g.dimension)
        st.markdown(
            t(
                "readiness.gap_line",
                lang,
                dimension=dim.label(lang),
                score=g.score,
                target=g.target,
                gap=g.gap,
            )
        )
        st.markdown(_do(dim.action(lang)))
        if g.weakest:
            weakest = names([_item(i).rstrip("。.") for i in g.weakest], lang)
            st.caption(t("readiness.weakest", lang, items=weakest))
    if not result.gaps:
        st.caption(t("readiness.no_gaps", lang))
with right:
    st.subheader(t("readiness.risks_title", lang))
    for r in result.risks:
        scale = q.scale_of(r.item)
        point = scale.label(round(r.answer), lang)
        st.markdown(f"**{_item(r.item)}** ({point}, {r.answer:.1f}/{scale.top})")
        action = q.item_action(r.item, lang)
        if action:
            st.markdown(_do(action))
    if not result.risks:
        st.caption(t("readiness.no_risks", lang))

# stage against the survey, and the industry curve
st.subheader(t("readiness.stage_title", lang))
stage = next((s for s in q.survey.stages if s.id == result.stage), None)
if stage is None:
    st.caption(t("readiness.stage_unknown", lang))
else:
    st.markdown(
        t(
            "readiness.stage_line",
            lang,
            stage=stage.label(lang),
            share=stage.share,
            n=q.survey.respondents,
        )
    )
st.plotly_chart(survey_chart(q, result.stage, lang), key="_rd_survey")
st.caption(t("readiness.source", lang, source=q.survey.source(lang)))

industries = [i.id for i in q.curve.industries]
key = f"_rd_industry_{lang}"
st.session_state[key] = state.readiness().industry
st.selectbox(
    t("readiness.industry", lang),
    options=industries,
    format_func=lambda i: next(x.label(lang) for x in q.curve.industries if x.id == i),
    index=None,
    placeholder=t("readiness.industry_placeholder", lang),
    key=key,
    on_change=state.guarded(_on_industry),
)
st.plotly_chart(curve_chart(q, state.readiness().industry, lang), key="_rd_curve")
st.info(t("readiness.curve_caveat", lang), icon=":material/info:")
st.caption(t("readiness.source", lang, source=q.curve.source(lang)))

# respondents
st.subheader(t("readiness.respondents_title", lang))
if len(assessment.respondents) < 2:
    st.caption(t("readiness.one_respondent", lang))
else:
    spread = pd.DataFrame(
        [
            {
                t("readiness.dimension", lang): q.dimension(s.dimension).label(lang),
                "n": s.n,
                t("readiness.mean", lang): s.mean,
                "min": s.min,
                "max": s.max,
                t("readiness.std", lang): s.std,
            }
            for s in assessment.spread
        ]
    )
    st.dataframe(spread.round(1), hide_index=True, width="stretch")
    st.markdown(f"**{t('readiness.disagreements_title', lang)}**")
    if assessment.disagreements:
        who = list(assessment.respondents)
        table = pd.DataFrame(
            [
                {t("readiness.item", lang): _item(d.item)}
                | {md(n): d.answers.get(n) for n in who}
                | {t("readiness.range", lang): f"{100 * d.range:.0f}%"}
                for d in assessment.disagreements
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        st.caption(t("readiness.no_disagreements", lang))

# the weights the answers propose
st.subheader(t("readiness.weights_title", lang))
segment = widgets.segment_label(state.segment(), lang)
st.caption(t("readiness.weights_help", lang, segment=segment))
proposal = state.readiness_proposal()
if st.session_state.pop("_rd_applied", False):
    st.success(t("readiness.applied", lang, segment=segment))
if proposal is None:
    st.caption(t("readiness.no_proposal", lang))
else:
    areas = state.market(state.segment()).criteria
    pillars = {p.id: p.label(lang) for p in load_pillars()}
    left, right = st.columns([1, 1.4], gap="large")
    with left:
        table = pd.DataFrame(
            [
                {
                    t("readiness.area", lang): c.label(lang),
                    t("readiness.pillar", lang): pillars.get(c.pillar or "", ""),
                    t("readiness.points", lang): proposal.areas[c.id],
                }
                for c in areas
                if c.id in proposal.areas
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")
    with right:
        for line in proposal_lines(proposal, areas, pillars, lang, q):
            st.markdown(f"- {line}")
    st.button(
        t("readiness.apply", lang),
        on_click=state.guarded(_on_apply),
        key="_rd_apply",
        type="primary",
        icon=":material/done_all:",
    )

# downloads
st.subheader(t("readiness.download_title", lang))
scores = pd.DataFrame(
    [
        {
            "dimension": d.id,
            "label": q.dimension(d.id).label(lang),
            "score": d.score,
            "target": d.target,
            "gap": d.gap,
            "status": d.status,
            "answered": d.answered,
            "items": d.total,
        }
        for d in result.dimensions
    ]
)
left, right = st.columns(2)
left.download_button(
    t("readiness.download_csv", lang),
    data=scores.to_csv(index=False).encode("utf-8-sig"),
    file_name=f"crm-readiness-{lang}.csv",
    mime="text/csv",
    key="_rd_download_csv",
    icon=":material/description:",
)
right.download_button(
    t("readiness.download_json", lang),
    data=json.dumps(
        assessment.model_dump() | {"answers": state.readiness().answers},
        ensure_ascii=False,
        indent=2,
    ),
    file_name="crm-readiness.json",
    mime="application/json",
    key="_rd_download_json",
    icon=":material/data_object:",
)
