"""Deciding a variation: what approval changes (the grant, its years, its instalments, the public
project), what it never changes (money requested, approved or paid), the budget check it shares
with an award, and every version kept."""

from datetime import date

import pytest
from django.urls import reverse

from innovation_fund.assessment.budget import BudgetExceeded, programme_overview
from innovation_fund.core.audit import AuditEvent
from innovation_fund.core.errors import DomainError
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Grant, GrantYear, Instalment, Payment, Variation
from innovation_fund.grants.money import money_of_grant
from innovation_fund.grants.services.variations import (
    approve_variation,
    refuse_variation,
    request_variation,
)
from innovation_fund.grants.variation_selectors import variations_of, versions_of
from innovation_fund.programmes.models import YearBudget
from tests.grants.builders import AWARD
from tests.grants.variation_builders import live_grant, paid, scheduled
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

Kind = Variation.Kind
State = Variation.State


def asked(cast, **fields):
    fields.setdefault("reason", "The work moved")
    return request_variation(cast.officer, cast.grant, **fields)


def years_of(grant) -> dict[int, int]:
    return dict(GrantYear.objects.filter(grant=grant).values_list("financial_year", "amount_pence"))


def schedule_of(grant) -> list[tuple]:
    return list(
        Instalment.objects.filter(grant=grant)
        .order_by("number")
        .values_list("number", "due_on", "financial_year", "amount_pence")
    )


def test_a_reprofile_moves_the_money_and_rebuilds_only_untouched_instalments():
    cast = live_grant()
    first, second, third, fourth = scheduled(cast)
    payment = paid(cast, first)
    variation = asked(cast, kind=Kind.REPROFILE, proposed_years={2027: 40_000_00, 2028: 60_000_00})

    approve_variation(cast.manager, variation, reasons="Fine")

    grant = Grant.objects.get(pk=cast.grant.pk)
    assert (grant.amount_pence, grant.version) == (AWARD, 2)
    assert years_of(grant) == {2027: 40_000_00, 2028: 60_000_00}
    schedule = schedule_of(grant)
    # The paid instalment is exactly as it was, and so is its payment.
    assert schedule[0] == (1, first.due_on, 2027, 30_000_00)
    payment.refresh_from_db()
    assert (payment.amount_pence, payment.state, payment.instalment_id) == (
        30_000_00,
        Payment.State.PAID,
        first.pk,
    )
    # The rest is rebuilt after the highest number, summing to each year exactly.
    by_year: dict[int, int] = {}
    for _number, _due, year, amount in schedule:
        by_year[year] = by_year.get(year, 0) + amount
    assert by_year == {2027: 40_000_00, 2028: 60_000_00}
    assert sum(amount for *_, amount in schedule) == AWARD
    assert not Instalment.objects.filter(pk=second.pk).exists()
    assert all(number > 4 for number, *_ in schedule[1:])
    new = Instalment.objects.filter(grant=grant, number__gt=4)
    assert all(i.conditions.filter(kind="offer_accepted").exists() for i in new)


def test_money_already_paid_never_changes_over_many_variations():
    cast = live_grant()
    first, *_ = scheduled(cast)
    paid(cast, first)
    for years in ({2027: 45_000_00, 2028: 55_000_00}, {2027: 30_000_00, 2028: 70_000_00}):
        approve_variation(
            cast.manager, asked(cast, kind=Kind.REPROFILE, proposed_years=years), reasons=""
        )
    assert schedule_of(cast.grant)[0] == (1, first.due_on, 2027, 30_000_00)
    assert money_of_grant(cast.grant).paid_pence == 30_000_00
    assert money_of_grant(cast.grant).scheduled_pence == AWARD


def test_approval_keeps_every_version_and_is_audited(outbox, django_capture_on_commit_callbacks):
    cast = live_grant()
    scheduled(cast)
    with django_capture_on_commit_callbacks(execute=True):
        first = approve_variation(
            cast.manager,
            asked(cast, kind=Kind.EXTEND, proposed_ends_on=date(2029, 9, 30)),
            reasons="Agreed",
        )
    second = approve_variation(
        cast.manager,
        asked(
            cast,
            kind=Kind.AMOUNT,
            proposed_amount_pence=90_000_00,
            # The extension opened 2029-30: every year the grant runs in is given.
            proposed_years={2027: 60_000_00, 2028: 30_000_00, 2029: 0},
        ),
    )

    assert (first.version_made, second.version_made) == (2, 3)
    assert first.before["ends_on"] == "2029-03-31" and first.after["ends_on"] == "2029-09-30"
    assert second.before["amount_pence"] == AWARD and second.after["amount_pence"] == 90_000_00
    assert [i["number"] for i in first.before["instalments"]] == [1, 2, 3, 4]
    assert first.before["instalments"][0]["conditions"] == ["The offer is accepted"]
    versions = versions_of(variations_of(cast.grant))
    assert [(v.number, v.amount_pence, v.ends_on) for v in versions] == [
        (3, 90_000_00, date(2029, 9, 30)),
        (2, AWARD, date(2029, 9, 30)),
        (1, AWARD, date(2029, 3, 31)),
    ]
    event = AuditEvent.objects.get(action="grants.variation_approved", object_id=str(first.pk))
    assert event.before["version"] == 1 and event.after["version"] == 2
    officer_emails = [e for e, subject, _ in outbox if subject.startswith("Variation approved")]
    assert [email.to for email in officer_emails] == [cast.officer.email]


