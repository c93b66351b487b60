"""Command-line inputs that must be refused or honoured, not quietly replaced."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests" / "fixtures" / "cases" / "00-baseline-reference"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scoring", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_sensitivity_analyses_the_file_it_is_given():
    done = run(
        "sensitivity",
        str(BASE / "scores.csv"),
        "--weights",
        str(BASE / "weights.csv"),
        "--samples",
        "500",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    criteria = {i["criterion"] for i in payload["stability_intervals"]}
    assert criteria == {"Price", "Integration", "Support", "Security"}
    assert set(payload["smaa"]["acceptability"]) == {"Vendor A", "Vendor B", "Vendor C"}


def test_a_weights_file_that_holds_no_weights_is_refused():
    done = run("rank", str(BASE / "scores.csv"), "--weights", str(BASE / "scores.csv"))
    assert done.returncode == 2
    assert "no weights table" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--seed", "-1"], "--seed"),
        (["--samples", "0"], "--samples"),
        (["--samples", "100000000"], "--samples"),
        (["--rating-noise", "nan"], "--rating-noise"),
        (["--rating-noise", "-3"], "--rating-noise"),
        (["--rating-noise", "1e308"], "--rating-noise"),
    ],
)
def test_sensitivity_options_out_of_range_are_named(args, field):
    done = run("sensitivity", *args)
    assert done.returncode == 2
    assert field in done.stderr
    assert "Traceback" not in done.stderr and "bug" not in done.stderr


def test_zero_weights_give_one_line():
    done = run("sensitivity", "--weight", "call_response=0")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1


def test_ahp_reads_a_big5_matrix(tmp_path):
    path = tmp_path / "pairs.csv"
    text = ",成本,功能\n成本,1,3\n功能,1/3,1\n"
    path.write_bytes(text.encode("big5"))
    done = run("ahp", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "成本" in done.stdout


CASE15 = ROOT / "tests" / "fixtures" / "cases" / "15-injection-in-vendor-names"


def test_exported_csv_keeps_notes_neutralised_and_numbers_plain(tmp_path):
    """Case 15: notes that a spreadsheet would run get an apostrophe."""
    out = tmp_path / "out.csv"
    done = run(
        "export",
        str(CASE15 / "scores_hostile_names.csv"),
        "--weights",
        str(CASE15 / "weights.csv"),
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8-sig")
    for cell in ("'-see appendix", "'=1+1", "'@mention the PM", "'+44 20 7946 0000"):
        assert cell in text
    assert ",-15," in text and ",-5," in text
