"""``python -m scoring readiness ANSWERS_FILE``: readiness from answers in a file.

The file is CSV with the columns ``item,answer`` and optionally ``respondent``, or
JSON: ``{item: answer}`` for one respondent, ``{respondent: {item: answer}}`` for
several. Registered in :data:`scoring.cli.COMMANDS`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import Any

from scoring.builtin import load_market, load_pillars, segments
from scoring.errors import InputError
from scoring.readiness import Assessment, assess, proposal_lines, propose_weights
from scoring.readiness_data import load_questionnaire

__all__ = ["read_answers", "readiness_arguments", "readiness_run"]

SINGLE = "respondent"
MAX_BYTES = 5_000_000


def readiness_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="ANSWERS_FILE",
        help="CSV with columns item,answer[,respondent], or JSON {item: answer} or "
        "{respondent: {item: answer}}",
    )
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument(
        "--segment",
        choices=segments(),
        default="large",
        help="segment whose functional areas get the proposed weights "
        "(default: %(default)s)",
    )


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", file=str(path)) from None
    except OSError as exc:
        raise InputError(
            f"cannot read the file: {exc.strerror}", file=str(path)
        ) from None
    if len(data) > MAX_BYTES:
        raise InputError(
            "file too large",
            file=path.name,
            expected=f"at most {MAX_BYTES} bytes",
            found=f"{len(data)} bytes",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 at byte {exc.start}", file=path.name, expected="UTF-8"
        ) from None


def _from_json(text: str, name: str) -> dict[str, dict[str, Any]]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", file=name, line=exc.lineno
        ) from None
    if not isinstance(raw, dict) or not raw:
        raise InputError(
            "the answers must be a JSON object",
            file=name,
            expected="{item: answer} or {respondent: {item: answer}}",
            found=type(raw).__name__,
        )
    if all(isinstance(v, dict) for v in raw.values()):
        return {str(k): v for k, v in raw.items()}
    nested = [k for k, v in raw.items() if isinstance(v, dict)]
    if nested:
        raise InputError(
            "respondents and single answers are mixed",
            file=name,
            field=nested[0],
            expected="all values answers, or all values objects of answers",
        )
    return {SINGLE: raw}


def _from_csv(text: str, name: str) -> dict[str, dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "item" not in header or "answer" not in header:
        raise InputError(
            "missing columns",
            file=name,
            line=1,
            expected="the columns item,answer and optionally respondent",
            found=",".join(reader.fieldnames or []),
        )
    reader.fieldnames = header
    answers: dict[str, dict[str, Any]] = {}
    for row in reader:
        item = (row.get("item") or "").strip()
        if not item:
            continue
        respondent = (row.get("respondent") or "").strip() or SINGLE
        given = answers.setdefault(respondent, {})
        if item in given:
            raise InputError(
                "item answered twice",
                file=name,
                line=reader.line_num,
                field=f"{respondent} · {item}" if respondent != SINGLE else item,
                expected="one answer per item and respondent",
            )
        given[item] = row.get("answer")
    if not answers:
        raise InputError("no answers in the file", file=name, expected="rows")
    return answers


def read_answers(path: str | Path) -> dict[str, dict[str, Any]]:
    """Respondent → item → answer as written in a CSV or JSON file (not validated)."""
    path = Path(path)
    text = _read_text(path)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return _from_json(text, path.name)
    return _from_csv(text, path.name)


def _payload(result: Assessment, segment: str) -> dict[str, Any]:
    q = load_questionnaire()
    group = result.group
    payload: dict[str, Any] = {
        "index": group.index,
        "partial": group.partial,
        "coverage": group.coverage,
        "verdict": group.verdict,
        "verdict_reasons": group.verdict_reasons,
        "stage": group.stage,
        "dimensions": [d.model_dump() | {"gap": d.gap} for d in group.dimensions],
        "blockers": [b.model_dump() for b in group.blockers],
        "gaps": [
            g.model_dump() | {"action": q.dimension(g.dimension).action("en")}
            for g in group.gaps
        ],
        "risks": [r.model_dump() for r in group.risks],
        "missing": group.missing,
        "respondents": {
            name: {"index": r.index, "verdict": r.verdict, "partial": r.partial}
            for name, r in result.respondents.items()
        },
        "spread": [s.model_dump() for s in result.spread],
        "disagreements": [d.model_dump() for d in result.disagreements],
    }
    areas = load_market(segment).criteria
    proposal = propose_weights(result.combined, areas, q)
    if proposal is not None:
        labels = {p.id: p.label("en") for p in load_pillars()}
        payload["proposed_weights"] = proposal.model_dump() | {
            "segment": segment,
            "reasoning": proposal_lines(proposal, areas, labels, "en", q),
        }
    return payload


def _number(value: float | None) -> str:
    return "not assessed" if value is None else f"{value:5.1f}"


def readiness_run(args: argparse.Namespace) -> int:
    result = assess(read_answers(args.file))
    payload = _payload(result, args.segment)
    if args.format == "json":
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0

    q = load_questionnaire()
    group = result.group
    partial = (
        f" (partial: {len(group.missing)} items unanswered)" if group.partial else ""
    )
    print(f"Readiness index: {_number(group.index).strip()} of 100{partial}")
    print(f"Verdict: {group.verdict.replace('_', ' ')}")
    stage = next((s for s in q.survey.stages if s.id == group.stage), None)
    print(f"Stage: {stage.en if stage else 'not assessed (no goal answered)'}")
    print("Dimensions:")
    for d in group.dimensions:
        mark = "" if d.status == "assessed" else f"  [{d.status.replace('_', ' ')}]"
        label = q.dimension(d.id).en
        print(f"  {label:<26} {_number(d.score)}  target {d.target:3.0f}{mark}")
    if group.blockers:
        print("Blockers:")
        for b in group.blockers:
            print(f"  {b.item}: {q.item(b.item).label_en}")
    if group.gaps:
        print("Largest gaps:")
        for g in group.gaps:
            dim = q.dimension(g.dimension)
            print(f"  {dim.en}: {g.gap:.1f} below target. {dim.action_en}")
    if group.risks:
        print("Top risks:")
        for r in group.risks:
            print(f"  {r.item}: {q.item(r.item).label_en} (answer {r.answer:g} of 4)")
    if len(result.respondents) > 1 and result.disagreements:
        print("Most disagreement:")
        for d in result.disagreements:
            answers = ", ".join(f"{k}={v}" for k, v in d.answers.items())
            print(f"  {d.item}: {answers}")
    return 0
