"""Payment schedules: the quarterly one made at the award, rebuilding from a pattern, adjusting
the rows that can still change (always adding up to each year's profile), and release
conditions: added, removed and confirmed by managers only, never on an instalment with money
against it."""

from datetime import date

import pytest

from innovation_fund.core.audit import AuditEvent
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.conditions import unmet_conditions
from innovation_fund.grants.models import Grant, Instalment, MonitoringReturn, Payment
from innovation_fund.grants.models import ReleaseCondition as Condition
from innovation_fund.grants.services.release_conditions import (
    add_release_condition,
    confirm_condition,
    remove_release_condition,
)
from innovation_fund.grants.services.schedules import (
    adjust_instalments,
    rebuild_schedule,
    schedule_fingerprint,
)
from tests.grants.builders import AWARD, offered_grant
from tests.grants.variation_builders import paid

pytestmark = pytest.mark.django_db

Kind = Condition.Kind


def instalments(grant):
    return list(Instalment.objects.filter(grant=grant).order_by("number"))


def rows(grant, changes=None):
    """Every instalment that can change, as adjust_instalments takes them, with `changes` by
    number: {3: {"amount_pence": ...}}."""
    taken = set(Payment.objects.filter(grant=grant).values_list("instalment_id", flat=True))
    return [
        {
            "number": i.number,
            "due_on": i.due_on,
            "amount_pence": i.amount_pence,
            "kind": i.kind,
            **(changes or {}).get(i.number, {}),
        }
        for i in instalments(grant)
        if i.pk not in taken
    ]


def errors_of(excinfo) -> dict:
    return {error.field: error.message for error in excinfo.value.errors}


@pytest.fixture
def cast():
    return offered_grant()


# --- At the award --------------------------------------------------------------------------


def test_the_award_makes_a_quarterly_schedule_released_once_the_offer_is_accepted(cast):
    made = instalments(cast.grant)

    assert [(i.number, i.due_on, i.financial_year, i.amount_pence) for i in made] == [
        (1, date(2027, 4, 1), 2027, 15_000_00),
        (2, date(2027, 7, 1), 2027, 15_000_00),
        (3, date(2027, 10, 1), 2027, 15_000_00),
        (4, date(2028, 1, 1), 2027, 15_000_00),
        (5, date(2028, 4, 1), 2028, 10_000_00),
        (6, date(2028, 7, 1), 2028, 10_000_00),
        (7, date(2028, 10, 1), 2028, 10_000_00),
        (8, date(2029, 1, 1), 2028, 10_000_00),
    ]
    assert sum(i.amount_pence for i in made) == AWARD
    assert all([c.kind for c in i.conditions.all()] == [Kind.OFFER_ACCEPTED] for i in made)
    assert unmet_conditions(made[0]) == [
        "The offer has not been accepted: nothing is paid until it is."
    ]
    assert AuditEvent.objects.filter(
        action="grants.schedule_built", object_id=str(cast.grant.pk)
    ).exists()


# --- Rebuilding ----------------------------------------------------------------------------


def test_a_manager_rebuilds_with_equal_instalments(cast):
    rebuild_schedule(cast.manager, cast.grant, pattern="equal", count=2)

    made = instalments(cast.grant)
    assert [(i.number, i.due_on, i.amount_pence) for i in made] == [
        (1, date(2027, 4, 1), 30_000_00),
        (2, date(2027, 10, 1), 30_000_00),
        (3, date(2028, 4, 1), 20_000_00),
        (4, date(2028, 10, 1), 20_000_00),
    ]
    event = AuditEvent.objects.filter(action="grants.schedule_built").latest("id")
    assert len(event.before["instalments"]) == 8 and len(event.after["instalments"]) == 4
    assert event.after["pattern"] == "equal" and event.after["count"] == 2


