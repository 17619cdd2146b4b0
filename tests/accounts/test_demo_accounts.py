"""`load_demo_accounts` leaves the demonstration round part-way through assessment, honestly
labelled, through the same services people use, and loading it twice changes nothing."""

import pytest
from django.urls import reverse

from innovation_fund.accounts.models import User
from innovation_fund.applications.models import Application
from innovation_fund.assessment.models import Assessment, Assignment, Conflict, EligibilityCheck
from innovation_fund.core.models import AuditEvent
from innovation_fund.demo.accounts import REAL_PROGRAMME_SLUG, load_demo_accounts
from innovation_fund.evidence.models import Evaluation
from innovation_fund.evidence.policies import evaluations_of_evaluator
from innovation_fund.grants.models import (
    Grant,
    MonitoringReturn,
    OutcomeClaim,
    OutcomePaymentTerm,
    Payment,
    Variation,
)
from innovation_fund.grants.money import money_by_grant
from innovation_fund.organisations.models import Organisation
from innovation_fund.programmes.models import Round
from tests.factories import LocalAuthorityFactory, OutcomeFactory, ProgrammeFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_programme():
    programme = ProgrammeFactory(slug=REAL_PROGRAMME_SLUG)
    for position in range(3):
        OutcomeFactory(programme=programme, position=position)
    for name in ["Leeds", "Manchester", "Salford", "Bristol, City of", "Kent", "Wakefield"]:
        LocalAuthorityFactory(name=name)
    return programme


def test_the_demonstration_round_has_bids_at_every_stage_of_assessment(real_programme):
    load_demo_accounts()
    demo_round = Round.objects.get(slug="demonstration-round")
    bids = Application.objects.filter(round=demo_round)
    assert bids.count() == 4
    # Each bid's state in the bid lifecycle, as the services moved it: one waits for its
    # eligibility check, two are being scored, one has every assessment in.
    assert sorted(bids.values_list("state", flat=True)) == sorted(
        [
            Application.State.SUBMITTED,
            Application.State.ELIGIBLE,
            Application.State.ELIGIBLE,
            Application.State.ASSESSED,
        ]
    )
    assert all("(not real)" in bid.lead_organisation.name for bid in bids)
    leads = [bid.lead_organisation.name for bid in bids]
    # Every organisation but the demonstration evaluator leads one of these bids.
    evaluator = Organisation.objects.filter(slug="demonstration-evaluation-partnership")
    assert len(set(leads)) == len(leads) == Organisation.objects.count() - evaluator.count()
    # The demonstration charity's own bid is one its demo officer can open.
    charity_bid = bids.get(lead_organisation__slug="demonstration-childrens-charity")
    assert (
        charity_bid.lead_organisation.memberships.filter(
            user__email="accountable.officer@demo.invalid"
        ).count()
        == 1
    )
    # One bid still waits for its eligibility check; the others passed.
    assert EligibilityCheck.objects.filter(application__round=demo_round).count() == 3
    conflict = Conflict.objects.get()
    assert conflict.assessor.email == "assessor.two@demo.invalid"
    conflicted_bid = bids.get(lead_organisation=conflict.organisation)
    active = Assignment.objects.active().filter(application__round=demo_round)
    assert not active.filter(application=conflicted_bid, assessor=conflict.assessor).exists()
    for bid in bids.filter(eligibility_check__is_eligible=True):
        assert active.filter(application=bid).count() == demo_round.assessors_per_bid
    states = sorted(Assessment.objects.values_list("state", flat=True))
    assert states == ["draft", "submitted", "submitted", "submitted"]
    # Four here, and the two bids of the awarded demonstration round.
    assert AuditEvent.objects.filter(action="application.submitted").count() == 4 + 2


