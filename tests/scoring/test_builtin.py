"""The built-in data: complete in both languages, exactly as published, validated."""

from __future__ import annotations

import shutil

import pytest

from scoring.builtin import (
    DATA_DIR,
    load_areas,
    load_criteria,
    load_market,
    load_pillars,
    market_info,
)
from scoring.errors import InputError
from scoring.models import RatingKind


@pytest.mark.parametrize("loader", [load_criteria, load_areas, load_pillars])
def test_every_item_has_both_labels_and_descriptions(loader):
    for item in loader():
        for field in ("label_en", "label_zh", "description_en", "description_zh"):
            assert getattr(item, field).strip(), f"{item.id} lacks {field}"


def test_six_criteria_with_their_sub_criteria():
    criteria = load_criteria()
    top = [c.id for c in criteria if c.parent is None]
    assert top == [
        "viability",
        "service_support",
        "technology",
        "functionality",
        "cost",
        "vision",
    ]
    children = {t: [c for c in criteria if c.parent == t] for t in top}
    assert [len(children[t]) for t in top] == [10, 4, 3, 8, 0, 0]
    cost = next(c for c in criteria if c.id == "cost")
    assert cost.direction == "cost"
    assert cost.label_zh == "成本"


def test_every_area_has_a_pillar_of_crm():
    assert {a.pillar for a in load_areas()} == {"SA", "MA", "CS", "AN"}


def published(row: str) -> list[str]:
    """A matrix row as printed in the source, cells separated by spaces."""
    return row.split()


def test_large_enterprise_matrix_as_published():
    evaluation = load_market("large")
    assert len(evaluation.vendors) == 9
    assert len(evaluation.criteria) == 12
    marks = dict(
        zip(evaluation.ratings.vendors, evaluation.ratings.marks(), strict=True)
    )
    assert marks["Siebel"] == published("8 5 4 4 3 4 7 8 6 4 4 4")
    assert marks["Clarify"] == published("4 2 N/A N/A N/A N/A 4 6 5 N/A P N/A")
    assert marks["PeopleSoft"] == published("5 P N/A N/A N/A P 3 6 5 N/A 4 P")
    assert marks["Trilogy"] == published("3 7 3 5 7 6 N/A N/A N/A 5 N/A N/A")
    assert not (evaluation.ratings.kinds == RatingKind.UNKNOWN).any()


def test_mid_size_matrix_keeps_pivotal_as_b2b_without_ratings():
    evaluation = load_market("mid")
    assert [v.name for v in evaluation.vendors] == [
        "Applix",
        "Epicor",
        "FrontRange",
        "Onyx",
        "Pivotal",
    ]
    assert len(evaluation.criteria) == 11
    pivotal = evaluation.vendors[-1]
    assert pivotal.b2b
    assert (evaluation.ratings.kinds[-1] == RatingKind.UNKNOWN).all()
    assert evaluation.ratings.marks()[3] == published("5 6 N/A 3 5 3 N/A 3 N/A 4 4")


def test_market_legend_and_source_in_both_languages():
    market = market_info()
    assert "February 2001" in market.source["en"]
    assert "2001年2月" in market.source["zh"]
    for entry in market.legend.values():
        assert entry["en"] and entry["zh"]
    assert (market.scale.low, market.scale.high) == (1, 10)


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _replace(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), "utf-8")


def test_a_bad_rating_names_file_line_and_field(data_copy):
    _replace(data_copy / "matrix_large.csv", "Siebel,,8,", "Siebel,,eight,")
    with pytest.raises(InputError) as info:
        load_market("large", data_copy)
    error = info.value
    assert (error.file, error.line, error.field) == (
        "matrix_large.csv",
        10,  # five comment lines, the header, then Clarify ... Siebel
        "opportunity_mgmt",
    )
    assert "'eight'" in str(error)


def test_a_rating_outside_the_scale_is_refused(data_copy):
    _replace(data_copy / "matrix_mid.csv", "Onyx,,5,", "Onyx,,11,")
    with pytest.raises(InputError, match=r"matrix_mid\.csv, line \d+.*outside"):
        load_market("mid", data_copy)


def test_a_missing_label_names_the_field(data_copy):
    _replace(data_copy / "criteria.csv", ",成本,Cost,", ",,Cost,")
    with pytest.raises(InputError) as info:
        load_criteria(data_copy)
    assert info.value.file == "criteria.csv"
    assert info.value.field == "label_zh"


def test_a_short_row_is_reported_with_its_line(data_copy):
    _replace(
        data_copy / "areas.csv", "e_selling,銷售電子化,E-selling,SA,", "e_selling,"
    )
    with pytest.raises(InputError, match=r"areas\.csv, line"):
        load_areas(data_copy)


def test_an_unknown_pillar_is_named(data_copy):
    _replace(data_copy / "areas.csv", "Field sales,SA", "Field sales,XX")
    with pytest.raises(InputError, match="pillar"):
        load_areas(data_copy)
