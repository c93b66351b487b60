"""Method: how scores are computed, the six criteria, and CRM = MA + SA + CS."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.builtin import load_criteria, load_pillars
from studio import state
from studio.charts import crm_sunburst
from studio.i18n import policy_summary, t, text_file

lang = state.lang()
policies = state.policies()

st.title(t("method.title", lang))
st.markdown(text_file("method", lang))

st.subheader(t("method.policies_now", lang))
st.markdown(policy_summary(policies, lang))

st.subheader(t("method.six_criteria", lang))
criteria = load_criteria()
for top in (c for c in criteria if c.parent is None):
    direction = t(f"method.direction_{top.direction.value}", lang)
    with st.expander(f"**{top.label(lang)}** · {direction}"):
        st.markdown(top.description(lang))
        children = [c for c in criteria if c.parent == top.id]
        if children:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("method.sub_criterion", lang): [
                            c.label(lang) for c in children
                        ],
                        t("method.description", lang): [
                            c.description(lang) for c in children
                        ],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
        else:
            st.caption(t("method.no_sub_criteria", lang))
st.caption(t("method.criteria_source", lang))

st.subheader(t("method.crm_pillars", lang))
left, right = st.columns([1.2, 1])
with left:
    st.plotly_chart(crm_sunburst(lang), width="stretch", key="sunburst")
with right:
    for pillar in load_pillars():
        separator = "：" if lang == "zh" else ": "
        heading = f"**{pillar.id} · {pillar.label(lang)}**"
        st.markdown(f"{heading}{separator}{pillar.description(lang)}")
    st.caption(t("method.pillar_reading", lang))
