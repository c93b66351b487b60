"""Fixtures of the engine's tests (the factories are in ``scoring_factories``)."""

from __future__ import annotations

import pytest
from scoring_factories import case_evaluation

from scoring.models import Evaluation


@pytest.fixture
def baseline() -> Evaluation:
    """Case 00: three vendors, four criteria, min–max normalisation."""
    return case_evaluation("00-baseline-reference")
