"""Matrix: the capability matrix as a labelled heatmap, with its legend and source."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.builtin import market_info
from studio import state, widgets
from studio.charts import matrix_heatmap
from studio.i18n import t

lang = state.lang()
evaluation = state.evaluation()
market = market_info()

st.title(t("matrix.title", lang))
st.caption(
    t("matrix.subtitle", lang, segment=widgets.segment_label(state.segment(), lang))
)

st.plotly_chart(matrix_heatmap(evaluation, lang), width="stretch", key="matrix_chart")

st.subheader(t("matrix.legend", lang))
for key in ("rating", "not_offered", "partner", "unknown", "b2b"):
    st.markdown(f"- {market.legend[key][lang]}")
st.caption(t("matrix.source", lang, source=state.source_line(lang)))

with st.expander(t("matrix.as_table", lang)):
    table = pd.DataFrame(
        evaluation.ratings.marks(),
        index=[v.name + (" *" if v.b2b else "") for v in evaluation.vendors],
        columns=[c.label(lang) for c in evaluation.criteria],
    ).replace("", "?")
    table.index.name = t("table.vendor", lang)
    st.dataframe(table, width="stretch")
