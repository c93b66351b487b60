"""Analytic Hierarchy Process: weights from pairwise comparisons, and their consistency.

A judgement ``a_ij`` on Saaty's 1–9 scale says how much more important criterion
``i`` is than criterion ``j``; the matrix is reciprocal (``a_ji = 1 / a_ij``). The
priorities are the principal (Perron) eigenvector of the matrix, and the distance of
its eigenvalue ``λmax`` from ``n`` measures how inconsistent the judgements are.

Matrices as people type them are accepted with the usual slips repaired and said:
rounded reciprocals (``0.33`` for ``1/3``), fractions as text (``1/3``), and a blank
lower (or upper) triangle. What cannot be repaired is refused with the cells named:
a pair that is not reciprocal (``3`` and ``3``), a pair with neither judgement.

References
----------
.. [1] Saaty, T. L. (1977). A scaling method for priorities in hierarchical
   structures. Journal of Mathematical Psychology 15(3), 234–281.
.. [2] Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, New York
   (the random index table, ch. 1).
.. [3] Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process.
   European Journal of Operational Research 48(1), 9–26.
.. [4] Aczél, J. and Saaty, T. L. (1983). Procedures for synthesizing ratio
   judgements. Journal of Mathematical Psychology 27(1), 93–102 (the geometric mean
   as the one way to combine several people's judgements).
.. [5] Harker, P. T. (1987). Derivatives of the Perron root of a positive reciprocal
   matrix: with application to the analytic hierarchy process. Applied Mathematics
   and Computation 22(2–3), 217–232 (revising the most inconsistent judgement).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from scoring.errors import InputError
from scoring.models import clean_text

__all__ = [
    "CR_THRESHOLD",
    "RANDOM_INDEX",
    "RECIPROCAL_TOLERANCE",
    "SAATY_SCALE",
    "AhpResult",
    "GroupAhpResult",
    "Judgement",
    "PairwiseMatrix",
    "aggregate_judgements",
    "ahp",
    "cell_name",
    "complete_pairwise",
    "nearest_saaty",
    "parse_judgement",
    "principal_eigenvector",
    "random_index",
    "read_pairwise_csv",
]

#: Saaty's random consistency index RI(n): the mean consistency index of random
#: reciprocal matrices of order n, as tabulated in Saaty (1980) [2]_ and repeated in
#: Saaty (1990) [3]_ for n = 1…10; n = 11…15 from the extended table of Saaty (1980).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}

#: Judgements are consistent enough when CR ≤ 0.10 (Saaty 1980).
CR_THRESHOLD = 0.10

#: A typed pair is taken as reciprocal when ``|a_ij · a_ji − 1| ≤`` this.
RECIPROCAL_TOLERANCE = 0.05

#: Saaty's fundamental scale with its reciprocals, ascending.
SAATY_SCALE = np.array([1 / k for k in range(9, 1, -1)] + list(range(1, 10)), float)

_FRACTION_RE = re.compile(r"^([0-9]*\.?[0-9]+)\s*/\s*([0-9]*\.?[0-9]+)$")


def cell_name(row: int, column: int) -> str:
    """A1 name of matrix entry ``(row, column)`` (0-based) in a file whose first row
    and first column hold the labels: entry (0, 0) is cell B2."""
    return f"{_column_letters(column + 1)}{row + 2}"


def _column_letters(index: int) -> str:
    # 0 -> A, 25 -> Z, 26 -> AA
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def parse_judgement(token: object) -> float:
    """One judgement from a cell: ``3``, ``0.33``, ``1/3``, ``１／３`` or blank (NaN).

    Raises
    ------
    ValueError
        When the cell is neither blank, a number nor a fraction ``p/q``.
    """
    if token is None:
        return math.nan
    if isinstance(token, int | float | np.integer | np.floating):
        return float(token)
    text = clean_text(str(token)).replace(" ", "")
    if text == "":
        return math.nan
    match = _FRACTION_RE.match(text)
    if match:
        numerator, denominator = (float(g) for g in match.groups())
        if denominator == 0:
            raise ValueError(f"a fraction with denominator zero: {text!r}")
        return numerator / denominator
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            f"expected a number or a fraction such as 1/3; found {text!r}"
        ) from None


class PairwiseMatrix(BaseModel):
    """A complete, positive, reciprocal comparison matrix with its labels.

    ``notes`` says what was repaired on the way in (filled blanks, exact reciprocals
    put in place of rounded ones), one sentence per change.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    labels: list[str]
    values: np.ndarray
    notes: list[str] = []


