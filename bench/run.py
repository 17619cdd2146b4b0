"""Measure every public page beside its floor, in one process, through Django's test client
(the whole response: routing, middleware, queries, templates; no network)."""

from dataclasses import asdict, dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from .floor import FLOOR_BODIES, floor_path
from .measure import Timing, peak_python_memory_mb, timed


@dataclass(frozen=True)
class Target:
    """What every page should manage (issue 14), server side: its median or its p95 in ms."""

    statistic: str  # "median" or "p95"
    ms: float
    label: str


PROGRAMME_SCALE = Target("median", 10.0, "programme scale: every public page's median ≤ 10 ms")
NATIONAL_SCALE = {
    "postgresql": Target("p95", 100.0, "national scale on PostgreSQL: every page's p95 ≤ 100 ms"),
    "sqlite": Target("p95", 300.0, "national scale on SQLite: every page's p95 ≤ 300 ms"),
}


@dataclass(frozen=True)
class PageResult:
    name: str
    path: str
    status: int
    html_kb: float
    queries: int
    median_ms: float
    p95_ms: float
    floor_median_ms: float
    floor_p95_ms: float
    peak_python_mb: float
    target: Target = PROGRAMME_SCALE

    @property
    def ratio_to_floor(self) -> float:
        return self.median_ms / self.floor_median_ms if self.floor_median_ms else 0.0

    @property
    def measured_for_target(self) -> float:
        return self.median_ms if self.target.statistic == "median" else self.p95_ms

    @property
    def target_met(self) -> bool:
        return self.status == 200 and self.measured_for_target <= self.target.ms

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "ratio_to_floor": round(self.ratio_to_floor, 2),
            "target_met": self.target_met,
        }


def measure_pages(
    pages: list[tuple[str, str]],
    *,
    runs: int,
    target: Target = PROGRAMME_SCALE,
    client: Client | None = None,
) -> list[PageResult]:
    """Each page timed beside its floor, read by `client` (signed in, say), or by the public."""
    client = client or Client()
    results = []
    with override_settings(ROOT_URLCONF="bench.floor"):
        for index, (name, path) in enumerate(pages):
            results.append(_measure(client, f"page-{index}", name, path, runs, target))
    return results


def _fetch(client: Client, path: str) -> tuple[object, bytes]:
    """The response and its whole body: a streamed one (a CSV) is read to its end, so its time
    and memory are measured, not only its first bytes."""
    response = client.get(path)
    if response.streaming:
        return response, b"".join(response.streaming_content)
    return response, response.content


def _measure(client: Client, key: str, name: str, path: str, runs: int, target) -> PageResult:
    response, body = _fetch(client, path)
    FLOOR_BODIES[key] = (body, response.get("Content-Type", "text/html"))
    with CaptureQueriesContext(connection) as captured:
        _fetch(client, path)
    # Counted now: the next request's start clears the connection's log of queries.
    queries = len(captured)
    page = timed(lambda: _fetch(client, path), runs=runs)
    floor = timed(lambda: client.get(floor_path(key)), runs=runs)
    return PageResult(
        name=name,
        path=path,
        status=response.status_code,
        html_kb=round(len(body) / 1000, 1),
        queries=queries,
        median_ms=round(page.median_ms, 2),
        p95_ms=round(page.p95_ms, 2),
        floor_median_ms=round(floor.median_ms, 2),
        floor_p95_ms=round(floor.p95_ms, 2),
        peak_python_mb=round(peak_python_memory_mb(lambda: _fetch(client, path)), 1),
        target=target,
    )


__all__ = ["NATIONAL_SCALE", "PROGRAMME_SCALE", "PageResult", "Target", "Timing", "measure_pages"]
