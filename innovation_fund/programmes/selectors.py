"""Reads that the round pages need, with the joins done once, and whether a round is open.

`Round.clock_status` (through `round_status`) decides open, upcoming or closed by the clock, and
`Round.lifecycle_state` the state the round lifecycle table works on; every page's status tag
is `lifecycle.status_tag`.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from django.db.models import Count, Max, Min, Prefetch, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from innovation_fund.core.dates import format_date, format_datetime
from innovation_fund.core.financial_years import FinancialYear, financial_years_between
from innovation_fund.core.markdown import render_markdown
from innovation_fund.core.money import format_gbp
from innovation_fund.organisations.models import OrganisationType

from .commitments import committed_to
from .lifecycle import OPEN, StatusTag, status_tag
from .models import Criterion, FocusArea, Programme, Round, published_round_q
from .policies import programmes_managed_by


class RoundStatus(StrEnum):
    OPEN = "open"
    UPCOMING = "upcoming"
    CLOSED = "closed"
    NOT_SCHEDULED = "not_scheduled"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def tag_class(self) -> str:
        return STATUS_TAG_CLASSES[self]


STATUS_LABELS = {
    RoundStatus.OPEN: "Open",
    RoundStatus.UPCOMING: "Upcoming",
    RoundStatus.CLOSED: "Closed",
    RoundStatus.NOT_SCHEDULED: "Dates not set",
}
STATUS_TAG_CLASSES = {
    RoundStatus.OPEN: "govuk-tag--green",
    RoundStatus.UPCOMING: "govuk-tag--blue",
    RoundStatus.CLOSED: "govuk-tag--grey",
    RoundStatus.NOT_SCHEDULED: "govuk-tag--yellow",
}


def round_status(funding_round: Round, now: datetime | None = None) -> RoundStatus:
    """Open from its opening time up to (not including) its closing time.

    A round with no times but with years (the real programme's rounds, from the sources) is
    closed; one with neither has not been scheduled yet.
    """
    return RoundStatus(funding_round.clock_status(now))


def is_open(funding_round: Round, now: datetime | None = None) -> bool:
    """May bids be submitted now? Only while the round's lifecycle state is open: published,
    between its times, decisions not yet announced."""
    return funding_round.lifecycle_state_at(now) == OPEN


def time_left(until: datetime, now: datetime | None = None) -> str:
    """ "in 5 days", "in 1 hour", "in 20 minutes", "in less than a minute"; "" once past."""
    now = now or timezone.now()
    seconds = int((until - now).total_seconds())
    if seconds <= 0:
        return ""
    days, remainder = divmod(seconds, 24 * 60 * 60)
    if days:
        return f"in {days} day{'s' if days != 1 else ''}"
    hours, remainder = divmod(remainder, 60 * 60)
    if hours:
        return f"in {hours} hour{'s' if hours != 1 else ''}"
    minutes = remainder // 60
    if minutes:
        return f"in {minutes} minute{'s' if minutes != 1 else ''}"
    return "in less than a minute"


def when_text(funding_round: Round, status: RoundStatus, now: datetime | None = None) -> str:
    """One line saying when: closes (with time left), opens, closed, or the years it ran."""
    if status == RoundStatus.OPEN:
        return (
            f"Closes at {format_datetime(funding_round.closes_at)} "
            f"({time_left(funding_round.closes_at, now)})"
        )
    if status == RoundStatus.UPCOMING:
        return f"Opens at {format_datetime(funding_round.opens_at)}"
    if status == RoundStatus.CLOSED:
        if funding_round.closes_at:
            return f"Closed at {format_datetime(funding_round.closes_at)}"
        years = years_text(funding_round)
        return f"Ran {years}" if years else "Closed"
    return "Opening and closing times not set yet"


def years_text(funding_round: Round) -> str:
    first, last = funding_round.first_year, funding_round.last_year
    if first and last and first != last:
        return f"from {first} to {last}"
    if first or last:
        return f"in {first or last}"
    return ""


def organisation_type_labels(values: list[str]) -> list[str]:
    labels = dict(OrganisationType.choices)
    return [labels.get(value, value) for value in values]


@dataclass
class RoundRow:
    """A round with its status worked out once, for lists."""

    round: Round
    status: RoundStatus
    when: str
    tag: StatusTag


def _rows(rounds, now) -> list[RoundRow]:
    rows = []
    for item in rounds:
        status = round_status(item, now)
        rows.append(RoundRow(item, status, when_text(item, status, now), status_tag(item, now)))
    return rows


# --- Public pages ----------------------------------------------------------------------------


def published_rounds() -> QuerySet[Round]:
    """Rounds on the public funding rounds pages: published (demonstrations too, labelled)."""
    return Round.objects.filter(published_round_q()).select_related("programme")


def public_round_list(now: datetime | None = None) -> dict:
    """Published rounds grouped: open (closing soonest first), upcoming, then closed."""
    now = now or timezone.now()
    rows = _rows(published_rounds(), now)
    open_rows = sorted(
        (row for row in rows if row.status == RoundStatus.OPEN), key=lambda r: r.round.closes_at
    )
    upcoming = sorted(
        (row for row in rows if row.status == RoundStatus.UPCOMING),
        key=lambda r: r.round.opens_at,
    )
    closed = sorted(
        (row for row in rows if row.status == RoundStatus.CLOSED),
        key=lambda r: (
            r.round.closes_at.timestamp() if r.round.closes_at else 0,
            r.round.last_year or r.round.first_year or 0,
            r.round.number,
        ),
        reverse=True,
    )
    return {"open_rounds": open_rows, "upcoming_rounds": upcoming, "closed_rounds": closed}


def public_round(programme_slug: str, round_slug: str) -> Round:
    """A published round with what its page shows, or 404."""
    funding_round = (
        published_rounds()
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position", "name")),
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")),
        )
        .filter(programme__slug=programme_slug, slug=round_slug)
        .first()
    )
    if funding_round is None:
        raise Http404("No published funding round has that address")
    return funding_round


def round_page(funding_round: Round, now: datetime | None = None) -> dict:
    """What a round's page shows, public or for its managers (focus areas and criteria
    prefetched by the caller)."""
    now = now or timezone.now()
    status = round_status(funding_round, now)
    criteria = list(funding_round.criteria.all())
    return {
        "round": funding_round,
        "programme": funding_round.programme,
        "status": status,
        "tag": status_tag(funding_round, now),
        "when": when_text(funding_round, status, now),
        "years": years_text(funding_round),
        "focus_areas": list(funding_round.focus_areas.all()),
        "criteria": criteria,
        "criteria_total": sum(criterion.weight for criterion in criteria),
        "eligible_types": organisation_type_labels(funding_round.eligible_organisation_types),
        "guidance_html": render_markdown(funding_round.guidance_markdown),
        "start_bid_url": start_bid_url(funding_round) if is_open(funding_round, now) else None,
    }


def start_bid_url(funding_round: Round) -> str | None:
    """Where a bid starts, once the bid journey has its page."""
    try:
        return reverse("applications:start", args=[funding_round.pk])
    except NoReverseMatch:
        return None


# --- Programme managers' pages ---------------------------------------------------------------


def managed_programmes(user) -> list[Programme]:
    return list(
        programmes_managed_by(user).annotate(round_count=Count("rounds")).order_by("name", "pk")
    )


def managed_programme_page(programme: Programme, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    rounds = list(programme.rounds.order_by("number"))
    envelopes = sum(item.budget_pence or 0 for item in rounds)
    return {
        "programme": programme,
        "rounds": _rows(rounds, now),
        "envelopes_pence": envelopes,
        "unallocated_pence": (
            programme.budget_pence - envelopes if programme.budget_pence is not None else None
        ),
        "year_budgets": [
            (FinancialYear(budget.financial_year), budget.budget_pence)
            for budget in programme.year_budgets.all()
        ],
    }


# --- Budgets by financial year ---------------------------------------------------------------


def programme_period_years(programme: Programme) -> list[FinancialYear]:
    """The financial years the programme runs over: from its dates, else from its first and
    last years, else from when its rounds' funded work may happen. Empty if none is known."""
    if programme.starts_on and programme.ends_on and programme.starts_on <= programme.ends_on:
        return financial_years_between(programme.starts_on, programme.ends_on)
    if programme.first_year or programme.last_year:
        first = programme.first_year or programme.last_year
        last = max(programme.last_year or first, first)
        # Years from the sources are calendar years: take every financial year they touch.
        return financial_years_between(date(first, 1, 1), date(last, 12, 31))
    span = programme.rounds.aggregate(
        first_start=Min("funding_starts_on"),
        last_start=Max("funding_starts_on"),
        first_end=Min("funding_ends_on"),
        last_end=Max("funding_ends_on"),
    )
    first = span["first_start"] or span["first_end"]
    last = span["last_end"] or span["last_start"]
    if first is None or last is None or last < first:
        return []
    return financial_years_between(first, last)


