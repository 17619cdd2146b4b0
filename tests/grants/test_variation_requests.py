"""Asking for a variation: each kind checks its own fields, refused at the field; only a live
grant is varied, one variation at a time; who may ask."""

from datetime import date

import pytest

from innovation_fund.core.audit import AuditEvent
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Grant, Payment, Variation
from innovation_fund.grants.services.variations import (
    request_variation,
    withdraw_variation,
)
from tests.grants.builders import AWARD, offered_grant
from tests.grants.variation_builders import live_grant, paid, scheduled

pytestmark = pytest.mark.django_db

Kind = Variation.Kind


def errors_of(excinfo) -> dict[str, str]:
    return {error.field: error.message for error in excinfo.value.errors}


def ask(cast, **fields):
    fields.setdefault("reason", "The work moved")
    return request_variation(cast.officer, cast.grant, **fields)


# --- Each kind's fields -----------------------------------------------------------------------


def test_every_kind_needs_a_reason():
    cast = live_grant()
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.HAND_BACK, reason="  ")
    assert errors_of(excinfo) == {"reason": "Enter why the change is needed"}


def test_an_unknown_kind_is_refused():
    cast = live_grant()
    with pytest.raises(DomainError) as excinfo:
        ask(cast, kind="merge")
    assert excinfo.value.field == "kind"


def test_a_reprofile_must_add_up_to_the_award():
    cast = live_grant()
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.REPROFILE, proposed_years={2027: 50_000_00, 2028: 40_000_00})
    assert errors_of(excinfo) == {
        "year_2027": "The amounts for each financial year add up to £90,000, but the grant is "
        "£100,000: they must be the same"
    }


def test_a_reprofile_needs_every_year_and_no_negative_amounts():
    cast = live_grant()
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.REPROFILE, proposed_years={2027: -5})
    assert errors_of(excinfo) == {
        "year_2027": "The amount for 2027-28 cannot be negative",
        "year_2028": "Enter the amount for 2028-29, or 0",
    }


def test_a_reprofile_that_changes_nothing_is_refused():
    cast = live_grant()
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.REPROFILE, proposed_years={2027: 60_000_00, 2028: 40_000_00})
    assert errors_of(excinfo) == {
        "year_2027": "These are the amounts the grant has now: change at least one year"
    }


def test_a_reprofile_cannot_use_a_year_the_grant_does_not_run_in():
    cast = live_grant()
    with pytest.raises(DomainErrors) as excinfo:
        ask(
            cast,
            kind=Kind.REPROFILE,
            proposed_years={2027: 50_000_00, 2028: 40_000_00, 2029: 10_000_00},
        )
    assert "does not run in 2029-30" in errors_of(excinfo)["year_2027"]


def test_a_year_cannot_go_below_what_is_paid_in_it():
    cast = live_grant()
    first, *_ = scheduled(cast)
    paid(cast, first)
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.REPROFILE, proposed_years={2027: 20_000_00, 2028: 80_000_00})
    assert errors_of(excinfo) == {
        "year_2027": "£30,000 is already requested, approved or paid in 2027-28: the amount for "
        "2027-28 cannot be less than that"
    }


def test_requested_money_counts_as_spoken_for_too():
    cast = live_grant()
    first, *_ = scheduled(cast)
    paid(cast, first, state=Payment.State.REQUESTED)
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.REPROFILE, proposed_years={2027: 10_000_00, 2028: 90_000_00})
    assert "£30,000 is already requested" in errors_of(excinfo)["year_2027"]


def test_a_new_amount_needs_a_total_and_years_that_add_up_to_it():
    cast = live_grant()
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.AMOUNT, proposed_years={2027: 60_000_00, 2028: 40_000_00})
    assert errors_of(excinfo) == {"amount": "Enter the new amount of the grant"}

    with pytest.raises(DomainErrors) as excinfo:
        ask(
            cast,
            kind=Kind.AMOUNT,
            proposed_amount_pence=120_000_00,
            proposed_years={2027: 60_000_00, 2028: 40_000_00},
        )
    assert errors_of(excinfo) == {
        "year_2027": "The amounts for each financial year add up to £100,000, but the new amount "
        "is £120,000: they must be the same"
    }


def test_a_new_amount_must_differ_and_be_more_than_nothing():
    cast = live_grant()
    for amount, message in [
        (AWARD, "The grant is already £100,000"),
        (0, "The new amount must be more than £0"),
    ]:
        with pytest.raises(DomainErrors) as excinfo:
            ask(
                cast,
                kind=Kind.AMOUNT,
                proposed_amount_pence=amount,
                proposed_years={2027: amount, 2028: 0},
            )
        assert errors_of(excinfo)["amount"].startswith(message)


def test_a_new_amount_cannot_be_less_than_what_is_spoken_for():
    cast = live_grant()
    first, second, *_ = scheduled(cast)
    paid(cast, first)
    paid(cast, second, state=Payment.State.APPROVED)
    with pytest.raises(DomainErrors) as excinfo:
        ask(
            cast,
            kind=Kind.AMOUNT,
            proposed_amount_pence=50_000_00,
            proposed_years={2027: 50_000_00, 2028: 0},
        )
    assert errors_of(excinfo) == {
        "amount": "£60,000 of the grant is already requested, approved or paid: the new amount "
        "cannot be less than that",
        "year_2027": "£60,000 is already requested, approved or paid in 2027-28: the amount for "
        "2027-28 cannot be less than that",
    }