def test_the_public_project_follows_the_grant():
    cast = live_grant()
    approve_variation(
        cast.manager,
        asked(
            cast,
            kind=Kind.AMOUNT,
            proposed_amount_pence=110_000_00,
            proposed_years={2027: 60_000_00, 2028: 50_000_00},
        ),
    )
    approve_variation(cast.manager, asked(cast, kind=Kind.SCOPE, proposed_scope="Wider work"))
    approve_variation(
        cast.manager, asked(cast, kind=Kind.EXTEND, proposed_ends_on=date(2029, 12, 31))
    )
    project = cast.grant.project
    project.refresh_from_db()
    assert (project.amount_pence, project.ends_on, project.summary) == (
        110_000_00,
        date(2029, 12, 31),
        "Wider work",
    )


def test_partners_are_rebuilt_keeping_the_organisations_we_know():
    cast = live_grant()
    project = cast.grant.project
    known = [str(partner) for partner in project.partners.all()]
    names = [*known[:1], "Barnardo's"]
    approve_variation(cast.manager, asked(cast, kind=Kind.PARTNERS, proposed_partners=names))
    partners = list(project.partners.order_by("position"))
    assert [str(partner) for partner in partners] == names
    if known:
        assert partners[0].organisation_id is not None
    assert partners[-1].organisation_id is None and partners[-1].description == "Barnardo's"


def test_an_increase_into_a_full_year_is_refused_as_an_award_would_be():
    cast = live_grant()
    YearBudget.objects.create(
        programme=cast.round.programme, financial_year=2027, budget_pence=60_000_00
    )
    variation = asked(cast, kind=Kind.REPROFILE, proposed_years={2027: 70_000_00, 2028: 30_000_00})

    with pytest.raises(BudgetExceeded) as excinfo:
        approve_variation(cast.manager, variation)

    assert excinfo.value.message == (
        "This award's £70,000 in 2027-28 would take the programme over its budget for 2027-28 "
        "of £60,000: £60,000 is left."
    )
    variation.refresh_from_db()
    assert variation.state == State.REQUESTED
    assert years_of(cast.grant) == {2027: 60_000_00, 2028: 40_000_00}


def test_an_increase_past_the_round_envelope_is_refused():
    cast = live_grant()
    cast.round.budget_pence = AWARD + 5_000_00
    cast.round.save()
    variation = asked(
        cast,
        kind=Kind.AMOUNT,
        proposed_amount_pence=AWARD + 10_000_00,
        proposed_years={2027: 70_000_00, 2028: 40_000_00},
    )
    with pytest.raises(BudgetExceeded, match="over its envelope"):
        approve_variation(cast.manager, variation)
    assert Grant.objects.get(pk=cast.grant.pk).amount_pence == AWARD


def test_a_decrease_in_a_full_year_is_not_checked_against_budgets():
    cast = live_grant()
    cast.round.budget_pence = 1
    cast.round.save()
    variation = asked(
        cast,
        kind=Kind.AMOUNT,
        proposed_amount_pence=90_000_00,
        proposed_years={2027: 50_000_00, 2028: 40_000_00},
    )
    approve_variation(cast.manager, variation)
    assert Grant.objects.get(pk=cast.grant.pk).amount_pence == 90_000_00


def test_money_paid_since_the_request_is_checked_again_on_approval():
    cast = live_grant()
    first, second, *_ = scheduled(cast)
    variation = asked(cast, kind=Kind.REPROFILE, proposed_years={2027: 40_000_00, 2028: 60_000_00})
    paid(cast, first)
    paid(cast, second)
    with pytest.raises(DomainError) as excinfo:
        approve_variation(cast.manager, variation)
    assert "£60,000 is already requested, approved or paid in 2027-28" in str(excinfo.value)


