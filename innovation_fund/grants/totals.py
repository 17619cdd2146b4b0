"""Counting the programme's totals from the project records, for `programmes.totals`.

Registered in `GrantsConfig.ready`; pages ask `programmes.totals.programme_totals`, never this
module, so that the budget page (assessment, below grants) reads the very same figures. Six
queries whatever the data holds: the rounds, the projects grouped by round and year, the
authorities involved by round, and three for the authorities as of the day (the first two alone
without coverage; the last four alone for `count_coverage`).
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from innovation_fund.places.selectors import count_authorities_on, counterparts_on
from innovation_fund.programmes.models import Round
from innovation_fund.programmes.publication import public_round, published_project
from innovation_fund.programmes.totals import (
    Coverage,
    Figures,
    ProgrammeTotals,
    RoundLine,
    YearLine,
)

from .models import Project, ProjectArea


def _known_year(prefix: str = ""):
    """The year a project was awarded, else the year its round was announced (None if neither)."""
    return Coalesce(f"{prefix}award_year", f"{prefix}round__announced_year")


def _in_scope(programme, prefix: str = "") -> Q:
    """The projects a programme's totals look at: its rounds' and those with no round (shown
    apart); every published project when `programme` is None."""
    if programme is None:
        return Q()
    return Q(**{f"{prefix}round__programme": programme}) | Q(**{f"{prefix}round__isnull": True})


def count_totals(programme, on: date, *, coverage: bool = True) -> ProgrammeTotals:
    rounds = Round.objects.filter(public_round()).order_by("number", "pk")
    if programme is not None:
        rounds = rounds.filter(programme=programme)
    rounds = list(rounds)

    rows = (
        Project.objects.filter(published_project(), _in_scope(programme))
        .annotate(known_year=_known_year())
        .values("round_id", "known_year")
        .annotate(
            projects=Count("pk"),
            known_amount_pence=Sum("amount_pence"),
            projects_without_amount=Count("pk", filter=Q(amount_pence__isnull=True)),
        )
        .order_by()
    )
    by_round, by_year = defaultdict(Figures), defaultdict(Figures)
    undated_by_round = defaultdict(int)
    for row in rows:
        figures = Figures(
            projects=row["projects"],
            known_amount_pence=row["known_amount_pence"] or 0,
            projects_without_amount=row["projects_without_amount"],
        )
        by_round[row["round_id"]] += figures
        if row["known_year"] is None:
            undated_by_round[row["round_id"]] += row["projects"]
        # In one programme's totals, projects with no round are shown apart, not counted.
        if row["round_id"] is not None or programme is None:
            by_year[row["known_year"]] += figures

    involved_by_round = _authorities_involved_by_round(programme, on) if coverage else {}
    counted_round_ids = [funding_round.pk for funding_round in rounds]
    if programme is None:
        counted_round_ids.append(None)

    def line(funding_round, round_id) -> RoundLine:
        return RoundLine(
            round=funding_round,
            figures=by_round[round_id],
            authorities_involved=len(involved_by_round.get(round_id, ())),
            projects_without_year=undated_by_round[round_id],
        )

    known_years = sorted(year for year in by_year if year is not None)
    years = [YearLine(year, by_year[year]) for year in known_years]
    if None in by_year:
        years.append(YearLine(None, by_year[None]))
    involved = set().union(*(involved_by_round.get(pk, ()) for pk in counted_round_ids))
    return ProgrammeTotals(
        programme=programme,
        on=on,
        figures=sum((by_round[pk] for pk in counted_round_ids), Figures()),
        authorities_involved=len(involved),
        authorities_total=count_authorities_on(on) if coverage else 0,
        rounds=tuple(line(funding_round, funding_round.pk) for funding_round in rounds),
        round_not_known=line(None, None),
        years=tuple(years),
        round_not_known_is_counted=programme is None,
    )


def count_coverage(programme, on: date) -> Coverage:
    """The authorities covered as of `on`, without the rest of the totals (four queries)."""
    involved_by_round = _authorities_involved_by_round(programme, on)
    counted = (
        involved_by_round
        if programme is None
        else {round_id: ids for round_id, ids in involved_by_round.items() if round_id is not None}
    )
    return Coverage(
        on=on, involved=len(set().union(*counted.values())), total=count_authorities_on(on)
    )


def _authorities_involved_by_round(programme, on: date) -> dict[int | None, set[int]]:
    """For each round (None: round not known), the ids of the authorities valid on `on` that
    covered the area of an authority involved in one of its projects by then."""
    areas = (
        ProjectArea.objects.filter(
            published_project("project__"), _in_scope(programme, "project__")
        )
        .annotate(known_year=_known_year("project__"))
        .filter(known_year__lte=on.year)
        .values_list("authority_id", "project__round_id")
        .order_by()  # else DISTINCT counts the default ordering's columns too: a row a project
        .distinct()
    )
    involved_ids_by_round = defaultdict(set)
    for authority_id, round_id in areas:
        involved_ids_by_round[round_id].add(authority_id)
    every_involved_id = set().union(*involved_ids_by_round.values())
    counterparts = counterparts_on(on, every_involved_id)
    covered = defaultdict(set)
    for round_id, authority_ids in involved_ids_by_round.items():
        for authority_id in authority_ids:
            covered[round_id].update(counterparts.get(authority_id, ()))
    return covered