def test_an_extension_needs_a_later_end_date():
    cast = live_grant()
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.EXTEND)
    assert errors_of(excinfo) == {"ends_on": "Enter the new end date"}
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.EXTEND, proposed_ends_on=date(2029, 3, 31))
    assert errors_of(excinfo) == {
        "ends_on": "The new end date must be after the current end date, 31 March 2029"
    }


def test_a_new_scope_must_be_given_and_differ():
    cast = live_grant()
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.SCOPE, proposed_scope=" ")
    assert errors_of(excinfo) == {"scope": "Enter what the grant will pay for after the change"}
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.SCOPE, proposed_scope=cast.grant.scope)
    assert errors_of(excinfo) == {"scope": "This is what the grant pays for now: change it"}


def test_new_partners_must_be_named_and_differ():
    cast = live_grant()
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.PARTNERS, proposed_partners="\n \n")
    assert errors_of(excinfo) == {"partners": "Enter the partners' names, one on each line"}
    with pytest.raises(DomainErrors) as excinfo:
        ask(cast, kind=Kind.PARTNERS, proposed_partners="x" * 301)
    assert errors_of(excinfo) == {"partners": "Each partner's name must be 300 characters or fewer"}


def test_partners_are_read_one_a_line_without_repeats():
    cast = live_grant()
    variation = ask(
        cast,
        kind=Kind.PARTNERS,
        proposed_partners="  Leeds  City Council\nleeds city council\n\nBarnardo's",
    )
    assert variation.proposed_partners == ["Leeds City Council", "Barnardo's"]


def test_only_the_kind_s_own_fields_are_kept():
    cast = live_grant()
    variation = ask(
        cast,
        kind=Kind.EXTEND,
        proposed_ends_on=date(2029, 9, 30),
        proposed_scope="ignored",
        proposed_amount_pence=5,
    )
    assert (variation.proposed_scope, variation.proposed_amount_pence) == ("", None)
    assert variation.proposed_ends_on == date(2029, 9, 30)


# --- When, and who ----------------------------------------------------------------------------


def test_the_grantee_asks_and_the_request_is_audited_and_emailed_to_the_managers(
    outbox, django_capture_on_commit_callbacks
):
    cast = live_grant()
    with django_capture_on_commit_callbacks(execute=True):
        variation = ask(cast, kind=Kind.EXTEND, proposed_ends_on=date(2029, 9, 30))

    assert variation.asked_by_grantee is True
    assert variation.state == Variation.State.REQUESTED
    event = AuditEvent.objects.get(action="grants.variation_requested")
    assert event.object_id == str(variation.pk)
    assert event.after["proposed_ends_on"] == "2029-09-30"
    subject = f"A variation needs a decision: {cast.grant.project.display_name}"
    sent = {email.to: subject for email, subject, _ in outbox}
    assert sent == {cast.manager.email: subject, cast.second_manager.email: subject}


def test_a_manager_records_one_for_the_programme_team(outbox, django_capture_on_commit_callbacks):
    cast = live_grant()
    with django_capture_on_commit_callbacks(execute=True):
        variation = request_variation(
            cast.manager, cast.grant, kind=Kind.SCOPE, reason="Agreed", proposed_scope="More"
        )
    assert variation.asked_by_grantee is False
    assert [email.to for email, _, _ in outbox] == [cast.second_manager.email]


@pytest.mark.parametrize("who", ["member", "assessor", "finance_officer", "outsider"])
def test_others_cannot_ask(who):
    cast = live_grant()
    with pytest.raises(Refused):
        request_variation(getattr(cast, who), cast.grant, kind=Kind.HAND_BACK, reason="We stop")
    assert not Variation.objects.exists()


def test_an_offer_not_yet_accepted_cannot_be_varied():
    cast = offered_grant()
    with pytest.raises(Refused) as excinfo:
        ask(cast, kind=Kind.HAND_BACK)
    assert excinfo.value.reason == "Only an accepted grant can be varied: this grant is offered."


def test_one_variation_waits_at_a_time():
    cast = live_grant()
    first = ask(cast, kind=Kind.HAND_BACK)
    with pytest.raises(Refused) as excinfo:
        ask(cast, kind=Kind.SCOPE, proposed_scope="More")
    assert "already has a variation waiting for a decision (hand the grant back" in str(
        excinfo.value
    )

    withdraw_variation(cast.officer, first)
    assert ask(cast, kind=Kind.SCOPE, proposed_scope="More").state == Variation.State.REQUESTED


def test_whoever_asked_withdraws():
    cast = live_grant()
    variation = ask(cast, kind=Kind.HAND_BACK)
    with pytest.raises(Refused):
        withdraw_variation(cast.manager, variation)
    withdraw_variation(cast.officer, variation)
    variation.refresh_from_db()
    assert variation.state == Variation.State.WITHDRAWN
    assert AuditEvent.objects.filter(action="grants.variation_withdrawn").count() == 1
    with pytest.raises(Refused):
        withdraw_variation(cast.officer, variation)


def test_a_handed_back_grant_cannot_be_varied():
    cast = live_grant()
    Grant.objects.filter(pk=cast.grant.pk).update(state=Grant.State.HANDED_BACK)
    cast.grant.refresh_from_db()
    with pytest.raises(Refused, match="this grant is handed back"):
        ask(cast, kind=Kind.SCOPE, proposed_scope="More")
