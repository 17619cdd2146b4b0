"""Bids in a given state, built directly in the database, for tests of what comes after."""

from innovation_fund.applications.models import (
    Application,
    ApplicationOutcome,
    ApplicationPartner,
    ApplicationPlace,
    BudgetLine,
    CostHeading,
)
from innovation_fund.organisations.models import MemberRole
from tests.factories import (
    ApplicationFactory,
    FocusAreaFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    OutcomeFactory,
    UserFactory,
)


def complete_bid(round=None, *, amount_pence: int = 100_000_00, **kwargs) -> Application:
    """A draft bid with every section answered, ready for sign-off."""
    application = ApplicationFactory(**({"round": round} if round else {}), **kwargs)
    round = application.round
    focus_area = round.focus_areas.first() or FocusAreaFactory(round=round)
    application.summary = "What the project will do."
    application.focus_area = focus_area
    application.innovation_kind = Application.InnovationKind.NEW
    application.new_practice_name = "A new practice model"
    application.innovation_description = "How it works."
    application.evaluation_plan = "An independent evaluation."
    user = UserFactory()
    application.declares_information_accurate = True
    application.declares_no_duplicate_funding = True
    application.declares_will_share_data = True
    application.declarations_made_by = user
    application.task_versions = {
        "about": 1,
        "partners": 1,
        "places": 1,
        "innovation": 1,
        "outcomes": 1,
        "budget": 1,
        "evaluation": 1,
        "documents": 1,
        "declarations": 1,
    }
    application.save()
    ApplicationPartner.objects.create(
        application=application, organisation=OrganisationFactory(), role="Delivers training"
    )
    ApplicationPlace.objects.create(application=application, authority=LocalAuthorityFactory())
    ApplicationOutcome.objects.create(
        application=application,
        outcome=OutcomeFactory(programme=round.programme),
        measure="Re-referrals",
        baseline="20%",
        target="15%",
    )
    first_year = (round.funding_starts_on or round.closes_at.date()).year
    BudgetLine.objects.create(
        application=application,
        financial_year=first_year,
        cost_heading=CostHeading.STAFF,
        amount_pence=amount_pence,
    )
    return application


def officer_of(application: Application):
    return MembershipFactory(
        organisation=application.lead_organisation, role=MemberRole.ACCOUNTABLE_OFFICER
    ).user


def editor_of(application: Application):
    return MembershipFactory(
        organisation=application.lead_organisation, role=MemberRole.EDITOR
    ).user
