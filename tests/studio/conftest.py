"""AppTest fixtures: the app, run headless against a fresh data directory."""

from __future__ import annotations

import pytest
import streamlit as st
from apptest_helpers import fresh_app
from streamlit.testing.v1 import AppTest


@pytest.fixture
def app(data_dir) -> AppTest:
    """A first run of the app on an empty store, with the store cache cleared."""
    st.cache_resource.clear()
    at = fresh_app().run()
    assert not at.exception
    return at
