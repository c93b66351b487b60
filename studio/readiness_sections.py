"""Pieces shared by the two readiness pages: the verdict banner, names of things."""

from __future__ import annotations

import streamlit as st

from scoring.readiness import Readiness
from scoring.readiness_data import Questionnaire
from studio.i18n import names, t


def verdict_banner(result: Readiness, q: Questionnaire, lang: str) -> None:
    """The verdict in one sentence an executive reads, coloured and with an icon."""
    if result.verdict == "not_assessed":
        st.info(t("readiness.verdict.not_assessed", lang), icon=":material/help:")
        return
    index = result.index or 0.0
    if result.verdict == "ready":
        st.success(
            t("readiness.verdict.ready", lang, index=index),
            icon=":material/check_circle:",
        )
    elif result.verdict == "ready_with_conditions":
        weak = [
            r.split(":", 1)[1] for r in result.verdict_reasons if r.startswith("weak:")
        ]
        fix = [q.dimension(d).label(lang) for d in weak] or [
            q.dimension(g.dimension).label(lang) for g in result.gaps[:2]
        ]
        st.warning(
            t(
                "readiness.verdict.ready_with_conditions",
                lang,
                index=index,
                fix=names(fix, lang),
            ),
            icon=":material/warning:",
        )
    else:
        if result.blockers:
            items = [q.item(b.item).label(lang).rstrip("。.") for b in result.blockers]
            text = t(
                "readiness.verdict.not_ready_blockers",
                lang,
                index=index,
                n=len(result.blockers),
                blockers=names(items, lang),
            )
        else:
            text = t("readiness.verdict.not_ready", lang, index=index)
        st.error(text, icon=":material/block:")
    if result.partial:
        st.caption(
            t(
                "readiness.partial_note",
                lang,
                coverage=100 * result.coverage,
                missing=len(result.missing),
            )
        )
