"""Assigning assessors: one by one (each refusal has its own words), in bulk with the work spread
evenly, and withdrawing. Conflicts of interest block an assignment, whichever way it is made."""

import pytest
from django.urls import reverse

from innovation_fund.assessment.models import Assignment, Decision, EligibilityCheck
from innovation_fund.assessment.selectors.assignments import conflicts_for
from innovation_fund.assessment.services.assignments import (
    assign_assessor,
    assign_automatically,
    withdraw_assignment,
)
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.organisations.models import MemberRole
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    conflict,
    eligible,
    manager_of,
    moderator_of,
    person_with_role,
    scored,
    submitted_bid,
)
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeRoleFactory,
    UserFactory,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def round():
    return assessed_round()


@pytest.fixture
def manager(round):
    return manager_of(round)


@pytest.fixture
def bid(round, manager):
    application = submitted_bid(round)
    eligible(application, by=manager)
    return application


def partner_of(application):
    return application.partners.get().organisation


def refusal(manager, bid, assessor) -> DomainError:
    with pytest.raises(DomainError) as caught:
        assign_assessor(manager, bid, assessor)
    assert caught.value.field == "assessor"
    assert not Assignment.objects.filter(application=bid, assessor=assessor).exists()
    return caught.value


# --- one by one -------------------------------------------------------------------------------


def test_a_manager_assigns_an_assessor_who_is_told(
    round, manager, bid, django_capture_on_commit_callbacks, outbox
):
    assessor = assessor_of(round)
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign_assessor(manager, bid, assessor)
    assert assignment.state == Assignment.State.ACTIVE
    assert assignment.assigned_by == manager
    assert AuditEvent.objects.filter(action="assessment.assessor_assigned").count() == 1
    [(email, subject, body)] = outbox
    assert email.to == assessor.email
    assert subject == f"You have 1 new bid to assess in {round.name}"


def test_a_bid_not_yet_checked_cannot_be_assigned(round, manager):
    unchecked = submitted_bid(round)
    error = refusal(manager, unchecked, assessor_of(round))
    assert error.message == "Check the bid’s eligibility before you assign assessors to it"


def test_a_bid_found_not_eligible_cannot_be_assigned(round, manager):
    application = submitted_bid(round)
    EligibilityCheck.objects.create(
        application=application, is_eligible=False, reasons="Too big", checked_by=manager
    )
    error = refusal(manager, application, assessor_of(round))
    assert error.message == "The bid is not eligible, so it cannot be assessed"


def test_only_the_programmes_assessors_can_be_assigned(round, manager, bid):
    moderator = moderator_of(round)
    other_programme = assessed_round(programme__slug="another-programme")
    elsewhere = assessor_of(other_programme)
    assert "is not an assessor for this programme" in refusal(manager, bid, moderator).message
    assert "is not an assessor for this programme" in refusal(manager, bid, elsewhere).message


def test_an_assessor_cannot_be_assigned_twice(round, manager, bid):
    assessor = assessor_of(round)
    assigned(bid, assessor, by=manager)
    with pytest.raises(DomainError, match="is already assessing this bid"):
        assign_assessor(manager, bid, assessor)
    assert Assignment.objects.filter(application=bid).count() == 1


def test_a_declared_conflict_with_the_lead_blocks_assignment(round, manager, bid):
    assessor = assessor_of(round)
    conflict(assessor, bid.lead_organisation)
    error = refusal(manager, bid, assessor)
    assert error.message == (
        f"{assessor.display_name} has declared a conflict of interest with "
        f"{bid.lead_organisation.name}, the bid’s lead organisation, so cannot assess it"
    )


def test_a_declared_conflict_with_a_partner_blocks_assignment(round, manager, bid):
    assessor = assessor_of(round)
    partner = partner_of(bid)
    conflict(assessor, partner)
    error = refusal(manager, bid, assessor)
    assert error.message == (
        f"{assessor.display_name} has declared a conflict of interest with {partner.name}, "
        "a partner in the bid, so cannot assess it"
    )


