"""CRM vendor selection studio: the Streamlit frame.

Sets the page up, initialises the session's state, draws the shared sidebar and
runs the page chosen in the navigation. Each page is a small module in
``studio/pages/``; the computing is done by the ``scoring`` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from studio import state, widgets  # noqa: E402
from studio.i18n import t  # noqa: E402

PAGES = [
    ("ranking", "nav.ranking", ":material/leaderboard:"),
    ("matrix", "nav.matrix", ":material/grid_on:"),
    ("compare", "nav.compare", ":material/compare_arrows:"),
    ("weights", "nav.weights", ":material/balance:"),
    ("sensitivity", "nav.sensitivity", ":material/troubleshoot:"),
    ("readiness", "nav.readiness", ":material/checklist:"),
    ("readiness_results", "nav.readiness_results", ":material/insights:"),
    ("data", "nav.data", ":material/upload_file:"),
    ("method", "nav.method", ":material/menu_book:"),
]

st.set_page_config(page_title="CRM Selection Studio", page_icon="📊", layout="wide")
state.init()
lang = state.lang()
navigation = st.navigation(
    [
        st.Page(
            ROOT / "studio" / "pages" / f"{name}.py",
            title=t(key, lang),
            icon=icon,
            url_path=name,
            default=(name == "ranking"),
        )
        for name, key, icon in PAGES
    ]
)
widgets.sidebar()
failure = state.take_callback_error()
if failure:
    st.error(t("app.callback_failed", lang, reason=failure))
navigation.run()
