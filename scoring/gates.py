"""Must-have gates: vendors that fail one are listed with reasons and not ranked.

A gate belongs to one criterion and may ask for a minimum rating, that the function
be offered at all (not ``N/A``), and that it be offered by the vendor itself, not only
through partners (not ``P``). An unknown cell cannot show that a gate is met: by
default it fails the gate with the reason "cannot confirm", so that a vendor is never
shortlisted on a requirement nobody checked; ``unknown="pass"`` lets it through,
still with the reason recorded as a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from scoring.errors import InputError
from scoring.models import Evaluation, RatingKind

__all__ = [
    "Gate",
    "GateFailure",
    "GateResult",
    "apply_gates",
    "without_vendors",
]

Rule = Literal["minimum", "offered", "not_partner_only", "unknown"]


class Gate(BaseModel):
    """A must-have on one criterion.

    Attributes
    ----------
    criterion
        Criterion id.
    minimum
        Lowest acceptable rating on the evaluation's scale, or None.
    must_offer
        The cell must not be ``N/A``.
    not_partner_only
        The cell must not be ``P`` (offered only through partners).
    unknown
        What an unknown (blank) cell does: ``"fail"`` (default, "cannot confirm")
        or ``"pass"`` (recorded as a warning).
    """

    model_config = ConfigDict(frozen=True)

    criterion: str = Field(min_length=1)
    minimum: float | None = None
    must_offer: bool = True
    not_partner_only: bool = False
    unknown: Literal["fail", "pass"] = "fail"


class GateFailure(BaseModel):
    """Why one vendor fails (or only warns on) one gate.

    ``rule`` is a code the UI can translate: ``minimum``, ``offered``,
    ``not_partner_only`` or ``unknown``; ``found`` is the cell as written.
    """

    model_config = ConfigDict(frozen=True)

    vendor: str
    criterion: str
    rule: Rule
    found: str
    message: str
    blocking: bool = True


class GateResult(BaseModel):
    """Vendors that pass, failures with reasons, and the evaluation left to rank."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    passed: list[str]
    failed: dict[str, list[GateFailure]]
    warnings: list[GateFailure]
    evaluation: Evaluation | None

    def table(self) -> pd.DataFrame:
        """One row per reason: vendor, criterion, rule, found, message, blocking."""
        rows = [f.model_dump() for fs in self.failed.values() for f in fs]
        rows += [w.model_dump() for w in self.warnings]
        columns = ["vendor", "criterion", "rule", "found", "message", "blocking"]
        return pd.DataFrame(rows, columns=columns)


def without_vendors(evaluation: Evaluation, names: Iterable[str]) -> Evaluation:
    """A copy of the evaluation without the named vendors (their rows removed)."""
    drop = set(names)
    keep = [i for i, v in enumerate(evaluation.vendors) if v.name not in drop]
    vendors = [evaluation.vendors[i] for i in keep]
    ratings = evaluation.ratings.model_copy(
        update={
            "vendors": [v.name for v in vendors],
            "kinds": evaluation.ratings.kinds[keep],
            "values": evaluation.ratings.values[keep],
        }
    )
    return evaluation._replace(vendors=vendors, ratings=ratings)


def _check(evaluation: Evaluation, gate: Gate, i: int, j: int) -> GateFailure | None:
    vendor = evaluation.vendors[i].name
    kind = RatingKind(int(evaluation.ratings.kinds[i, j]))
    value = evaluation.ratings.values[i, j]
    mark = evaluation.ratings.marks()[i][j]
    label = evaluation.criterion(gate.criterion).label_en

    def failure(rule: Rule, message: str, blocking: bool = True) -> GateFailure:
        return GateFailure(
            vendor=vendor,
            criterion=gate.criterion,
            rule=rule,
            found=mark,
            message=f"{label}: {message}",
            blocking=blocking,
        )

    if kind is RatingKind.UNKNOWN:
        return failure(
            "unknown",
            "cannot confirm the must-have: the rating is unknown",
            blocking=gate.unknown == "fail",
        )
    if kind is RatingKind.NOT_OFFERED and (gate.must_offer or gate.minimum is not None):
        return failure("offered", "must be offered; the vendor does not offer it (N/A)")
    if kind is RatingKind.PARTNER and gate.not_partner_only:
        return failure(
            "not_partner_only",
            "must be offered by the vendor itself, not only via partners (P)",
        )
    if kind is RatingKind.PARTNER and gate.minimum is not None:
        return failure(
            "minimum",
            f"needs a rating of at least {gate.minimum:g}; only offered through "
            "partners (P), without a rating",
        )
    if kind is RatingKind.VALUE and gate.minimum is not None and value < gate.minimum:
        return failure(
            "minimum", f"needs a rating of at least {gate.minimum:g}; rated {value:g}"
        )
    return None


def apply_gates(evaluation: Evaluation, gates: Sequence[Gate]) -> GateResult:
    """Check every vendor against every gate.

    Returns
    -------
    GateResult
        ``failed`` maps each failing vendor to all its blocking reasons (not only
        the first); ``evaluation`` is the evaluation without them, ready to rank, or
        None when no vendor passes.

    Raises
    ------
    InputError
        A gate on a criterion the evaluation does not have, or a minimum outside
        the scale.
    """
    ids = evaluation.criterion_ids
    failed: dict[str, list[GateFailure]] = {}
    warnings: list[GateFailure] = []
    for number, gate in enumerate(gates, start=1):
        if gate.criterion not in ids:
            raise InputError(
                f"gate {number} is on an unknown criterion",
                field="gates",
                expected="one of: " + ", ".join(ids),
                found=gate.criterion,
            )
        if gate.minimum is not None and not evaluation.scale.contains(gate.minimum):
            raise InputError(
                f"minimum of the gate on {gate.criterion!r} is outside the scale",
                field="gates",
                expected=f"a rating in {evaluation.scale}",
                found=f"{gate.minimum:g}",
            )
        j = ids.index(gate.criterion)
        for i, vendor in enumerate(evaluation.vendors):
            reason = _check(evaluation, gate, i, j)
            if reason is None:
                continue
            if reason.blocking:
                failed.setdefault(vendor.name, []).append(reason)
            else:
                warnings.append(reason)
    passed = [v.name for v in evaluation.vendors if v.name not in failed]
    remaining = without_vendors(evaluation, failed) if passed else None
    return GateResult(
        passed=passed, failed=failed, warnings=warnings, evaluation=remaining
    )
