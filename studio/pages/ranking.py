"""Ranking: weights on the left, the ranking and its explanation on the right."""

from __future__ import annotations

from typing import get_args

import pandas as pd
import streamlit as st

from scoring.builtin import load_pillars
from scoring.models import Policies
from studio import state, widgets
from studio.charts import ranking_chart
from studio.decision_sections import robustness_note
from studio.i18n import md, names, policy_summary, t

lang = state.lang()
evaluation = state.evaluation()
result = state.result()
segment_label = widgets.segment_label(state.segment(), lang)


def _weight_key(criterion: str) -> str:
    return f"_w_weight_{state.segment()}_{criterion}"


def _on_weight(criterion: str) -> None:
    value = st.session_state.get(_weight_key(criterion))
    if value is None:  # the widget was reset meanwhile: nothing to apply
        return
    if not state.set_weight(criterion, value):
        st.session_state[_weight_key(criterion)] = state.weights()[criterion]
        st.session_state["_weight_refused"] = criterion


def _on_reset() -> None:
    state.reset_weights()
    for criterion, value in state.weights().items():  # move the sliders with it
        st.session_state[_weight_key(criterion)] = float(value)


def _on_policy() -> None:
    ss, current = st.session_state, state.policies()
    changes = {
        "normalization": ss.get(f"_w_pol_norm_{lang}", current.normalization),
        "not_offered_score": ss.get("_w_pol_na", current.not_offered_score),
        "partner_score": ss.get("_w_pol_p", current.partner_score),
        "unknown": ss.get(f"_w_pol_unknown_{lang}", current.unknown),
        "not_offered_rating": ss.get("_w_pol_na_rating", current.not_offered_rating),
    }
    state.set_policies(Policies.model_validate(current.model_dump() | changes))


def _on_reset_policies() -> None:
    state.set_policies(Policies())
    for key in ("_w_pol_na", "_w_pol_p", "_w_pol_na_rating"):
        st.session_state.pop(key, None)


st.title(t("ranking.title", lang))
subtitle = (
    "ranking.subtitle_imported"
    if state.is_imported(state.segment())
    else ("ranking.subtitle")
)
st.caption(t(subtitle, lang, segment=md(segment_label)))

left, right = st.columns([1, 2.3], gap="large")

# weight editor
with left:
    st.subheader(t("ranking.weights", lang))
    st.caption(t("ranking.weights_help", lang))
    percents = 100 * result.weights
    current = state.weights()
    refused = st.session_state.pop("_weight_refused", None)
    if refused:
        st.warning(
            t(
                "ranking.all_zero_refused",
                lang,
                criterion=evaluation.criterion(refused).label(lang),
            )
        )
    for criterion in evaluation.criteria:
        key = f"_w_weight_{state.segment()}_{criterion.id}"
        if key not in st.session_state:
            st.session_state[key] = float(current[criterion.id])
        st.slider(
            f"{criterion.label(lang)} · {percents[criterion.id]:.1f}%",
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            key=key,
            on_change=state.guarded(_on_weight),
            args=(criterion.id,),
            help=criterion.description(lang),
        )
    st.button(
        t("ranking.reset", lang),
        on_click=state.guarded(_on_reset),
        icon=":material/restart_alt:",
    )

# CRM pillars in their usual order (SA, MA, CS, analytics), then any others
known_pillars = [p.id for p in load_pillars()]
pillar_order = [p for p in known_pillars if p in result.pillars.columns]

