"""Timing and memory of one workload: plain numbers, no Django here, so the arithmetic can be
tested on its own."""

import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
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


class RateBesideFloor:
    """For a result with `grants`, `seconds` and `floor_seconds`: its rate beside the floor's,
    against issue 14's target of at least a quarter of the floor's rate."""

    TARGET_RATIO = 0.25

    @property
    def rate(self) -> float:
        return self.grants / self.seconds

    @property
    def floor_rate(self) -> float:
        return self.grants / self.floor_seconds

    @property
    def ratio_to_floor(self) -> float:
        return self.rate / self.floor_rate

    @property
    def target_met(self) -> bool:
        return self.ratio_to_floor >= self.TARGET_RATIO

    def rates(self) -> dict:
        return {
            "grants_per_second": round(self.rate),
            "floor_grants_per_second": round(self.floor_rate),
            "ratio_to_floor": round(self.ratio_to_floor, 3),
            "target_met": self.target_met,
        }


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


# Run a script and write its own peak RSS (VmHWM, in KB) to a file as it exits. Its rusage will
# not do: on Linux a child's ru_maxrss starts from the parent's RSS at the fork (the kernel keeps
# the larger of the old and the new memory's high-water mark across exec), so a command run from
# a bench process holding 400 MB would never show less than 400 MB.
_OWN_PEAK = """
import atexit, os, runpy, sys

def _record(path=sys.argv[1]):
    with open("/proc/self/status") as status, open(path, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))

atexit.register(_record)
sys.argv = sys.argv[2:]
sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))  # as `python script` would have it
runpy.run_path(sys.argv[0], run_name="__main__")
"""
_PROC = Path("/proc/self/status")


def run_script(script: Path, arguments: list[str]) -> tuple[float, float]:
    """Seconds a Python script takes in a process of its own, and the most memory (RSS) that
    process held, in MB: its own, not counting the parent's (ru_maxrss where there is no /proc,
    which may count it). Its output is dropped, but shown if it fails, which raises."""
    with tempfile.TemporaryDirectory(prefix="bench-command-") as folder:
        peak_file = Path(folder) / "peak-kb"
        own_peak = _PROC.exists()
        prefix = ["-c", _OWN_PEAK, str(peak_file)] if own_peak else []
        with (Path(folder) / "errors").open("w+b") as errors:
            started = time.perf_counter()
            process = subprocess.Popen(  # noqa: S603 - our own script, with arguments we made
                [sys.executable, *prefix, str(script), *arguments],
                env=os.environ.copy(),
                stdout=subprocess.DEVNULL,
                stderr=errors,  # a progress bar, say: shown only if the script fails
            )
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode:
                errors.seek(0)
                sys.stderr.write(errors.read().decode("utf-8", "replace")[-4000:])
                raise subprocess.CalledProcessError(process.returncode, process.args)
        peak_kb = int(peak_file.read_text()) if own_peak else usage.ru_maxrss
    return elapsed, peak_kb / 1024
