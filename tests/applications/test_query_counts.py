"""The applicant's pages make the same number of queries however much a bid holds."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.applications.models import (
    ApplicationDocument,
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
    OpenRoundFactory,
    OrganisationFactory,
    OutcomeFactory,
)
from tests.helpers import act_for, sign_in

pytestmark = pytest.mark.django_db


def bid_holding(size: int):
    round = OpenRoundFactory()
    for _ in range(size):
        FocusAreaFactory(round=round)
    bid = ApplicationFactory(round=round, focus_area=round.focus_areas.first())
    officer = MembershipFactory(
        organisation=bid.lead_organisation, role=MemberRole.ACCOUNTABLE_OFFICER
    ).user
    headings = list(CostHeading)
    for index in range(size):
        ApplicationPartner.objects.create(
            application=bid, organisation=OrganisationFactory(), role="Partner"
        )
        ApplicationPlace.objects.create(application=bid, authority=LocalAuthorityFactory())
        ApplicationOutcome.objects.create(
            application=bid,
            outcome=OutcomeFactory(programme=round.programme),
            measure="m",
            baseline="b",
            target="t",
        )
        BudgetLine.objects.create(
            application=bid,
            financial_year=2027 + index // len(headings),
            cost_heading=headings[index % len(headings)],
            amount_pence=1000,
        )
        ApplicationDocument.objects.create(
            application=bid,
            file=f"applications/{bid.pk}/{index}",
            original_name=f"file-{index}.pdf",
            content_type="application/pdf",
            size_bytes=100,
            sha256=f"{index:064d}",
            uploaded_by=officer,
        )
    return bid, officer


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["applications:task_list", "applications:check_answers"])
def test_bid_pages_make_a_fixed_number_of_queries(client, page):
    counts = []
    for size in (1, 8):
        bid, officer = bid_holding(size)
        sign_in(client, officer)
        counts.append(queries_for(client, reverse(page, args=[bid.reference])))
    assert counts[0] == counts[1], counts


def test_the_bid_list_makes_a_fixed_number_of_queries(client):
    counts = []
    for size in (2, 12):
        membership = MembershipFactory()
        for _ in range(size):
            ApplicationFactory(lead_organisation=membership.organisation)
        sign_in(client, membership.user)
        act_for(client, membership.organisation)
        counts.append(queries_for(client, reverse("applications:list")))
    assert counts[0] == counts[1], counts
