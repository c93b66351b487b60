"""``python -m scoring rank``: output formats, weights by any name, clean errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from scoring.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def rank_json(capsys, *args: str) -> dict:
    assert main(["rank", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_rank_large_as_json_ranks_nine_vendors():
    done = run("rank", "--segment", "large", "--format", "json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert len(payload["vendors"]) == 9
    assert payload["vendors"][0]["vendor"] == "Siebel"
    assert payload["insufficient_data"] == []
    assert payload["policies"]["normalization"] == "scale"


def test_rank_mid_reports_pivotal_as_insufficient_data(capsys):
    payload = rank_json(capsys, "--segment", "mid")
    ranked = [v for v in payload["vendors"] if v["status"] == "ranked"]
    assert len(ranked) == 4
    assert payload["insufficient_data"] == ["Pivotal"]
    pivotal = payload["vendors"][-1]
    assert pivotal["rank"] is None and pivotal["total"] is None


@pytest.mark.parametrize(
    "name",
    ["call_response", "Call Response Management", "電話回覆管理", " call  response "],
)
def test_weight_by_id_or_label_in_either_language(capsys, name):
    payload = rank_json(capsys, "--weight", f"{name}=1")
    ranks = {v["vendor"]: v["rank"] for v in payload["vendors"]}
    assert ranks["Siebel"] == 1
    assert ranks["Clarify"] == ranks["PeopleSoft"] == 2


def test_weights_file_with_percent_strings(capsys, tmp_path):
    path = tmp_path / "weights.csv"
    path.write_text(
        "Criterion,Weight,Direction\n"
        "電子服務,75%,benefit\n"
        "Call response management,25 %,benefit\n",
        encoding="utf-8",
    )
    payload = rank_json(capsys, "--weights", str(path))
    assert payload["weights"]["e_service"] == pytest.approx(0.75)
    assert payload["weights"]["opportunity_mgmt"] == 0


def test_table_and_csv_formats(capsys):
    assert main(["rank", "--segment", "mid"]) == 0
    table = capsys.readouterr().out
    assert "Onyx" in table and "Insufficient data (not ranked): Pivotal" in table
    assert main(["rank", "--segment", "mid", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert frame["vendor"].tolist()[-1] == "Pivotal"
    assert frame["status"].tolist() == ["ranked"] * 4 + ["insufficient_data"]


def test_policies_from_options(capsys):
    payload = rank_json(
        capsys, "--partner-score", "1", "--weight", "data_mart_analytics=1"
    )
    clarify = next(v for v in payload["vendors"] if v["vendor"] == "Clarify")
    assert clarify["total"] == pytest.approx(1.0)
    assert payload["policies"]["partner_score"] == 1.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--weight", "nonsense=1"], "unknown criterion 'nonsense'", id="name"
        ),
        pytest.param(["--weight", "call_response=-2"], "negative", id="negative"),
        pytest.param(["--weight", "call_response"], "NAME=VALUE", id="no-equals"),
        pytest.param(["--weight", "call_response=lots"], "not a number", id="text"),
        pytest.param(
            ["--weight", "call_response=0"], "all weights are zero", id="zero"
        ),
        pytest.param(["--weights", "/no/such/file.csv"], "cannot read", id="file"),
        pytest.param(["--partner-score", "2"], "from 0 to 1", id="range"),
        pytest.param(["--segment", "huge"], "invalid choice", id="segment"),
    ],
)
def test_errors_go_to_stderr_with_status_2_and_no_traceback(args, message):
    done = run("rank", *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_weights_file_errors_name_the_cell(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("Criterion,Weight\ne_service,-5\n", encoding="utf-8")
    done = run("rank", "--weights", str(path))
    assert done.returncode == 2
    assert "w.csv, cell B2" in done.stderr


# the reference method's policies (case 01) -------------------------------------

CASE_01 = ROOT / "tests" / "fixtures" / "cases" / "01-na-tokens-vs-literal-na"
#: WSM column of case 01's expected.md (min–max, N/A = 0, blank = 0).
CASE_01_WSM = {
    "Vendor A": (0.5136, 3),
    "Vendor B": (0.6000, 1),
    "Vendor C": (0.4000, 4),
    "Vendor D": (0.5182, 2),
}


def test_case_01_reference_policies_from_the_command_line():
    done = run(
        "rank",
        str(CASE_01 / "scores.csv"),
        "--weights",
        str(CASE_01 / "weights.csv"),
        "--normalize",
        "minmax",
        "--na-rating",
        "0",
        "--unknown",
        "zero",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["policies"]["not_offered_rating"] == 0.0
    assert payload["policies"]["unknown"] == "zero"
    got = {v["vendor"]: (v["total"], v["rank"]) for v in payload["vendors"]}
    assert list(got) == ["Vendor B", "Vendor D", "Vendor A", "Vendor C"]
    for vendor, (total, rank) in CASE_01_WSM.items():
        assert got[vendor][0] == pytest.approx(total, abs=0.0005), vendor
        assert got[vendor][1] == rank, vendor
    vendor_d = next(v for v in payload["vendors"] if v["vendor"] == "Vendor D")
    assert vendor_d["flagged"] and vendor_d["unknown_criteria"] == ["Integration"]


def test_na_rating_and_zero_are_off_by_default(capsys):
    payload = rank_json(capsys)
    assert payload["policies"]["not_offered_rating"] is None
    assert payload["policies"]["unknown"] == "flag"


@pytest.mark.parametrize("value", ["none", "nan", "inf", "1,5", ""])
def test_na_rating_that_is_not_a_finite_number_is_refused(value):
    done = run("rank", "--na-rating", value)
    assert done.returncode == 2
    assert "--na-rating" in done.stderr and repr(value) in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
