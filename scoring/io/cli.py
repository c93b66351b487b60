"""The ``import`` and ``export`` commands, and files for ``rank``.

``python -m scoring import FILE [FILE ...] [--format text|json]`` prints the report
and the parsed evaluation; it exits with status 2 when the report has errors.

``python -m scoring export [FILE] [--segment S] [--weight NAME=VALUE] [--weights
FILE] --out OUT [--lang en|zh] [--template]`` writes an .xlsx workbook with live
formulas, or a CSV, chosen by the extension of ``OUT``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scoring.builtin import load_market
from scoring.errors import InputError
from scoring.evaluate import evaluate
from scoring.io.criteria_table import read_criteria
from scoring.io.export import export_csv, export_template, export_xlsx
from scoring.io.importer import (
    ImportOptions,
    ImportResult,
    evaluation_to_dict,
    import_path,
)
from scoring.io.layout import find_table
from scoring.io.problems import Report
from scoring.io.sniff import Clock, Limits, detect_type
from scoring.io.workbook import read_sheets
from scoring.models import Direction, Evaluation, Scale
from scoring.weights_input import resolve_criterion

__all__ = [
    "evaluation_from_args",
    "export_arguments",
    "export_run",
    "import_arguments",
    "import_run",
]

EXIT_INPUT = 2


# import ---------------------------------------------------------------------------


def import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="workbook (.xlsx, .xlsm, .xls, .ods) or text table (.csv, .tsv, .txt); "
        "several files are imported together (e.g. scores.csv weights.csv)",
    )
    parser.add_argument("--format", choices=["text", "json"], default="text")
    add_import_options(parser)


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """Options of the importer shared by ``import``, ``rank`` and ``export``."""
    parser.add_argument("--sheet", help="ratings sheet to use (default: the first)")
    parser.add_argument(
        "--header-row", type=int, help="row that names the columns (1-based)"
    )
    parser.add_argument(
        "--scale",
        metavar="LOW-HIGH",
        help="declared rating scale, e.g. 1-10 (default: min-max per criterion)",
    )
    parser.add_argument(
        "--normalise-weights",
        action="store_true",
        help="divide weights that do not sum to 100%% by their sum",
    )
    parser.add_argument("--encoding", help="encoding of a text file (default: detect)")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=TARGET",
        help="map a column to a criterion id or label, or :metadata, :ignore, :new",
    )


def options_from(args: argparse.Namespace) -> ImportOptions:
    scale = None
    if args.scale:
        low, sep, high = args.scale.rpartition("-")
        try:
            scale = Scale(low=float(low), high=float(high)) if sep else None
        except ValueError:
            scale = None
        if scale is None:
            raise InputError(
                "the scale must be written LOW-HIGH",
                field="--scale",
                expected="two numbers, low before high, e.g. 1-10",
                found=args.scale,
            )
    mapping = {}
    for item in args.map:
        header, sep, target = item.partition("=")
        if not sep:
            raise InputError(
                "a mapping must be written HEADER=TARGET",
                field="--map",
                expected="HEADER=TARGET, for example Price=:metadata",
                found=item,
            )
        mapping[header] = target
    return ImportOptions(
        sheet=args.sheet,
        header_row=args.header_row,
        scale=scale,
        normalise_weights=args.normalise_weights,
        encoding=args.encoding,
        mapping=mapping,
        limits=Limits(),
    )


def import_run(args: argparse.Namespace) -> int:
    result = _import(args.files, options_from(args))
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        _print_report(result)
    return 0 if result.ok else EXIT_INPUT


def _import(files: list[str], options: ImportOptions) -> ImportResult:
    for name in files:
        if not Path(name).is_file():
            raise InputError("cannot read the file: it does not exist", file=name)
    return import_path(files, options)


def _print_report(result: ImportResult) -> None:
    for problem in result.problems:
        print(problem)
    if result.evaluation is None:
        print(f"Not imported: {len(result.errors)} error(s).", file=sys.stderr)
        return
    evaluation = result.evaluation
    data = evaluation_to_dict(evaluation)
    print(
        f"Imported {evaluation.name!r}: {len(evaluation.vendors)} vendors × "
        f"{len(evaluation.criteria)} criteria; scale {evaluation.scale}, "
        f"normalisation {evaluation.policies.normalization}"
    )
    shares = evaluation.weights.percent(evaluation.criterion_ids)
    for criterion in evaluation.criteria:
        print(
            f"  {criterion.id}: {criterion.direction.value}, weight "
            f"{evaluation.weights.values.get(criterion.id, 0.0):g} "
            f"({shares[criterion.id]:.1f} %)"
        )
    for vendor in data["vendors"]:  # type: ignore[union-attr]
        marks = ", ".join(f"{k}={v}" for k, v in vendor["ratings"].items())
        print(f"  {vendor['name']}{' *' if vendor['b2b'] else ''}: {marks}")


# an evaluation for rank and export ----------------------------------------------


def evaluation_from_args(args: argparse.Namespace) -> Evaluation:
    """The evaluation named on the command line: a FILE, or a built-in segment.

    With a FILE, ``--weights FILE`` is imported together with it. Without, the
    built-in segment's criteria get the weights and directions of ``--weights``
    (CSV or workbook with Criterion, Weight and optionally Direction). The
    weights file is then consumed (``args.weights`` is set to None) so that the
    caller does not read it again. The FILE's metadata columns are left in
    ``args.metadata`` for the exports (None for a built-in segment).
    """
    args.metadata = None
    file = getattr(args, "file", None)
    weights_file = getattr(args, "weights", None)
    if file:
        files = [file] + ([weights_file] if weights_file else [])
        options = options_from(args) if hasattr(args, "map") else ImportOptions()
        result = _import(files, options)
        if not result.ok:
            first = result.errors[0].as_error()
            if len(result.errors) > 1:
                first.message += f" (and {len(result.errors) - 1} more error(s))"
            raise first
        if weights_file and not any(
            sheet.role == "criteria" and sheet.file == Path(weights_file).name
            for sheet in result.layout.sheets
        ):
            raise InputError(
                "no weights table in the weights file",
                file=Path(weights_file).name,
                expected="columns Criterion, Weight and optionally Direction",
                found="a table of another kind",
            )
        args.weights = None
        args.metadata = result.metadata
        assert result.evaluation is not None
        return result.evaluation
    evaluation = load_market(args.segment)
    if weights_file:
        evaluation = _apply_weights_file(evaluation, weights_file)
        args.weights = None
    return evaluation


def _apply_weights_file(evaluation: Evaluation, path: str) -> Evaluation:
    if not Path(path).is_file():
        raise InputError("cannot read the file: it does not exist", file=path)
    report = Report()
    name = Path(path).name
    data = Path(path).read_bytes()
    limits = Limits()
    kind = detect_type(data, name, report, limits)
    sheets = read_sheets(data, name, kind, report, limits, Clock(limits, report, name))
    tables = [t for t in (find_table(s, report) for s in sheets) if t is not None]
    criteria_tables = [t for t in tables if t.role == "criteria"]
    if not criteria_tables:
        raise InputError(
            "no weights table in the file",
            file=name,
            expected="columns Criterion, Weight and optionally Direction",
        )
    specs = read_criteria(criteria_tables, report)
    if report.has_errors:
        raise next(p for p in report.problems if p.severity == "error").as_error()
    weights: dict[str, float] = {}
    directions: dict[str, str] = {}
    for spec in specs:
        try:
            criterion = resolve_criterion(spec.name, evaluation.criteria)
        except InputError as exc:
            exc.file, exc.sheet, exc.line = name, spec.sheet, spec.row
            raise
        if spec.weight is not None:
            weights[criterion] = spec.weight
        if spec.direction is not None:
            directions[criterion] = spec.direction
    criteria = [
        c.model_copy(update={"direction": Direction(directions[c.id])})
        if c.id in directions
        else c
        for c in evaluation.criteria
    ]
    fields = {k: getattr(evaluation, k) for k in type(evaluation).model_fields}
    try:
        fields["criteria"] = criteria
        if weights:
            fields["weights"] = {"values": weights}
        return Evaluation(**fields)
    except ValueError as exc:
        raise InputError(str(exc).splitlines()[-1], file=name) from None


# export -------------------------------------------------------------------------------


def export_arguments(parser: argparse.ArgumentParser) -> None:
    from scoring.cli import add_input_arguments

    add_input_arguments(parser)
    parser.add_argument(
        "--out", required=True, metavar="OUT", help="output file: .xlsx or .csv"
    )
    parser.add_argument("--lang", choices=["en", "zh"], default="en")
    parser.add_argument(
        "--template",
        action="store_true",
        help="write a blank template workbook (built-in criteria, scale 1-10)",
    )
    add_import_options(parser)
    from scoring.cli import add_policy_arguments

    add_policy_arguments(parser)


def export_run(args: argparse.Namespace) -> int:
    from scoring.cli import evaluation_for

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError(
            "unknown output type",
            field="--out",
            expected="a file name ending in .xlsx or .csv",
            found=args.out,
        )
    if args.template:
        if suffix != ".xlsx":
            raise InputError(
                "a template is a workbook",
                field="--out",
                expected=".xlsx",
                found=suffix,
            )
        out.write_bytes(export_template(args.lang))
        print(f"Wrote the {args.lang} template to {out}")
        return 0
    evaluation = evaluation_for(args)
    if suffix == ".xlsx":
        out.write_bytes(export_xlsx(evaluation, lang=args.lang, metadata=args.metadata))
    else:
        out.write_bytes(
            export_csv(
                evaluation,
                lang=args.lang,
                metadata=args.metadata,
                result=evaluate(evaluation),
            )
        )
    print(
        f"Wrote {len(evaluation.vendors)} vendors × {len(evaluation.criteria)} "
        f"criteria to {out}"
    )
    return 0
