"""The ahp and sensitivity commands and rank --method."""

from __future__ import annotations

import json

import pytest
from scoring_factories import CASES

from scoring.cli import main

CASE13 = CASES / "13-ahp-pairwise-problems"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ahp_json_gives_priorities_cr_and_worst_judgement(capsys):
    code, out, _ = run(
        capsys, "ahp", str(CASE13 / "ahp_inconsistent.csv"), "--format", "json"
    )
    payload = json.loads(out)
    assert code == 0
    assert payload["cr"] == pytest.approx(0.4835, abs=5e-5)
    assert payload["lambda_max"] == pytest.approx(3.5608, abs=5e-5)
    assert payload["consistent"] is False
    assert payload["worst"]["cell"] == "D2"


def test_ahp_table_says_inconsistent(capsys):
    code, out, _ = run(capsys, "ahp", str(CASE13 / "ahp_inconsistent.csv"))
    assert code == 0 and "INCONSISTENT" in out and "0.4835" in out


@pytest.mark.parametrize(
    ("file", "cells"),
    [("ahp_missing_pair.csv", "E4 and D5"), ("ahp_nonreciprocal.csv", "C2 and B3")],
)
def test_ahp_errors_exit_2_naming_cells(capsys, file, cells):
    code, out, err = run(capsys, "ahp", str(CASE13 / file))
    assert code == 2 and out == ""
    assert cells in err and "Traceback" not in err


def test_ahp_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, "ahp", str(tmp_path / "nope.csv"))
    assert code == 2 and "nope.csv" in err


def test_rank_topsis_json_has_separations_and_ideal_points(capsys):
    code, out, _ = run(capsys, "rank", "--method", "topsis", "--format", "json")
    payload = json.loads(out)
    assert code == 0
    assert payload["normalization"] == "vector"
    assert payload["vendors"][0]["vendor"] == "Siebel"
    assert {"d_plus", "d_minus"} <= set(payload["details"]["separations"]["Siebel"])
    assert "anti_ideal" in payload["details"]["ideal"]["e_service"]


@pytest.mark.parametrize("how", ["scale", "minmax", "vector", "none"])
def test_rank_accepts_every_normalisation(capsys, how):
    code, out, _ = run(capsys, "rank", "--normalize", how, "--format", "json")
    assert code == 0
    assert json.loads(out)["policies"]["normalization"] == how


def test_rank_default_is_still_the_scale_weighted_sum(capsys):
    code, out, _ = run(capsys, "rank", "--format", "json")
    payload = json.loads(out)
    assert code == 0
    assert payload["method"] == "weighted_sum"
    assert payload["policies"]["normalization"] == "scale"


def test_rank_promethee_table(capsys):
    code, out, _ = run(capsys, "rank", "--method", "promethee")
    assert code == 0 and "promethee" in out and "Siebel" in out


def test_sensitivity_json_is_reproducible(capsys):
    args = ("sensitivity", "--segment", "large", "--samples", "500", "--seed", "3")
    _, first, _ = run(capsys, *args, "--format", "json")
    _, second, _ = run(capsys, *args, "--format", "json")
    assert first == second
    payload = json.loads(first)
    assert len(payload["stability_intervals"]) == 12
    assert payload["smaa"]["acceptability"]["Siebel"]["1"] > 0.5


def test_sensitivity_refuses_zero_samples(capsys):
    code, _, err = run(capsys, "sensitivity", "--samples", "0")
    assert code == 2 and "--samples" in err
