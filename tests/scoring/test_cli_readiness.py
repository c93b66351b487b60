"""``python -m scoring readiness``: answers from CSV or JSON, clean errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.cli import main

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_json_answers_as_json_out(tmp_path):
    answers = write(tmp_path, "a.json", json.dumps({"ksf01": 4, "chk_sponsor": "Yes"}))
    done = subprocess.run(
        [sys.executable, "-m", "scoring", "readiness", answers, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["index"] == 100.0 and payload["partial"] is True
    dims = {d["id"]: d for d in payload["dimensions"]}
    assert dims["leadership"]["status"] == "assessed"
    assert dims["team"]["status"] == "not_assessed" and dims["team"]["score"] is None
    assert payload["verdict"] == "ready"
    assert "proposed_weights" not in payload


def test_csv_with_respondents_reports_disagreement_and_weights(tmp_path, capsys):
    answers = write(
        tmp_path,
        "a.csv",
        "item,answer,respondent\nksf01,4,Ann\nksf01,0,Bo\nchk_team,No,Bo\n"
        "goal_blueprint,2,Ann\nreason_response,4,Ann\n",
    )
    assert main(["readiness", answers, "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload["respondents"]) == {"Ann", "Bo"}
    assert payload["disagreements"][0]["item"] == "ksf01"
    assert payload["stage"] == "planning"
    assert [b["item"] for b in payload["blockers"]] == ["chk_team"]
    assert payload["proposed_weights"]["pillars"]["CS"] == pytest.approx(1.0)
    assert payload["proposed_weights"]["reasoning"]


def test_table_output_names_verdict_stage_and_gaps(tmp_path, capsys):
    answers = write(tmp_path, "a.csv", "item,answer\nksf01,0\ngoal_strategy,1\n")
    assert main(["readiness", answers]) == 0
    out = capsys.readouterr().out
    assert "Readiness index:   0.0" not in out
    assert "Verdict: not ready" in out and "Stage: Evaluating" in out
    assert "Blockers:" in out and "ksf01" in out
    assert "not assessed" in out and "partial" in out


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        pytest.param("a.json", '{"ksf01": 7}', "ksf01", id="out of range"),
        pytest.param("a.json", '{"ksf77": 1}', "ksf77", id="unknown item"),
        pytest.param("a.csv", "item,answer\nksf01,maybe\n", "ksf01", id="not on scale"),
        pytest.param(
            "a.csv",
            "item,answer,respondent\nksf01,9,Ann\nksf02,1,Bo\n",
            "Ann · ksf01",
            id="respondent named",
        ),
        pytest.param("a.csv", "question,value\nksf01,1\n", "item,answer", id="header"),
        pytest.param("a.json", "[1, 2]", "JSON object", id="not an object"),
        pytest.param("a.json", "{nope", "not valid JSON", id="broken json"),
        pytest.param("a.csv", "item,answer\nksf01,1\nksf01,2\n", "twice", id="twice"),
    ],
)
def test_errors_exit_2_and_name_the_item(tmp_path, capsys, name, text, words):
    assert main(["readiness", write(tmp_path, name, text)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert words in captured.err and "Traceback" not in captured.err


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["readiness", str(tmp_path / "none.csv")]) == 2
    assert "file not found" in capsys.readouterr().err
