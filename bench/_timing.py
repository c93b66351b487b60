"""Shared timing helper of the benchmarks: best of several runs, in seconds."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

# the benchmarks run as scripts from anywhere: make the repository importable
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best(fn: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """The fastest of ``repeat`` timings of ``number`` calls, per call."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def row(name: str, seconds: float, reference: float | None = None) -> str:
    ratio = f"{seconds / reference:8.2f}×" if reference else ""
    return f"  {name:44s} {seconds * 1000:10.3f} ms {ratio}"
