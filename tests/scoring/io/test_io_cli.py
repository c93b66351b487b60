"""``python -m scoring import``, ``export``, and files for ``rank``."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import openpyxl
import pytest

from scoring.builtin import load_market
from scoring.cli import main
from scoring.io import import_path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_json_prints_report_and_evaluation(capsys, case_dir):
    folder = case_dir / "01-na-tokens-vs-literal-na"
    code, out, _ = _run(
        capsys,
        "import",
        folder / "scores.csv",
        folder / "weights.csv",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["ok"]
    vendor_a = data["evaluation"]["vendors"][0]
    assert vendor_a["ratings"]["Mobile app"] == "N/A"
    assert {p["code"] for p in data["problems"]} >= {"not_offered", "missing"}


def test_import_exits_non_zero_on_errors(capsys, case_dir):
    folder = case_dir / "02-header-bom-nbsp-duplicates"
    code, out, err = _run(
        capsys,
        "import",
        folder / "scores_duplicate_headers.csv",
        folder / "weights.csv",
    )
    assert code == 2
    assert "cell D1" in out and "D and F" in out
    assert "Not imported" in err


def test_import_of_a_missing_file_is_one_message(capsys, tmp_path):
    code, _, err = _run(capsys, "import", tmp_path / "nope.csv")
    assert code == 2 and "does not exist" in err and "Traceback" not in err


def test_rank_accepts_a_file(capsys, case_dir):
    path = case_dir / "07-title-rows-merged-header" / "evaluation.xlsx"
    code, out, _ = _run(capsys, "rank", path, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [r["vendor"] for r in rows] == ["Vendor B", "Vendor A", "Vendor C"]


def test_rank_weights_file_carries_direction(capsys, tmp_path):
    weights = tmp_path / "w.csv"
    weights.write_text(
        "Criterion,Weight,Direction\nopportunity_mgmt,1,cost\n", encoding="utf-8"
    )
    code, out, _ = _run(capsys, "rank", "--weights", weights, "--format", "json")
    winners = [v["vendor"] for v in json.loads(out)["vendors"] if v["rank"] == 1]
    evaluation = load_market("large")
    column = evaluation.ratings.values[:, 0]
    lowest = {
        v.name
        for v, value in zip(evaluation.vendors, column, strict=True)
        if value == np.nanmin(column)
    }
    assert code == 0 and set(winners) == lowest


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_export_xlsx_and_template(capsys, tmp_path, lang):
    out = tmp_path / "large.xlsx"
    code, _, _ = _run(
        capsys, "export", "--out", out, "--lang", lang, "--weight", "e_service=2"
    )
    assert code == 0
    back = import_path(out).evaluation
    assert back.weights.values == {"e_service": 2.0}

    template = tmp_path / "template.xlsx"
    code, _, _ = _run(capsys, "export", "--template", "--out", template, "--lang", lang)
    assert code == 0
    assert len(openpyxl.load_workbook(template).sheetnames) >= 3


def test_export_csv_from_a_file(capsys, tmp_path, case_dir):
    folder = case_dir / "15-injection-in-vendor-names"
    out = tmp_path / "out.csv"
    code, _, _ = _run(
        capsys,
        "export",
        folder / "scores_hostile_names.csv",
        "--weights",
        folder / "weights.csv",
        "--out",
        out,
    )
    text = out.read_text(encoding="utf-8-sig")
    assert code == 0 and text.splitlines()[1].startswith("\"'=HYPERLINK(")


def test_export_refuses_unknown_extensions(capsys, tmp_path):
    code, _, err = _run(capsys, "export", "--out", tmp_path / "x.pdf")
    assert code == 2 and ".xlsx or .csv" in err
