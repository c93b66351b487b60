"""Weights: the criteria tree, rank order and AHP, then ratings, gates, cost, methods.

Every mode edits the local weights of the tree; "apply" writes the tree's global
leaf weights to the evaluation, which the Ranking page follows.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.ahp import (
    CR_THRESHOLD,
    RANDOM_INDEX,
    aggregate_judgements,
    ahp,
    complete_pairwise,
    parse_judgement,
)
from scoring.elicitation import rank_order_centroid, rank_sum
from scoring.errors import InputError
from studio import state
from studio.charts_decision import hierarchy_treemap
from studio.decision_sections import (
    apply_edits,
    cost_section,
    gates_section,
    methods_section,
    ratings_section,
)
from studio.i18n import t, text_file

lang = state.lang()
seg = state.segment()
tree = state.hierarchy()
labels = {k: n.criterion.label(lang) for k, n in tree.nodes.items()}
labels["goal"] = t("weights.goal", lang)
SAATY = ["9", "8", "7", "6", "5", "4", "3", "2", "1"] + [f"1/{k}" for k in range(2, 10)]


def _apply() -> None:
    share, left_out = state.apply_hierarchy_weights()
    st.session_state["_weights_applied"] = (share, left_out)


def _apply_local(parent: str, local: dict[str, float]) -> None:
    state.set_local_weights(local)
    _apply()


def _on_mode() -> None:
    state.set_weights_mode(st.session_state[f"_w_wmode_{lang}"])


def _on_level() -> None:
    state.set_elicit_level(st.session_state[f"_w_level_{seg}_{lang}"])


def _tree_edit(ids: list[str], row: int, change: dict) -> bool:
    node = ids[row]
    fresh = state.hierarchy()
    if change.get("global") is not None:
        state.set_global_weight(node, float(change["global"]) / 100)
        return True
    if change.get("local") is not None:
        above = fresh.global_weights().get(fresh.nodes[node].parent, 1.0)
        state.set_global_weight(node, float(change["local"]) / 100 * above)
        return True
    return False


def _apply_button(key: str, disabled: bool = False, local=None, parent=None) -> None:
    if local is None:
        callback, args = state.guarded(_apply), ()
    else:
        callback, args = state.guarded(_apply_local), (parent, local)
    st.button(
        t("weights.apply", lang),
        key=key,
        type="primary",
        icon=":material/check:",
        disabled=disabled,
        on_click=callback,
        args=args,
    )


st.title(t("weights.title", lang))
st.caption(t("weights.subtitle", lang))
applied = st.session_state.pop("_weights_applied", None)
if applied:
    share, left_out = applied
    st.success(t("weights.applied", lang, share=100 * share))
    if left_out:
        names = ", ".join(labels[k] for k in left_out)
        st.info(t("weights.left_out", lang, criteria=names))

modes = ["tree", "rank", "ahp"]
mode_key = f"_w_wmode_{lang}"
st.session_state[mode_key] = state.weights_mode()
mode = st.segmented_control(
    t("weights.mode", lang),
    modes,
    format_func=lambda m: t(f"weights.mode_{m}", lang),
    key=mode_key,
    on_change=state.guarded(_on_mode),
    required=True,
)

# (a) the tree: local and global weights, both editable
if mode == "tree":
    table = tree.table(lang)
    depth = {"goal": -1}
    for node_id, parent in zip(table["id"], table["parent"], strict=True):
        depth[node_id] = depth[parent or "goal"] + 1
    ids = list(table["id"])
    shown = pd.DataFrame(
        {
            "criterion": ["　" * depth[n] + labels[n] for n in ids],
            "local": (100 * table["local"]).round(2),
            "global": (100 * table["global"]).round(2),
        }
    )
    left, right = st.columns([1, 1.2], gap="large")
    with left:
        st.caption(t("weights.tree_help", lang))
        key = f"_w_tree_{seg}_{lang}_{hash(tuple(shown['local']))}"
        st.data_editor(
            shown,
            key=key,
            hide_index=True,
            width="stretch",
            height=min(36 * len(shown) + 40, 620),
            disabled=["criterion"],
            column_config={
                "criterion": st.column_config.TextColumn(t("weights.criterion", lang)),
                "local": st.column_config.NumberColumn(
                    t("weights.local", lang), min_value=0.0, max_value=100.0
                ),
                "global": st.column_config.NumberColumn(
                    t("weights.global", lang), min_value=0.0, max_value=100.0
                ),
            },
        )
        if apply_edits(key, lambda row, change: _tree_edit(ids, row, change), lang):
            st.rerun()
        _apply_button("_weights_apply_tree")
    with right:
        st.plotly_chart(
            hierarchy_treemap(table, lang), width="stretch", key="tree_chart"
        )

# the node whose children are ranked or compared
else:
    parents = ["goal", *[k for k in tree.nodes if tree.children(k)]]
    level_key = f"_w_level_{seg}_{lang}"
    level = state.elicit_level() if state.elicit_level() in parents else "goal"
    st.session_state[level_key] = level
    st.selectbox(
        t("weights.level", lang),
        parents,
        format_func=labels.get,
        key=level_key,
        on_change=state.guarded(_on_level),
    )
    children = tree.children(level)
    local = tree.local_weights()

# (b) rank order: rank-order centroid or rank sum
if mode == "rank":
    st.caption(t("weights.rank_help", lang))
    ordered = sorted(children, key=lambda c: -local[c])
    ranks = {c: 1 + sum(local[o] > local[c] + 1e-12 for o in ordered) for c in children}
    frame = pd.DataFrame(
        {
            "criterion": [labels[c] for c in children],
            "rank": [ranks[c] for c in children],
        }
    )
    left, right = st.columns([1, 1], gap="large")
    with left:
        edited = st.data_editor(
            frame,
            key=f"_w_rank_{seg}_{level}_{lang}",
            hide_index=True,
            width="stretch",
            disabled=["criterion"],
            column_config={
                "criterion": st.column_config.TextColumn(t("weights.criterion", lang)),
                "rank": st.column_config.NumberColumn(
                    t("weights.rank", lang),
                    min_value=1,
                    max_value=len(children),
                    step=1,
                    required=True,
                ),
            },
        )
        formula = st.radio(
            t("weights.formula", lang),
            ["roc", "rs"],
            format_func=lambda f: t(f"weights.formula_{f}", lang),
            key=f"_w_formula_{lang}",
            horizontal=True,
        )
    ranking = {
        c: int(r) for c, r in zip(children, edited["rank"], strict=True) if pd.notna(r)
    }
    with right:
        if len(ranking) < len(children):
            st.error(t("weights.rank_missing", lang))
        else:
            weights = (rank_order_centroid if formula == "roc" else rank_sum)(ranking)
            st.dataframe(
                pd.DataFrame(
                    {
                        t("weights.criterion", lang): [labels[c] for c in weights],
                        t("weights.rank", lang): [ranking[c] for c in weights],
                        t("weights.weight_pct", lang): [
                            round(100 * w, 2) for w in weights.values()
                        ],
                    }
                ).sort_values(t("weights.rank", lang)),
                hide_index=True,
                width="stretch",
            )
            _apply_button("_weights_apply_rank", local=weights, parent=level)

# (c) AHP: pairwise judgements, consistency, several evaluators
if mode == "ahp":
    st.caption(t("weights.ahp_help", lang))
    if len(children) > max(RANDOM_INDEX):
        st.warning(t("weights.ahp_too_many", lang, n=len(children)))
        st.stop()
    judgements = state.decision().ahp_judgements
    evaluators = list(judgements) or [t("weights.evaluator_default", lang)]
    cols = st.columns([1, 1, 1])
    evaluator = cols[0].selectbox(
        t("weights.evaluator", lang), evaluators, key=f"_w_evaluator_{seg}"
    )
    with cols[1].form("_ahp_add_evaluator", clear_on_submit=True, border=False):
        name = st.text_input(t("weights.new_evaluator", lang), max_chars=60)
        if st.form_submit_button(t("weights.add_evaluator", lang)):
            try:
                state.add_evaluator(name)
                st.rerun()
            except InputError as exc:
                st.error(t("weights.evaluator_refused", lang, reason=exc.message))
    mine = judgements.get(evaluator, {})
    pairs = [(a, b) for i, a in enumerate(children) for b in children[i + 1 :]]

    def _value_text(a: str, b: str) -> str | None:
        value = mine.get(f"{a}|{b}")
        if value is None:
            return None
        if value >= 1:
            return f"{value:g}"
        return f"1/{1 / value:g}"

    frame = pd.DataFrame(
        {
            "a": [labels[a] for a, _ in pairs],
            "judgement": [_value_text(a, b) for a, b in pairs],
            "b": [labels[b] for _, b in pairs],
        }
    )
    editor_key = f"_w_ahp_{seg}_{level}_{evaluator}_{lang}"

    def _pair_edit(row: int, change: dict) -> bool:
        if change.get("judgement") is None:
            return False
        a, b = pairs[row]
        try:
            value = parse_judgement(change["judgement"])
        except ValueError as exc:
            raise InputError(str(exc), field=f"{labels[a]} / {labels[b]}") from None
        if mine.get(f"{a}|{b}") == value:
            return False
        state.set_ahp_judgement(evaluator, a, b, value)
        return True

    left, right = st.columns([1.1, 1], gap="large")
    with left:
        st.data_editor(
            frame,
            key=editor_key,
            hide_index=True,
            width="stretch",
            disabled=["a", "b"],
            column_config={
                "a": st.column_config.TextColumn(t("weights.ahp_row", lang)),
                "judgement": st.column_config.SelectboxColumn(
                    t("weights.ahp_judgement", lang), options=SAATY
                ),
                "b": st.column_config.TextColumn(t("weights.ahp_column", lang)),
            },
        )
        if apply_edits(editor_key, _pair_edit, lang):
            mine = state.decision().ahp_judgements.get(evaluator, {})
            judgements = state.decision().ahp_judgements
        st.caption(t("weights.saaty_scale", lang))

    def _matrix(values: dict[str, float]):
        raw = pd.DataFrame(1.0, index=children, columns=children)
        for a, b in pairs:
            value = values.get(f"{a}|{b}")
            raw.loc[a, b] = value if value is not None else float("nan")
            raw.loc[b, a] = float("nan")
        return complete_pairwise(children, raw.to_numpy())

    with right:
        missing = [p for p in pairs if f"{p[0]}|{p[1]}" not in mine]
        if missing:
            st.info(t("weights.ahp_missing", lang, n=len(missing), total=len(pairs)))
        else:
            try:
                result = ahp(_matrix(mine))
            except InputError as exc:
                st.error(t("weights.ahp_refused", lang, reason=str(exc)))
                st.stop()
            metrics = st.columns(4)
            metrics[0].metric("λmax", f"{result.lambda_max:.4f}")
            metrics[1].metric("CI", f"{result.ci:.4f}")
            metrics[2].metric("RI", f"{result.ri:.2f}")
            metrics[3].metric("CR", f"{result.cr:.4f}")
            st.dataframe(
                pd.DataFrame(
                    {
                        t("weights.criterion", lang): [labels[c] for c in children],
                        t("weights.priority", lang): [
                            round(100 * result.priorities[c], 1) for c in children
                        ],
                        t("weights.geometric", lang): [
                            round(100 * result.geometric_mean[c], 1) for c in children
                        ],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            confirmed = True
            if not result.consistent:
                worst = result.worst
                st.error(
                    t(
                        "weights.ahp_inconsistent",
                        lang,
                        cr=result.cr,
                        threshold=CR_THRESHOLD,
                        a=labels[worst.row],
                        b=labels[worst.column],
                        value=_value_text(worst.row, worst.column),
                        suggested=f"{worst.suggested:g}"
                        if worst.suggested >= 1
                        else f"1/{1 / worst.suggested:g}",
                        cr_after=worst.cr_if_revised,
                    )
                )
                confirmed = st.checkbox(
                    t("weights.ahp_confirm", lang),
                    key=f"_w_ahp_confirm_{seg}_{level}_{evaluator}",
                )
            else:
                st.success(t("weights.ahp_consistent", lang, cr=result.cr))
            _apply_button(
                "_weights_apply_ahp",
                disabled=not confirmed,
                local=result.priorities,
                parent=level,
            )
            with st.expander(t("weights.ri_table", lang)):
                st.dataframe(
                    pd.DataFrame(
                        {"n": list(RANDOM_INDEX), "RI": RANDOM_INDEX.values()}
                    ),
                    hide_index=True,
                )
                st.caption(t("weights.ri_source", lang))

    # several evaluators: geometric mean of judgements, with each one's CR
    complete = {
        name: values
        for name, values in judgements.items()
        if all(f"{a}|{b}" in values for a, b in pairs)
    }
    if len(complete) >= 2:
        st.subheader(t("weights.group", lang))
        group = aggregate_judgements({n: _matrix(v) for n, v in complete.items()})
        rows = {
            name: {
                "CR": round(res.cr, 4),
                **{labels[c]: round(100 * res.priorities[c], 1) for c in children},
            }
            for name, res in group.evaluators.items()
        }
        rows[t("weights.group_combined", lang)] = {
            "CR": round(group.combined.cr, 4),
            **{
                labels[c]: round(100 * group.combined.priorities[c], 1)
                for c in children
            },
        }
        st.dataframe(pd.DataFrame(rows).T, width="stretch")
        inconsistent = [n for n, r in group.evaluators.items() if not r.consistent]
        if inconsistent:
            st.warning(
                t("weights.group_inconsistent", lang, names=", ".join(inconsistent))
            )
        _apply_button(
            "_weights_apply_group",
            disabled=not group.combined.consistent,
            local=group.combined.priorities,
            parent=level,
        )

with st.expander(t("weights.about", lang)):
    st.markdown(text_file("weights", lang))

ratings_section(lang)
gates_section(lang)
cost_section(lang)
methods_section(lang)