def test_rebuilding_keeps_instalments_with_money_and_numbers_after_them(cast):
    first, second, *_ = instalments(cast.grant)
    paid(cast, first)
    paid(cast, second, state=Payment.State.REQUESTED)

    rebuild_schedule(cast.manager, cast.grant, pattern="yearly")

    made = instalments(cast.grant)
    assert [(i.number, i.financial_year, i.amount_pence) for i in made] == [
        (1, 2027, 15_000_00),
        (2, 2027, 15_000_00),
        (3, 2027, 30_000_00),
        (4, 2028, 40_000_00),
    ]
    assert made[0].pk == first.pk and made[1].pk == second.pk


def test_rebuilding_keeps_payment_by_results_instalments(cast):
    last = instalments(cast.grant)[-1]
    Instalment.objects.filter(pk=last.pk).update(kind=Instalment.Kind.OUTCOMES)

    rebuild_schedule(cast.manager, cast.grant, pattern="yearly")

    made = instalments(cast.grant)
    assert [(i.number, i.amount_pence, i.kind) for i in made] == [
        (8, 10_000_00, "outcomes"),
        (9, 60_000_00, "fixed"),
        (10, 30_000_00, "fixed"),
    ]


def test_a_refused_request_keeps_its_instalment_which_takes_a_new_slot(cast):
    first = instalments(cast.grant)[0]
    paid(cast, first, state=Payment.State.REFUSED)

    rebuild_schedule(cast.manager, cast.grant, pattern="yearly")

    made = instalments(cast.grant)
    assert made[0].pk == first.pk
    assert sum(i.amount_pence for i in made) == AWARD and len(made) == 2


@pytest.mark.parametrize(
    ("pattern", "count", "field"),
    [("monthly", None, "pattern"), ("equal", None, "count"), ("equal", 13, "count")],
)
def test_bad_patterns_are_refused_at_their_field(cast, pattern, count, field):
    with pytest.raises(DomainError) as excinfo:
        rebuild_schedule(cast.manager, cast.grant, pattern=pattern, count=count)
    assert excinfo.value.field == field
    assert len(instalments(cast.grant)) == 8


@pytest.mark.parametrize("who", ["finance_officer", "assessor", "officer", "outsider"])
def test_only_managers_build_schedules(cast, who):
    with pytest.raises(Refused) as excinfo:
        rebuild_schedule(getattr(cast, who), cast.grant, pattern="yearly")
    assert "Only the programme's managers can build and change payment schedules" in str(
        excinfo.value
    )


def test_a_declined_grant_schedule_no_longer_changes(cast):
    Grant.objects.filter(pk=cast.grant.pk).update(state=Grant.State.DECLINED)
    cast.grant.refresh_from_db()

    with pytest.raises(Refused) as excinfo:
        rebuild_schedule(cast.manager, cast.grant, pattern="yearly")
    assert "declined" in excinfo.value.reason


# --- Adjusting -----------------------------------------------------------------------------


def test_a_manager_moves_money_between_instalments_of_a_year(cast):
    changed = rows(
        cast.grant,
        {
            1: {"amount_pence": 10_000_00, "due_on": date(2027, 5, 1)},
            2: {"amount_pence": 20_000_00},
            8: {"kind": Instalment.Kind.OUTCOMES},
        },
    )

    adjust_instalments(cast.manager, cast.grant, changed)

    made = instalments(cast.grant)
    assert (made[0].due_on, made[0].amount_pence) == (date(2027, 5, 1), 10_000_00)
    assert made[1].amount_pence == 20_000_00 and made[7].kind == "outcomes"
    event = AuditEvent.objects.get(action="grants.instalments_changed")
    assert [row["number"] for row in event.after["instalments"]] == [1, 2, 8]
    assert event.before["instalments"][0]["amount_pence"] == 15_000_00


def test_a_year_that_would_not_add_up_is_refused_at_its_first_row(cast):
    with pytest.raises(DomainErrors) as excinfo:
        adjust_instalments(
            cast.manager, cast.grant, rows(cast.grant, {2: {"amount_pence": 14_000_00}})
        )

    assert errors_of(excinfo) == {
        "amount_1": "The instalments in 2027-28 must add up to £60,000, its amount in the "
        "grant’s profile: they add up to £59,000, £1,000 short"
    }
    assert instalments(cast.grant)[1].amount_pence == 15_000_00


