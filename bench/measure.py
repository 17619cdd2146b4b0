"""Timing and memory of one workload: plain numbers, no Django here, so the arithmetic can be
tested on its own."""

import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median


def nearest_rank(values: list[float], percent: float) -> float:
    """The nearest-rank percentile: the smallest value at least `percent`% of values are at or
    below. For 20 values, p95 is the 19th smallest."""
    if not values:
        raise ValueError("No values to take a percentile of")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * percent // 100))  # ceiling without floats going astray
    return ordered[int(rank) - 1]


@dataclass(frozen=True)
class Timing:
    """Milliseconds for each run of a workload, after its warm-up runs."""

    samples_ms: tuple[float, ...]

    @property
    def median_ms(self) -> float:
        return median(self.samples_ms)

    @property
    def p95_ms(self) -> float:
        return nearest_rank(list(self.samples_ms), 95)


def timed(work: Callable[[], object], *, runs: int, warmup: int = 2) -> Timing:
    for _ in range(warmup):
        work()
    samples = []
    for _ in range(runs):
        started = time.perf_counter_ns()
        work()
        samples.append((time.perf_counter_ns() - started) / 1_000_000)
    return Timing(tuple(samples))


def peak_python_memory_mb(work: Callable[[], object]) -> float:
    """The most memory Python allocated at once while `work` ran (tracemalloc), in MB."""
    tracemalloc.start()
    try:
        work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1_000_000
