"""Importing consultants' spreadsheets: bytes in, a report and an evaluation out.

:func:`import_file` (one file) and :func:`import_files` (for instance a scores CSV
and a weights CSV together) never raise for a problem in the input: they return an
:class:`ImportResult` whose report lists every problem, with a preview and the
detected layout, and whose ``evaluation`` is set only when there is no error.

Rating scale
------------
The built-in matrices use 1–10. An imported evaluation's scale is *declared* by the
``scale`` option or by the About sheet of a workbook exported by the studio (and
its template); ratings outside it are errors naming the cell, and scoring uses
``"scale"`` normalisation. Without a declaration the ratings are taken as measured
quantities (prices, counts, any scale): every finite number is accepted, negative
ones included (a notice lists them), the evaluation is scored with ``"minmax"``
normalisation per criterion (the method the case files assume), and its recorded
scale is the observed range widened to whole numbers.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from scoring.builtin import load_areas, load_criteria
from scoring.errors import validation_message
from scoring.io.criteria_table import CriterionSpec, check_weights, read_criteria
from scoring.io.layout import Table, find_table, report_formulas
from scoring.io.matrix import ColumnInfo, MatrixPart, read_matrix
from scoring.io.problems import ImportRefused, Problem, Report
from scoring.io.sniff import Clock, Limits, detect_type
from scoring.io.workbook import read_sheets
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

__all__ = [
    "ImportOptions",
    "ImportResult",
    "Layout",
    "SheetLayout",
    "import_file",
    "import_files",
    "import_path",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportOptions:
    """Choices the user can make on the import page.

    Attributes
    ----------
    sheet
        The ratings sheet to import as :attr:`ImportResult.evaluation` (default: the
        first one); every ratings sheet becomes a segment in ``evaluations``.
    header_row
        The row (1-based) that names the columns, overriding detection; the row
        above it, when filled, gives column groups.
    vendor_column
        Header or column letter of the vendor names (default: a column named like
        "Vendor", else the first).
    mapping
        Header → criterion id or label, or ``":metadata"``, ``":ignore"``, ``":new"``.
    scale
        The declared rating scale (see the module notes).
    normalise_weights
        Divide weights that do not sum to 100 % by their sum instead of stopping.
    encoding, delimiter
        Force how a text file is read.
    known
        Criteria that headers are matched to (default: the built-in functional
        areas, then the built-in evaluation criteria).
    limits
        Size, zip, cell-count and time limits.
    """

    sheet: str | None = None
    header_row: int | None = None
    vendor_column: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)
    scale: Scale | None = None
    normalise_weights: bool = False
    encoding: str | None = None
    delimiter: str | None = None
    known: tuple[Criterion, ...] | None = None
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class SheetLayout:
    """What the importer found in one sheet (or text file)."""

    file: str
    sheet: str | None
    role: str
    hidden: bool = False
    header_rows: tuple[int, ...] = ()
    first_data_row: int | None = None
    last_data_row: int | None = None
    columns: int = 0
    rows: int = 0


@dataclass(frozen=True)
class Layout:
    """The detected structure of the imported files.

    ``form`` is ``"wide"`` or ``"long"`` for the chosen ratings table; ``file_types``
    maps each file to ``xlsx``, ``ods``, ``xls`` or ``text``; ``encodings`` and
    ``delimiters`` are set for text files.
    """

    file_types: dict[str, str]
    sheets: tuple[SheetLayout, ...]
    ratings_sheet: str | None = None
    form: str | None = None
    encodings: dict[str, str] = field(default_factory=dict)
    delimiters: dict[str, str] = field(default_factory=dict)
    decimal: str = "."


@dataclass(frozen=True)
class ImportResult:
    """The outcome of an import: the report, a preview and, if clean, the evaluation.

    Attributes
    ----------
    problems
        Every finding, errors first in file order.
    evaluation
        The chosen ratings table as an evaluation; None when there is an error.
    evaluations
        Every ratings table (segment) by sheet name (file name for text files);
        empty when there is an error.
    preview
        The chosen ratings table as read: ``row`` (sheet row), ``vendor``, then the
        metadata and criterion columns under their headers, ratings as marks
        (``7``, ``N/A``, ``P``, blank).
    metadata
        Metadata columns by vendor (text kept literally, numbers, dates).
    columns
        What became of each column of the chosen table, with suggestions for the
        unmatched ones (see :attr:`unmatched`).
    layout
        Sheets, header rows, wide or long.
    """

    problems: tuple[Problem, ...]
    evaluation: Evaluation | None
    evaluations: dict[str, Evaluation]
    preview: pd.DataFrame
    metadata: pd.DataFrame
    columns: tuple[ColumnInfo, ...]
    layout: Layout

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "notice"]

    @property
    def unmatched(self) -> list[ColumnInfo]:
        """Columns not matched to a known or declared criterion (for mapping)."""
        return [
            c
            for c in self.columns
            if c.role in ("criterion", "metadata") and (c.matched in ("", "new"))
        ]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form: report, layout, columns and the evaluation."""
        evaluation = None
        if self.evaluation is not None:
            evaluation = evaluation_to_dict(self.evaluation)
        return {
            "ok": self.ok,
            "problems": [p.to_dict() for p in self.problems],
            "layout": {
                "file_types": self.layout.file_types,
                "ratings_sheet": self.layout.ratings_sheet,
                "form": self.layout.form,
                "encodings": self.layout.encodings,
                "delimiters": self.layout.delimiters,
                "decimal": self.layout.decimal,
                "sheets": [s.__dict__ for s in self.layout.sheets],
            },
            "columns": [
                {
                    **{k: v for k, v in c.__dict__.items() if k != "suggestions"},
                    "suggestions": [s.__dict__ for s in c.suggestions],
                }
                for c in self.columns
            ],
            "segments": list(self.evaluations),
            "evaluation": evaluation,
        }


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, object]:
    """An evaluation as JSON-ready data (ratings as marks, by vendor)."""
    marks = evaluation.ratings.marks()
    return {
        "name": evaluation.name,
        "source": evaluation.source,
        "scale": evaluation.scale.model_dump(),
        "policies": evaluation.policies.model_dump(),
        "criteria": [c.model_dump(mode="json") for c in evaluation.criteria],
        "weights": evaluation.weights.values,
        "vendors": [
            {
                "name": v.name,
                "b2b": v.b2b,
                "ratings": dict(zip(evaluation.criterion_ids, row, strict=True)),
            }
            for v, row in zip(evaluation.vendors, marks, strict=True)
        ],
    }