# ranking, headline, table
with right:
    ranked = result.ranked
    if ranked.empty:
        st.error(t("ranking.nothing_ranked", lang))
    else:
        winners = result.winners
        top = 100 * ranked["total"].iloc[0]
        if len(winners) > 1:
            st.info(
                t("ranking.headline_tie", lang, vendors=names(winners, lang), score=top)
            )
        elif len(ranked) > 1:
            gap = top - 100 * ranked["total"].iloc[1]
            second = ranked["rank"].iloc[1]
            runners = list(ranked.index[ranked["rank"] == second])  # may be a tie
            st.success(
                t(
                    "ranking.headline",
                    lang,
                    vendor=md(winners[0]),
                    score=top,
                    runner=names(runners, lang),
                    gap=gap,
                )
            )
        else:
            st.success(
                t("ranking.headline_single", lang, vendor=md(winners[0]), score=top)
            )
        if len(winners) == 1:
            robustness_note(lang, winners[0])
        st.plotly_chart(
            ranking_chart(evaluation, result, lang),
            width="stretch",
            key="ranking_chart",
        )

        table = pd.DataFrame(
            {
                t("table.rank", lang): ranked["rank"],
                t("table.score", lang): (100 * ranked["total"]).round(2),
                **{
                    pillar: (100 * result.pillars.loc[ranked.index, pillar]).round(2)
                    for pillar in pillar_order
                },
                t("table.coverage", lang): (100 * ranked["coverage"]).round(0),
                t("table.flag", lang): [
                    t("table.flag_unknown", lang, n=len(u)) if u else ""
                    for u in ranked["unknown"]
                ],
            }
        )
        table.index.name = t("table.vendor", lang)
        st.dataframe(table, width="stretch")
        if pillar_order:
            st.caption(t("ranking.table_help", lang))

    if result.insufficient:
        st.warning(
            t("ranking.insufficient", lang, vendors=names(result.insufficient, lang))
        )
    flagged = list(result.scores.index[result.scores["flagged"]])
    if flagged:
        st.warning(t("ranking.flagged", lang, vendors=names(flagged, lang)))
    if result.flat_criteria:
        flat_names = [evaluation.criterion(c).label(lang) for c in result.flat_criteria]
        st.info(t("ranking.flat", lang, criteria=names(flat_names, lang)))

    # policies in force, editable
    policies = state.policies()
    with st.expander(t("policy.title", lang), expanded=False):
        ss = st.session_state
        # choice widgets are keyed by language, so their labels never change under them
        ss[f"_w_pol_norm_{lang}"] = policies.normalization
        ss[f"_w_pol_unknown_{lang}"] = policies.unknown
        ss["_w_pol_na"] = policies.not_offered_score
        ss["_w_pol_p"] = policies.partner_score
        ss["_w_pol_na_rating"] = policies.not_offered_rating
        st.radio(
            t("policy.normalization", lang),
            list(get_args(Policies.model_fields["normalization"].annotation)),
            format_func=lambda v: t(f"policy.norm_{v}", lang),
            key=f"_w_pol_norm_{lang}",
            on_change=state.guarded(_on_policy),
            horizontal=True,
        )
        st.slider(
            t("policy.na_score", lang),
            0.0,
            1.0,
            step=0.05,
            key="_w_pol_na",
            on_change=state.guarded(_on_policy),
        )
        st.number_input(
            t("policy.na_rating", lang),
            value=None,
            step=1.0,
            key="_w_pol_na_rating",
            on_change=state.guarded(_on_policy),
            help=t("policy.na_rating_help", lang),
        )
        st.slider(
            t("policy.p_score", lang),
            0.0,
            1.0,
            step=0.05,
            key="_w_pol_p",
            on_change=state.guarded(_on_policy),
        )
        st.selectbox(
            t("policy.unknown", lang),
            list(get_args(Policies.model_fields["unknown"].annotation)),
            format_func=lambda v: t(f"policy.unknown_{v}", lang),
            key=f"_w_pol_unknown_{lang}",
            on_change=state.guarded(_on_policy),
        )
        st.button(
            t("policy.reset", lang),
            on_click=state.guarded(_on_reset_policies),
            key="_policies_reset",
            icon=":material/restart_alt:",
        )
    st.caption(policy_summary(policies, lang))
    st.caption(t("ranking.source", lang, source=state.source_line(lang)))
