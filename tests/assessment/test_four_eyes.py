"""Announcing awards needs two programme managers (unless the programme has one), only after
the round has closed, and only for complete assessments unless a reason is recorded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from innovation_fund.applications.models import Application
from innovation_fund.assessment.models import AwardBatch
from innovation_fund.assessment.services.announcements import (
    approve_announcement,
    cancel_announcement,
    prepare_announcement,
)
from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Grant
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    closed,
    eligible,
    manager_of,
    submitted_bid,
)
from tests.assessment.test_announcements import ANNOUNCED_ON, approved, decided
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def funding_round():
    return closed(assessed_round())


@pytest.fixture
def preparer(funding_round):
    return manager_of(funding_round)


def prepare(user, funding_round, **kwargs):
    kwargs.setdefault("title", "Round 1 awards")
    kwargs.setdefault("announced_on", ANNOUNCED_ON)
    kwargs.setdefault("text", "Awards.")
    return prepare_announcement(user, funding_round, **kwargs)


def test_preparing_announces_nothing(funding_round, preparer):
    bid = submitted_bid(funding_round)
    approved(bid)

    batch = prepare(preparer, funding_round)

    assert batch.state == AwardBatch.State.PREPARED
    assert not Grant.objects.exists()
    bid.refresh_from_db()
    assert bid.state == Application.State.APPROVED


def test_the_manager_who_prepared_it_cannot_approve_it(funding_round, preparer):
    approved(submitted_bid(funding_round))
    batch = prepare(preparer, funding_round)

    with pytest.raises(Refused, match="another programme manager must approve it"):
        approve_announcement(preparer, batch)

    batch.refresh_from_db()
    assert batch.state == AwardBatch.State.PREPARED
    assert not Grant.objects.exists()


def test_a_second_manager_approves_and_that_announces_it(funding_round, preparer):
    bid = submitted_bid(funding_round)
    approved(bid)
    batch = prepare(preparer, funding_round)
    second = manager_of(funding_round)

    approve_announcement(second, batch)

    batch.refresh_from_db()
    assert (batch.state, batch.prepared_by, batch.announced_by) == (
        AwardBatch.State.ANNOUNCED,
        preparer,
        second,
    )
    assert not batch.without_second_approval
    assert Grant.objects.get().application == bid
    bid.refresh_from_db()
    assert bid.state == Application.State.ANNOUNCED
    assert AuditEvent.objects.get(action="application.announce").object_id == str(bid.pk)
    funding_round.refresh_from_db()
    assert funding_round.lifecycle_state == "announced"  # the round lifecycle moved on too


def test_a_single_manager_programme_may_approve_its_own_and_it_is_recorded(funding_round, preparer):
    funding_round.programme.has_single_manager = True
    funding_round.programme.save()
    approved(submitted_bid(funding_round))
    batch = prepare(preparer, funding_round)

    approve_announcement(preparer, batch)

    batch.refresh_from_db()
    assert batch.state == AwardBatch.State.ANNOUNCED
    assert batch.without_second_approval
    event = AuditEvent.objects.get(action="assessment.announced")
    assert event.after["without_second_approval"] is True


def test_someone_outside_the_programme_cannot_approve(funding_round, preparer):
    approved(submitted_bid(funding_round))
    batch = prepare(preparer, funding_round)

    with pytest.raises(Refused):
        approve_announcement(assessor_of(funding_round), batch)
    with pytest.raises(Refused):
        approve_announcement(
            manager_of(assessed_round(programme=ProgrammeFactory(slug="another-programme"))),
            batch,
        )
    batch.refresh_from_db()
    assert batch.state == AwardBatch.State.PREPARED


def test_a_second_preparation_waits_for_the_first(funding_round, preparer):
    approved(submitted_bid(funding_round))
    prepare(preparer, funding_round)

    with pytest.raises(DomainError, match="already waiting for approval"):
        prepare(manager_of(funding_round), funding_round, title="Again")


def test_decisions_changed_since_preparing_are_not_announced(funding_round, preparer):
    approved(submitted_bid(funding_round))
    batch = prepare(preparer, funding_round)
    approved(submitted_bid(funding_round))  # recorded after the announcement was prepared

    with pytest.raises(DomainError, match="changed since this announcement was prepared"):
        approve_announcement(manager_of(funding_round), batch)

    cancel_announcement(manager_of(funding_round), batch)
    batch.refresh_from_db()
    assert batch.state == AwardBatch.State.CANCELLED
    assert not Grant.objects.exists()


# --- Guards -----------------------------------------------------------------------------------


def test_decisions_are_not_announced_before_the_round_closes(preparer, funding_round):
    funding_round.closes_at = timezone.now() + timedelta(days=1)  # still open
    funding_round.save()
    approved(submitted_bid(funding_round))

    with pytest.raises(Refused, match="only after the round has closed"):
        prepare(preparer, funding_round)
    assert not AwardBatch.objects.exists()

    closed(funding_round)
    assert prepare(preparer, funding_round).state == AwardBatch.State.PREPARED


def incompletely_assessed_approval(funding_round):
    bid = submitted_bid(funding_round)
    eligible(bid)
    assigned(bid, assessor_of(funding_round))  # never submits
    return approved(bid)


def test_an_incomplete_assessment_is_refused_without_a_reason(funding_round, preparer):
    decision = incompletely_assessed_approval(funding_round)

    with pytest.raises(DomainError, match="is not complete") as refusal:
        prepare(preparer, funding_round)

    assert decision.application.reference in refusal.value.message
    assert refusal.value.field == "incomplete_assessment_reason"
    assert not AwardBatch.objects.exists()


def test_an_incomplete_assessment_is_announced_with_its_reason_recorded(funding_round, preparer):
    decision = incompletely_assessed_approval(funding_round)
    reason = "The second assessor fell ill; the panel agreed on one assessment."

    batch = prepare(preparer, funding_round, incomplete_assessment_reason=reason)
    approve_announcement(manager_of(funding_round), batch)

    batch.refresh_from_db()
    assert batch.state == AwardBatch.State.ANNOUNCED
    assert batch.incomplete_assessment_reason == reason
    history = AuditEvent.objects.get(action="assessment.announced_with_incomplete_assessment")
    assert history.object_id == str(decision.pk)
    assert history.after["reason"] == reason


def test_a_complete_assessment_needs_no_reason(funding_round, preparer):
    decided(submitted_bid(funding_round), "reject")  # fully assessed first

    batch = prepare(preparer, funding_round)

    assert batch.incomplete_assessment_reason == ""


def test_preparing_asks_the_other_managers_to_approve(
    funding_round, preparer, outbox, django_capture_on_commit_callbacks
):
    approved(submitted_bid(funding_round))
    second = manager_of(funding_round)

    with django_capture_on_commit_callbacks(execute=True):
        prepare(preparer, funding_round)

    asked = [(email, subject, body) for email, subject, body in outbox if email.to == second.email]
    assert [email.template for email, _, _ in asked] == ["announcement_to_approve"]
    _, subject, body = asked[0]
    assert "waiting for your approval" in subject
    assert preparer.display_name in body
    assert f"/manage/rounds/{funding_round.pk}/announce/" in body
    assert all(email.to != preparer.email for email, _, _ in outbox)
