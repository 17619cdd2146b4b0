"""Who may reach the payment pages and do what: anyone outside the programme's grants team gets
404 on every page and every action; programme people without the role see the page but not the
button, and their POST is refused."""

from datetime import date

import pytest
from django.urls import reverse

from innovation_fund.grants.models import Payment
from innovation_fund.grants.services import payments as services
from tests.grants.payment_builders import accepted_grant, another_programmes_grant, travel
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

ACTIONS = ["approve", "refuse", "mark_paid", "reverse"]


@pytest.fixture
def cast():
    accepted = accepted_grant()
    with travel():
        yield accepted


@pytest.fixture
def ledger(cast):
    """One payment in each state that has a page: requested, approved, paid."""
    first, second, _third = cast.grant.instalments.order_by("number")[:3]
    paid = services.request_payment(cast.manager, first)
    services.approve_payment(cast.finance_officer, paid)
    services.record_paid(
        cast.finance_officer, paid, paid_on=date(2027, 7, 1), finance_reference="BACS-1"
    )
    approved = services.approve_payment(
        cast.finance_officer, services.request_payment(cast.manager, second)
    )
    services.reverse_payment(
        cast.finance_officer, paid, reason="Wrong account", reversed_on=date(2027, 7, 2)
    )
    requested = services.request_payment(cast.manager, first)
    return {"requested": requested, "approved": approved, "paid": paid}


def team_urls(cast, ledger) -> list[tuple[str, str]]:
    grant = cast.grant
    instalment = cast.grant.instalments.order_by("number")[2]
    urls = [
        ("get", reverse("grant_management:grant", args=[grant.pk])),
        ("post", reverse("grant_management:payment_request", args=[grant.pk, instalment.pk])),
        (
            "post",
            reverse("grant_management:payment_withdraw", args=[grant.pk, ledger["requested"].pk]),
        ),
    ]
    for payment in ledger.values():
        for action in ACTIONS:
            url = reverse("grant_management:payment_action", args=[grant.pk, payment.pk, action])
            urls += [("get", url), ("post", url)]
    return urls


@pytest.mark.parametrize("who", ["officer", "member", "outsider", "assessor"])
def test_everyone_outside_the_grants_team_gets_404_on_every_payment_page(client, cast, ledger, who):
    page = sign_in(client, getattr(cast, who))
    before = list(Payment.objects.order_by("pk").values_list("state", flat=True))

    for method, url in team_urls(cast, ledger):
        assert getattr(page, method)(url).status_code == 404, (method, url)

    assert list(Payment.objects.order_by("pk").values_list("state", flat=True)) == before


@pytest.fixture
def other():
    """An accepted grant of another programme (made before the clock moves on)."""
    return another_programmes_grant()


def test_a_payment_of_another_grant_is_not_found_through_this_one(client, other, cast, ledger):
    page = sign_in(client, other.finance_officer)
    url = reverse(
        "grant_management:payment_action",
        args=[other.grant.pk, ledger["requested"].pk, "approve"],
    )
    assert page.get(url).status_code == 404
    assert page.post(url).status_code == 404


def test_a_manager_sees_no_finance_buttons_and_their_posts_are_refused(client, cast, ledger):
    page = sign_in(client, cast.manager)
    html = page.get(reverse("grant_management:grant", args=[cast.grant.pk])).content.decode()
    section = html.split('id="payments"')[1]

    for action in ACTIONS:
        assert f"/{action}/" not in section, action
    assert "Withdraw" in section  # the manager's own move is offered

    for state, action in [
        ("requested", "approve"),
        ("requested", "refuse"),
        ("approved", "mark_paid"),
    ]:
        url = reverse(
            "grant_management:payment_action", args=[cast.grant.pk, ledger[state].pk, action]
        )
        shown = page.get(url).content.decode()
        assert "Only the programme&#x27;s finance officers can" in shown
        assert "<form" not in shown.split("<h1")[1]
        assert page.post(url, {"reason": "x", "finance_reference": "R"}).status_code == 403
    reverse_url = reverse(
        "grant_management:payment_action",
        args=[cast.grant.pk, ledger["approved"].pk, "reverse"],
    )
    assert page.post(reverse_url).status_code == 200  # not paid: nothing to reverse, says so

    assert Payment.objects.get(pk=ledger["requested"].pk).state == Payment.State.REQUESTED
    assert Payment.objects.get(pk=ledger["approved"].pk).state == Payment.State.APPROVED


def test_a_finance_officer_may_not_withdraw_a_managers_request(client, cast, ledger):
    page = sign_in(client, cast.finance_officer)
    url = reverse("grant_management:payment_withdraw", args=[cast.grant.pk, ledger["requested"].pk])
    assert page.post(url).status_code == 403
    assert Payment.objects.get(pk=ledger["requested"].pk).state == Payment.State.REQUESTED


def test_a_payment_someone_else_moved_first_is_explained_not_forbidden(client, cast, ledger):
    """Two finance officers with the same page open: the second one's click is explained."""
    requested = ledger["requested"]
    url = reverse("grant_management:payment_action", args=[cast.grant.pk, requested.pk, "approve"])
    services.approve_payment(cast.second_finance_officer, requested)

    response = sign_in(client, cast.finance_officer).post(url)

    assert response.status_code == 200
    assert "the payment is approved" in response.content.decode()
    requested.refresh_from_db()
    assert requested.approved_by == cast.second_finance_officer


def test_withdrawing_a_request_already_approved_says_why_not(client, cast, ledger):
    approved = ledger["approved"]
    page = sign_in(client, cast.manager)
    response = page.post(
        reverse("grant_management:payment_withdraw", args=[cast.grant.pk, approved.pk]),
        follow=True,
    )
    assert "the payment is approved" in response.content.decode()
    approved.refresh_from_db()
    assert approved.state == Payment.State.APPROVED
