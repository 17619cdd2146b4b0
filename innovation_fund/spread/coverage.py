"""Coverage of "every local authority involved": the one count the home page, the map and the
coverage page show, as of a day.

An authority valid on the day is involved when it, a predecessor or a successor (the rule the
maps shade by, `places.selectors.counterparts_on`) did any of these by then, in a published
project (`programmes.publication.published_project`) or a published adoption:

- led a project, partnered one, or hosted its work (a project's area), from the year the project
  was awarded, else the year its round was announced. A project with neither is not counted: no
  one knows when it began;
- adopted an innovation: from the day it was taken up, or the year where the sources give only
  the year. An adoption with neither is not counted. The origin of an innovation is where it
  began, not an adoption, so it does not count as one.

Five queries, whatever the data holds.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models.functions import Coalesce

from innovation_fund.grants.models import ProjectArea
from innovation_fund.innovations.models import Adoption
from innovation_fund.places.models import LocalAuthority
from innovation_fund.places.selectors import counterparts_on
from innovation_fund.programmes.publication import published_project

LED, PARTNERED, HOSTED, ADOPTED = "led", "partnered", "hosted", "adopted"
KINDS = {
    LED: "Led a project",
    PARTNERED: "Partnered a project",
    HOSTED: "Hosted a project's work",
    ADOPTED: "Adopted an innovation",
}
_KIND_OF_INVOLVEMENT = {
    ProjectArea.Involvement.LEAD: LED,
    ProjectArea.Involvement.PARTNER: PARTNERED,
    ProjectArea.Involvement.AREA: HOSTED,
}


def adopted_by(adoption: Adoption, day: date) -> bool:
    """Had this adoption happened by `day`? By its date, else its year; never if neither."""
    if adoption.adopted_on is not None:
        return adoption.adopted_on <= day
    return adoption.year is not None and adoption.year <= day.year


def adoption_year(adoption: Adoption) -> int | None:
    return adoption.adopted_on.year if adoption.adopted_on else adoption.year


@dataclass(frozen=True)
class KindLine:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class YearLine:
    """Authorities involved for the first time in a year (in all, and by kind), and by its end."""

    year: int
    new_by_kind: dict[str, int]
    newly_involved: int
    involved_by_end: int

    def new(self, kind: str) -> int:
        return self.new_by_kind.get(kind, 0)

    @property
    def kind_counts(self) -> list[int]:
        """The authorities new to each kind this year, in the order of `KINDS`."""
        return [self.new(kind) for kind in KINDS]


@dataclass(frozen=True)
class Coverage:
    on: date
    authorities: tuple[LocalAuthority, ...]  # every authority valid on the day, by name
    kinds_by_authority: dict[int, frozenset[str]] = field(default_factory=dict)
    first_year: dict[int, dict[str, int]] = field(default_factory=dict)  # id -> kind -> year
    undated_adoptions: int = 0

    @property
    def total(self) -> int:
        return len(self.authorities)

    @property
    def involved(self) -> int:
        return len(self.kinds_by_authority)

    @property
    def by_kind(self) -> list[KindLine]:
        """Each kind with the authorities that had it (an authority may have several)."""
        counts = defaultdict(int)
        for kinds in self.kinds_by_authority.values():
            for kind in kinds:
                counts[kind] += 1
        return [KindLine(kind, label, counts[kind]) for kind, label in KINDS.items()]

    @property
    def years(self) -> list[YearLine]:
        """Every year from the first involvement to the day's year."""
        firsts = {pk: min(years.values()) for pk, years in self.first_year.items()}
        if not firsts:
            return []
        lines, running = [], 0
        for year in range(min(firsts.values()), self.on.year + 1):
            new_by_kind = defaultdict(int)
            for years in self.first_year.values():
                for kind, first in years.items():
                    if first == year:
                        new_by_kind[kind] += 1
            newly = sum(1 for first in firsts.values() if first == year)
            running += newly
            lines.append(YearLine(year, dict(new_by_kind), newly, running))
        return lines

    @property
    def not_involved(self) -> list[LocalAuthority]:
        return [a for a in self.authorities if a.pk not in self.kinds_by_authority]

    def kinds_of(self, authority_id: int) -> frozenset[str]:
        return self.kinds_by_authority.get(authority_id, frozenset())


def coverage_on(day: date, *, round_slug: str | None = None) -> Coverage:
    """Every authority valid on `day` and how each was involved by then; with `round_slug`,
    only through that round's projects (its projects' areas, adoptions through its grants)."""
    areas = ProjectArea.objects.filter(published_project("project__"))
    adoptions = Adoption.objects.published().filter(is_origin=False)
    if round_slug is not None:
        areas = areas.filter(project__round__slug=round_slug)
        adoptions = adoptions.filter(project__round__slug=round_slug)
    records = [
        (authority_id, _KIND_OF_INVOLVEMENT[involvement], year)
        for authority_id, involvement, year in areas.annotate(
            known_year=Coalesce("project__award_year", "project__round__announced_year")
        )
        .filter(known_year__lte=day.year)
        .values_list("authority_id", "involvement", "known_year")
        # Without the default ordering, whose columns DISTINCT would otherwise count too (a row
        # for every project, 20,000 at 10,000 projects, rather than one for each authority's
        # involvement and year).
        .order_by()
        .distinct()
    ]
    undated = 0
    for authority_id, adopted_on, year in adoptions.values_list(
        "authority_id", "adopted_on", "year"
    ):
        adoption = Adoption(adopted_on=adopted_on, year=year)
        if adoption_year(adoption) is None:
            undated += 1
        elif adopted_by(adoption, day):
            records.append((authority_id, ADOPTED, adoption_year(adoption)))
    counterparts = counterparts_on(day, {authority_id for authority_id, _, _ in records})
    first_year: dict[int, dict[str, int]] = defaultdict(dict)
    for authority_id, kind, year in records:
        for target in counterparts.get(authority_id, ()):
            held = first_year[target].get(kind)
            first_year[target][kind] = year if held is None else min(held, year)
    authorities = tuple(
        LocalAuthority.objects.valid_on(day).select_related("region").order_by("name", "gss_code")
    )
    return Coverage(
        on=day,
        authorities=authorities,
        kinds_by_authority={pk: frozenset(kinds) for pk, kinds in first_year.items()},
        first_year=dict(first_year),
        undated_adoptions=undated,
    )