def test_loading_twice_adds_nothing(real_programme):
    load_demo_accounts()
    counts = (Application.objects.count(), Assignment.objects.count(), AuditEvent.objects.count())
    load_demo_accounts()
    assert (
        Application.objects.count(),
        Assignment.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_the_demonstration_framework_is_its_own_and_labelled_not_real(real_programme):
    load_demo_accounts()
    demo_round = Round.objects.get(slug="demonstration-round")
    outcomes = list(demo_round.programme.outcomes.all())
    assert outcomes
    assert all(outcome.is_demonstration for outcome in outcomes)
    assert all(outcome.name.endswith("(not real)") for outcome in outcomes)
    real_names = set(real_programme.outcomes.values_list("name", flat=True))
    assert not real_names & {outcome.name for outcome in outcomes}


def test_the_demonstration_team_is_made_through_invitations(real_programme):
    from innovation_fund.programmes.models import ProgrammeInvitation, ProgrammeRole

    load_demo_accounts()
    demo_round = Round.objects.get(slug="demonstration-round")
    manager = ProgrammeRole.objects.get(
        programme=demo_round.programme,
        role=ProgrammeRole.Role.PROGRAMME_MANAGER,
        user__email="programme.manager@demo.invalid",
    ).user
    assert manager.email == "programme.manager@demo.invalid"
    assert manager.has_perm("programmes.add_programme")
    assert real_programme.roles.filter(user=manager).exists()
    team = ProgrammeRole.objects.filter(programme=demo_round.programme).exclude(user=manager)
    # Every role of a programme's team is held by someone (a second manager too, who approves
    # announcements), each granted by the manager who invited them, and each invitation was
    # accepted by the person it was sent to.
    assert set(team.values_list("role", flat=True)) == set(ProgrammeRole.Role.values)
    assert all(role.granted_by == manager for role in team)
    invitations = ProgrammeInvitation.objects.filter(programme=demo_round.programme)
    assert invitations.count() == team.count()
    assert all(invitation.accepted_by.email == invitation.email for invitation in invitations)
    assert AuditEvent.objects.filter(action="programme.invitation_accepted").count() == team.count()
    assert AuditEvent.objects.filter(action="user.allowed_to_create_programmes").count() == 1
    # Nobody signed in: the set-up accepted for them, and the audit trail does not pretend.
    assert not AuditEvent.objects.filter(action="user.signed_in").exists()


def test_the_awarded_demonstration_round_shows_life_after_the_award(real_programme):
    load_demo_accounts()
    grants = list(Grant.objects.filter(round__slug="demonstration-awarded-round"))

    assert len(grants) == 2
    assert all(grant.is_demonstration for grant in grants)
    assert all("(not real)" in grant.recipient.name for grant in grants)
    assert {grant.state for grant in grants} == {Grant.State.ACCEPTED}
    money = money_by_grant([grant.pk for grant in grants])
    assert sum(m.paid_pence for m in money.values()) > 0
    assert all(m.paid_pence <= m.approved_pence <= m.scheduled_pence for m in money.values())
    assert Payment.objects.filter(state=Payment.State.APPROVED).count() == 1
    assert (
        Payment.objects.exclude(finance_reference="")
        .filter(finance_reference__endswith="(not real)")
        .count()
        == Payment.objects.filter(state=Payment.State.PAID).count()
    )
    assert Variation.objects.get().state == Variation.State.APPROVED
    assert OutcomePaymentTerm.objects.count() == 1
    claim = OutcomeClaim.objects.get()
    assert (claim.units_claimed, claim.units_verified) == (4, 3)
    assert Payment.objects.filter(outcome_claim=claim, state=Payment.State.PAID).exists()
    first = MonitoringReturn.objects.get(grant=claim.term.grant, number=1)
    assert first.state == MonitoringReturn.State.ACCEPTED
    assert MonitoringReturn.objects.filter(state=MonitoringReturn.State.NOT_STARTED).exists()


def test_loading_twice_makes_no_more_grants_payments_or_variations(real_programme):
    load_demo_accounts()
    counts = (
        Grant.objects.count(),
        Payment.objects.count(),
        Variation.objects.count(),
        Evaluation.objects.count(),
    )
    load_demo_accounts()
    assert (
        Grant.objects.count(),
        Payment.objects.count(),
        Variation.objects.count(),
        Evaluation.objects.count(),
    ) == counts


def test_the_demo_evaluator_has_a_demonstration_evaluation_to_write(client, real_programme):
    load_demo_accounts()
    evaluator = User.objects.get(email="evaluator@demo.invalid")
    evaluation = evaluations_of_evaluator(evaluator).get()
    assert evaluation.is_demonstration
    assert "(not real)" in evaluation.title
    assert "(not real)" in evaluation.evaluator.name
    assert [project.round.slug for project in evaluation.projects.all()] == [
        "demonstration-awarded-round"
    ]
    assert AuditEvent.objects.filter(action="evaluation.appointed").count() == 1
    sign_in(client, evaluator)
    page = client.get(reverse("evaluator:evaluation", args=[evaluation.pk])).content.decode()
    assert "Not real: a demonstration evaluation" in page
