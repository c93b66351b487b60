"""Shared test set-up: every test run writes to its own throw-away data directory."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests explore new examples on a developer's machine; in continuous
# integration (CI=true) they replay a fixed sequence, so a run is reproducible.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent

# Set before any test imports the store, so no test touches a real database.
os.environ["CRM_STUDIO_DATA_DIR"] = tempfile.mkdtemp(prefix="crm-studio-tests-")
os.environ.pop("CRM_STUDIO_DB_URL", None)


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A fresh, empty data directory for one test."""
    monkeypatch.setenv("CRM_STUDIO_DATA_DIR", str(tmp_path))
    return tmp_path
