"""What the innovation management pages show: the innovations, one innovation's adoptions, and
its evidence summary counted from its published findings."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from innovation_fund.evidence.models import Finding
from innovation_fund.innovations.models import Adoption, Innovation

from .coverage import adoption_year


def innovations_to_manage():
    return (
        Innovation.objects.select_related("originator", "origin_authority")
        .annotate(adoption_count=Count("adoptions", distinct=True))
        .order_by("name")
    )


def innovation_to_manage(pk: int) -> Innovation:
    """The innovation with its adoptions in date order (Innovation.DoesNotExist if none)."""
    return (
        Innovation.objects.select_related(
            "originator", "origin_authority", "origin_project", "origin_project__round"
        )
        .prefetch_related(
            Prefetch(
                "adoptions",
                queryset=Adoption.objects.select_related(
                    "authority", "project", "project__round", "recorded_by"
                ).order_by("year", "adopted_on", "authority__name"),
            ),
            "adoptions__sources",
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class DirectionCount:
    direction: str
    label: str
    count: int


@dataclass(frozen=True)
class EvidenceSummary:
    """Published findings about an innovation, counted by direction in a fixed order (positive,
    no measurable effect, negative, mixed, then not known): null and negative findings are
    counted as plainly as positive ones and nothing is ranked."""

    findings: int
    reports: int
    directions: tuple[DirectionCount, ...]


def evidence_summary(innovation: Innovation) -> EvidenceSummary:
    """From the published findings (`Finding.objects.published()`) about the innovation or its
    projects: how many, how many reports they came from, and how many in each direction."""
    findings = Finding.objects.published().filter(
        Q(innovation=innovation) | Q(project__innovation=innovation)
    )
    rows = findings.values("direction").annotate(count=Count("pk", distinct=True)).order_by()
    by_direction = {row["direction"]: row["count"] for row in rows}
    reports = findings.filter(report__isnull=False).values("report_id").distinct().count()
    Direction = Finding.Direction
    order = [Direction.POSITIVE, Direction.NO_EFFECT, Direction.NEGATIVE, Direction.MIXED]
    if by_direction.get(Direction.NOT_KNOWN):
        order.append(Direction.NOT_KNOWN)
    return EvidenceSummary(
        findings=sum(by_direction.values()),
        reports=reports,
        directions=tuple(
            DirectionCount(value, value.label, by_direction.get(value, 0)) for value in order
        ),
    )


@dataclass(frozen=True)
class AdoptersYear:
    year: int
    new: list  # the authorities that took it up that year
    by_end: int


def adopters_over_time(adoptions) -> list[AdoptersYear]:
    """From adoption records: each year from the first, who took it up then and how many areas
    had by the year's end (an area counted once, from its first adoption). Undated ones left
    out; the origin counts, as the first area to use it."""
    first = {}
    for adoption in adoptions:
        year = adoption_year(adoption)
        if year is None:
            continue
        held = first.get(adoption.authority_id)
        if held is None or year < held[0]:
            first[adoption.authority_id] = (year, adoption.authority)
    if not first:
        return []
    years = [year for year, _ in first.values()]
    lines, running = [], 0
    for year in range(min(years), max(years) + 1):
        new = sorted(
            (authority for first_year, authority in first.values() if first_year == year),
            key=lambda authority: authority.name,
        )
        running += len(new)
        lines.append(AdoptersYear(year, new, running))
    return lines
