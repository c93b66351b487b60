"""Import speed: a 5,000 vendors × 60 criteria workbook, against pandas + openpyxl.

Run: ``.venv/bin/python bench/bench_import.py``. Builds the workbook in memory
(ratings 1–10 with some N/A, P and blank cells, a weights sheet), imports it with
:func:`scoring.io.import_file` and reads it with ``pandas.read_excel(engine=
"openpyxl")`` in the same run, and prints both times and their ratio. The import
must take under 1.5 s.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring.io import import_file

VENDORS, CRITERIA, LIMIT = 5_000, 60, 1.5


def workbook(seed: int = 7) -> bytes:
    """The benchmark workbook: a ratings sheet and a weights sheet."""
    rng = np.random.default_rng(seed)
    wb = openpyxl.Workbook(write_only=True)
    ratings = wb.create_sheet("Ratings")
    names = [f"Criterion {j + 1}" for j in range(CRITERIA)]
    ratings.append(["Vendor", *names])
    values = rng.integers(1, 11, size=(VENDORS, CRITERIA)).astype(object)
    marks = rng.random((VENDORS, CRITERIA))
    values[marks < 0.03] = "N/A"
    values[(marks >= 0.03) & (marks < 0.05)] = "P"
    values[(marks >= 0.05) & (marks < 0.06)] = None
    for i in range(VENDORS):
        ratings.append([f"Vendor {i + 1}", *values[i]])
    weights = wb.create_sheet("Weights")
    weights.append(["Criterion", "Weight", "Direction"])
    for j, name in enumerate(names):
        weights.append([name, float(rng.integers(1, 10)), "benefit" if j else "cost"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    data = workbook()
    result = import_file(data, "bench.xlsx")
    assert result.ok, [str(p) for p in result.errors]
    assert result.evaluation.ratings.values.shape == (VENDORS, CRITERIA)

    ours, ours_median = best_of(5, lambda: import_file(data, "bench.xlsx"))
    theirs, theirs_median = best_of(
        2, lambda: pd.read_excel(io.BytesIO(data), sheet_name=None, engine="openpyxl")
    )
    print(f"workbook: {VENDORS:,} vendors x {CRITERIA} criteria, {len(data):,} bytes")
    print(
        f"scoring.io.import_file:         best {ours:.3f} s, median {ours_median:.3f} s"
    )
    print(
        f"pandas.read_excel(openpyxl):    best {theirs:.3f} s, "
        f"median {theirs_median:.3f} s"
    )
    print(f"ratio (pandas+openpyxl / import): {theirs / ours:.1f}x faster")
    if ours_median > LIMIT:
        print(f"FAIL: the import takes {ours_median:.3f} s, over {LIMIT} s")
        return 1
    print(f"OK: under {LIMIT} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
