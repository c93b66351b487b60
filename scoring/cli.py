"""Command line: ``python -m scoring COMMAND ...``.

Every command prints its result on standard output (``--format table|csv|json``
where it applies). Mistakes in the input go to standard error as one message that
names the place, with exit status 2; a traceback is never shown.

Commands are registered in :data:`COMMANDS`: each is a module-level pair of
functions ``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from scoring.builtin import segments
from scoring.cli_decision import (
    add_method_argument,
    ahp_arguments,
    ahp_run,
    print_method,
    sensitivity_arguments,
    sensitivity_run,
)
from scoring.cli_readiness import readiness_arguments, readiness_run
from scoring.errors import InputError, validation_message
from scoring.evaluate import evaluate
from scoring.io.cli import (
    add_import_options,
    evaluation_from_args,
    export_arguments,
    export_run,
    import_arguments,
    import_run,
)
from scoring.models import Evaluation, Policies, Weights
from scoring.weights_input import (
    parse_weight_value,
    read_weights_file,
    resolve_criterion,
)

__all__ = ["COMMANDS", "main"]

EXIT_INPUT = 2
EXIT_BUG = 70


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def add_policy_arguments(parser: argparse.ArgumentParser) -> None:
    """Options for the scoring policies, shared by the commands that score."""
    defaults = Policies()
    parser.add_argument(
        "--normalize",
        choices=["scale", "minmax", "vector", "none"],
        default=None,
        help=f"normalisation of ratings (default: {defaults.normalization}; "
        "vector for topsis, none for promethee)",
    )
    parser.add_argument(
        "--na-score",
        type=float,
        default=None,
        help="normalised score 0-1 of an N/A cell "
        f"(default: {defaults.not_offered_score})",
    )
    parser.add_argument(
        "--partner-score",
        type=float,
        default=None,
        help=f"normalised score 0-1 of a P cell (default: {defaults.partner_score})",
    )
    parser.add_argument(
        "--na-rating",
        default=None,
        metavar="X",
        help="count an N/A cell as the rating X, normalised with the numbers (under "
        "minmax it extends the range; 0 is the reference method's reading of 'not "
        "offered'); default: N/A gets --na-score",
    )
    parser.add_argument(
        "--unknown",
        choices=["flag", "rescale", "exclude", "zero"],
        default=None,
        help="treatment of blank (unknown) cells; zero counts a blank as the rating "
        f"0 and still flags the vendor (default: {defaults.unknown})",
    )


def policies_from(args: argparse.Namespace, base: Policies | None = None) -> Policies:
    """``base`` (the data's own policies, or the defaults) with the options given.

    Only the options written on the command line change anything, so that a file's
    policies (an exported workbook's, or min–max for undeclared scales) are kept
    unless overridden one by one.
    """
    for option, value in (
        ("--na-score", args.na_score),
        ("--partner-score", args.partner_score),
    ):
        if value is not None and not 0.0 <= value <= 1.0:
            raise InputError(
                "score out of range",
                field=option,
                expected="a number from 0 to 1",
                found=str(value),
            )
    given = {
        "normalization": args.normalize,
        "not_offered_score": args.na_score,
        "partner_score": args.partner_score,
        "unknown": args.unknown,
        "not_offered_rating": _na_rating(args.na_rating),
    }
    base = base or Policies()
    return Policies.model_validate(
        base.model_dump() | {k: v for k, v in given.items() if v is not None}
    )


def _na_rating(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise InputError(
            "the rating of N/A is not a number",
            field="--na-rating",
            expected="a finite number, for example 0",
            found=value,
        )
    return number


# rank ------------------------------------------------------------------------


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE or ``--segment``, and ``--weight`` / ``--weights``: what is scored."""
    parser.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a workbook or CSV to use instead of a built-in segment (anything "
        "`python -m scoring import` accepts)",
    )
    parser.add_argument(
        "--segment",
        choices=segments(),
        default="large",
        help="built-in market segment (default: %(default)s)",
    )
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="weight of one criterion, by id or English or Chinese label; "
        "repeatable; criteria not named get 0 (all equal when none is given)",
    )
    parser.add_argument(
        "--weights",
        metavar="FILE",
        help="weights file (CSV or workbook) with the columns Criterion, Weight and "
        "optionally Direction",
    )


def evaluation_for(args: argparse.Namespace) -> Evaluation:
    """The evaluation the options describe, with their weights and policies.

    A FILE (with ``--weights FILE`` imported beside it) or the built-in segment;
    then the ``--weight`` options; then the policy options over the data's own.
    """
    evaluation = evaluation_from_args(args)  # consumes --weights FILE
    if getattr(args, "file", None):
        args.segment = evaluation.name
    weights = _weights_from(args, evaluation.criteria)
    if weights:
        try:
            evaluation = evaluation.with_weights(Weights(values=weights))
        except ValueError as exc:
            raise InputError(validation_message(exc), field="weights") from None
    return evaluation.with_policies(policies_from(args, evaluation.policies))


def _rank_arguments(parser: argparse.ArgumentParser) -> None:
    add_input_arguments(parser)
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
    add_policy_arguments(parser)
    add_method_argument(parser)
    add_import_options(parser)


def _weights_from(args: argparse.Namespace, criteria: list) -> dict[str, float]:
    weights: dict[str, float] = {}
    if args.weights:
        weights.update(read_weights_file(args.weights, criteria))
    for item in args.weight:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError(
                "a weight must be written NAME=VALUE",
                field="--weight",
                expected="NAME=VALUE, for example call_response=3",
                found=item,
            )
        criterion = resolve_criterion(name, criteria)
        try:
            number = parse_weight_value(value)
        except ValueError:
            raise InputError(
                f"weight of {name!r} is not a number",
                field="--weight",
                expected="a non-negative number",
                found=value,
            ) from None
        if number < 0:
            raise InputError(
                f"weight of {name!r} is negative",
                field="--weight",
                expected="a non-negative number",
                found=value,
            )
        weights[criterion] = number
    return weights


def _rank_run(args: argparse.Namespace) -> int:
    evaluation = evaluation_for(args)
    if getattr(args, "method", "wsm") != "wsm":
        return print_method(args, evaluation)
    result = evaluate(evaluation)

    if args.format == "json":
        payload = {"segment": args.segment, "source": evaluation.source}
        payload |= result.to_dict()
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0

    table = result.ranked[["rank", "total", "coverage", "flagged"]].copy()
    if args.format == "csv":
        out = table.reset_index()
        out = pd.concat(
            [
                out,
                pd.DataFrame(
                    {"vendor": result.insufficient, "rank": None, "total": None}
                ),
            ]
        )
        out["status"] = ["ranked"] * len(table) + ["insufficient_data"] * len(
            result.insufficient
        )
        print(out.to_csv(index=False, lineterminator="\n"), end="")
        return 0

    table["total"] = (100 * table["total"]).map("{:6.2f}".format)
    table["coverage"] = (100 * table["coverage"]).map("{:.0f}%".format)
    print(f"Segment: {args.segment}   Source: {evaluation.source}")
    print(table.to_string())
    if result.insufficient:
        print("Insufficient data (not ranked): " + ", ".join(result.insufficient))
    return 0


COMMANDS: list[Command] = [
    Command(
        "rank",
        "rank the vendors of the built-in market by weighted sum",
        _rank_arguments,
        _rank_run,
    ),
    Command(
        "ahp",
        "AHP priorities, λmax, CI and CR of a pairwise comparison matrix",
        ahp_arguments,
        ahp_run,
    ),
    Command(
        "sensitivity",
        "weight-stability intervals and SMAA-2 acceptability of the ranking",
        sensitivity_arguments,
        sensitivity_run,
    ),
    Command(
        "import",
        "read a consultant's workbook or CSV: report every problem, print the "
        "evaluation",
        import_arguments,
        import_run,
    ),
    Command(
        "export",
        "write an evaluation as an .xlsx with live formulas or a .csv; or a template",
        export_arguments,
        export_run,
    ),
    Command(
        "readiness",
        "adoption readiness from questionnaire answers: index, dimensions, stage, "
        "verdict, blockers and gaps",
        readiness_arguments,
        readiness_run,
    ),
]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit status 2 and no traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m scoring",
        description="CRM vendor evaluation: the studio's engine from the command line.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in COMMANDS:
        command_parser = sub.add_parser(command.name, help=command.help)
        command.add_arguments(command_parser)
        command_parser.set_defaults(_run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args._run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: no traceback for users
        print(
            f"error: unexpected failure ({exc.__class__.__name__}: {exc}); "
            "this is a bug in the studio",
            file=sys.stderr,
        )
        return EXIT_BUG
