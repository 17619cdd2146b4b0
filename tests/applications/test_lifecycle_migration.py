"""The data migration that gave each existing bid its state in the bid lifecycle, from its
assessment records (applications/migrations/0003_bid_lifecycle.py), run on today's models."""

from importlib import import_module

import pytest
from django.apps import apps

from innovation_fund.applications.models import Application
from innovation_fund.assessment.models import BatchDecision, EligibilityCheck
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    fully_assessed,
    manager_of,
    submitted_bid,
)
from tests.assessment.test_announcements import approved, decided
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

migration = import_module("innovation_fund.applications.migrations.0003_bid_lifecycle")
State = Application.State


def test_each_submitted_bid_gets_the_state_its_records_give_it():
    funding_round = assessed_round()
    manager = manager_of(funding_round)
    bids = {}
    bids["submitted"] = submitted_bid(funding_round)
    bids["eligible"] = submitted_bid(funding_round)
    eligible(bids["eligible"])
    assigned(bids["eligible"], assessor_of(funding_round))
    bids["not_eligible"] = submitted_bid(funding_round)
    EligibilityCheck.objects.create(
        application=bids["not_eligible"], is_eligible=False, reasons="No", checked_by=manager
    )
    bids["assessed"] = fully_assessed(submitted_bid(funding_round))
    bids["deferred"] = submitted_bid(funding_round)
    decided(bids["deferred"], "defer")
    bids["announced"] = submitted_bid(funding_round)
    decision = approved(bids["announced"])
    batch = funding_round.award_batches.create(
        title="Awards", announced_on="2027-03-01", text="Awards.", state="announced"
    )
    BatchDecision.objects.create(batch=batch, decision=decision)
    draft = ApplicationFactory(round=funding_round)
    # As the bids were before the lifecycle: every sent bid "submitted".
    Application.objects.exclude(pk=draft.pk).update(state=State.SUBMITTED)

    migration.set_states(apps, None)

    for expected, bid in bids.items():
        bid.refresh_from_db()
        assert bid.state == expected
    draft.refresh_from_db()
    assert draft.state == State.DRAFT

    migration.back_to_submitted(apps, None)
    assert set(Application.objects.exclude(pk=draft.pk).values_list("state", flat=True)) == {
        State.SUBMITTED
    }
