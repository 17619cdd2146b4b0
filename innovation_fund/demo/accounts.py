"""Demonstration accounts and a demonstration round, so a newcomer can try every journey.

Made only for development (`make run`), never presented as real: the round belongs to a
programme named as a demonstration, its pages say it is not real, and the accounts use the
reserved `.invalid` domain so no email can reach anyone.
"""

from contextlib import suppress
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from innovation_fund.accounts.models import User
from innovation_fund.core.audit import record
from innovation_fund.core.dates import LONDON
from innovation_fund.core.permissions import Refused
from innovation_fund.demo.assessment import seed_demo_assessment
from innovation_fund.demo.awarded import seed_awarded_round
from innovation_fund.demo.evaluation import seed_demo_evaluation
from innovation_fund.demo.outcomes import seed_demonstration_outcomes
from innovation_fund.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationType,
)
from innovation_fund.programmes.models import (
    Criterion,
    FocusArea,
    Programme,
    ProgrammeRole,
    Round,
)
from innovation_fund.programmes.services import team

LABEL = "load_demo_accounts"
REAL_PROGRAMME_SLUG = "childrens-social-care-innovation-programme"
DEMO_PROGRAMME_SLUG = "demonstration-programme"
DEMO_ORGANISATION_SLUG = "demonstration-childrens-charity"

PEOPLE = [
    ("programme.manager@demo.invalid", "Demo programme manager"),
    ("second.manager@demo.invalid", "Demo second programme manager (approves announcements)"),
    ("accountable.officer@demo.invalid", "Demo accountable officer"),
    ("editor@demo.invalid", "Demo bid editor"),
    ("new.applicant@demo.invalid", "Demo applicant with no organisation yet"),
    ("assessor.one@demo.invalid", "Demo assessor Alex"),
    ("assessor.two@demo.invalid", "Demo assessor Sam (has declared a conflict)"),
    ("assessor.three@demo.invalid", "Demo assessor Jo"),
    ("moderator@demo.invalid", "Demo moderator"),
    ("finance.officer@demo.invalid", "Demo finance officer"),
    ("evaluator@demo.invalid", "Demo evaluator"),
]
# The demonstration programme's team, besides its manager: the manager invites each person and
# they accept, through the same services (and audit trail) as on the team page.
DEMO_PROGRAMME_ROLES = [
    ("second.manager@demo.invalid", [ProgrammeRole.Role.PROGRAMME_MANAGER]),
    ("assessor.one@demo.invalid", [ProgrammeRole.Role.ASSESSOR]),
    ("assessor.two@demo.invalid", [ProgrammeRole.Role.ASSESSOR]),
    ("assessor.three@demo.invalid", [ProgrammeRole.Role.ASSESSOR]),
    ("moderator@demo.invalid", [ProgrammeRole.Role.MODERATOR]),
    ("finance.officer@demo.invalid", [ProgrammeRole.Role.FINANCE_OFFICER]),
    ("evaluator@demo.invalid", [ProgrammeRole.Role.EVALUATOR]),
]

FOCUS_AREAS = [
    ("Rethinking children's social work", "rethinking-childrens-social-work"),
    ("Rethinking support for adolescents in or on the edge of care", "rethinking-adolescents"),
]
CRITERIA = [
    ("Strength of the innovation and its evidence", 30),
    ("Outcomes for children and families", 30),
    ("Value for money", 20),
    ("Capacity to deliver and to be evaluated", 20),
]


