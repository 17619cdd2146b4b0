"""Bids part-way through assessment in the demonstration round, so a newcomer can try each step.

Made only by `load_demo_accounts` for development, through the same services people use, so
the audit trail and emails are real. Nothing here is presented as real: every organisation and
person is labelled "(not real)" or uses the reserved `.invalid` email domain, and the round says
it is a demonstration. Left for the newcomer: one bid's eligibility, one assessor's draft,
moderation, decisions, announcing the awards.
"""

from django.utils import timezone
from django.utils.text import slugify

from innovation_fund.accounts.models import User
from innovation_fund.applications import services as bids
from innovation_fund.applications.models import (
    Application,
    ApplicationOutcome,
    ApplicationPartner,
    ApplicationPlace,
    BudgetLine,
    CostHeading,
)
from innovation_fund.assessment.models import Assignment
from innovation_fund.assessment.services.assessments import save_scores
from innovation_fund.assessment.services.assignments import assign_automatically
from innovation_fund.assessment.services.conflicts import declare_conflict
from innovation_fund.assessment.services.eligibility import check_eligibility
from innovation_fund.core.audit import record
from innovation_fund.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationType,
)
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import Round

LABEL = "load_demo_accounts"

# (organisation name, type, officer email, bid title, summary, place names, yearly asks in £)
BIDS = [
    (
        "Demonstration Children's Charity (not real)",
        OrganisationType.CHARITY,
        "accountable.officer@demo.invalid",
        "Family group conferences at the front door",
        "Offer every family a family group conference before a child protection plan.",
        ["Leeds"],
        [180_000, 220_000],
    ),
    (
        "Demonstration Borough Council (not real)",
        OrganisationType.LOCAL_AUTHORITY,
        "officer.borough@demo.invalid",
        "Keeping adolescents safe at home",
        "A multi-agency team working with adolescents at risk of exploitation and their families.",
        ["Manchester", "Salford"],
        [400_000, 450_000],
    ),
    (
        "Demonstration Youth Partnership (not real)",
        OrganisationType.CHARITY,
        "officer.youth@demo.invalid",
        "Mentoring for care leavers",
        "Trained volunteer mentors for young people leaving care, from 16 until 21.",
        ["Bristol, City of"],
        [120_000, 130_000],
    ),
    (
        "Demonstration Fostering Trust (not real)",
        OrganisationType.CHARITY,
        "officer.fostering@demo.invalid",
        "Mockingbird constellations for new foster carers",
        "Hub homes supporting groups of six to ten foster families.",
        ["Kent"],
        [300_000, 300_000],
    ),
]

# Each bid's assessors' scores by criterion in order, and whether they have submitted them.
SCORES = {
    0: [([3, 3, 2, 3], True), ([4, 1, 2, 3], True)],  # they disagree on outcomes
    1: [([2, 3, 3, 2], True), ([2, 2, None, None], False)],  # the second is still a draft
}
CONFLICTED_ASSESSOR = "assessor.two@demo.invalid"
CONFLICT_WITH = 2  # the youth partnership: its trustee, so never assigned its bid
UNCHECKED = 3  # the fostering trust's bid waits for its eligibility check


def seed_demo_assessment(round: Round, users: dict, manager) -> list[str]:
    if round.applications.filter(submitted_at__isnull=False).exists():
        return []
    submitted = [submitted_demo_bid(round, users, *entry) for entry in BIDS]
    declare_conflict(
        users[CONFLICTED_ASSESSOR],
        submitted[CONFLICT_WITH].lead_organisation,
        "I am a trustee of this organisation.",
    )
    for index, application in enumerate(submitted):
        if index != UNCHECKED:
            check_eligibility(
                manager,
                application,
                is_eligible=True,
                reasons="A charity or council in England, within the round's bid limits.",
            )
    assign_automatically(manager, round)
    criteria = list(round.criteria.all())
    for index, assessments in SCORES.items():
        assignments = Assignment.objects.active().filter(application=submitted[index])
        for assignment, (scores, submit) in zip(assignments, assessments, strict=True):
            entries = {
                criterion.pk: (score, _comment(score) if score is not None else "")
                for criterion, score in zip(criteria, scores, strict=True)
            }
            save_scores(assignment.assessor, assignment, entries, submit=submit, expected_version=0)
    return [f"{len(submitted)} demonstration bids submitted, assigned and partly scored"]