@pytest.mark.parametrize("organisation_of", ["lead", "partner"])
def test_a_member_of_the_lead_or_a_partner_cannot_assess_it(round, manager, bid, organisation_of):
    assessor = assessor_of(round)
    organisation = bid.lead_organisation if organisation_of == "lead" else partner_of(bid)
    MembershipFactory(user=assessor, organisation=organisation, role=MemberRole.EDITOR)
    error = refusal(manager, bid, assessor)
    assert error.message.startswith(f"{assessor.display_name} is a member of {organisation.name}")


def test_a_conflict_with_an_unrelated_organisation_does_not_block(round, manager, bid):
    assessor = assessor_of(round)
    conflict(assessor, OrganisationFactory())
    assert conflicts_for(assessor, bid) == []
    assign_assessor(manager, bid, assessor)


def test_no_assessors_once_the_bid_has_a_decision(round, manager, bid):
    Decision.objects.create(application=bid, outcome="reject", reasons="No", decided_by=manager)
    error = refusal(manager, bid, assessor_of(round))
    assert "decision has been recorded" in error.message


@pytest.mark.parametrize("who", ["nobody", "assessor", "manager elsewhere"])
def test_only_the_programmes_managers_assign(round, bid, who):
    assessor = assessor_of(round)
    match who:
        case "nobody":
            user = UserFactory()
        case "assessor":
            user = assessor
        case "manager elsewhere":
            user = manager_of(assessed_round(programme__slug="another-programme"))
    with pytest.raises(Refused):
        assign_assessor(user, bid, assessor)


# --- withdrawing ------------------------------------------------------------------------------


def test_a_manager_withdraws_an_assignment_with_a_reason(round, manager, bid):
    assignment = assigned(bid, assessor_of(round), by=manager)
    withdraw_assignment(manager, assignment, "  On leave  ")
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.WITHDRAWN
    assert assignment.withdrawal_reason == "On leave"
    assert assignment.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="assessment.assignment_withdrawn").count() == 1


def test_an_assignment_cannot_be_withdrawn_once_its_assessment_is_submitted(round, manager, bid):
    assignment = assigned(bid, assessor_of(round), by=manager)
    scored(assignment, [3, 2])
    with pytest.raises(DomainError, match="has submitted their assessment"):
        withdraw_assignment(manager, assignment, "Changed our minds")
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.ACTIVE


def test_a_draft_assessment_does_not_stop_a_withdrawal(round, manager, bid):
    assignment = assigned(bid, assessor_of(round), by=manager)
    scored(assignment, [3, None], submitted=False)
    withdraw_assignment(manager, assignment, "On leave")
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.WITHDRAWN


def test_withdrawing_needs_a_reason_and_a_manager(round, manager, bid):
    assessor = assessor_of(round)
    assignment = assigned(bid, assessor, by=manager)
    with pytest.raises(DomainError) as caught:
        withdraw_assignment(manager, assignment, "  ")
    assert caught.value.field == "reason"
    with pytest.raises(Refused):
        withdraw_assignment(assessor, assignment, "I do not want it")


# --- in bulk ----------------------------------------------------------------------------------


def named_assessors(round, *names):
    return [person_with_role(round, "assessor", full_name=name) for name in names]


def workloads(round):
    counts = {}
    for assignment in Assignment.objects.active().filter(application__round=round):
        name = assignment.assessor.full_name
        counts[name] = counts.get(name, 0) + 1
    return counts