def test_hand_back_keeps_what_was_paid_and_returns_the_rest_to_the_headroom():
    cast = live_grant()
    first, *_ = scheduled(cast)
    paid(cast, first)
    before = programme_overview(cast.round.programme).round(cast.round.pk).remaining_pence

    approve_variation(cast.manager, asked(cast, kind=Kind.HAND_BACK), reasons="Agreed")

    grant = Grant.objects.get(pk=cast.grant.pk)
    assert grant.state == Grant.State.HANDED_BACK
    assert grant.amount_pence == 30_000_00
    assert years_of(grant) == {2027: 30_000_00}
    assert schedule_of(grant) == [(1, first.due_on, 2027, 30_000_00)]
    after = programme_overview(cast.round.programme).round(cast.round.pk).remaining_pence
    assert after == before + AWARD - 30_000_00


def test_hand_back_with_nothing_paid_keeps_nothing():
    cast = live_grant()
    scheduled(cast)
    approve_variation(cast.manager, asked(cast, kind=Kind.HAND_BACK))
    grant = Grant.objects.get(pk=cast.grant.pk)
    assert (grant.state, grant.amount_pence, schedule_of(grant)) == (
        Grant.State.HANDED_BACK,
        0,
        [],
    )
    assert programme_overview(cast.round.programme).round(cast.round.pk).awarded_pence == 0


def test_hand_back_waits_for_requested_payments():
    cast = live_grant()
    first, *_ = scheduled(cast)
    paid(cast, first, state=Payment.State.REQUESTED)
    with pytest.raises(DomainError, match="£30,000 of payments requested on this grant still wait"):
        approve_variation(cast.manager, asked(cast, kind=Kind.HAND_BACK))
    assert Grant.objects.get(pk=cast.grant.pk).state == Grant.State.ACCEPTED


def test_refusal_needs_reasons_and_leaves_the_grant(outbox, django_capture_on_commit_callbacks):
    cast = live_grant()
    variation = asked(cast, kind=Kind.SCOPE, proposed_scope="More")
    with pytest.raises(DomainError) as excinfo:
        refuse_variation(cast.manager, variation, reasons=" ")
    assert excinfo.value.field == "reasons"

    with django_capture_on_commit_callbacks(execute=True):
        refuse_variation(cast.manager, variation, reasons="Not in the programme's aims")

    variation.refresh_from_db()
    assert (variation.state, variation.decided_by) == (State.REFUSED, cast.manager)
    assert Grant.objects.get(pk=cast.grant.pk).version == 1
    (email, subject, body), *_ = [m for m in outbox if m[0].template == "variation_refused"]
    assert email.to == cast.officer.email and "Not in the programme's aims" in body
    with pytest.raises(Refused):
        approve_variation(cast.manager, variation)


@pytest.mark.parametrize("who", ["officer", "finance_officer", "assessor", "outsider"])
def test_only_programme_managers_decide(who):
    cast = live_grant()
    variation = asked(cast, kind=Kind.SCOPE, proposed_scope="More")
    with pytest.raises(Refused):
        approve_variation(getattr(cast, who), variation)
    with pytest.raises(Refused):
        refuse_variation(getattr(cast, who), variation, reasons="No")
    variation.refresh_from_db()
    assert variation.state == State.REQUESTED


def test_hand_back_shows_on_the_budget_page_as_less_awarded(client):
    cast = live_grant()
    first, *_ = scheduled(cast)
    paid(cast, first)
    sign_in(client, cast.manager)
    address = reverse("assessment:budget", args=[cast.round.programme.pk])
    before = client.get(address).context["overview"].round(cast.round.pk).awarded_pence

    approve_variation(cast.manager, asked(cast, kind=Kind.HAND_BACK), reasons="Agreed")

    page = client.get(address)
    assert page.context["overview"].round(cast.round.pk).awarded_pence == 30_000_00 < before
    assert "£30,000" in page.content.decode()


def test_the_schedule_made_at_the_award_is_rebuilt_to_the_new_years_exactly():
    cast = live_grant()
    assert schedule_of(cast.grant), "the award made a schedule"
    approve_variation(
        cast.manager,
        asked(
            cast,
            kind=Kind.AMOUNT,
            proposed_amount_pence=123_456_79,
            proposed_years={2027: 70_000_01, 2028: 53_456_78},
        ),
    )
    by_year: dict[int, int] = {}
    for _number, _due, year, amount in schedule_of(cast.grant):
        by_year[year] = by_year.get(year, 0) + amount
    assert by_year == {2027: 70_000_01, 2028: 53_456_78} == years_of(cast.grant)
