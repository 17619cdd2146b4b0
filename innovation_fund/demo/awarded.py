"""A demonstration round whose grants are being paid and monitored, so a newcomer can see and
try everything after the award: offers, schedules, payments, a variation, payment by results and
monitoring returns (one of them overdue).

Made only by `load_demo_accounts` for development, through the same services people use, so the
audit trail and emails are real. Nothing here is real: the round, its organisations and people
say so, and every grant made in it is marked as a demonstration. The round's funding started on
the 1 April before today, so some instalments and returns are already due.
"""

from datetime import date, timedelta

from django.utils import timezone

from innovation_fund.assessment.models import Decision
from innovation_fund.assessment.services.announcements import (
    approve_announcement,
    prepare_announcement,
)
from innovation_fund.assessment.services.decisions import record_decision
from innovation_fund.assessment.services.eligibility import check_eligibility
from innovation_fund.core.audit import record
from innovation_fund.core.dates import LONDON
from innovation_fund.grants.models import Grant
from innovation_fund.organisations.models import OrganisationType
from innovation_fund.programmes.models import Criterion, FocusArea, Programme, Round

from .after_award import seed_after_award
from .assessment import submitted_demo_bid

LABEL = "load_demo_accounts"
SLUG = "demonstration-awarded-round"

# (organisation, type, officer email, title, summary, places, yearly asks in £): the first is the
# demonstration charity the demo accountable officer signs in for.
BIDS = [
    (
        "Demonstration Children's Charity (not real)",
        OrganisationType.CHARITY,
        "accountable.officer@demo.invalid",
        "Family Safeguarding in two more areas",
        "Multi-disciplinary teams of social workers and adult specialists working with families.",
        ["Leeds", "Wakefield"],
        [240_000, 160_000],
    ),
    (
        "Demonstration Borough Council (not real)",
        OrganisationType.LOCAL_AUTHORITY,
        "officer.borough@demo.invalid",
        "Staying close for young people leaving residential care",
        "Support to live near their last home, with the staff who know them.",
        ["Manchester"],
        [150_000, 150_000],
    ),
]


def financial_year_start(today: date) -> date:
    """The 1 April that began the financial year `today` is in."""
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def seed_awarded_round(programme: Programme, users: dict, manager, second_manager) -> list[str]:
    """The awarded round and its grants, once: a second run leaves them as they are."""
    if Grant.objects.filter(round__programme=programme, round__slug=SLUG).exists():
        return []
    funding_round = _round(programme)
    bids = [submitted_demo_bid(funding_round, users, *entry) for entry in BIDS]
    _close(funding_round)
    for bid, entry in zip(bids, BIDS, strict=True):
        check_eligibility(
            manager, bid, is_eligible=True, reasons="Eligible: a demonstration (not real)."
        )
        asks = entry[-1]
        first_year = funding_round.funding_starts_on.year
        years = {first_year + offset: pounds * 100 for offset, pounds in enumerate(asks)}
        record_decision(
            manager,
            bid,
            outcome=Decision.Outcome.APPROVE,
            reasons="A strong demonstration bid (not real).",
            award_pence=sum(years.values()),
            years=years,
            conditions="Take part in the programme's independent evaluation.",
        )
    today = timezone.now().astimezone(LONDON).date()
    batch = prepare_announcement(
        manager,
        funding_round,
        title="Demonstration awards (not real)",
        announced_on=today,
        text="Two demonstration grants, made to show what happens after the award. Not real.",
        incomplete_assessment_reason=(
            "A demonstration round (not real): decided without scoring to show the grants."
        ),
    )
    approve_announcement(second_manager, batch)
    return [
        f"{funding_round.name}: {len(bids)} demonstration grants announced",
        *seed_after_award(funding_round, users, manager),
    ]


def _round(programme: Programme) -> Round:
    today = timezone.now().astimezone(LONDON).date()
    starts = financial_year_start(today)
    now = timezone.now()
    funding_round, created = Round.objects.get_or_create(
        slug=SLUG,
        defaults={
            "programme": programme,
            "number": 2,
            "name": "Demonstration round: grants being paid (not real)",
            "round_type": Round.RoundType.OPEN_COMPETITION,
            "summary": "A round whose grants are being paid and monitored. Nothing here is real.",
            "budget_pence": 3_000_000_00,
            "minimum_bid_pence": 50_000_00,
            "maximum_bid_pence": 2_000_000_00,
            "eligible_organisation_types": [choice.value for choice in OrganisationType],
            "guidance_markdown": "This is a **demonstration** round. Nothing in it is real.",
            "is_demonstration": True,
            "state": Round.State.PUBLISHED,
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(hours=1),
            "funding_starts_on": starts,
            "funding_ends_on": date(starts.year + 2, 3, 31),
        },
    )
    if created:
        record(
            actor=None,
            actor_label=LABEL,
            action="round.opened_for_demonstration",
            target=funding_round,
        )
    FocusArea.objects.get_or_create(
        round=funding_round,
        slug="rethinking-childrens-social-work",
        defaults={"name": "Rethinking children's social work", "position": 0},
    )
    if not funding_round.criteria.exists():
        Criterion.objects.create(round=funding_round, name="Strength of the bid", weight=100)
    return funding_round


def _close(funding_round: Round) -> None:
    """Close the demonstration round now its bids are in, so its decisions can be announced."""
    funding_round.closes_at = timezone.now() - timedelta(minutes=1)
    funding_round.save(update_fields=["closes_at"])
    record(
        actor=None,
        actor_label=LABEL,
        action="round.closed_for_demonstration",
        target=funding_round,
    )
