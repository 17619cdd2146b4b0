"""The bid's life: start, sign-off, submit before the deadline only, withdraw. Each rule tried."""

import re
from datetime import timedelta

import pytest
import time_machine

from innovation_fund.applications import services
from innovation_fund.applications.models import Application
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.organisations.models import MemberRole, OrganisationType
from tests.applications.builders import complete_bid, editor_of, officer_of
from tests.factories import (
    MembershipFactory,
    OpenRoundFactory,
    OrganisationFactory,
    UserFactory,
    aware,
)

pytestmark = pytest.mark.django_db

State = Application.State
CLOSES = aware(2027, 3, 1, 12, 0)  # midday, London (GMT)


@pytest.fixture
def round():
    return OpenRoundFactory(opens_at=aware(2027, 1, 4, 9, 0), closes_at=CLOSES)


@pytest.fixture
def bid(round):
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        return complete_bid(round)


# --- starting a bid --------------------------------------------------------------------------


def test_a_member_starts_a_bid_with_a_readable_unique_reference(round):
    membership = MembershipFactory()
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        first = services.start_application(membership.user, round, membership.organisation)
        second = services.start_application(membership.user, round, membership.organisation)
    assert re.fullmatch(r"BID-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", first.reference)
    assert first.reference != second.reference
    assert first.state == State.DRAFT
    assert AuditEvent.objects.filter(action="application.started").count() == 2


def test_only_members_start_bids_for_an_organisation(round):
    with pytest.raises(services.Refused):
        services.start_application(UserFactory(), round, OrganisationFactory())


def test_an_ineligible_organisation_type_cannot_lead(round):
    round.eligible_organisation_types = [OrganisationType.LOCAL_AUTHORITY]
    round.save()
    membership = MembershipFactory(organisation__organisation_type=OrganisationType.CHARITY)
    with (
        time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False),
        pytest.raises(DomainError, match="only a local authority may lead one"),
    ):
        services.start_application(membership.user, round, membership.organisation)


@pytest.mark.parametrize(
    ("moment", "message"),
    [(aware(2027, 1, 4, 8, 59, 59), "opens at 9am on 4 January 2027"), (CLOSES, "closed at")],
)
def test_no_bid_starts_outside_the_round(round, moment, message):
    membership = MembershipFactory()
    with time_machine.travel(moment, tick=False), pytest.raises(DomainError, match=message):
        services.start_application(membership.user, round, membership.organisation)


# --- the deadline ----------------------------------------------------------------------------


def test_submitted_one_second_before_closing(bid):
    officer = officer_of(bid)
    with time_machine.travel(CLOSES - timedelta(seconds=1), tick=False):
        services.submit_application(officer, bid)
    bid.refresh_from_db()
    assert bid.state == State.SUBMITTED
    assert bid.signed_off_by == officer
    assert bid.submitted_at == CLOSES - timedelta(seconds=1)


@pytest.mark.parametrize("late_by", [timedelta(0), timedelta(seconds=1), timedelta(days=3)])
def test_a_late_submit_is_refused_and_the_draft_is_kept(bid, late_by):
    officer = officer_of(bid)
    before = Application.objects.get(pk=bid.pk)
    with (
        time_machine.travel(CLOSES + late_by, tick=False),
        pytest.raises(DomainError, match="closed at midday on 1 March 2027"),
    ):
        services.submit_application(officer, bid)
    after = Application.objects.get(pk=bid.pk)
    assert after.state == State.DRAFT
    assert (after.title, after.summary, after.task_versions) == (
        before.title,
        before.summary,
        before.task_versions,
    )
    assert not AuditEvent.objects.filter(action="application.submitted").exists()


