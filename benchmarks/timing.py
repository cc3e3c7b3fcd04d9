"""Timing helpers shared by the benchmarks: percentiles and p50/p95 of repeated calls."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function: Callable[[], object], runs: int) -> tuple[float, float]:
    """Call `function` `runs` times; its p50 and p95 in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000
