"""Server-side time of a rerun of the Ranking page after a weight change.

Run: ``.venv/bin/python bench/bench_rerun.py [--runs N]``.

Drives the app headless with Streamlit's AppTest (no browser, so what is measured
is the script run on the server: state, engine, charts and tables), moving one
weight back and forth. Prints the median and the 90th percentile over the runs,
and the share of the engine in it (``evaluate`` timed alone on the same input).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["CRM_STUDIO_DATA_DIR"] = tempfile.mkdtemp(prefix="crm-bench-")

from streamlit.testing.v1 import AppTest  # noqa: E402

from scoring.builtin import load_market  # noqa: E402
from scoring.evaluate import evaluate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    key = "_w_weight_large_call_response"
    at.slider(key=key).set_value(50).run()  # warm the caches of both paths

    times = []
    for i in range(args.runs):
        value = 20.0 + (i % 60)  # a new weight every run: no cache hit
        start = time.perf_counter()
        at.slider(key=key).set_value(value).run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception

    evaluation = load_market("large").with_weights({"call_response": 33.0})
    engine = min(timeit.repeat(lambda: evaluate(evaluation), number=50, repeat=5)) / 50
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    print(f"reruns after a weight change: {args.runs}")
    print(f"median {1000 * median:7.1f} ms   90th percentile {1000 * p90:7.1f} ms")
    print(
        f"engine (evaluate, 9 × 12) {1000 * engine:7.2f} ms = "
        f"{100 * engine / median:.1f} % of the median rerun"
    )


if __name__ == "__main__":
    main()
