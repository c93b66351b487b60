"""The studio's engine: models, scoring and storage, with no user interface.

Nothing here imports streamlit; everything the app computes can be done from Python
or from the command line (``python -m scoring --help``).
"""

from scoring.errors import InputError
from scoring.evaluate import Result, evaluate
from scoring.models import (
    Criterion,
    Direction,
    Evaluation,
    Policies,
    Rating,
    RatingKind,
    RatingMatrix,
    Scale,
    Vendor,
    Weights,
    parse_rating,
)

__all__ = [
    "Criterion",
    "Direction",
    "Evaluation",
    "InputError",
    "Policies",
    "Rating",
    "RatingKind",
    "RatingMatrix",
    "Result",
    "Scale",
    "Vendor",
    "Weights",
    "evaluate",
    "parse_rating",
]
