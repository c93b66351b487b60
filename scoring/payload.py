"""A lossless JSON form of an evaluation, for the store.

Numbers are kept as JSON numbers (Python writes floats so that they read back
exactly); marks as ``"N/A"`` and ``"P"``; unknown cells as ``null``. Reading a
payload validates it again through the models, so a damaged record is refused
rather than half-read.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from scoring.models import (
    Criterion,
    Evaluation,
    Policies,
    RatingKind,
    RatingMatrix,
    Scale,
    Vendor,
    Weights,
)

__all__ = ["evaluation_from_payload", "evaluation_to_payload", "metadata_from_payload"]

_MARKS = {RatingKind.NOT_OFFERED: "N/A", RatingKind.PARTNER: "P"}
_KINDS = {"N/A": RatingKind.NOT_OFFERED, "P": RatingKind.PARTNER}


def evaluation_to_payload(
    evaluation: Evaluation, metadata: pd.DataFrame | None = None
) -> dict[str, Any]:
    """Everything in ``evaluation`` as JSON-ready data, with its metadata columns.

    ``metadata`` (vendors × columns, as the importer keeps it) is stored as it is:
    text literally, numbers as numbers, dates as ISO text, blanks as null.
    """
    kinds, values = evaluation.ratings.kinds, evaluation.ratings.values
    cells = np.where(kinds == RatingKind.VALUE, values, np.nan).astype(object)
    cells[kinds == RatingKind.NOT_OFFERED] = _MARKS[RatingKind.NOT_OFFERED]
    cells[kinds == RatingKind.PARTNER] = _MARKS[RatingKind.PARTNER]
    cells[kinds == RatingKind.UNKNOWN] = None
    return {
        "version": 1,
        "name": evaluation.name,
        "source": evaluation.source,
        "scale": evaluation.scale.model_dump(),
        "policies": evaluation.policies.model_dump(),
        "criteria": [c.model_dump(mode="json") for c in evaluation.criteria],
        "vendors": [v.model_dump() for v in evaluation.vendors],
        "weights": dict(evaluation.weights.values),
        "ratings": [[_plain(cell) for cell in row] for row in cells.tolist()],
        "metadata": _metadata_payload(metadata),
    }


def _metadata_payload(metadata: pd.DataFrame | None) -> dict[str, Any] | None:
    if metadata is None or metadata.empty:
        return None
    return {
        "columns": [str(c) for c in metadata.columns],
        "vendors": [str(v) for v in metadata.index],
        "values": [[_cell(v) for v in row] for row in metadata.itertuples(index=False)],
    }


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def metadata_from_payload(payload: dict[str, Any]) -> pd.DataFrame | None:
    """The metadata columns stored by :func:`evaluation_to_payload` (or None)."""
    stored = payload.get("metadata")
    if not stored:
        return None
    frame = pd.DataFrame(
        stored["values"],
        index=stored["vendors"],
        columns=stored["columns"],
        dtype=object,
    )
    frame.index.name = "vendor"
    return frame


def _plain(cell: object) -> object:
    return float(cell) if isinstance(cell, float | np.floating) else cell


def evaluation_from_payload(payload: dict[str, Any]) -> Evaluation:
    """The evaluation written by :func:`evaluation_to_payload`.

    Raises
    ------
    ValueError
        When the payload is incomplete or its content does not validate.
    """
    try:
        criteria = [Criterion.model_validate(c) for c in payload["criteria"]]
        vendors = [Vendor.model_validate(v) for v in payload["vendors"]]
        rows = payload["ratings"]
    except KeyError as exc:
        raise ValueError(f"the stored evaluation lacks {exc.args[0]!r}") from None
    shape = (len(vendors), len(criteria))
    kinds = np.full(shape, RatingKind.UNKNOWN, dtype=np.int8)
    values = np.full(shape, np.nan)
    if len(rows) != shape[0] or any(len(r) != shape[1] for r in rows):
        raise ValueError("the stored ratings do not match the vendors and criteria")
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if isinstance(cell, str):
                if cell not in _KINDS:
                    raise ValueError(f"unknown stored mark {cell!r}")
                kinds[i, j] = _KINDS[cell]
            elif cell is not None:
                kinds[i, j] = RatingKind.VALUE
                values[i, j] = float(cell)
    return Evaluation(
        name=payload.get("name", "evaluation"),
        source=payload.get("source", ""),
        scale=Scale.model_validate(payload["scale"]),
        policies=Policies.model_validate(payload.get("policies", {})),
        criteria=criteria,
        vendors=vendors,
        ratings=RatingMatrix(
            vendors=[v.name for v in vendors],
            criteria=[c.id for c in criteria],
            kinds=kinds,
            values=values,
        ),
        weights=Weights(values=payload["weights"]),
    )
