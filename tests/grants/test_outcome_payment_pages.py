"""Payment by results from the outside: the grant pages' section, adding and removing an outcome
payment, and verifying a claim; 404 for anyone outside the programme, refusal for programme
people without the role."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.grants.models import OutcomeClaim, OutcomePaymentTerm
from innovation_fund.grants.services.outcome_payments import verify_claim
from innovation_fund.grants.views import outcome_payments as views
from tests.assessment.builders import manager_of
from tests.factories import OutcomeFactory, RoundFactory
from tests.grants.outcome_builders import a_return, claim_on, outcome_of, pbr_grant, term_on
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return pbr_grant()


def grant_page(cast):
    return reverse("grant_management:grant", args=[cast.grant.pk])


def add_url(cast):
    return reverse("grant_management:outcome_term_add", args=[cast.grant.pk])


def verify_url(cast, claim):
    return reverse("grant_management:outcome_claim_verify", args=[cast.grant.pk, claim.pk])


def test_the_team_sees_terms_and_claims_on_the_grant_page(client, cast):
    term = term_on(cast, outcome=outcome_of(cast, name="Fewer children in care"))
    claim = claim_on(term, a_return(cast), units=12)
    sign_in(client, cast.manager)

    html = client.get(grant_page(cast)).content.decode()

    assert 'id="outcome-payments"' in html
    assert "Fewer children in care" in html
    assert "£1,500" in html and "£10,000" in html
    assert "Payments never pass an outcome’s cap nor the outcome budget" in html
    assert verify_url(cast, claim) in html
    assert add_url(cast) in html


def test_a_finance_officer_see_why_they_cannot_act(client, cast):
    term = term_on(cast)
    claim_on(term, a_return(cast), units=12)
    sign_in(client, cast.finance_officer)

    html = client.get(grant_page(cast)).content.decode()

    assert "Only the programme&#x27;s managers can set outcome payments" in html
    assert add_url(cast) not in html
    assert ">Verify<" not in html


def test_the_grantee_sees_their_terms_and_claims_read_only(client, cast):
    term = term_on(cast, outcome=outcome_of(cast, name="Fewer children in care"))
    claim = claim_on(term, a_return(cast), units=12)
    sign_in(client, cast.member)

    html = client.get(reverse("your_grants:grant", args=[cast.grant.pk])).content.decode()

    assert "Fewer children in care" in html
    assert "Waiting for verification" in html
    assert verify_url(cast, claim) not in html
    assert "outcome-payments/add" not in html


# --- Adding a term ---------------------------------------------------------------------------


def test_a_manager_adds_an_outcome_payment(client, cast):
    outcome = outcome_of(cast, name="Fewer children in care")
    sign_in(client, cast.manager)

    page = client.get(add_url(cast))
    assert page.status_code == 200
    assert "£25,000" in page.content.decode()  # the outcome budget
    response = client.post(
        add_url(cast),
        {
            "outcome": outcome.pk,
            "price_per_unit_pence": "1,500",
            "cap_pence": "10000",
            "evidence_required": "Case records",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == grant_page(cast) + "#outcome-payments"
    term = OutcomePaymentTerm.objects.get(grant=cast.grant)
    assert (term.price_per_unit_pence, term.cap_pence) == (1_500_00, 10_000_00)


def test_bad_answers_are_shown_back_with_errors_at_the_fields(client, cast):
    outcome = outcome_of(cast)
    sign_in(client, cast.manager)

    response = client.post(
        add_url(cast),
        {
            "outcome": outcome.pk,
            "price_per_unit_pence": "1,500",
            "cap_pence": "100",
            "evidence_required": "Case records kept",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_cap_pence"' in html
    assert 'id="id_cap_pence-error"' in html
    assert "The cap must be at least the price of one unit" in html
    assert 'value="1,500"' in html and "Case records kept" in html
    assert not OutcomePaymentTerm.objects.exists()


def test_an_outcome_of_another_programme_cannot_be_chosen(client, cast):
    other = OutcomeFactory(
        programme=RoundFactory(programme__name="Other", programme__slug="other").programme
    )
    sign_in(client, cast.manager)

    response = client.post(
        add_url(cast),
        {
            "outcome": other.pk,
            "price_per_unit_pence": "1,500",
            "cap_pence": "10000",
            "evidence_required": "Case records",
        },
    )

    assert response.status_code == 200
    assert "Choose an outcome from the list" in response.content.decode()
    assert not OutcomePaymentTerm.objects.exists()


def test_a_finance_officer_are_refused(client, cast):
    outcome = outcome_of(cast)
    sign_in(client, cast.finance_officer)

    page = client.get(add_url(cast))
    assert page.status_code == 200
    assert "Only the programme&#x27;s managers can set outcome payments" in page.content.decode()
    assert "<form" not in page.content.decode().split("govuk-main-wrapper")[-1]

    response = client.post(
        add_url(cast),
        {
            "outcome": outcome.pk,
            "price_per_unit_pence": "1500",
            "cap_pence": "10000",
            "evidence_required": "Case records",
        },
    )
    assert response.status_code == 403
    assert not OutcomePaymentTerm.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "officer", "other_manager"])
def test_anyone_outside_the_programme_team_gets_404(client, cast, who):
    term = term_on(cast)
    claim = claim_on(term, a_return(cast))
    person = (
        manager_of(RoundFactory(programme__name="Other", programme__slug="other"))
        if (who == "other_manager")
        else getattr(cast, who)
    )
    sign_in(client, person)

    urls = [
        add_url(cast),
        reverse("grant_management:outcome_term_remove", args=[cast.grant.pk, term.pk]),
        verify_url(cast, claim),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url, {"units_verified": "1"}).status_code == 404
    claim.refresh_from_db()
    assert claim.state == OutcomeClaim.State.CLAIMED


def test_a_claim_of_another_grant_is_404_under_this_one(client, cast):
    other = pbr_grant(funding_round=cast.round, title="Other project")
    claim = claim_on(term_on(other), a_return(other))
    sign_in(client, cast.manager)

    assert client.get(verify_url(cast, claim)).status_code == 404


def test_a_term_is_removed_from_its_page(client, cast):
    term = term_on(cast)
    url = reverse("grant_management:outcome_term_remove", args=[cast.grant.pk, term.pk])
    sign_in(client, cast.manager)

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    assert not OutcomePaymentTerm.objects.exists()


# --- Verifying a claim -----------------------------------------------------------------------


def test_the_verify_page_shows_the_evidence_and_the_sum(client, cast):
    claim = claim_on(term_on(cast), a_return(cast), units=12, evidence="Twelve signed case files")
    sign_in(client, cast.manager)

    html = client.get(verify_url(cast, claim)).content.decode()

    assert "<h1" in html and "Verify the claim" in html
    assert "Twelve signed case files" in html
    assert (
        "12 units × £1,500 = £18,000; cap left £10,000; outcome budget left £25,000 → due £10,000"
        in html
    )
    assert "limited by the cap" in html


def test_fewer_units_without_a_reason_are_refused_at_the_reason(client, cast):
    claim = claim_on(term_on(cast), a_return(cast), units=12)
    sign_in(client, cast.manager)

    response = client.post(verify_url(cast, claim), {"units_verified": "4", "reason": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_reason"' in html and 'id="id_reason-error"' in html
    assert 'value="4"' in html
    assert "4 units × £1,500 = £6,000" in html
    claim.refresh_from_db()
    assert claim.state == OutcomeClaim.State.CLAIMED


def test_more_units_than_claimed_are_refused_at_the_units(client, cast):
    claim = claim_on(term_on(cast), a_return(cast), units=12)
    sign_in(client, cast.manager)

    response = client.post(verify_url(cast, claim), {"units_verified": "13"})

    html = response.content.decode()
    assert 'id="id_units_verified-error"' in html
    assert "12 or fewer" in html


def test_a_manager_verifies_a_claim(client, cast):
    claim = claim_on(term_on(cast), a_return(cast), units=12)
    sign_in(client, cast.manager)

    response = client.post(
        verify_url(cast, claim), {"units_verified": "10", "reason": "Two files undated"}
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.units_verified, claim.amount_due_pence) == (10, 10_000_00)
    html = client.get(grant_page(cast)).content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Verified</strong>' in html
    assert "Payment not requested yet" in html
    afterwards = client.get(verify_url(cast, claim)).content.decode()
    assert "Two files undated" in afterwards
    assert 'name="units_verified"' not in afterwards


def test_a_finance_officer_may_look_at_a_claim_but_not_verify_it(client, cast):
    claim = claim_on(term_on(cast), a_return(cast), units=12)
    sign_in(client, cast.finance_officer)

    page = client.get(verify_url(cast, claim)).content.decode()
    assert "Only the programme&#x27;s managers can verify outcome claims" in page
    response = client.post(verify_url(cast, claim), {"units_verified": "12"})

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.state == OutcomeClaim.State.CLAIMED


def test_a_claim_in_a_return_not_sent_in_shows_why_it_waits(client, cast):
    claim = claim_on(term_on(cast), a_return(cast, state="in_progress"), units=12)
    sign_in(client, cast.manager)

    html = client.get(verify_url(cast, claim)).content.decode()

    assert "has not been submitted yet" in html
    assert 'name="units_verified"' not in html


# --- Queries ---------------------------------------------------------------------------------


def queries_of_section(cast, claims: int) -> int:
    monitoring_return = a_return(cast, 1)
    for index in range(claims):
        term = term_on(cast)
        claim = claim_on(term, monitoring_return, units=2)
        if index % 2:
            verify_claim(cast.manager, claim, units_verified=2)
    request = RequestFactory().get("/")
    request.user = cast.manager
    with CaptureQueriesContext(connection) as queries:
        context = views.manage_section(request, cast.grant)
        assert len(context["outcome_payments"].claims) == claims
    return len(queries)


def test_the_section_makes_the_same_queries_for_one_claim_or_five():
    assert queries_of_section(pbr_grant(), 1) == queries_of_section(pbr_grant(title="Second"), 5)


def test_the_verify_page_makes_the_same_queries_whatever_the_grant_holds(client):
    counts = []
    for size, title in ((1, "One"), (5, "Five")):
        cast = pbr_grant(title=title)
        monitoring_return = a_return(cast)
        claims = [claim_on(term_on(cast), monitoring_return) for _ in range(size)]
        for claim in claims[1:]:
            verify_claim(cast.manager, claim, units_verified=claim.units_claimed)
        sign_in(client, cast.manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(verify_url(cast, claims[0])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_grants_history_shows_outcome_payments_added_removed_and_verified(client, cast):
    sign_in(client, cast.manager)
    outcome = outcome_of(cast, name="Fewer children in care")
    client.post(
        add_url(cast),
        {
            "outcome": outcome.pk,
            "price_per_unit_pence": "1500",
            "cap_pence": "10000",
            "evidence_required": "Case records",
        },
    )
    term = OutcomePaymentTerm.objects.get(grant=cast.grant)
    claim = claim_on(term, a_return(cast), units=2)
    client.post(verify_url(cast, claim), {"units_verified": "2"})
    removed = term_on(cast)
    client.post(reverse("grant_management:outcome_term_remove", args=[cast.grant.pk, removed.pk]))

    html = client.get(reverse("grant_management:history", args=[cast.grant.pk])).content.decode()

    assert "Outcome payment added" in html
    assert "Outcome claim verified" in html
    assert "Outcome payment removed" in html