def test_each_bad_row_is_refused_at_its_field(cast):
    changed = rows(
        cast.grant,
        {
            1: {"amount_pence": 0},
            2: {"due_on": date(2028, 4, 1)},
            3: {"due_on": None, "amount_pence": -5},
            4: {"kind": "bonus"},
        },
    )

    with pytest.raises(DomainErrors) as excinfo:
        adjust_instalments(cast.manager, cast.grant, changed)

    assert errors_of(excinfo) == {
        "amount_1": "The amount of instalment 1 must be more than £0",
        "due_on_2": "Instalment 2 is paid from 2027-28: its due date must be between "
        "1 April 2027 and 31 March 2028",
        "due_on_3": "Enter the due date of instalment 3",
        "amount_3": "The amount of instalment 3 must be more than £0",
        "kind_4": "Choose what instalment 4 is",
    }


def test_instalments_with_money_never_change(cast):
    first = instalments(cast.grant)[0]
    paid(cast, first, state=Payment.State.APPROVED)
    changed = rows(cast.grant) + [
        {"number": 1, "due_on": date(2027, 4, 2), "amount_pence": 15_000_00}
    ]

    with pytest.raises(DomainErrors) as excinfo:
        adjust_instalments(cast.manager, cast.grant, changed)

    assert errors_of(excinfo) == {
        None: "Instalment 1 can no longer change: it has money against it"
    }
    # The untouched rows alone are fine, and they must still add up with the kept one.
    adjust_instalments(
        cast.manager,
        cast.grant,
        rows(cast.grant, {2: {"amount_pence": 5_000_00}, 3: {"amount_pence": 25_000_00}}),
    )
    assert instalments(cast.grant)[0].due_on == date(2027, 4, 1)


def test_every_open_row_must_be_given(cast):
    with pytest.raises(DomainErrors) as excinfo:
        adjust_instalments(cast.manager, cast.grant, rows(cast.grant)[:-1])
    assert errors_of(excinfo) == {None: "Give the due date and amount of instalment 8"}


def test_an_adjustment_from_an_out_of_date_page_is_refused(cast):
    seen = schedule_fingerprint(instalments(cast.grant))
    adjust_instalments(
        cast.manager,
        cast.grant,
        rows(cast.grant, {1: {"due_on": date(2027, 4, 2)}}),
        seen=seen,
    )

    with pytest.raises(DomainError) as excinfo:
        adjust_instalments(
            cast.manager,
            cast.grant,
            rows(cast.grant, {1: {"due_on": date(2027, 4, 3)}}),
            seen=seen,
        )
    assert "Someone changed this schedule" in excinfo.value.message
    assert instalments(cast.grant)[0].due_on == date(2027, 4, 2)


def test_only_managers_adjust(cast):
    with pytest.raises(Refused):
        adjust_instalments(cast.finance_officer, cast.grant, rows(cast.grant))


# --- Release conditions --------------------------------------------------------------------


def a_return(cast, number=1, state=MonitoringReturn.State.NOT_STARTED):
    return MonitoringReturn.objects.create(
        grant=cast.grant,
        number=number,
        period_starts_on=date(2027, 4, 1),
        period_ends_on=date(2027, 6, 30),
        due_on=date(2027, 7, 31),
        state=state,
    )


def test_a_condition_on_a_return_is_met_when_the_return_is_accepted(cast):
    instalment = instalments(cast.grant)[1]
    report = a_return(cast)

    add_release_condition(
        cast.manager, instalment, kind=Kind.RETURN_ACCEPTED, monitoring_return=report
    )

    assert "Monitoring return 1 has not been accepted." in unmet_conditions(instalment)
    MonitoringReturn.objects.filter(pk=report.pk).update(state=MonitoringReturn.State.ACCEPTED)
    assert "Monitoring return 1 has not been accepted." not in unmet_conditions(instalment)
    event = AuditEvent.objects.get(action="grants.release_condition_added")
    assert event.after["instalment"] == 2 and event.after["monitoring_return_id"] == report.pk


