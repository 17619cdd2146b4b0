"""Reads about places that pages need, each in a fixed number of queries.

Authorities change over time, so every question is asked "as of a day": which authorities
existed, which boundary file draws them, and which of them an involvement covers.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Q
from django.utils.safestring import SafeString

from .charts import render_line_chart
from .models import (
    Boundary,
    BoundarySet,
    District,
    LocalAuthority,
    Measure,
    StatisticValue,
    Succession,
)
from .suppression import COUNTS_OF_CHILDREN, publishable

TABLE_MEASURES = (
    Measure.CHILDREN_IN_NEED_RATE.value,
    Measure.CHILD_PROTECTION_PLAN_RATE.value,
    Measure.LOOKED_AFTER_RATE.value,
)
# Every count of children held for an area, in the order Measure lists them.
COUNT_MEASURES = tuple(measure.value for measure in Measure if measure.value in COUNTS_OF_CHILDREN)


def authority_ids_by_code() -> dict[str, int]:
    """The authority each GSS code names a place in: an authority's own code, and each of its
    districts' (E07…), which a grant may name instead of its county."""
    codes = dict(District.objects.values_list("gss_code", "county_id"))
    codes.update(LocalAuthority.objects.values_list("gss_code", "pk"))
    return codes


def authorities_valid_on(day: date):
    return (
        LocalAuthority.objects.valid_on(day).select_related("region").order_by("name", "gss_code")
    )


def count_authorities_on(day: date) -> int:
    return LocalAuthority.objects.valid_on(day).count()