def test_closing_time_is_london_time_in_summer():
    closes = aware(2027, 6, 30, 17, 0)  # 5pm BST is 16:00 UTC
    round = OpenRoundFactory(opens_at=aware(2027, 6, 1, 9, 0), closes_at=closes)
    with time_machine.travel(aware(2027, 6, 10, 9, 0), tick=False):
        bid = complete_bid(round)
    officer = officer_of(bid)
    with (
        time_machine.travel(closes + timedelta(seconds=1), tick=False),
        pytest.raises(DomainError, match="closed at 5pm on 30 June 2027"),
    ):
        services.submit_application(officer, bid)


# --- sign-off and submission -----------------------------------------------------------------


def test_an_editor_cannot_submit_but_can_send_for_sign_off(
    bid, django_capture_on_commit_callbacks, outbox
):
    editor = editor_of(bid)
    officer = officer_of(bid)
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        with pytest.raises(services.Refused):
            services.submit_application(editor, bid)
        with django_capture_on_commit_callbacks(execute=True):
            services.request_sign_off(editor, bid)
    bid.refresh_from_db()
    assert bid.state == State.AWAITING_SIGN_OFF
    assert [email.to for email, _, _ in outbox] == [officer.email]
    assert bid.reference in outbox[0][2]


def test_a_bid_waiting_for_sign_off_cannot_be_edited_until_returned(bid):
    editor = editor_of(bid)
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        services.request_sign_off(editor, bid)
        with pytest.raises(services.Refused):
            services.save_section(
                editor, bid, section="about", expected_version=1, change=lambda b: ({}, {})
            )
        services.return_to_draft(editor, bid)
    bid.refresh_from_db()
    assert bid.state == State.DRAFT


def test_an_unfinished_bid_cannot_be_submitted(round):
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        bid = complete_bid(round)
        bid.title = ""
        bid.save()
        with pytest.raises(DomainError, match="Still to do: About the project"):
            services.submit_application(officer_of(bid), bid)


def test_a_budget_outside_the_round_limits_cannot_be_submitted(round):
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        bid = complete_bid(round, amount_pence=round.maximum_bid_pence + 1)
        with pytest.raises(DomainError, match="Budget"):
            services.submit_application(officer_of(bid), bid)


def test_submission_emails_the_reference_after_commit(
    bid, django_capture_on_commit_callbacks, outbox
):
    officer = officer_of(bid)
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.submit_application(officer, bid)
        assert outbox == []  # nothing is sent before the transaction commits
        for callback in callbacks:
            callback()
    recipients = sorted(email.to for email, _, _ in outbox)
    assert recipients == sorted({officer.email, bid.created_by.email})
    subject, body = outbox[0][1], outbox[0][2]
    assert subject == f"Bid submitted: {bid.reference}"
    assert bid.reference in body


def test_submitting_twice_is_refused(bid):
    officer = officer_of(bid)
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        services.submit_application(officer, bid)
        with pytest.raises(services.Refused):
            services.submit_application(officer, bid)


# --- withdrawal ------------------------------------------------------------------------------


def test_an_officer_withdraws_a_submitted_bid_with_a_reason(bid):
    officer = officer_of(bid)
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        services.submit_application(officer, bid)
        with pytest.raises(DomainError, match="Enter why"):
            services.withdraw_application(officer, bid, "  ")
        services.withdraw_application(officer, bid, "We could not agree the partnership")
    bid.refresh_from_db()
    assert bid.state == State.WITHDRAWN
    event = AuditEvent.objects.get(action="application.withdrawn")
    assert event.after["reason"] == "We could not agree the partnership"


def test_editors_and_outsiders_cannot_withdraw(bid):
    with time_machine.travel(aware(2027, 2, 1, 10, 0), tick=False):
        services.submit_application(officer_of(bid), bid)
    for person in (
        editor_of(bid),
        UserFactory(),
        MembershipFactory(role=MemberRole.ACCOUNTABLE_OFFICER).user,
    ):
        with pytest.raises(services.Refused):
            services.withdraw_application(person, bid, "No")


def test_a_draft_cannot_be_withdrawn(bid):
    with pytest.raises(services.Refused):
        services.withdraw_application(officer_of(bid), bid, "No")
