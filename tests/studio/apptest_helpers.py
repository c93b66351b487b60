"""Helpers of the AppTest tests: the app's path, its pages, a fresh session."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = {
    "ranking": "studio/pages/ranking.py",
    "matrix": "studio/pages/matrix.py",
    "compare": "studio/pages/compare.py",
    "method": "studio/pages/method.py",
    "data": "studio/pages/data.py",
    "weights": "studio/pages/weights.py",
    "sensitivity": "studio/pages/sensitivity.py",
    "readiness": "studio/pages/readiness.py",
    "readiness_results": "studio/pages/readiness_results.py",
}


def fresh_app() -> AppTest:
    """A new session of the app (the store behind it is the test's data dir)."""
    return AppTest.from_file(APP, default_timeout=30)