def submitted_demo_bid(round, users, name, kind, officer_email, title, summary, places, asks):
    """A demonstration organisation's bid in the round, made and submitted as its accountable
    officer would (the round must be open)."""
    organisation = _organisation(name, kind)
    officer = users.get(officer_email) or _officer(officer_email, organisation)
    Membership.objects.get_or_create(
        organisation=organisation,
        user=officer,
        defaults={"role": MemberRole.ACCOUNTABLE_OFFICER},
    )
    application = bids.start_application(officer, round, organisation)
    application.title = title
    application.summary = summary
    application.focus_area = round.focus_areas.first()
    application.innovation_kind = Application.InnovationKind.NEW
    application.new_practice_name = title
    application.innovation_description = summary
    application.evaluation_plan = "An independent evaluation comparing outcomes with past years."
    application.evaluator_name = "Demonstration Evaluation Partners (not real)"
    application.declares_information_accurate = True
    application.declares_no_duplicate_funding = True
    application.declares_will_share_data = True
    application.declarations_made_by = officer
    application.declarations_made_at = timezone.now()
    application.task_versions = dict.fromkeys(_SECTIONS, 1)
    application.save()
    ApplicationPartner.objects.create(
        application=application,
        name="Demonstration Health Trust (not real)",
        organisation_type=OrganisationType.PUBLIC_BODY,
        role="Provides a family therapist to the team",
    )
    for authority in LocalAuthority.objects.filter(name__in=places, valid_to__isnull=True):
        ApplicationPlace.objects.create(application=application, authority=authority)
    for outcome in round.programme.outcomes.all()[:2]:
        ApplicationOutcome.objects.create(
            application=application,
            outcome=outcome,
            measure=f"Change in {outcome.name.lower()}",
            baseline="The rate in the year before the project",
            target="A fifth lower by the end of the project",
        )
    first_year = round.funding_starts_on.year
    for offset, pounds in enumerate(asks):
        BudgetLine.objects.create(
            application=application,
            financial_year=first_year + offset,
            cost_heading=CostHeading.STAFF,
            amount_pence=pounds * 100,
        )
    return bids.submit_application(officer, application)


_SECTIONS = [
    "about",
    "partners",
    "places",
    "innovation",
    "outcomes",
    "budget",
    "evaluation",
    "documents",
    "declarations",
]


def _organisation(name: str, kind: str) -> Organisation:
    """The demonstration organisation of that name (the charity already exists), or a new one."""
    existing = Organisation.objects.filter(name=name).first()
    if existing:
        return existing
    slug = slugify(name)
    organisation, created = Organisation.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "organisation_type": kind,
            "org_id": f"360G-cscip-org-{slug}",
            "town": "Nowhere",
        },
    )
    if created:
        record(actor=None, actor_label=LABEL, action="organisation.created", target=organisation)
    return organisation


def _officer(email: str, organisation: Organisation):
    user = User.objects.filter(email=email).first()
    if user is None:
        name = f"Demo accountable officer at {organisation.name}"
        user = User.objects.create_user(email, name, is_demo=True)
        record(actor=None, actor_label=LABEL, action="user.created", target=user)
    return user


def _comment(score: int) -> str:
    return {
        0: "The bid does not address this.",
        1: "Serious weaknesses: the evidence offered does not support the claims.",
        2: "Meets the criterion, though the plan leaves some questions open.",
        3: "A clear, well-evidenced plan with minor gaps.",
        4: "Fully meets the criterion with strong evidence from elsewhere.",
    }[score]