def _valid_on_day(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def boundary_set_for(day: date) -> BoundarySet | None:
    """The boundary set to draw the authorities of `day` with (two queries).

    A set whose outlines are exactly the authorities valid on the day is preferred (lowest
    precedence first: the ultra-generalised vintage files); otherwise the first set that has
    an outline for every one of them (the 2014–2025 file), to be filtered to the day.
    """
    total = count_authorities_on(day)
    if not total:
        return None
    sets = BoundarySet.objects.annotate(
        outline_count=Count("boundaries"),
        valid_count=Count("boundaries", filter=_valid_on_day(day, "boundaries__authority__")),
    ).filter(valid_count=total)
    covering = list(sets)
    exact = [s for s in covering if s.outline_count == total]
    chosen = exact or covering
    return chosen[0] if chosen else None


def boundaries_for(
    day: date, boundary_set: BoundarySet | None = None
) -> list[tuple[LocalAuthority, str]]:
    """(authority, SVG path data) for each authority valid on `day`, by name.

    Three queries, or one when the caller already has the set from `boundary_set_for(day)`.
    Filtering by the authorities' own dates rather than the file's first/last years keeps the
    map right to the day, for example in April 2025 before Barnsley's new code.
    """
    boundary_set = boundary_set or boundary_set_for(day)
    if boundary_set is None:
        return []
    boundaries = (
        Boundary.objects.filter(boundary_set=boundary_set)
        .filter(_valid_on_day(day, "authority__"))
        .select_related("authority", "authority__region")
        .order_by("authority__name", "authority__gss_code")
    )
    return [(boundary.authority, boundary.svg_path) for boundary in boundaries]


def counterparts_on(day: date, authority_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each authority, the authorities valid on `day` that covered any part of its area.

    An authority valid on the day is its own counterpart. One that had ended is followed
    forward through its successors (Northamptonshire → North and West Northamptonshire); one
    that did not exist yet is followed back through its predecessors (BCP → Bournemouth,
    Poole and Dorset county). Two queries.
    """
    validity = {
        pk: (valid_from, valid_to)
        for pk, valid_from, valid_to in LocalAuthority.objects.values_list(
            "pk", "valid_from", "valid_to"
        )
    }
    successors, predecessors = defaultdict(list), defaultdict(list)
    for predecessor, successor in Succession.objects.order_by("position").values_list(
        "predecessor_id", "successor_id"
    ):
        successors[predecessor].append(successor)
        predecessors[successor].append(predecessor)

    def is_valid(pk: int) -> bool:
        valid_from, valid_to = validity[pk]
        return valid_from <= day and (valid_to is None or day <= valid_to)

    def walk(start: int) -> list[int]:
        valid_from, _ = validity[start]
        links = predecessors if day < valid_from else successors
        found, seen, queue = [], {start}, [start]
        while queue:
            pk = queue.pop(0)
            if is_valid(pk):
                found.append(pk)
                continue
            for linked in links[pk]:
                if linked not in seen:
                    seen.add(linked)
                    queue.append(linked)
        return found

    return {pk: walk(pk) for pk in authority_ids if pk in validity}


class Coverage(NamedTuple):
    involved: int
    total: int


def coverage(day: date, involved_authority_ids: Iterable[int]) -> Coverage:
    """How many of the authorities valid on `day` were involved, out of how many.

    An authority valid on the day counts as involved when any part of its area was covered by
    an involved authority, whatever that authority's dates: itself, a predecessor (BCP counts
    when Bournemouth was involved) or a successor (Northamptonshire counts in 2020 when West
    Northamptonshire was involved later). It is the same rule the maps shade by.
    """
    counterparts = counterparts_on(day, involved_authority_ids)
    involved = {pk for targets in counterparts.values() for pk in targets}
    return Coverage(involved=len(involved), total=count_authorities_on(day))


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    status: str

    @property
    def status_label(self) -> str:
        return StatisticValue.Status(self.status).label

    @property
    def is_available(self) -> bool:
        return self.value is not None


MISSING = Figure(None, StatisticValue.Status.NOT_AVAILABLE)


@dataclass(frozen=True)
class StatisticsRow:
    """One reporting year: the area's and England's rates and the area's counts of children,
    keyed by measure value (`row.area.cin_rate.value` in a template), each as it may be
    published. `published_as` is the authority the area's figures were published under, which
    differs from the page's authority for years before a change of code."""

    year: int
    published_as: LocalAuthority | None
    area: dict[str, Figure]
    england: dict[str, Figure]
    counts: dict[str, Figure]


def statistics_table(authority: LocalAuthority) -> list[StatisticsRow]:
    """The authority's children in need, child protection and looked-after rates by year,
    beside England's, with the area's counts of children, in two queries.

    Where the authority took over a predecessor's DfE number (Buckinghamshire in 2020, North
    Yorkshire and Somerset in 2023, Barnsley and Sheffield in 2025), DfE publishes one series,
    so the predecessor's years are included. A year with no figure says "Not available".
    """
    lineage = {authority.pk: authority}
    lineage.update(
        (predecessor.pk, predecessor)
        for predecessor in LocalAuthority.objects.filter(
            successions__successor=authority, dfe_code=authority.dfe_code
        )
    )
    values = StatisticValue.objects.filter(
        Q(authority_id__in=lineage, measure__in=TABLE_MEASURES + COUNT_MEASURES)
        | Q(authority__isnull=True, measure__in=TABLE_MEASURES)
    ).values_list("authority_id", "year", "measure", "value", "status")
    held, england, published_as = defaultdict(dict), defaultdict(dict), {}
    for authority_id, year, measure, value, status in values:
        if authority_id is None:
            england[year][measure] = Figure(value, status)
            continue
        held[year][measure] = Figure(value, status)
        # A year is published under the authority that has its rates, or else its counts.
        if measure in TABLE_MEASURES or year not in published_as:
            published_as[year] = lineage[authority_id]

    def existed(year: int) -> bool:
        return any(a.is_valid_on(date(year, 3, 31)) for a in lineage.values())

    # A year the area existed in shows even with nothing published, as "Not available".
    years = sorted(set(held) | {year for year in england if existed(year)})
    return [
        StatisticsRow(
            year=year,
            published_as=published_as.get(year),
            area=_as_published(held.get(year, {}), TABLE_MEASURES),
            england={m: england[year].get(m, MISSING) for m in TABLE_MEASURES},
            counts=_as_published(held.get(year, {}), COUNT_MEASURES),
        )
        for year in years
    ]


def _as_published(held: dict[str, Figure], measures: Iterable[str]) -> dict[str, Figure]:
    """`measures` of one area and year as they may be published (`suppression.publishable`),
    from the figures `held` for it. A rate derived from a suppressed count is suppressed too,
    so the held counts are passed along."""
    held_values = {measure: figure.value for measure, figure in held.items()}
    published = {}
    for measure in measures:
        figure = held.get(measure, MISSING)
        published[measure] = Figure(
            *publishable(measure, figure.value, figure.status, counts=held_values)
        )
    return published


@dataclass(frozen=True)
class StatisticsChart:
    measure: str
    title: str
    svg: SafeString


def statistics_charts(
    authority: LocalAuthority, rows: list[StatisticsRow]
) -> list[StatisticsChart]:
    """One line chart per rate, the authority against England, from `statistics_table` rows."""
    charts = []
    for measure in TABLE_MEASURES:
        if not any(row.area[measure].is_available for row in rows):
            continue
        title = f"{Measure(measure).label}: {authority.name} and England"
        svg = render_line_chart(
            series=[
                (authority.name, "area", [(r.year, r.area[measure].value) for r in rows]),
                ("England", "england", [(r.year, r.england[measure].value) for r in rows]),
            ],
            title=title,
            y_label="Rate per 10,000 children",
            id_prefix=f"chart-{measure.replace('_', '-')}",
        )
        charts.append(StatisticsChart(measure=measure, title=title, svg=svg))
    return charts