def complete_pairwise(
    labels: Sequence[str],
    raw: np.ndarray,
    *,
    file: str | None = None,
    tolerance: float = RECIPROCAL_TOLERANCE,
) -> PairwiseMatrix:
    """Check a typed comparison matrix and fill in what follows from reciprocity.

    Parameters
    ----------
    labels
        The criteria, in row (and column) order.
    raw
        Square array of judgements; NaN marks a blank cell.
    file
        Name of the file the matrix came from, used in messages.
    tolerance
        How far ``a_ij · a_ji`` may be from 1 for a typed pair to count as
        reciprocal.

    Returns
    -------
    PairwiseMatrix
        For each pair the judgement ≥ 1 is kept and its partner set to its exact
        reciprocal; a pair with one blank gets the reciprocal of the other.

    Raises
    ------
    InputError
        A cell that is not positive and finite, a diagonal cell other than 1, a pair
        with both cells blank, or a pair whose product is not 1 within
        ``tolerance``; each names the cells in A1 notation (labels in row 1 and
        column A).
    """
    values = np.array(raw, dtype=float)
    n = len(labels)
    if values.shape != (n, n):
        raise InputError(
            "the comparison matrix is not square with one row per label",
            file=file,
            expected=f"{n} × {n} judgements",
            found=f"{values.shape[0]} × {values.shape[1]}",
        )
    notes: list[str] = []

    # every typed cell positive and finite
    bad = ~np.isnan(values) & ~((values > 0) & np.isfinite(values))
    if bad.any():
        i, j = (int(k[0]) for k in np.nonzero(bad))
        raise InputError(
            f"judgement of {labels[i]!r} against {labels[j]!r} is not positive",
            file=file,
            cell=cell_name(i, j),
            expected="a positive number on Saaty's 1–9 scale or its reciprocal",
            found=f"{values[i, j]:g}",
        )

    # the diagonal compares a criterion with itself
    for i in range(n):
        if np.isnan(values[i, i]):
            values[i, i] = 1.0
        elif abs(values[i, i] - 1.0) > 1e-9:
            raise InputError(
                f"{labels[i]!r} compared with itself must be 1",
                file=file,
                cell=cell_name(i, i),
                expected="1",
                found=f"{values[i, i]:g}",
            )

    # each pair: both blank, one blank, or both typed and reciprocal
    for i in range(n):
        for j in range(i + 1, n):
            upper, lower = values[i, j], values[j, i]
            pair = f"{cell_name(i, j)} and {cell_name(j, i)}"
            if np.isnan(upper) and np.isnan(lower):
                raise InputError(
                    f"no judgement between {labels[i]!r} and {labels[j]!r}",
                    file=file,
                    cell=pair,
                    expected="a judgement in at least one of the two cells",
                    found="both blank",
                )
            if np.isnan(lower) or np.isnan(upper):
                given = lower if np.isnan(upper) else upper
                values[i, j] = given if np.isnan(lower) else 1.0 / lower
                values[j, i] = 1.0 / values[i, j]
                filled = cell_name(i, j) if np.isnan(upper) else cell_name(j, i)
                notes.append(f"{filled} filled with the reciprocal of its partner")
                continue
            product = upper * lower
            if abs(product - 1.0) > tolerance:
                raise InputError(
                    f"judgements of {labels[i]!r} and {labels[j]!r} are not reciprocal",
                    file=file,
                    cell=pair,
                    expected=f"a product of 1 (within ±{tolerance:g})",
                    found=f"{upper:g} × {lower:g} = {product:g}",
                )
            if abs(product - 1.0) > 1e-12:
                keep_upper = upper >= lower
                values[i, j] = upper if keep_upper else 1.0 / lower
                values[j, i] = 1.0 / values[i, j]
                replaced = cell_name(j, i) if keep_upper else cell_name(i, j)
                typed = lower if keep_upper else upper
                notes.append(
                    f"{replaced} typed as {typed:g}, replaced by the exact reciprocal"
                )
    return PairwiseMatrix(labels=list(labels), values=values, notes=notes)


