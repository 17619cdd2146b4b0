"""National scale for bids: 100,000 synthetic bids in one closed round, built once into the
bench's database, and the pages that read them, timed signed in as the people who read them (a
programme manager, and an accountable officer of the organisation with the most bids).

Every row is made up and says so ("not real"), in a demonstration round of a programme of the
bench's own, so the real programme's pages are not changed. What is realistic is the shape:
bids from 10,000 organisations (10 each on average, the busiest about 18), each with two places
and a budget over two years, words in their titles from the real projects' summaries, nine in
ten submitted.
"""

import random
from datetime import timedelta
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from innovation_fund.applications.models import (
    Application,
    ApplicationPlace,
    BudgetLine,
    CostHeading,
)
from innovation_fund.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationType,
)
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import FocusArea, Programme, ProgrammeRole, Round

from .national import vocabulary
from .projects import synthetic_organisations

PROGRAMME_SLUG = "bench-bids-programme"
ORGANISATIONS = 10_000
BATCH = 5_000
MANAGER_EMAIL = "manager@bids.bench.invalid"


def build_bids(total: int, *, seed: int = 14) -> Round:
    """Add synthetic bids until `total` are held in the bench's bid round; the round."""
    bid_round = _bid_round()
    held = Application.objects.filter(round=bid_round).count()
    if held >= total:
        return bid_round
    chance = random.Random(seed + held)  # noqa: S311 (made-up data, not security)
    organisations = synthetic_organisations("bench-bidder-", "Synthetic bidder", ORGANISATIONS)
    # Ten bids an organisation on average; the busiest about three times as many as the least.
    half = len(organisations) // 2
    weights = list(accumulate(1 / (rank + half) for rank in range(len(organisations))))
    authorities = list(LocalAuthority.objects.values_list("pk", flat=True))
    focus_area = bid_round.focus_areas.get()
    words, word_weights = vocabulary()
    creator = _manager()
    submitted_at = bid_round.closes_at - timedelta(days=1)
    for start in range(held, total, BATCH):
        size = min(BATCH, total - start)
        bids = []
        for number in range(start, start + size):
            submitted = chance.random() < 0.9
            bids.append(
                Application(
                    round=bid_round,
                    lead_organisation_id=chance.choices(organisations, cum_weights=weights)[0],
                    reference=f"N{number:06d}-BENCH",
                    created_by=creator,
                    title=" ".join(chance.choices(words, cum_weights=word_weights, k=6))
                    .capitalize()
                    .strip()
                    + " (not real)",
                    summary=" ".join(chance.choices(words, cum_weights=word_weights, k=30)),
                    focus_area=focus_area,
                    state=Application.State.SUBMITTED if submitted else Application.State.DRAFT,
                    submitted_at=submitted_at if submitted else None,
                )
            )
        with transaction.atomic():
            made = Application.objects.bulk_create(bids)
            ApplicationPlace.objects.bulk_create(
                ApplicationPlace(application=bid, authority_id=authority)
                for bid in made
                for authority in set(chance.sample(authorities, 2))
            )
            BudgetLine.objects.bulk_create(
                BudgetLine(
                    application=bid,
                    financial_year=year,
                    cost_heading=CostHeading.STAFF,
                    amount_pence=chance.randrange(1_000_000, 50_000_000),
                )
                for bid in made
                for year in (2027, 2028)
            )
    return bid_round


def _bid_round() -> Round:
    programme, _ = Programme.objects.get_or_create(
        slug=PROGRAMME_SLUG,
        defaults={
            "name": "Synthetic programme for make bench's national bids (not real)",
            "funder_name": "Nobody (not real)",
            "summary": "Made up by make bench to time pages of many bids (not real).",
        },
    )
    existing = Round.objects.filter(programme=programme).first()
    if existing:
        return existing
    now = timezone.now()
    bid_round = Round.objects.create(
        programme=programme,
        number=1,
        name="National bids round (not real)",
        slug="bench-national-bids",
        round_type=Round.RoundType.OPEN_COMPETITION,
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=30),
        eligible_organisation_types=[choice.value for choice in OrganisationType],
        state=Round.State.PUBLISHED,
        is_demonstration=True,
    )
    FocusArea.objects.create(round=bid_round, name="Synthetic focus area (not real)", slug="a")
    ProgrammeRole.objects.get_or_create(
        programme=programme, user=_manager(), role=ProgrammeRole.Role.PROGRAMME_MANAGER
    )
    return bid_round


def _manager():
    manager, _ = get_user_model().objects.get_or_create(
        email=MANAGER_EMAIL, defaults={"full_name": "Synthetic programme manager (not real)"}
    )
    return manager


def bid_pages(
    bid_round: Round,
) -> tuple[list[tuple[str, str]], Client, list[tuple[str, str]], Client]:
    """(pages, signed-in client) for the programme manager, then for the busiest applicant."""
    manager = Client()
    manager.force_login(_manager())
    listed = f"/manage/rounds/{bid_round.pk}/bids/"
    manager_pages = [
        ("Bids in a round (programme manager)", listed),
        ("Bids in a round: words and a state", f"{listed}?q=family&state=submitted"),
        ("Bids in a round, page 200", f"{listed}?page=200"),
    ]
    busiest = (
        Organisation.objects.filter(applications__round=bid_round)
        .annotate(bids=Count("applications"))
        .order_by("-bids", "pk")
        .first()
    )
    officer, _ = get_user_model().objects.get_or_create(
        email="officer@bids.bench.invalid",
        defaults={"full_name": "Synthetic accountable officer (not real)"},
    )
    Membership.objects.get_or_create(
        organisation=busiest, user=officer, defaults={"role": MemberRole.ACCOUNTABLE_OFFICER}
    )
    applicant = Client()
    applicant.force_login(officer)
    bid = Application.objects.filter(lead_organisation=busiest).order_by("pk").first()
    applicant_pages = [
        (f"Your bids ({busiest.applications.count()} of your organisation's)", "/bids/"),
        ("A submitted bid's answers", f"/bids/{bid.reference}/check-your-answers/"),
    ]
    return manager_pages, manager, applicant_pages, applicant