def import_file(
    data: bytes, name: str, options: ImportOptions | None = None
) -> ImportResult:
    """Import one uploaded file (workbook or text table)."""
    return import_files([(name, data)], options)


def import_path(
    paths: str | Path | Sequence[str | Path], options: ImportOptions | None = None
) -> ImportResult:
    """Import files from disk (for the command line and tests)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    return import_files([(Path(p).name, Path(p).read_bytes()) for p in paths], options)


def import_files(
    files: Sequence[tuple[str, bytes]], options: ImportOptions | None = None
) -> ImportResult:
    """Import several files together (e.g. scores and weights), as one evaluation.

    Never raises for a problem with the input: the problems are in the result.
    """
    options = options or ImportOptions()
    report = Report()
    state = _State()
    try:
        _run(files, options, report, state)
    except ImportRefused as refused:
        log.info("import refused: %s", refused.problem)
    if report.has_errors:
        log.info(
            "import of %s found %d error(s)",
            ", ".join(n for n, _ in files),
            sum(p.severity == "error" for p in report.problems),
        )
    order = {"error": 0, "warning": 1, "notice": 2}
    problems = tuple(sorted(report.problems, key=lambda p: order[p.severity]))
    ok = not report.has_errors
    chosen = state.chosen
    return ImportResult(
        problems=problems,
        evaluation=state.evaluations.get(chosen) if ok and chosen else None,
        evaluations=dict(state.evaluations) if ok else {},
        preview=state.preview,
        metadata=state.metadata,
        columns=tuple(state.columns),
        layout=Layout(
            file_types=state.types,
            sheets=tuple(state.sheets),
            ratings_sheet=chosen,
            form=state.form,
            encodings=state.encodings,
            delimiters=state.delimiters,
            decimal=state.decimal,
        ),
    )


@dataclass
class _State:
    types: dict[str, str] = field(default_factory=dict)
    sheets: list[SheetLayout] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    delimiters: dict[str, str] = field(default_factory=dict)
    decimal: str = "."
    form: str | None = None
    chosen: str | None = None
    evaluations: dict[str, Evaluation] = field(default_factory=dict)
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    metadata: pd.DataFrame = field(default_factory=pd.DataFrame)
    columns: list[ColumnInfo] = field(default_factory=list)


def _run(
    files: Sequence[tuple[str, bytes]],
    options: ImportOptions,
    report: Report,
    state: _State,
) -> None:
    tables: list[Table] = []
    about: dict[str, object] = {}
    for name, data in files:
        clock = Clock(options.limits, report, name)
        kind = detect_type(data, name, report, options.limits)
        state.types[name] = kind
        _check_extension(name, kind, report)
        sheets = read_sheets(
            data,
            name,
            kind,
            report,
            options.limits,
            clock,
            options.encoding,
            options.delimiter,
        )
        for raw in sheets:
            if raw.encoding:
                state.encodings[name] = raw.encoding
                state.delimiters[name] = raw.delimiter or ","
                if raw.encoding not in ("utf-8", "ascii"):
                    report.notice(
                        "encoding",
                        f"the text was read as {raw.encoding}",
                        file=name,
                        found=raw.encoding,
                    )
            if raw.hidden:
                report.notice(
                    "hidden_sheet",
                    f"hidden sheet {raw.name!r} ignored",
                    file=name,
                    sheet=raw.name,
                )
                state.sheets.append(SheetLayout(name, raw.name, "hidden", True))
                continue
            header_row = options.header_row
            if about and raw.name not in (
                about.get("ratings_sheet"),
                about.get("criteria_sheet"),
            ):
                report.notice(
                    "derived_sheet",
                    f"sheet {raw.name!r} is computed from the others and not imported",
                    file=name,
                    sheet=raw.name,
                )
                state.sheets.append(SheetLayout(name, raw.name, "derived"))
                continue
            if raw.name is not None and raw.name == about.get("ratings_sheet"):
                header_row = _int(about.get("ratings_header_row")) or header_row
            if raw.name is not None and raw.name == about.get("criteria_sheet"):
                header_row = 1
            table = find_table(raw, report, header_row)
            if table is not None and table.about:
                about.update(table.about)
            clock.check(f"finding the table of {raw.name or name}")
            if table is None:
                state.sheets.append(SheetLayout(name, raw.name, "empty"))
                continue
            tables.append(table)
        clock.check("reading the files")
    _assemble(tables, options, report, state)


def _assemble(
    tables: list[Table], options: ImportOptions, report: Report, state: _State
) -> None:
    about: dict[str, object] = {}
    for table in tables:
        about.update(table.about)
    if about:
        _reread_exported(tables, about, options, report)
    for table in tables:
        if table.role not in ("derived", "pairwise", "about"):
            report_formulas(table, report)
    for table in tables:
        rows = [n for n, _ in table.rows]
        state.sheets.append(
            SheetLayout(
                table.file,
                table.sheet,
                table.role,
                header_rows=tuple(table.header_rows),
                first_data_row=rows[0] if rows else None,
                last_data_row=rows[-1] if rows else None,
                columns=len(table.columns),
                rows=len(rows),
            )
        )
        if table.role == "pairwise":
            report.notice(
                "pairwise",
                "this table is a pairwise comparison matrix (AHP), not ratings; "
                "it is not imported as ratings",
                file=table.file,
                sheet=table.sheet,
            )
    known = list(options.known) if options.known is not None else _known()
    criteria_tables = [t for t in tables if t.role == "criteria"]
    specs = read_criteria(criteria_tables, report) if criteria_tables else None
    ratings = [t for t in tables if t.role in ("ratings", "long")]
    if not ratings:
        raise report.refuse(
            "no_ratings",
            "no ratings table found (vendors in rows, criteria in columns, or "
            "vendor/criterion/value rows)",
            file=", ".join(dict.fromkeys(t.file for t in tables))
            or ", ".join(state.types)
            or None,
            expected="a table of vendors and ratings",
            found=", ".join(f"{t.sheet or t.file}: {t.role}" for t in tables)
            or "no table",
        )
    chosen = _choose(ratings, options, report)
    weights = (
        check_weights(specs, options.normalise_weights, report, strict=not about)
        if specs
        else None
    )
    if specs is not None and weights is None:
        report.notice(
            "equal_weights",
            "the criteria table gives no weights: every criterion weighs the same",
            file=criteria_tables[0].file,
            sheet=criteria_tables[0].sheet,
        )
    for table in ratings:
        part = read_matrix(
            table, specs, known, options.mapping, options.vendor_column, report
        )
        key = _segment_key(table)
        if table is chosen:
            state.chosen = key
            state.form = "long" if table.role == "long" else "wide"
            state.columns = part.columns
            state.preview, state.metadata = _frames(part)
            state.decimal = str(part.table.about.get("_decimal", "."))
        _check_specs_used(part, specs, len(ratings) > 1, report)
        evaluation = _evaluation(part, specs, weights, about, options, report, key)
        if evaluation is not None:
            state.evaluations[key] = evaluation


_EXTENSIONS = {
    "xlsx": (".xlsx", ".xlsm"),
    "ods": (".ods",),
    "xls": (".xls",),
    "text": (".csv", ".tsv", ".txt", ".tab"),
}


def _check_extension(name: str, kind: str, report: Report) -> None:
    suffix = Path(name).suffix.lower()
    if suffix and suffix not in _EXTENSIONS[kind]:
        what = {"text": "a text table (CSV/TSV)", "xls": "a legacy .xls workbook"}
        report.notice(
            "type_mismatch",
            f"the file is named {suffix} but is really "
            f"{what.get(kind, f'a .{kind} workbook')}; it was read as such",
            file=name,
            expected=f"a {suffix} file",
            found=kind,
        )


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _known() -> list[Criterion]:
    return [*load_areas(), *load_criteria()]


def _segment_key(table: Table) -> str:
    return table.sheet if table.sheet is not None else table.file


def _choose(ratings: list[Table], options: ImportOptions, report: Report) -> Table:
    if options.sheet is None:
        return ratings[0]
    for table in ratings:
        if options.sheet in (table.sheet, table.file):
            return table
    raise report.refuse(
        "sheet",
        f"there is no ratings sheet {options.sheet!r}",
        expected="one of: " + ", ".join(_segment_key(t) for t in ratings),
        found=options.sheet,
    )


def _reread_exported(
    tables: list[Table],
    about: dict[str, object],
    options: ImportOptions,
    report: Report,
) -> None:
    """Give the exported sheets their roles: criteria, ratings, the rest ignored."""
    roles = {
        str(about.get("criteria_sheet")): "criteria",
        str(about.get("ratings_sheet")): "ratings",
    }
    for table in tables:
        if table.role == "about":
            continue
        role = roles.get(str(table.sheet))
        if role is None:
            table.role = "derived"
            report.notice(
                "derived_sheet",
                f"sheet {table.sheet!r} is computed from the others and not imported",
                file=table.file,
                sheet=table.sheet,
            )
        elif table.role != role:
            report.error(
                "exported_layout",
                f"sheet {table.sheet!r} no longer has the layout the studio exported",
                expected=f"a {role} table",
                found=f"a {table.role} table",
                file=table.file,
                sheet=table.sheet,
            )


def _check_specs_used(
    part: MatrixPart, specs: list[CriterionSpec] | None, segments: bool, report: Report
) -> None:
    if not specs:
        return
    ids = {c.id for c in part.criteria}
    found = set(part.spec_of.values())
    for spec in specs:
        if spec.name in found:
            continue
        if spec.keys & part.duplicate_keys:
            continue  # already reported as a duplicate header
        where = {"file": part.table.file, "sheet": part.table.sheet}
        message = (
            f"criterion {spec.name!r} of the criteria table ({spec.sheet or spec.file}"
            f", row {spec.row}) has no column in the ratings"
        )
        if segments:
            report.warning(
                "criterion_absent", message + "; it is left out here", **where
            )
        else:
            report.error(
                "criterion_absent",
                message,
                expected="a ratings column for every criterion of the criteria table",
                found="columns: " + ", ".join(sorted(ids)) if ids else "none",
                field=spec.name,
                **where,
            )


def _evaluation(
    part: MatrixPart,
    specs: list[CriterionSpec] | None,
    weights: dict[str, float] | None,
    about: dict[str, object],
    options: ImportOptions,
    report: Report,
    key: str,
) -> Evaluation | None:
    if not part.criteria or not part.vendors:
        return None
    where = {"file": part.table.file, "sheet": part.table.sheet}
    scale, declared = _scale(part, about, options, report)
    if report.has_errors:
        return None
    try:
        policies = _policies(about, declared)
    except ValueError as exc:
        report.error("invalid", "scoring policies: " + validation_message(exc), **where)
        return None
    ids = [c.id for c in part.criteria]

    # weights per criterion id
    if weights is None:
        values = dict.fromkeys(ids, 1.0)
    else:
        values = {}
        for criterion in part.criteria:
            spec_name = part.spec_of.get(criterion.id)
            if spec_name in weights:
                values[criterion.id] = weights[spec_name]
    try:
        evaluation = Evaluation(
            name=str(about.get("name") or "") if about else key,
            criteria=part.criteria,
            vendors=[
                Vendor(name=n, b2b=b)
                for n, b in zip(part.vendors, part.b2b, strict=True)
            ],
            ratings=RatingMatrix(
                vendors=list(part.vendors),
                criteria=ids,
                kinds=part.kinds.astype(np.int8),
                values=part.values,
            ),
            weights=Weights(values=values),
            policies=policies,
            scale=scale,
            source=str(about.get("source") or "") if about else _source(part),
        )
    except ValueError as exc:
        report.error("invalid", validation_message(exc), **where)
        return None
    if policies.normalization == "minmax":
        _flat_warning(part, report)
    return evaluation


def _source(part: MatrixPart) -> str:
    table = part.table
    return table.file + (f", sheet {table.sheet}" if table.sheet else "")


def _scale(
    part: MatrixPart, about: dict[str, object], options: ImportOptions, report: Report
) -> tuple[Scale, bool]:
    declared = options.scale
    if declared is None and "scale_low" in about and "scale_high" in about:
        try:
            declared = Scale(
                low=float(about["scale_low"]),  # type: ignore[arg-type]
                high=float(about["scale_high"]),  # type: ignore[arg-type]
            )
        except (TypeError, ValueError):
            report.error(
                "scale",
                "the About sheet's scale is not two numbers",
                expected="scale_low < scale_high",
                found=f"{about['scale_low']!r}, {about['scale_high']!r}",
                file=part.table.file,
            )
    values, kinds = part.values, part.kinds
    numeric = kinds == RatingKind.VALUE
    if declared is not None:
        outside = numeric & ((values < declared.low) | (values > declared.high))
        for j in np.nonzero(outside.any(axis=0))[0]:
            rows = np.nonzero(outside[:, j])[0]
            column = next(
                c.column for c in part.columns if c.criterion_id == part.criteria[j].id
            )
            report.error(
                "out_of_scale",
                f"{len(rows)} rating(s) of {part.criteria[j].id!r} lie outside the "
                f"scale {declared}",
                cells=[f"{column}{part.rows[i]}" for i in rows],
                expected=f"a number from {declared.low:g} to {declared.high:g}, "
                "N/A, P or blank",
                found=f"{values[rows[0], j]:g}",
                field=part.criteria[j].id,
                file=part.table.file,
                sheet=part.table.sheet,
            )
        return declared, True
    if not numeric.any():
        return Scale(), False
    low = math.floor(float(values[numeric].min()))
    high = math.ceil(float(values[numeric].max()))
    if high <= low:
        high = low + 1
    negative = [c.id for j, c in enumerate(part.criteria) if (values[:, j] < 0).any()]
    if negative:
        report.notice(
            "negative_values",
            "negative values accepted (no rating scale is declared, so values are "
            "compared by min–max normalisation): " + ", ".join(negative),
            file=part.table.file,
            sheet=part.table.sheet,
        )
    report.notice(
        "scale_inferred",
        "no rating scale is declared: each criterion is normalised from its lowest "
        f"to its highest value (min–max); values range from {low:g} to {high:g}",
        file=part.table.file,
        sheet=part.table.sheet,
    )
    return Scale(low=low, high=high), False


def _policies(about: dict[str, object], declared: bool) -> Policies:
    if "normalization" not in about:
        return Policies(normalization="scale" if declared else "minmax")
    rating = about.get("not_offered_rating")
    return Policies(
        normalization=str(about["normalization"]),  # type: ignore[arg-type]
        not_offered_score=float(about.get("not_offered_score", 0.0)),  # type: ignore[arg-type]
        partner_score=float(about.get("partner_score", 0.25)),  # type: ignore[arg-type]
        unknown=str(about.get("unknown", "flag")),  # type: ignore[arg-type]
        not_offered_rating=None if rating in (None, "") else rating,  # type: ignore[arg-type]
    )


def _flat_warning(part: MatrixPart, report: Report) -> None:
    numeric = part.kinds == RatingKind.VALUE
    for j, criterion in enumerate(part.criteria):
        column = part.values[numeric[:, j], j]
        if column.size and column.min() == column.max():
            report.warning(
                "not_discriminating",
                f"the numbers on {criterion.id!r} are all equal ({column[0]:g}): "
                "the criterion does not discriminate between vendors and adds "
                "nothing to the ranking",
                field=criterion.id,
                file=part.table.file,
                sheet=part.table.sheet,
            )


def _marks(kinds: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Ratings as text, as :meth:`RatingMatrix.marks` writes them (vectorised)."""
    numbers = np.char.mod("%g", np.nan_to_num(values)).astype(object)
    out = np.full(kinds.shape, "", dtype=object)
    out[kinds == RatingKind.VALUE] = numbers[kinds == RatingKind.VALUE]
    out[kinds == RatingKind.NOT_OFFERED] = "N/A"
    out[kinds == RatingKind.PARTNER] = "P"
    return out


def _frames(part: MatrixPart) -> tuple[pd.DataFrame, pd.DataFrame]:
    marks = _marks(part.kinds, part.values)
    preview: dict[str, list[object]] = {"row": part.rows, "vendor": part.vendors}
    for header, values in part.metadata.items():
        preview[header] = values
    for j, header in enumerate(part.headers):
        preview[header] = list(marks[:, j])
    index = pd.Index(part.vendors, name="vendor", dtype=object)
    metadata = pd.DataFrame(
        {k: pd.Series(v, index=index, dtype=object) for k, v in part.metadata.items()},
        index=index,
    )
    frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in preview.items()})
    return frame, metadata
