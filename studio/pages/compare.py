"""Compare: two to four vendors side by side, and what drives the gap between them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from studio import state
from studio.charts import gap_chart, radar_chart
from studio.i18n import md, names, t

lang = state.lang()
evaluation = state.evaluation()
result = state.result()
ranked = list(result.ranked.index)

st.title(t("compare.title", lang))
st.caption(t("compare.subtitle", lang))

key = f"_w_compare_{state.segment()}"
if key not in st.session_state or not set(st.session_state[key]) <= set(ranked):
    st.session_state[key] = ranked[:2]
chosen = st.multiselect(t("compare.choose", lang), ranked, key=key, max_selections=4)

if len(chosen) < 2:
    st.info(t("compare.need_two", lang))
    st.stop()

chosen = sorted(chosen, key=ranked.index)
leader = chosen[0]
st.plotly_chart(
    radar_chart(evaluation, result, chosen, lang), width="stretch", key="radar_chart"
)

# side-by-side table: weight, rating mark and contribution of each vendor
weights = result.weights
rows = []
for criterion in evaluation.criteria:
    row = {
        t("compare.criterion", lang): criterion.label(lang),
        t("compare.weight", lang): round(100 * weights[criterion.id], 1),
    }
    for vendor in chosen:
        mark = evaluation.ratings.cell(vendor, criterion.id).mark or "?"
        points = 100 * result.contributions.loc[vendor, criterion.id]
        row[vendor] = f"{mark} → {points:.2f}"
    for vendor in chosen[1:]:
        gap = 100 * (
            result.contributions.loc[leader, criterion.id]
            - result.contributions.loc[vendor, criterion.id]
        )
        row[t("compare.gap_vs", lang, a=leader, b=vendor)] = round(gap, 2)
    rows.append(row)
table = pd.DataFrame(rows)
gap_column = t("compare.gap_vs", lang, a=leader, b=chosen[1])
table = table.reindex(table[gap_column].abs().sort_values(ascending=False).index)
totals = {
    t("compare.criterion", lang): t("compare.total", lang),
    t("compare.weight", lang): 100.0,
}
for vendor in chosen:
    rank, total = result.scores.loc[vendor, ["rank", "total"]]
    totals[vendor] = f"#{int(rank)} → {100 * total:.2f}"
for vendor in chosen[1:]:
    totals[t("compare.gap_vs", lang, a=leader, b=vendor)] = round(
        100 * (result.scores.loc[leader, "total"] - result.scores.loc[vendor, "total"]),
        2,
    )
table = pd.concat([table, pd.DataFrame([totals])], ignore_index=True)
st.subheader(t("compare.table", lang))
st.caption(t("compare.table_help", lang))
st.dataframe(table, width="stretch", hide_index=True, height=35 * (len(table) + 1) + 3)

other = st.selectbox(
    t("compare.gap_against", lang, a=leader),
    chosen[1:],
    key=f"_w_gap_{state.segment()}",
)
st.plotly_chart(
    gap_chart(evaluation, result, leader, other, lang), width="stretch", key="gap_chart"
)
drivers = (
    100 * (result.contributions.loc[leader] - result.contributions.loc[other])
).sort_values(ascending=False)
top = [evaluation.criterion(c).label(lang) for c in drivers.index[:3] if drivers[c] > 0]
if top:
    st.markdown(
        t(
            "compare.drivers",
            lang,
            a=md(leader),
            b=md(other),
            criteria=names(top, lang),
        )
    )