def test_a_return_condition_needs_a_return_of_this_grant(cast):
    instalment = instalments(cast.grant)[0]
    other = offered_grant(title="Other")
    report = MonitoringReturn.objects.create(
        grant=other.grant,
        number=1,
        period_starts_on=date(2027, 4, 1),
        period_ends_on=date(2027, 6, 30),
        due_on=date(2027, 7, 31),
    )
    for chosen in (None, report):
        with pytest.raises(DomainError) as excinfo:
            add_release_condition(
                cast.manager, instalment, kind=Kind.RETURN_ACCEPTED, monitoring_return=chosen
            )
        assert excinfo.value.field == "monitoring_return"


def test_a_free_text_condition_needs_saying_and_is_confirmed_with_evidence(cast):
    instalment = instalments(cast.grant)[0]
    with pytest.raises(DomainError) as excinfo:
        add_release_condition(cast.manager, instalment, kind=Kind.CONFIRMED, description=" ")
    assert excinfo.value.field == "description"
    condition = add_release_condition(
        cast.manager, instalment, kind=Kind.CONFIRMED, description="Project board appointed"
    )
    assert "Not yet confirmed: Project board appointed." in unmet_conditions(instalment)

    with pytest.raises(DomainError) as excinfo:
        confirm_condition(cast.manager, condition, evidence="")
    assert excinfo.value.field == "evidence"
    with pytest.raises(Refused):
        confirm_condition(cast.finance_officer, condition, evidence="Minutes")
    confirm_condition(cast.second_manager, condition, evidence="Board minutes of 3 May")

    condition.refresh_from_db()
    assert condition.confirmed_by == cast.second_manager and condition.confirmed_at
    assert condition.evidence == "Board minutes of 3 May"
    assert "Not yet confirmed: Project board appointed." not in unmet_conditions(instalment)
    event = AuditEvent.objects.get(action="grants.release_condition_confirmed")
    assert event.after["evidence"] == "Board minutes of 3 May"
    with pytest.raises(Refused) as excinfo:
        confirm_condition(cast.manager, condition, evidence="Again")
    assert "already been confirmed" in excinfo.value.reason


def test_conditions_met_by_records_are_not_confirmed_by_a_person(cast):
    condition = instalments(cast.grant)[0].conditions.get()

    with pytest.raises(Refused) as excinfo:
        confirm_condition(cast.manager, condition, evidence="I say so")
    assert "met by the record it names" in excinfo.value.reason


def test_one_evaluation_plan_or_offer_condition_per_instalment(cast):
    instalment = instalments(cast.grant)[0]
    add_release_condition(cast.manager, instalment, kind=Kind.EVALUATION_PLAN)

    for kind in (Kind.EVALUATION_PLAN, Kind.OFFER_ACCEPTED):
        with pytest.raises(DomainError) as excinfo:
            add_release_condition(cast.manager, instalment, kind=kind)
        assert excinfo.value.field == "kind"


def test_conditions_are_removed_but_not_once_the_instalment_has_money(cast):
    first, second, *_ = instalments(cast.grant)
    remove_release_condition(cast.manager, first.conditions.get())
    assert not first.conditions.exists()
    assert (
        AuditEvent.objects.get(action="grants.release_condition_removed").before["instalment"] == 1
    )

    paid(cast, second, state=Payment.State.REQUESTED)
    with pytest.raises(Refused) as excinfo:
        remove_release_condition(cast.manager, second.conditions.get())
    assert "Instalment 2 has money requested, approved or paid" in excinfo.value.reason
    with pytest.raises(Refused):
        add_release_condition(cast.manager, second, kind=Kind.EVALUATION_PLAN)


@pytest.mark.parametrize("who", ["finance_officer", "assessor", "officer"])
def test_only_managers_set_conditions(cast, who):
    instalment = instalments(cast.grant)[0]
    with pytest.raises(Refused):
        add_release_condition(getattr(cast, who), instalment, kind=Kind.EVALUATION_PLAN)
    with pytest.raises(Refused):
        remove_release_condition(getattr(cast, who), instalment.conditions.get())
