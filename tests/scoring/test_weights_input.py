"""Weights as people write them: names in either language, files in any encoding."""

from __future__ import annotations

import numpy as np
import pytest

from scoring.builtin import load_areas
from scoring.errors import InputError
from scoring.models import Weights
from scoring.weights_input import parse_weight_value, read_weights_file

AREAS = load_areas()
ROWS = "Criterion,Weight\n電子服務,75%\n電話回覆管理,25%\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp950", "big5"])
def test_a_weights_file_in_any_common_encoding(tmp_path, encoding):
    path = tmp_path / "w.csv"
    path.write_bytes(ROWS.encode(encoding))
    assert read_weights_file(path, AREAS) == {"e_service": 75.0, "call_response": 25.0}


@pytest.mark.parametrize(
    "content", ["Criterion,Weight\n", "Criterion,Weight\n,\n", "Criterion;Weight\n"]
)
def test_a_weights_file_without_rows_is_an_error(tmp_path, content):
    path = tmp_path / "w.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="no weights"):
        read_weights_file(path, AREAS)


@pytest.mark.parametrize(
    ("text", "value"),
    [("35", 35.0), ("35%", 35.0), ("35 %", 35.0), ("３５％", 35.0), ("1,5", 1.5)],
)
def test_weight_values(text, value):
    assert parse_weight_value(text) == value


def test_weights_near_the_float_maximum_keep_their_ratio():
    weights = Weights(values={"a": 1e308, "b": 1e308, "c": 0.5e308})
    np.testing.assert_allclose(weights.vector(["a", "b", "c"]), [0.4, 0.4, 0.2])
