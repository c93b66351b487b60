"""Widgets shared by every page: language switch, segment picker, scenarios."""

from __future__ import annotations

import streamlit as st

from scoring.builtin import market_info
from scoring.errors import InputError
from studio import state
from studio.i18n import LANGUAGES, md, t


def _on_lang() -> None:
    chosen = st.session_state["_w_lang"]
    if chosen in LANGUAGES:
        state.set_lang(chosen)
    else:  # a click on the selected option clears it: keep the language
        st.session_state["_w_lang"] = state.lang()


def _on_segment(key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen in state.dataset_ids():
        state.set_segment(chosen)


def segment_label(segment: str, lang: str) -> str:
    """A built-in segment's label, or an imported data set's name."""
    if state.is_imported(segment):
        return t("sidebar.imported", lang, name=segment[len(state.IMPORTED) :])
    return market_info().segment(segment).label(lang)


def _seed(key: str, value: object) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def sidebar() -> None:
    """Language, segment and scenarios, in the sidebar of every page."""
    lang = state.lang()
    with st.sidebar:
        _seed("_w_lang", lang)
        st.segmented_control(
            t("sidebar.language", lang),
            options=list(LANGUAGES),
            format_func=LANGUAGES.get,
            key="_w_lang",
            on_change=state.guarded(_on_lang),
            required=True,
        )
        # Keyed by language: a select box must not see its labels change under it.
        key = f"_w_segment_{lang}"
        st.session_state[key] = state.segment()
        st.selectbox(
            t("sidebar.segment", lang),
            options=state.dataset_ids(),
            format_func=lambda s: segment_label(s, lang),
            key=key,
            on_change=state.guarded(_on_segment),
            args=(key,),
        )
        _scenarios(lang)
        if st.session_state.get("store_error"):
            st.warning(t("sidebar.store_unavailable", lang))


def _scenarios(lang: str) -> None:
    with st.expander(t("sidebar.scenarios", lang)):
        with st.form("_scenario_form", clear_on_submit=True, border=False):
            name = st.text_input(t("sidebar.scenario_name", lang), max_chars=120)
            if st.form_submit_button(t("sidebar.save", lang), key="_scenario_save"):
                try:
                    state.save_scenario(name)
                    st.success(t("sidebar.saved", lang, name=md(name.strip())))
                except InputError as exc:
                    st.error(t("sidebar.save_failed", lang, reason=md(exc.message)))
        names = state.scenario_names()
        if names:
            chosen = st.selectbox(
                t("sidebar.saved_scenarios", lang), names, key="_scenario_pick"
            )
            if st.button(t("sidebar.load", lang), key="_scenario_load"):
                if state.load_scenario(chosen):
                    st.rerun()
                else:
                    st.error(t("sidebar.load_failed", lang, name=md(chosen)))
        else:
            st.caption(t("sidebar.no_scenarios", lang))
