"""Sections of the Weights page below the elicitation: ratings on the non-functional
sub-criteria, must-have gates, cost as money, and the methods cross-check."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import streamlit as st

from scoring.errors import InputError
from scoring.gates import Gate
from scoring.methods import compare_methods, rank_with
from scoring.tco import Costs, value_for_money
from studio import state
from studio.charts_decision import value_chart
from studio.i18n import md, names, t

__all__ = ["cost_section", "gates_section", "methods_section", "ratings_section"]

NORMALIZATIONS = ["default", "scale", "minmax", "vector", "none"]


def apply_edits(key: str, apply: Callable[[int, dict], bool], lang: str) -> bool:
    """Apply the edited rows of a data editor to the canonical state.

    Runs in the page right after the editor is drawn (so that the edits count the
    same in a browser and under AppTest); ``apply`` returns True when it changed
    something. A refused cell is shown as an error naming it, never a traceback.
    """
    changed = False
    for row, change in st.session_state.get(key, {}).get("edited_rows", {}).items():
        try:
            changed |= bool(apply(int(row), change))
        except InputError as exc:
            st.error(t("weights.cell_refused", lang, reason=str(exc)))
    return changed


def _vendors() -> list[str]:
    return [v.name for v in state.market(state.segment()).vendors]


# ratings on the non-functional sub-criteria -------------------------------------


def _rating_edit(vendors: list[str], row: int, change: dict) -> bool:
    typed = state.decision().extra_ratings.get(vendors[row], {})
    changed = False
    for criterion, text in change.items():
        token = "" if text is None else str(text).strip()
        if typed.get(criterion, "") != token:
            state.set_extra_rating(vendors[row], criterion, token)
            changed = True
    return changed


def ratings_section(lang: str) -> None:
    st.subheader(t("ratings.title", lang))
    st.caption(t("ratings.help", lang))
    extras = state.extra_criteria()
    vendors = _vendors()
    typed = state.decision().extra_ratings
    frame = pd.DataFrame(
        [[typed.get(v, {}).get(c.id, "") for c in extras] for v in vendors],
        index=vendors,
        columns=[c.id for c in extras],
    )
    key = f"_w_extra_{state.segment()}_{lang}"
    st.data_editor(
        frame,
        key=key,
        width="stretch",
        column_config={
            c.id: st.column_config.TextColumn(c.label(lang), help=c.description(lang))
            for c in extras
        },
    )
    apply_edits(key, lambda row, change: _rating_edit(vendors, row, change), lang)


# must-have gates ------------------------------------------------------------------


def _gate_reason(failure, labels: dict[str, str], gates: dict, lang: str) -> str:
    gate = gates.get(failure.criterion)
    minimum = gate.minimum if gate and gate.minimum is not None else 0
    return t(
        f"gates.rule_{failure.rule}",
        lang,
        criterion=labels.get(failure.criterion, failure.criterion),
        found=failure.found or "?",
        minimum=f"{minimum:g}",
    )


def gates_section(lang: str) -> None:
    st.subheader(t("gates.title", lang))
    st.caption(t("gates.help", lang))
    evaluation = state.evaluation()
    labels = {c.id: c.label(lang) for c in evaluation.criteria}
    gates = {g.criterion: g for g in state.decision().gates}
    with st.form(f"_gate_form_{lang}", border=True):
        cols = st.columns([2, 1, 1, 1, 1])
        criterion = cols[0].selectbox(
            t("gates.criterion", lang),
            evaluation.criterion_ids,
            format_func=labels.get,
            key=f"_w_gate_criterion_{lang}",
        )
        minimum = cols[1].number_input(
            t("gates.minimum", lang),
            min_value=evaluation.scale.low,
            max_value=evaluation.scale.high,
            value=None,
            step=1.0,
            key="_w_gate_minimum",
        )
        must_offer = cols[2].checkbox(
            t("gates.must_offer", lang), value=True, key="_w_gate_offer"
        )
        not_partner = cols[3].checkbox(
            t("gates.not_partner", lang), key="_w_gate_partner"
        )
        unknown_passes = cols[4].checkbox(
            t("gates.unknown_passes", lang), key="_w_gate_unknown"
        )
        if st.form_submit_button(t("gates.add", lang), key="_gate_add"):
            state.add_gate(
                Gate(
                    criterion=criterion,
                    minimum=minimum,
                    must_offer=must_offer,
                    not_partner_only=not_partner,
                    unknown="pass" if unknown_passes else "fail",
                )
            )
            st.rerun()
    if not gates:
        st.caption(t("gates.none", lang))
        return
    rows = [
        {
            t("gates.criterion", lang): labels.get(g.criterion, g.criterion),
            t("gates.minimum", lang): "" if g.minimum is None else f"{g.minimum:g}",
            t("gates.must_offer", lang): g.must_offer,
            t("gates.not_partner", lang): g.not_partner_only,
            t("gates.unknown_passes", lang): g.unknown == "pass",
        }
        for g in gates.values()
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    cols = st.columns([2, 1])
    drop = cols[0].selectbox(
        t("gates.remove_which", lang),
        list(gates),
        format_func=lambda c: labels.get(c, c),
        key=f"_w_gate_drop_{lang}",
    )
    cols[1].button(
        t("gates.remove", lang),
        key="_gate_remove",
        on_click=state.guarded(state.remove_gate),
        args=(drop,),
    )
    result = state.gate_result()
    if result.failed:
        reasons = [
            {
                t("table.vendor", lang): vendor,
                t("gates.reasons", lang): "; ".join(
                    _gate_reason(f, labels, gates, lang) for f in failures
                ),
            }
            for vendor, failures in result.failed.items()
        ]
        st.error(t("gates.failed", lang, n=len(result.failed)))
        st.dataframe(pd.DataFrame(reasons), hide_index=True, width="stretch")
    else:
        st.success(t("gates.all_pass", lang))
    for warning in result.warnings:
        st.warning(
            f"{warning.vendor}: {_gate_reason(warning, labels, gates, lang)}"
            + t("gates.passed_anyway", lang)
        )
    if result.evaluation is None:
        st.error(t("gates.nobody", lang))


# cost as money ----------------------------------------------------------------------


def _cost_edit(vendors: list[str], frame: pd.DataFrame, row: int, change: dict) -> bool:
    vendor = vendors[row]
    values = frame.loc[vendor].to_dict() | change
    current = state.decision().costs.get(vendor)
    if all(v is None or pd.isna(v) for v in values.values()):
        if current is None:
            return False
        state.set_costs(vendor, None)
        return True
    missing = [k for k, v in values.items() if v is None or pd.isna(v)]
    if missing:  # wait for the whole row before it counts
        st.session_state["_cost_incomplete"] = vendor
        return False
    negative = [k for k, v in values.items() if v < 0 or not math.isfinite(v)]
    if negative:
        raise InputError(
            "costs must be non-negative amounts",
            field=f"{vendor} · {negative[0]}",
            found=str(values[negative[0]]),
        )
    costs = Costs(**{k: float(v) for k, v in values.items()})
    if costs == current:
        return False
    state.set_costs(vendor, costs)
    return True


def _on_tco_options() -> None:
    ss = st.session_state
    state.set_tco_options(
        int(ss["_w_tco_years"]), ss["_w_tco_rate"] / 100, ss["_w_tco_in_score"]
    )


def cost_section(lang: str) -> None:
    st.subheader(t("cost.title", lang))
    st.caption(t("cost.help", lang))
    choices = state.decision()
    vendors = _vendors()
    frame = pd.DataFrame(
        [
            [
                getattr(choices.costs.get(v), part, None)
                for part in ("licence", "implementation", "running")
            ]
            for v in vendors
        ],
        index=vendors,
        columns=["licence", "implementation", "running"],
        dtype=float,
    )
    key = f"_w_costs_{state.segment()}_{lang}"
    left, right = st.columns([1.3, 1], gap="large")
    with left:
        st.data_editor(
            frame,
            key=key,
            width="stretch",
            column_config={
                part: st.column_config.NumberColumn(
                    t(f"cost.{part}", lang), min_value=0.0, format="%.0f"
                )
                for part in frame.columns
            },
        )
        if apply_edits(
            key, lambda row, change: _cost_edit(vendors, frame, row, change), lang
        ):
            st.rerun()
        incomplete = st.session_state.pop("_cost_incomplete", None)
        if incomplete:
            st.warning(t("cost.incomplete", lang, vendor=incomplete))
    with right:
        ss = st.session_state
        ss.setdefault("_w_tco_years", choices.tco_years)
        ss.setdefault("_w_tco_rate", 100 * choices.discount_rate)
        ss.setdefault("_w_tco_in_score", choices.tco_in_score)
        st.number_input(
            t("cost.years", lang),
            min_value=1,
            max_value=50,
            step=1,
            key="_w_tco_years",
            on_change=state.guarded(_on_tco_options),
        )
        st.number_input(
            t("cost.rate", lang),
            min_value=0.0,
            max_value=50.0,
            step=0.5,
            key="_w_tco_rate",
            on_change=state.guarded(_on_tco_options),
        )
        st.toggle(
            t("cost.in_score", lang),
            key="_w_tco_in_score",
            on_change=state.guarded(_on_tco_options),
        )
        if choices.tco_in_score and choices.costs:
            weight = 100 * state.result().weights.get(state.TCO_ID, 0.0)
            st.caption(t("cost.in_score_weight", lang, weight=weight))
    totals = state.tco_totals()
    gated = state.ranked_evaluation()
    if gated is None or totals.empty:
        st.caption(t("cost.no_costs", lang))
        return
    try:
        vfm = value_for_money(gated, totals, cost_criteria=(state.TCO_ID,))
    except InputError as exc:
        st.warning(t("cost.no_chart", lang, reason=exc.message))
        return
    if len(vfm.table) < 2:
        st.caption(t("cost.too_few", lang))
        return
    st.plotly_chart(value_chart(vfm.table, vfm.frontier, lang), key="value_chart")
    st.caption(t("cost.frontier", lang, vendors=names(vfm.frontier, lang)))


# methods and cross-check -------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def _methods(key: tuple, method: str, normalization: str | None):
    gated = state.gated_for(key)
    if gated is None:
        return None, None
    chosen = rank_with(gated, method, normalization)
    return chosen, compare_methods(gated)


def _on_method() -> None:
    ss = st.session_state
    lang = state.lang()
    how = ss[f"_w_norm_{lang}"]
    state.set_method(ss[f"_w_method_{lang}"], None if how == "default" else how)


def methods_section(lang: str) -> None:
    st.subheader(t("methods.title", lang))
    st.caption(t("methods.help", lang))
    choices = state.decision()
    ss = st.session_state
    ss[f"_w_method_{lang}"] = choices.method
    ss[f"_w_norm_{lang}"] = choices.method_normalization or "default"
    cols = st.columns(2)
    cols[0].selectbox(
        t("methods.method", lang),
        ["wsm", "topsis", "promethee"],
        format_func=lambda m: t(f"methods.name_{m}", lang),
        key=f"_w_method_{lang}",
        on_change=state.guarded(_on_method),
    )
    cols[1].selectbox(
        t("methods.normalization", lang),
        NORMALIZATIONS,
        format_func=lambda n: t(f"methods.norm_{n}", lang),
        key=f"_w_norm_{lang}",
        on_change=state.guarded(_on_method),
    )
    try:
        chosen, comparison = _methods(
            state.cache_key(), choices.method, choices.method_normalization
        )
    except InputError as exc:
        st.error(t("methods.failed", lang, reason=str(exc)))
        return
    if chosen is None:
        st.error(t("gates.nobody", lang))
        return
    names = {m: t(f"methods.name_{m}", lang) for m in ("wsm", "topsis", "promethee")}
    left, right = st.columns([1, 1.2], gap="large")
    with left:
        table = pd.DataFrame(
            {
                t("table.rank", lang): chosen.ranks,
                t("table.score", lang): chosen.scores.round(4),
            }
        ).loc[chosen.ranking]
        table.index.name = t("table.vendor", lang)
        st.markdown(
            t(
                "methods.chosen",
                lang,
                method=names[chosen.method],
                norm=t(f"methods.norm_{chosen.normalization}", lang),
            )
        )
        st.dataframe(table, width="stretch")
    with right:
        st.markdown(t("methods.cross_check", lang))
        ranks = comparison.ranks.rename(columns=names)
        ranks = ranks.sort_values(names["wsm"])
        ranks.index.name = t("table.vendor", lang)
        st.dataframe(ranks, width="stretch")
        correlations = pd.DataFrame(
            {
                "Spearman ρ": {
                    f"{names[a]} · {names[b]}": comparison.spearman.loc[a, b]
                    for a, b in (
                        ("wsm", "topsis"),
                        ("wsm", "promethee"),
                        ("topsis", "promethee"),
                    )
                },
                "Kendall τ-b": {
                    f"{names[a]} · {names[b]}": comparison.kendall.loc[a, b]
                    for a, b in (
                        ("wsm", "topsis"),
                        ("wsm", "promethee"),
                        ("topsis", "promethee"),
                    )
                },
            }
        ).round(3)
        st.dataframe(correlations, width="stretch")
        st.caption(t("methods.cross_check_help", lang))


# the robustness sentence of the Ranking page -----------------------------------------


def robustness_note(lang: str, winner: str) -> None:
    """How safe the recommendation is, in one sentence, below the headline.

    The nearest end of the winner's stability intervals (closed form) and the
    winner's first-rank acceptability from a quick SMAA with a fixed seed; both are
    cached by the evaluation's inputs, so a weight change recomputes them.
    """
    failed = state.gate_result().failed
    if failed:
        st.caption(t("robust.gated", lang, vendors=names(failed, lang)))
    summary = state.robustness()
    if summary is None:
        return
    labels = {c.id: c.label(lang) for c in state.evaluation().criteria}
    nearest = None
    for interval in summary["intervals"]:
        if interval.weight <= 0:
            continue
        ends = (
            ("above", interval.winner_high, interval.winner_high_by),
            ("below", interval.winner_low, interval.winner_low_by),
        )
        for side, limit, by in ends:
            if by is None:
                continue
            distance = abs(limit - interval.weight)
            if nearest is None or distance < nearest[0]:
                nearest = (distance, side, limit, by, interval)
    share = 100 * summary["first"].get(winner, 0.0)
    smaa_text = t("robust.smaa", lang, share=share, n=state.QUICK_SMAA_SAMPLES)
    if nearest is None:
        st.info(t("robust.never", lang, vendor=md(winner)) + " " + smaa_text)
        return
    _, side, limit, by, interval = nearest
    st.info(
        t(
            f"robust.{side}",
            lang,
            vendor=md(winner),
            criterion=md(labels.get(interval.criterion, interval.criterion)),
            limit=100 * limit,
            now=100 * interval.weight,
            by=md(by),
        )
        + " "
        + smaa_text
    )
