"""Fixtures of the import/export tests: the case folders, from two places.

The cases live in ``../shared/cases`` next to the repository; the small input files
the tests need are also copied into ``tests/fixtures/cases`` so the tests run
without it. Tests that take ``case_dir`` run on both copies; the shared one is
skipped, with the reason, when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "cases"
SHARED = ROOT.parent / "shared" / "cases"


@pytest.fixture(params=["fixtures", "shared"])
def case_dir(request) -> Path:
    """The folder holding the case folders (``NN-name/``)."""
    if request.param == "fixtures":
        return FIXTURES
    if not SHARED.is_dir():
        pytest.skip(f"the shared cases folder {SHARED} is absent")
    return SHARED
