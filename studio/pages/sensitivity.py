"""Sensitivity: how safe the ranking is when weights (and ratings) move."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from scoring.errors import InputError
from scoring.methods import rank_with
from scoring.robustness import overtake, stability_intervals, tornado, what_if_removed
from scoring.smaa import smaa
from studio import state
from studio.charts_decision import (
    acceptability_heatmap,
    stability_chart,
    tornado_chart,
)
from studio.i18n import t

lang = state.lang()
seg = state.segment()
key = state.cache_key()
gated = state.ranked_evaluation()
evaluation = state.evaluation()
labels = {c.id: c.label(lang) for c in evaluation.criteria}


@st.cache_data(show_spinner=False, max_entries=64)
def _tornado(key: tuple, vendor: str, spread: float) -> pd.DataFrame:
    return tornado(state.gated_for(key), vendor, spread)


@st.cache_data(show_spinner=False, max_entries=64)
def _intervals(key: tuple) -> list:
    return stability_intervals(state.gated_for(key))


@st.cache_data(show_spinner=False, max_entries=32)
def _smaa(key: tuple, samples: int, seed: int, noise: float, bounds, order):
    return smaa(
        state.gated_for(key),
        samples,
        seed,
        bounds=dict(bounds) or None,
        order=list(order) or None,
        rating_noise=noise,
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _overtake(key: tuple, challenger: str, leader: str):
    return overtake(state.gated_for(key), challenger, leader)


@st.cache_data(show_spinner=False, max_entries=64)
def _removed(key: tuple, vendor: str, method: str):
    return what_if_removed(state.gated_for(key), vendor, method)


def pct(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{100 * value:.1f}%"


st.title(t("sensitivity.title", lang))
st.caption(t("sensitivity.subtitle", lang))
if gated is None or len(gated.vendors) < 2:
    st.error(t("sensitivity.too_few", lang))
    st.stop()
result = state.result()
ranked = list(result.ranked.index)
if len(ranked) < 2:
    st.error(t("sensitivity.too_few", lang))
    st.stop()
weighted = [c for c in gated.criterion_ids if result.weights.get(c, 0) > 0]

# one-at-a-time sweeps (tornado)
st.subheader(t("sensitivity.tornado", lang))
cols = st.columns([1, 1])
vendor = cols[0].selectbox(
    t("sensitivity.vendor", lang), ranked, key=f"_w_tornado_vendor_{seg}"
)
spread = cols[1].slider(
    t("sensitivity.spread", lang), 0.1, 1.0, 0.5, 0.1, key="_w_tornado_spread"
)
frame = _tornado(key, vendor, spread)
frame = frame[frame["weight"] > 0]
current = float(result.scores.loc[vendor, "total"])
st.plotly_chart(
    tornado_chart(frame, labels, current, lang), width="stretch", key="tornado_chart"
)
st.caption(t("sensitivity.tornado_help", lang, spread=100 * spread))

# exact stability intervals
st.subheader(t("sensitivity.intervals", lang))
intervals = [i for i in _intervals(key) if i.criterion in weighted]
st.plotly_chart(
    stability_chart(intervals, labels, lang), width="stretch", key="stability_chart"
)
table = pd.DataFrame(
    {
        t("weights.criterion", lang): [labels[i.criterion] for i in intervals],
        t("sensitivity.now", lang): [pct(i.weight) for i in intervals],
        t("sensitivity.winner_range", lang): [
            f"{pct(i.winner_low)} – {pct(i.winner_high)}" for i in intervals
        ],
        t("sensitivity.below_by", lang): [i.winner_low_by or "—" for i in intervals],
        t("sensitivity.above_by", lang): [i.winner_high_by or "—" for i in intervals],
        t("sensitivity.ranking_range", lang): [
            f"{pct(i.ranking_low)} – {pct(i.ranking_high)}" for i in intervals
        ],
        t("sensitivity.ranking_by", lang): [
            " / ".join(x for x in (i.ranking_low_by, i.ranking_high_by) if x) or "—"
            for i in intervals
        ],
    }
)
st.dataframe(table, hide_index=True, width="stretch")
st.caption(t("sensitivity.intervals_help", lang, winner=ranked[0]))

# SMAA-2
st.subheader(t("sensitivity.smaa", lang))
st.caption(t("sensitivity.smaa_help", lang))
with st.form("_smaa_form", border=True):
    cols = st.columns(3)
    samples = cols[0].number_input(
        t("sensitivity.samples", lang),
        min_value=1_000,
        max_value=1_000_000,
        value=10_000,
        step=1_000,
        key="_w_smaa_samples",
    )
    seed = cols[1].number_input(
        t("sensitivity.seed", lang), min_value=0, value=0, step=1, key="_w_smaa_seed"
    )
    noise = cols[2].number_input(
        t("sensitivity.noise", lang),
        min_value=0.0,
        max_value=3.0,
        value=0.0,
        step=0.5,
        key="_w_smaa_noise",
    )
    order = st.multiselect(
        t("sensitivity.order", lang),
        weighted,
        format_func=labels.get,
        key=f"_w_smaa_order_{seg}_{lang}",
    )
    bounds_frame = pd.DataFrame(
        {
            "criterion": [labels[c] for c in weighted],
            "low": [0.0] * len(weighted),
            "high": [100.0] * len(weighted),
        }
    )
    with st.expander(t("sensitivity.bounds", lang)):
        edited = st.data_editor(
            bounds_frame,
            key=f"_w_smaa_bounds_{seg}_{lang}",
            hide_index=True,
            width="stretch",
            disabled=["criterion"],
            column_config={
                "criterion": st.column_config.TextColumn(t("weights.criterion", lang)),
                "low": st.column_config.NumberColumn(
                    t("sensitivity.low", lang), min_value=0.0, max_value=100.0
                ),
                "high": st.column_config.NumberColumn(
                    t("sensitivity.high", lang), min_value=0.0, max_value=100.0
                ),
            },
        )
    run = st.form_submit_button(t("sensitivity.run", lang), key="_smaa_run")
bounds = tuple(
    (c, (float(lo) / 100, float(hi) / 100))
    for c, lo, hi in zip(weighted, edited["low"], edited["high"], strict=True)
    if (lo or 0) > 0 or (hi if pd.notna(hi) else 100) < 100
)
inputs = (int(samples), int(seed), float(noise), bounds, tuple(order))
if run:
    st.session_state["_smaa_inputs"] = inputs
chosen = st.session_state.get("_smaa_inputs", (10_000, 0, 0.0, (), ()))
try:
    with st.status(t("sensitivity.running", lang, n=chosen[0]), expanded=False) as box:
        started = time.perf_counter()
        outcome = _smaa(key, *chosen)
        box.update(
            label=t(
                "sensitivity.done",
                lang,
                n=outcome.samples,
                seconds=time.perf_counter() - started,
                seed=chosen[1],
            ),
            state="complete",
        )
except InputError as exc:
    st.error(t("sensitivity.smaa_failed", lang, reason=str(exc)))
else:
    left, right = st.columns([1.2, 1], gap="large")
    with left:
        st.plotly_chart(
            acceptability_heatmap(outcome.acceptability, lang), key="smaa_chart"
        )
    with right:
        central = outcome.central_weights[weighted].rename(columns=labels) * 100
        central.insert(0, t("sensitivity.confidence", lang), outcome.confidence * 100)
        central.insert(0, t("sensitivity.first", lang), outcome.acceptability[1] * 100)
        st.markdown(t("sensitivity.central", lang))
        st.dataframe(central.round(1), width="stretch")
        st.caption(
            t("sensitivity.central_help", lang, share=100 * outcome.accepted_share)
        )

# what would it take
st.subheader(t("sensitivity.take", lang))
cols = st.columns(2)
leader = cols[0].selectbox(
    t("sensitivity.leader", lang), ranked, key=f"_w_take_leader_{seg}"
)
others = [v for v in ranked if v != leader]
challenger = cols[1].selectbox(
    t("sensitivity.challenger", lang), others, key=f"_w_take_challenger_{seg}"
)
answer = _overtake(key, challenger, leader)
if answer.gap <= 0:
    st.info(t("sensitivity.already", lang, a=challenger, b=leader))
else:
    single = answer.single[answer.single.index.isin(weighted)].dropna()
    if single.empty:
        st.info(t("sensitivity.no_single", lang, a=challenger, b=leader))
    else:
        best = single.index[0]
        st.markdown(
            t(
                "sensitivity.single",
                lang,
                a=challenger,
                b=leader,
                criterion=labels[best],
                now=100 * single.loc[best, "weight"],
                needed=100 * single.loc[best, "needed"],
            )
        )
    rows = {}
    for name, vector, distance in (
        ("L1", answer.l1, answer.l1_distance),
        ("L2", answer.l2, answer.l2_distance),
    ):
        if vector is not None:
            rows[f"{name} · {100 * distance:.1f}"] = {
                labels[c]: 100 * w for c, w in vector.items() if c in weighted
            }
    if rows:
        table = pd.DataFrame(rows)
        table.insert(
            0, t("sensitivity.now", lang), 100 * result.weights[weighted].values
        )
        st.dataframe(table.round(1), width="stretch")
        st.caption(t("sensitivity.take_help", lang))
    elif answer.l1 is None and gated.policies.unknown != "rescale":
        st.info(t("sensitivity.impossible", lang, a=challenger, b=leader))

# rank reversal
st.subheader(t("sensitivity.reversal", lang))
cols = st.columns(2)
removed = cols[0].selectbox(
    t("sensitivity.remove", lang), ranked, key=f"_w_remove_{seg}"
)
method = cols[1].selectbox(
    t("methods.method", lang),
    ["wsm", "topsis", "promethee"],
    format_func=lambda m: t(f"methods.name_{m}", lang),
    key=f"_w_reversal_method_{lang}",
)
flips = _removed(key, removed, method)
if flips.empty:
    st.success(t("sensitivity.no_flip", lang, vendor=removed))
else:
    st.warning(t("sensitivity.flips", lang, vendor=removed, n=len(flips)))
    st.dataframe(
        pd.DataFrame(
            {
                t("sensitivity.before", lang): [
                    f"{a} > {b}"
                    for a, b in zip(flips["first"], flips["second"], strict=True)
                ],
                t("sensitivity.after", lang): [
                    f"{b} > {a}"
                    for a, b in zip(flips["first"], flips["second"], strict=True)
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
if method == "wsm" and gated.policies.normalization == "scale":
    st.caption(t("sensitivity.scale_note", lang))
before = rank_with(gated, method)
st.caption(t("sensitivity.reversal_help", lang, order=" > ".join(before.ranking)))