def read_pairwise_csv(path: str | Path) -> PairwiseMatrix:
    """A comparison matrix from a CSV file: labels in the first row and column.

    Cells hold numbers, fractions such as ``1/3``, or nothing. See
    :func:`complete_pairwise` for what is accepted and what is refused.
    """
    from scoring.io.sniff import read_text_file, sniff_delimiter

    path = Path(path)
    text = read_text_file(path)
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
    rows = [r for r in reader if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise InputError(
            "no comparison matrix",
            file=path.name,
            expected="a header row of labels and one row per label",
            found=f"{len(rows)} non-empty rows",
        )
    labels = [clean_text(c) for c in rows[0][1:]]
    while labels and labels[-1] == "":
        labels.pop()
    n = len(labels)
    if len(rows) - 1 != n:
        raise InputError(
            "the matrix is not square",
            file=path.name,
            expected=f"{n} rows after the header, one per label",
            found=f"{len(rows) - 1} rows",
        )
    raw = np.full((n, n), np.nan)
    for i, row in enumerate(rows[1:]):
        name = clean_text(row[0]) if row else ""
        if name != labels[i]:
            raise InputError(
                "row label differs from the column label in the same position",
                file=path.name,
                cell=f"A{i + 2}",
                expected=labels[i],
                found=name,
            )
        for j in range(n):
            token = row[j + 1] if j + 1 < len(row) else ""
            try:
                raw[i, j] = parse_judgement(token)
            except ValueError as exc:
                raise InputError(
                    str(exc), file=path.name, cell=cell_name(i, j), found=token
                ) from None
    return complete_pairwise(labels, raw, file=path.name)


def principal_eigenvector(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Perron eigenvector (summing to 1) and eigenvalue of a positive matrix."""
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)
    return vector / vector.sum(), float(values[k].real)


def random_index(n: int) -> float:
    """Saaty's random index RI(n) from :data:`RANDOM_INDEX`.

    Raises
    ------
    InputError
        For n above 15, beyond the published table.
    """
    if n not in RANDOM_INDEX:
        raise InputError(
            "no random index for a matrix of this order",
            field="pairwise matrix",
            expected="from 1 to 15 criteria (Saaty's table)",
            found=str(n),
        )
    return RANDOM_INDEX[n]


def nearest_saaty(value: float) -> float:
    """The value of Saaty's scale (1/9 … 1 … 9) nearest to ``value`` in ratio."""
    distance = np.abs(np.log(SAATY_SCALE) - math.log(value))
    return float(SAATY_SCALE[int(np.argmin(distance))])


class Judgement(BaseModel):
    """One judgement singled out: where it is, its value, what would fit better."""

    model_config = ConfigDict(frozen=True)

    row: str
    column: str
    cell: str
    value: float
    implied: float
    suggested: float
    cr_if_revised: float


class AhpResult(BaseModel):
    """Priorities of one comparison matrix and how consistent it is.

    Attributes
    ----------
    priorities
        Principal-eigenvector weights by label, summing to 1.
    geometric_mean
        Row geometric-mean weights, for comparison.
    lambda_max, ci, ri, cr
        ``λmax``; ``CI = (λmax − n) / (n − 1)``; Saaty's random index; ``CR =
        CI / RI`` (0 for n ≤ 2, where every reciprocal matrix is consistent).
    consistent
        ``cr <= 0.10``. When False the weights are not to be used without revision
        or an explicit confirmation.
    worst
        The most inconsistent judgement and the value that would repair it; None
        when the matrix is perfectly consistent or n ≤ 2.
    notes
        Repairs made while reading the matrix.
    """

    model_config = ConfigDict(frozen=True)

    labels: list[str]
    priorities: dict[str, float]
    geometric_mean: dict[str, float]
    lambda_max: float
    ci: float
    ri: float
    cr: float
    consistent: bool
    worst: Judgement | None
    notes: list[str] = []

    def to_dict(self) -> dict[str, object]:
        return self.model_dump()


def _consistency(matrix: np.ndarray) -> tuple[np.ndarray, float, float, float, float]:
    n = len(matrix)
    weights, lam = principal_eigenvector(matrix)
    ri = random_index(n)
    ci = (lam - n) / (n - 1) if n > 1 else 0.0
    cr = ci / ri if ri > 0 else 0.0
    return weights, lam, ci, ri, cr


def ahp(
    matrix: PairwiseMatrix | np.ndarray, labels: Sequence[str] | None = None
) -> AhpResult:
    """Priorities, λmax, CI, CR and the most inconsistent judgement.

    Parameters
    ----------
    matrix
        A :class:`PairwiseMatrix`, or a complete reciprocal array (with ``labels``).

    Returns
    -------
    AhpResult

    Notes
    -----
    The most inconsistent judgement is the upper-triangle entry whose ratio error
    ``ε_ij = a_ij · w_j / w_i`` is farthest from 1 in ratio (largest
    ``max(ε, 1/ε)``): the entry that departs most from what the priorities
    themselves imply, ``w_i / w_j``. Its suggested value is ``w_i / w_j`` rounded to
    the nearest value of Saaty's scale, and ``cr_if_revised`` is the CR after that
    one change. This is the error-based rule of Saaty's own texts; Harker (1987)
    [5]_ ranks entries by the derivative of λmax instead, which usually names the
    same entry.

    Warnings
    --------
    Saaty's random index is an average over random matrices; the 0.10 threshold is
    a convention. A CR below it does not make the judgements right, only coherent.
    """
    if isinstance(matrix, PairwiseMatrix):
        labels, values, notes = matrix.labels, matrix.values, list(matrix.notes)
    else:
        values = np.asarray(matrix, dtype=float)
        labels = list(labels or [f"c{k + 1}" for k in range(len(values))])
        notes = []
    n = len(values)

    # priorities and consistency
    weights, lam, ci, ri, cr = _consistency(values)
    rows = np.prod(values, axis=1) ** (1.0 / n)
    geometric = rows / rows.sum()

    # the judgement farthest from what the priorities imply
    worst = None
    implied = weights[:, None] / weights[None, :]
    error = values / implied
    spread = np.triu(np.maximum(error, 1.0 / error), k=1)
    if n > 2 and spread.max() > 1.0 + 1e-9:
        i, j = np.unravel_index(int(np.argmax(spread)), spread.shape)
        suggested = nearest_saaty(implied[i, j])
        revised = values.copy()
        revised[i, j], revised[j, i] = suggested, 1.0 / suggested
        worst = Judgement(
            row=labels[i],
            column=labels[j],
            cell=cell_name(int(i), int(j)),
            value=float(values[i, j]),
            implied=float(implied[i, j]),
            suggested=suggested,
            cr_if_revised=float(_consistency(revised)[4]),
        )

    return AhpResult(
        labels=list(labels),
        priorities=dict(zip(labels, map(float, weights), strict=True)),
        geometric_mean=dict(zip(labels, map(float, geometric), strict=True)),
        lambda_max=lam,
        ci=float(ci),
        ri=ri,
        cr=float(cr),
        consistent=bool(cr <= CR_THRESHOLD),
        worst=worst,
        notes=notes,
    )


class GroupAhpResult(BaseModel):
    """Several evaluators' matrices combined, with each one's own consistency."""

    model_config = ConfigDict(frozen=True)

    combined: AhpResult
    evaluators: dict[str, AhpResult]


def aggregate_judgements(matrices: dict[str, PairwiseMatrix]) -> GroupAhpResult:
    """Combine evaluators' judgements by their element-wise geometric mean.

    Parameters
    ----------
    matrices
        Evaluator name → that evaluator's matrix; all on the same labels in the same
        order.

    Notes
    -----
    The geometric mean of reciprocal matrices is reciprocal, and it is the only
    combination that keeps the ratio meaning of the judgements (Aczél and Saaty,
    1983 [4]_). Each evaluator's CR is reported: a consistent group matrix can hide
    an inconsistent member.
    """
    if not matrices:
        raise InputError("no evaluators' matrices to combine", field="evaluators")
    names = list(matrices)
    labels = matrices[names[0]].labels
    for name in names[1:]:
        if matrices[name].labels != labels:
            raise InputError(
                f"evaluator {name!r} compared other criteria",
                field="evaluators",
                expected=", ".join(labels),
                found=", ".join(matrices[name].labels),
            )

    # geometric mean of every judgement
    logs = np.stack([np.log(matrices[name].values) for name in names])
    combined = np.exp(logs.mean(axis=0))

    return GroupAhpResult(
        combined=ahp(combined, labels),
        evaluators={name: ahp(matrices[name]) for name in names},
    )
