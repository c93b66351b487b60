"""Decision-science commands of ``python -m scoring``: ``ahp``, ``sensitivity``, and
the ``--method`` option of ``rank``.

Registered in :data:`scoring.cli.COMMANDS`; helpers shared with ``rank`` are
imported from :mod:`scoring.cli` when a command runs.
"""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

import pandas as pd

from scoring.ahp import AhpResult, ahp, read_pairwise_csv
from scoring.methods import METHODS, rank_with
from scoring.models import Evaluation
from scoring.robustness import stability_intervals
from scoring.smaa import smaa

__all__ = [
    "add_method_argument",
    "ahp_arguments",
    "ahp_run",
    "print_method",
    "sensitivity_arguments",
    "sensitivity_run",
]


def _clean(value: Any) -> Any:
    # JSON has no NaN: write null
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _dump(payload: dict[str, Any]) -> None:
    print(json.dumps(_clean(payload), ensure_ascii=False, indent=2))


# rank --method ----------------------------------------------------------------


def add_method_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--method",
        choices=list(METHODS),
        default="wsm",
        help="ranking method (default: %(default)s); the default normalisation is "
        "the policy's for wsm, vector for topsis and none for promethee",
    )


def print_method(args: argparse.Namespace, evaluation: Evaluation) -> int:
    """Rank with TOPSIS or PROMETHEE II and print the result."""
    result = rank_with(evaluation, args.method, args.normalize)
    if args.format == "json":
        payload = {"segment": getattr(args, "segment", None)}
        payload |= {"source": evaluation.source} | result.to_dict()
        _dump(payload)
        return 0
    table = pd.DataFrame({"rank": result.ranks, "score": result.scores})
    table = table.loc[result.ranking]
    if args.method == "topsis":
        table = table.join(result.details["separations"][["d_plus", "d_minus"]])
    if args.format == "csv":
        out = table.rename_axis("vendor").reset_index()
        print(out.to_csv(index=False, lineterminator="\n"), end="")
        return 0
    print(f"Method: {result.method}   Normalisation: {result.normalization}")
    print(table.to_string(float_format=lambda x: f"{x:.4f}"))
    if result.excluded:
        print("Insufficient data (not ranked): " + ", ".join(result.excluded))
    for note in result.notes:
        print(f"Note: {note}")
    return 0


# ahp ----------------------------------------------------------------------------


def ahp_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        help="CSV pairwise matrix: labels in the first row and column; numbers or "
        "fractions such as 1/3; one triangle may be blank",
    )
    parser.add_argument("--format", choices=["table", "json"], default="table")


def _ahp_text(result: AhpResult) -> str:
    lines = [f"{'criterion':24s} priority  geometric mean"]
    for label in result.labels:
        lines.append(
            f"{label:24s} {result.priorities[label]:8.4f}  "
            f"{result.geometric_mean[label]:8.4f}"
        )
    lines.append(
        f"λmax {result.lambda_max:.4f}   CI {result.ci:.4f}   RI {result.ri:.2f}   "
        f"CR {result.cr:.4f}"
    )
    if result.consistent:
        lines.append("Consistent (CR ≤ 0.10).")
    else:
        lines.append(
            "INCONSISTENT (CR > 0.10): revise the judgements before using these "
            "weights."
        )
    if result.worst is not None:
        w = result.worst
        lines.append(
            f"Most inconsistent judgement: {w.row} vs {w.column} (cell {w.cell}) = "
            f"{w.value:.4g}; the priorities imply {w.implied:.3g}; "
            f"{w.suggested:.4g} would bring CR to {w.cr_if_revised:.4f}."
        )
    lines += [f"Note: {note}" for note in result.notes]
    return "\n".join(lines)


def ahp_run(args: argparse.Namespace) -> int:
    result = ahp(read_pairwise_csv(args.file))
    if args.format == "json":
        _dump(result.to_dict())
    else:
        print(_ahp_text(result))
    return 0


# sensitivity --------------------------------------------------------------------

MAX_SAMPLES = 5_000_000  # about a minute here; more adds digits, not insight


def sensitivity_arguments(parser: argparse.ArgumentParser) -> None:
    from scoring.cli import _rank_arguments

    _rank_arguments(parser)
    parser.add_argument(
        "--samples",
        type=int,
        default=10_000,
        help="SMAA weight samples (default: %(default)s)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="random seed (default: %(default)s)"
    )
    parser.add_argument(
        "--rating-noise",
        type=float,
        default=0.0,
        help="SMAA rating uncertainty, ± points uniform (default: none)",
    )


def sensitivity_run(args: argparse.Namespace) -> int:
    from scoring.cli import evaluation_for
    from scoring.errors import InputError

    checks = (
        ("--samples", 1 <= args.samples <= MAX_SAMPLES, f"1 to {MAX_SAMPLES:,}"),
        ("--seed", args.seed >= 0, "a whole number ≥ 0"),
        (
            "--rating-noise",
            math.isfinite(args.rating_noise) and 0 <= args.rating_noise <= 100,
            "a number of rating points from 0 to 100",
        ),
    )
    for option, ok, expected in checks:
        if not ok:
            value = getattr(args, option[2:].replace("-", "_"))
            raise InputError(
                "value out of range", field=option, expected=expected, found=str(value)
            )
    evaluation = evaluation_for(args)  # a FILE, or the built-in segment
    intervals = stability_intervals(evaluation)
    result = smaa(evaluation, args.samples, args.seed, rating_noise=args.rating_noise)

    if args.format == "json":
        _dump(
            {
                "segment": args.segment,
                "stability_intervals": [i.model_dump() for i in intervals],
                "smaa": {
                    "samples": result.samples,
                    "seed": result.seed,
                    "acceptability": result.acceptability.to_dict(orient="index"),
                    "central_weights": result.central_weights.to_dict(orient="index"),
                    "confidence": result.confidence.to_dict(),
                },
            }
        )
        return 0

    frame = pd.DataFrame([i.model_dump() for i in intervals]).set_index("criterion")
    shown = frame[["weight", "winner_low", "winner_high", "winner_low_by"]].copy()
    shown["winner_high_by"] = frame["winner_high_by"]
    shown[["ranking_low", "ranking_high"]] = frame[["ranking_low", "ranking_high"]]
    if args.format == "csv":
        print(shown.to_csv(lineterminator="\n"), end="")
        return 0
    print(f"Segment: {args.segment}   Weight-stability intervals (weight shares):")
    print(shown.fillna("—").to_string(float_format=lambda x: f"{x:.3f}"))
    print(f"\nSMAA-2, {result.samples} samples, seed {result.seed}:")
    table = result.acceptability.copy()
    table.columns = [f"rank {c}" for c in table.columns]
    table["confidence"] = result.confidence
    print(table.to_string(float_format=lambda x: f"{x:.3f}"))
    return 0
