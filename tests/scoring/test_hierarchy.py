"""The criteria tree: local and global weights, validation naming the node."""

from __future__ import annotations

import pytest

from scoring.builtin import load_market
from scoring.errors import InputError
from scoring.hierarchy import build_hierarchy


def test_six_criteria_at_the_top():
    tree = build_hierarchy()
    assert tree.children() == [
        "viability",
        "service_support",
        "technology",
        "functionality",
        "cost",
        "vision",
    ]


def test_global_weight_is_the_product_down_the_tree():
    tree = build_hierarchy(local={"functionality": 4, "field_sales_fn": 3})
    local, glob = tree.local_weights(), tree.global_weights()
    assert local["functionality"] == pytest.approx(4 / 9)
    assert glob["field_sales_fn"] == pytest.approx(4 / 9 * 3 / 10)
    assert sum(glob[leaf] for leaf in tree.leaves) == pytest.approx(1.0)


def test_functionality_takes_the_segment_areas():
    tree = build_hierarchy("large")
    areas = [c.id for c in load_market("large").criteria]
    assert tree.children("functionality") == areas
    weights = tree.leaf_weights(areas)
    assert set(weights.values) == set(areas)


@pytest.mark.parametrize(
    ("local", "node"),
    [
        pytest.param({"cost": -1.0}, "cost", id="negative"),
        pytest.param({"vision": float("nan")}, "vision", id="not finite"),
        pytest.param(
            {"development_tools": 0, "end_user_tools": 0, "installation_capability": 0},
            "technology",
            id="all children zero",
        ),
    ],
)
def test_validation_names_the_node(local, node):
    with pytest.raises(InputError) as caught:
        build_hierarchy(local=local).global_weights()
    assert caught.value.field == f"hierarchy.{node}"


def test_unknown_node_is_named():
    with pytest.raises(InputError) as caught:
        build_hierarchy(local={"telepathy": 1.0})
    assert caught.value.found == "telepathy"


def test_table_for_a_sunburst():
    table = build_hierarchy().table("zh")
    assert set(table.columns) == {"id", "parent", "label", "local", "global"}
    assert table.loc[table["id"] == "cost", "label"].item() == "成本"
    assert table.loc[table["id"] == "cost", "parent"].item() == ""