@dataclass
class YearBudgetRow:
    financial_year: FinancialYear
    budget_pence: int | None
    awarded_pence: int


def year_budget_rows(programme: Programme) -> list[YearBudgetRow]:
    """Each financial year of the programme's period, with its budget and what is committed for
    it (approved, announced or not); years outside the period that have a budget or commitments
    are listed too, so they can be changed."""
    committed = committed_to(programme).by_year
    limits = dict(programme.year_budgets.values_list("financial_year", "budget_pence"))
    years = set(programme_period_years(programme))
    years |= {FinancialYear(start_year) for start_year in set(limits) | set(committed)}
    return [
        YearBudgetRow(
            financial_year=year,
            budget_pence=limits.get(year.start_year),
            awarded_pence=committed.get(year.start_year, 0),
        )
        for year in sorted(years)
    ]


def managed_round(pk: int) -> Round:
    """A round with its programme, focus areas and criteria (the caller checks who may see it)."""
    funding_round = (
        Round.objects.select_related("programme")
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position", "name")),
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")),
        )
        .filter(pk=pk)
        .first()
    )
    if funding_round is None:
        raise Http404("No round has that number")
    return funding_round


# --- Two people editing at once --------------------------------------------------------------

ROUND_LABELS = {
    "name": "Name",
    "round_type": "Type of round",
    "summary": "Summary",
    "opens_at": "Opens",
    "closes_at": "Closes",
    "budget_pence": "Budget envelope",
    "minimum_bid_pence": "Minimum bid",
    "maximum_bid_pence": "Maximum bid",
    "eligible_organisation_types": "Who may lead a bid",
    "guidance_markdown": "Guidance for applicants",
    "funding_starts_on": "Funded work may start from",
    "funding_ends_on": "Funded work must finish by",
    "assessors_per_bid": "How many assessors score each bid",
    "disagreement_threshold": (
        "Flag a bid when assessors’ scores for one criterion differ by more than"
    ),
}
PROGRAMME_LABELS = {
    "name": "Name",
    "funder_name": "Funder",
    "summary": "Summary",
    "budget_pence": "Total budget",
    "starts_on": "Start date",
    "ends_on": "End date",
}


@dataclass
class ClashRow:
    label: str
    saved: str
    typed: str


def round_clash(current: Round, typed: dict) -> list[ClashRow]:
    """Each field where what someone else saved differs from what this person typed."""
    return _clash(current, typed, ROUND_LABELS)


def programme_clash(current: Programme, typed: dict) -> list[ClashRow]:
    return _clash(current, typed, PROGRAMME_LABELS)


def _clash(current, typed: dict, labels: dict[str, str]) -> list[ClashRow]:
    rows = []
    for field, label in labels.items():
        if field not in typed:
            continue
        saved_value, typed_value = getattr(current, field), typed[field]
        if field == "eligible_organisation_types":
            saved_value, typed_value = sorted(saved_value or []), sorted(typed_value or [])
        if saved_value != typed_value:
            rows.append(ClashRow(label, _shown(field, saved_value), _shown(field, typed_value)))
    return rows


def _shown(field: str, value) -> str:
    if value is None or value == "" or value == []:
        return "Not given"
    if field.endswith("_pence"):
        return format_gbp(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if field == "round_type":
        return Round.RoundType(value).label if value in Round.RoundType.values else value
    if field == "eligible_organisation_types":
        return ", ".join(organisation_type_labels(value))
    return str(value)