def test_bulk_assignment_spreads_the_work_evenly(
    round, manager, django_capture_on_commit_callbacks, outbox
):
    named_assessors(round, "Ann", "Bob", "Cat", "Dan")
    bids = [submitted_bid(round) for _ in range(6)]
    for application in bids:
        eligible(application, by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        result = assign_automatically(manager, round)
    assert result.made == 12  # 6 bids × 2 assessors
    assert result.shortfalls == []
    assert workloads(round) == {"Ann": 3, "Bob": 3, "Cat": 3, "Dan": 3}
    for application in bids:
        assert application.assignments.active().count() == 2
    # each assessor is emailed once, with the number of their new bids
    assert (
        sorted(subject for _, subject, _ in outbox)
        == [f"You have 3 new bids to assess in {round.name}"] * 4
    )


def test_bulk_assignment_gives_work_to_the_least_busy_first_then_by_name(round, manager):
    ann, bob, cat = named_assessors(round, "Ann", "Bob", "Cat")
    busy = submitted_bid(round)
    eligible(busy, by=manager)
    assigned(busy, ann, by=manager)
    assigned(busy, bob, by=manager)
    waiting = submitted_bid(round)
    eligible(waiting, by=manager)
    assign_automatically(manager, round)
    # Cat had nothing; Ann and Bob had one each, and Ann comes first by name.
    assert {a.assessor for a in waiting.assignments.active()} == {cat, ann}
    assert busy.assignments.active().count() == 2  # already full: untouched


def test_bulk_assignment_never_assigns_a_conflicted_assessor_or_a_member(round, manager):
    ann, bob, cat, dan = named_assessors(round, "Ann", "Bob", "Cat", "Dan")
    application = submitted_bid(round)
    eligible(application, by=manager)
    conflict(ann, application.lead_organisation)
    conflict(bob, partner_of(application))
    MembershipFactory(user=cat, organisation=application.lead_organisation)
    result = assign_automatically(manager, round)
    assert [a.assessor for a in application.assignments.active()] == [dan]
    [shortfall] = result.shortfalls
    assert shortfall.application == application
    assert shortfall.missing == 1
    assert shortfall.reason == (
        "It needs 1 more assessor: of the programme’s 4 assessors, 1 assesses it and 3 have a "
        "conflict of interest"
    )


def test_bulk_assignment_leaves_unchecked_ineligible_and_decided_bids_alone(round, manager):
    named_assessors(round, "Ann", "Bob")
    unchecked = submitted_bid(round)
    refused = submitted_bid(round)
    EligibilityCheck.objects.create(
        application=refused, is_eligible=False, reasons="Too big", checked_by=manager
    )
    decided = submitted_bid(round)
    eligible(decided, by=manager)
    Decision.objects.create(
        application=decided, outcome="defer", reasons="Wait", decided_by=manager
    )
    result = assign_automatically(manager, round)
    assert result.made == 0
    assert Assignment.objects.count() == 0
    assert [(s.application, s.reason) for s in result.shortfalls] == [
        (unchecked, "Its eligibility has not been checked yet")
    ]


def test_bulk_assignment_says_when_there_are_too_few_assessors(round, manager):
    named_assessors(round, "Ann")
    application = submitted_bid(round)
    eligible(application, by=manager)
    result = assign_automatically(manager, round)
    assert result.made == 1
    assert str(result.shortfalls[0]) == (
        f"{application.reference}: It needs 1 more assessor: of the programme’s 1 assessor, "
        "1 assesses it"
    )


def test_only_the_programmes_managers_assign_in_bulk(round, bid):
    assessor_of(round)
    with pytest.raises(Refused):
        assign_automatically(manager_of(assessed_round(programme__slug="elsewhere")), round)
    assert Assignment.objects.count() == 0


# --- the pages --------------------------------------------------------------------------------


def assessors_url(application):
    return reverse("assessment:assessors", args=[application.reference])


@pytest.mark.parametrize("who", ["nobody", "assessor", "moderator", "manager elsewhere"])
def test_only_the_programmes_managers_see_the_assessors_page(client, round, bid, who):
    match who:
        case "nobody":
            user = UserFactory()
        case "assessor":
            user = assessor_of(round)
        case "moderator":
            user = moderator_of(round)
        case "manager elsewhere":
            user = ProgrammeRoleFactory(programme__slug="another-programme").user
    sign_in(client, user)
    assert client.get(assessors_url(bid)).status_code == 404
    assert client.post(assessors_url(bid), {"assessor": user.pk}).status_code == 404
    response = client.post(reverse("assessment:assign_automatically", args=[round.pk]))
    assert response.status_code == 404
    assert Assignment.objects.count() == 0


def test_the_assessors_page_lists_assessors_with_their_workload(client, round, manager, bid):
    ann, bob = named_assessors(round, "Ann Smith", "Bob Jones")
    for _ in range(3):
        other = submitted_bid(round)
        eligible(other, by=manager)
        assigned(other, ann, by=manager)
    conflict(bob, bid.lead_organisation)
    sign_in(client, manager)
    page = client.get(assessors_url(bid)).content.decode()
    assert "Ann Smith (3 bids in this round)" in page
    assert "Bob Jones (0 bids in this round) – conflict of interest" in page
    assert "Bob Jones has declared a conflict of interest with" in page


def test_assigning_a_conflicted_assessor_shows_why_and_keeps_the_choice(
    client, round, manager, bid
):
    (bob,) = named_assessors(round, "Bob Jones")
    conflict(bob, bid.lead_organisation)
    sign_in(client, manager)
    response = client.post(assessors_url(bid), {"assessor": str(bob.pk)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert 'href="#id_assessor"' in page
    assert f'<option value="{bob.pk}" selected>' in page
    assert Assignment.objects.count() == 0


def test_a_manager_assigns_through_the_page(client, round, manager, bid):
    (ann,) = named_assessors(round, "Ann Smith")
    sign_in(client, manager)
    response = client.post(assessors_url(bid), {"assessor": str(ann.pk)}, follow=True)
    assert response.redirect_chain[-1][0] == assessors_url(bid)
    assert "Ann Smith has been asked to assess" in response.content.decode()
    assert bid.assignments.active().get().assessor == ann


def test_the_page_withdraws_an_assessor_and_lists_them_as_withdrawn(client, round, manager, bid):
    (ann,) = named_assessors(round, "Ann Smith")
    assignment = assigned(bid, ann, by=manager)
    sign_in(client, manager)
    url = reverse("assessment:withdraw_assignment", args=[bid.reference, assignment.pk])
    response = client.post(url, {"reason": ""})
    assert "<title>Error: " in response.content.decode()
    response = client.post(url, {"reason": "On leave"}, follow=True)
    page = response.content.decode()
    assert "Ann Smith no longer assesses" in page
    assert "On leave" in page
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.WITHDRAWN


def test_bulk_assignment_from_the_hub_reports_what_it_did(client, round, manager):
    named_assessors(round, "Ann", "Bob")
    application = submitted_bid(round)
    eligible(application, by=manager)
    unchecked = submitted_bid(round)
    sign_in(client, manager)
    response = client.post(reverse("assessment:assign_automatically", args=[round.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("assessment:round", args=[round.pk])
    page = response.content.decode()
    assert "2 assessors assigned." in page
    assert f"{unchecked.reference}: Its eligibility has not been checked yet" in page
    assert (
        client.get(reverse("assessment:assign_automatically", args=[round.pk])).status_code == 405
    )


@pytest.mark.parametrize(
    "outsider",
    [
        lambda round: assessor_of(round),
        lambda round: moderator_of(round),
        lambda round: manager_of(assessed_round(programme__slug="other", programme__name="Other")),
        lambda round: UserFactory(),
    ],
    ids=["assessor", "moderator", "another programme's manager", "no role"],
)
def test_only_the_programmes_managers_may_open_or_post_a_withdrawal(
    client, round, manager, bid, outsider
):
    assignment = assigned(bid, assessor_of(round), by=manager)
    url = reverse("assessment:withdraw_assignment", args=[bid.reference, assignment.pk])
    sign_in(client, outsider(round))
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Not mine to do"}).status_code == 404
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.ACTIVE


def test_an_assignment_of_another_bid_is_not_found_under_this_bids_address(
    client, round, manager, bid
):
    other_bid = submitted_bid(round)
    eligible(other_bid, by=manager)
    other = assigned(other_bid, assessor_of(round), by=manager)
    sign_in(client, manager)
    url = reverse("assessment:withdraw_assignment", args=[bid.reference, other.pk])
    assert client.post(url, {"reason": "Wrong bid"}).status_code == 404
    other.refresh_from_db()
    assert other.state == Assignment.State.ACTIVE
