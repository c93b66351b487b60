"""Readiness questionnaire: respondents, and every item grouped by dimension."""

from __future__ import annotations

import streamlit as st

from scoring.readiness_data import load_questionnaire
from studio import state
from studio.i18n import md, t
from studio.readiness_sections import verdict_banner

lang = state.lang()
q = load_questionnaire()
saved = state.readiness()
respondent = saved.current


def _answer_key(item_id: str) -> str:
    # language in the key: the options' labels are formatted per language
    return f"_rd_{respondent}_{item_id}_{lang}"


def _on_answer(item_id: str) -> None:
    state.set_readiness_answer(
        respondent, item_id, st.session_state.get(_answer_key(item_id))
    )


def _on_respondent() -> None:
    state.set_current_respondent(st.session_state["_rd_respondent"])


def _on_add() -> None:
    name = st.session_state.get("_rd_new_respondent", "")
    state.add_respondent(name)
    st.session_state["_rd_new_respondent"] = ""


def _on_clear() -> None:
    for item in q.items:
        state.set_readiness_answer(respondent, item.id, None)
        st.session_state.pop(_answer_key(item.id), None)


st.title(t("readiness.title", lang))
st.caption(t("readiness.intro", lang))
verdict_banner(state.readiness_assessment().group, q, lang)
st.page_link(
    "studio/pages/readiness_results.py",
    label=t("readiness.to_results", lang),
    icon=":material/insights:",
)

# respondents
left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
st.session_state["_rd_respondent"] = respondent
left.selectbox(
    t("readiness.respondent", lang),
    options=saved.respondents,
    key="_rd_respondent",
    on_change=state.guarded(_on_respondent),
    help=t("readiness.respondent_help", lang),
)
middle.text_input(
    t("readiness.new_respondent", lang), key="_rd_new_respondent", max_chars=80
)
right.button(
    t("readiness.add_respondent", lang),
    on_click=state.guarded(_on_add),
    key="_rd_add",
    icon=":material/person_add:",
)
mine = saved.answers.get(respondent, {})
st.progress(
    len(mine) / len(q.items),
    text=t(
        "readiness.progress", lang, name=md(respondent), n=len(mine), total=len(q.items)
    ),
)

# the questionnaire, one block per dimension
for dimension in q.dimensions:
    items = q.items_of(dimension.id)
    done = sum(1 for i in items if i.id in mine)
    with st.container(border=True):
        st.subheader(f"{dimension.label(lang)} · {done}/{len(items)}")
        st.caption(dimension.description(lang))
        for item in items:
            scale = q.scales[item.scale]
            key = _answer_key(item.id)
            if key not in st.session_state:
                st.session_state[key] = mine.get(item.id)
            st.radio(
                item.label(lang),
                options=[p.value for p in scale.points],
                format_func=lambda v, s=scale: f"{v} · {s.label(v, lang)}",
                index=None,
                horizontal=True,
                key=key,
                help=item.help(lang),
                on_change=state.guarded(_on_answer),
                args=(item.id,),
            )

left, right = st.columns(2)
left.button(
    t("readiness.clear", lang, name=md(respondent)),
    on_click=state.guarded(_on_clear),
    key="_rd_clear",
    icon=":material/delete_sweep:",
)
if len(saved.respondents) > 1:
    right.button(
        t("readiness.remove_respondent", lang, name=md(respondent)),
        on_click=state.guarded(state.remove_respondent),
        args=(respondent,),
        key="_rd_remove",
        icon=":material/person_remove:",
    )