@transaction.atomic
def load_demo_accounts() -> list[str]:
    users = {email: _user(email, name) for email, name in PEOPLE}
    manager = team.allow_to_create_programmes(
        "programme.manager@demo.invalid", "Demo programme manager", actor_label=LABEL
    )
    demo_programme = _demo_programme()
    for programme in Programme.objects.filter(slug__in=[REAL_PROGRAMME_SLUG, DEMO_PROGRAMME_SLUG]):
        # If someone already runs it (set up with create_programme_manager), leave it be.
        with suppress(Refused):
            team.appoint_first_manager(programme, manager, actor_label=LABEL)
    for email, roles in DEMO_PROGRAMME_ROLES:
        _join_team(demo_programme, manager, users[email], roles)
    round = _open_demo_round(demo_programme)
    # Its own made-up framework (labelled not real), in place by the time the round opened.
    seed_demonstration_outcomes(demo_programme, added_at=round.opens_at, actor_label=LABEL)
    charity = _demo_charity()
    for email, role in [
        ("accountable.officer@demo.invalid", MemberRole.ACCOUNTABLE_OFFICER),
        ("editor@demo.invalid", MemberRole.EDITOR),
    ]:
        Membership.objects.get_or_create(
            organisation=charity, user=users[email], defaults={"role": role}
        )
    assessment = seed_demo_assessment(round, users, manager)
    awarded = seed_awarded_round(
        demo_programme, users, manager, users["second.manager@demo.invalid"]
    )
    evaluation = seed_demo_evaluation(demo_programme, users["evaluator@demo.invalid"], manager)
    return [
        f"{len(users)} demonstration accounts",
        f"{round.name}: open until {round.closes_at.astimezone(LONDON):%H:%M on %d %B %Y}",
        *assessment,
        *awarded,
        *evaluation,
    ]


def _user(email: str, full_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, full_name, is_demo=True)
        record(actor=None, actor_label=LABEL, action="user.created", target=user)
    return user


def _join_team(programme: Programme, manager: User, person: User, roles: list[str]) -> None:
    """The manager invites the person to the roles they lack, and the person accepts."""
    held = set(programme.roles.filter(user=person).values_list("role", flat=True))
    missing = [role for role in roles if role not in held]
    if missing:
        sent = team.invite(manager, programme, person.email, missing)
        team.accept_invitation(sent.token, signs_in=False)


def _demo_programme() -> Programme:
    programme, created = Programme.objects.get_or_create(
        slug=DEMO_PROGRAMME_SLUG,
        defaults={
            "name": "Demonstration programme (not real)",
            "funder_name": "Demonstration funder",
            "summary": "A programme for trying the service. Nothing in it is real.",
            "budget_pence": 20_000_000_00,
        },
    )
    if created:
        record(actor=None, actor_label=LABEL, action="programme.created", target=programme)
    return programme


def _open_demo_round(programme: Programme) -> Round:
    now = timezone.now()
    round, created = Round.objects.get_or_create(
        programme=programme,
        number=1,
        defaults={
            "name": "Demonstration round (not real)",
            "slug": "demonstration-round",
            "round_type": Round.RoundType.OPEN_COMPETITION,
            "summary": "A round for trying the bid journey. Bids made here are not real.",
            "budget_pence": 5_000_000_00,
            "minimum_bid_pence": 50_000_00,
            "maximum_bid_pence": 2_000_000_00,
            "eligible_organisation_types": [choice.value for choice in OrganisationType],
            "guidance_markdown": (
                "## About this round\n\nThis is a **demonstration**: use it to try the service."
            ),
            "is_demonstration": True,
            "state": Round.State.PUBLISHED,
        },
    )
    if created or round.closes_at is None or round.closes_at <= now:
        # Keep the demonstration open: it runs from yesterday for four weeks whenever loaded.
        round.opens_at = now - timedelta(days=1)
        round.closes_at = (
            (now + timedelta(days=28))
            .astimezone(LONDON)
            .replace(hour=12, minute=0, second=0, microsecond=0)
        )
        today = now.astimezone(LONDON).date()
        round.funding_starts_on = today.replace(month=4, day=1, year=today.year + 1)
        round.funding_ends_on = today.replace(month=3, day=31, year=today.year + 3)
        round.save()
        record(actor=None, actor_label=LABEL, action="round.opened_for_demonstration", target=round)
    for position, (name, slug) in enumerate(FOCUS_AREAS):
        FocusArea.objects.get_or_create(
            round=round, slug=slug, defaults={"name": name, "position": position}
        )
    if not round.criteria.exists():
        for position, (name, weight) in enumerate(CRITERIA):
            Criterion.objects.create(round=round, name=name, weight=weight, position=position)
    return round


def _demo_charity() -> Organisation:
    charity, created = Organisation.objects.get_or_create(
        slug=DEMO_ORGANISATION_SLUG,
        defaults={
            "name": "Demonstration Children's Charity (not real)",
            "organisation_type": OrganisationType.CHARITY,
            "org_id": "360G-cscip-org-demonstration-childrens-charity",
            "town": "Nowhere",
        },
    )
    if created:
        record(actor=None, actor_label=LABEL, action="organisation.created", target=charity)
    return charity
