"""Chasing returns: 7 days before, on the day, then weekly while overdue; never twice a day."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command

from innovation_fund.grants.models import MonitoringReturn, ReturnReminder
from innovation_fund.grants.reminders import reminder_due, send_due_reminders
from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.grants.services.return_answers import save_return, submit_return
from innovation_fund.grants.services.returns import set_return_schedule
from tests.grants.builders import offered_grant

pytestmark = pytest.mark.django_db
DUE = date(2027, 7, 30)  # the first quarterly return, 30 days after 30 June 2027


@pytest.fixture
def cast():
    cast = offered_grant()
    set_return_schedule(cast.manager, cast.round, every_months=3, due_days_after_period=30)
    accept_offer(cast.officer, cast.grant, accepts_conditions=True)
    return cast


def reminders_to(outbox, email):
    return [
        sent for sent in outbox if sent[0].to == email and sent[0].template == "return_reminder"
    ]


@pytest.mark.parametrize(
    ("days_after_due", "kind"),
    [
        (-8, None),
        (-7, "before"),
        (-1, None),
        (0, "due"),
        (3, None),
        (7, "overdue"),
        (14, "overdue"),
        (15, None),
    ],
)
def test_which_reminder_is_due_on_which_day(days_after_due, kind):
    assert reminder_due(DUE, DUE + timedelta(days=days_after_due)) == kind


def test_a_second_run_on_the_same_day_sends_nothing_more(
    cast, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(DUE) == 1
        assert send_due_reminders(DUE) == 0
    assert len(reminders_to(outbox, cast.officer.email)) == 1
    assert len(reminders_to(outbox, cast.member.email)) == 1
    assert ReturnReminder.objects.get().kind == ReturnReminder.Kind.DUE


def test_submitted_returns_are_not_chased(cast):
    report = MonitoringReturn.objects.get(grant=cast.grant, number=1)
    save_return(
        cast.officer,
        report,
        expected_version=1,
        progress="p",
        risks="r",
        spend={},
        measures={},
        claims={},
    )
    submit_return(cast.officer, report, declaration=True)
    assert send_due_reminders(DUE + timedelta(days=7)) == 0


def test_the_daily_command_sends_the_overdue_reminder(
    cast, outbox, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(DUE + timedelta(days=14)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_return_reminders", stdout=io.StringIO())
    ((email, subject, body),) = reminders_to(outbox, cast.officer.email)
    assert "Overdue" in subject
    assert "14 days overdue" in body


def test_before_due_and_weekly_overdue_over_five_weeks(
    cast, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for offset in range(-10, 30):
            send_due_reminders(DUE + timedelta(days=offset))
    sent = ReturnReminder.objects.filter(monitoring_return__number=1).order_by("sent_on")
    assert [(r.sent_on, r.kind) for r in sent] == [
        (DUE - timedelta(days=7), "before"),
        (DUE, "due"),
        (DUE + timedelta(days=7), "overdue"),
        (DUE + timedelta(days=14), "overdue"),
        (DUE + timedelta(days=21), "overdue"),
        (DUE + timedelta(days=28), "overdue"),
    ]
    assert sent[0].sent_to == sorted([cast.officer.email, cast.member.email])
    subjects = [subject for _e, subject, _b in reminders_to(outbox, cast.member.email)]
    assert len(subjects) == 6
    assert subjects[0].startswith("Due in 7 days") and subjects[1].startswith("Due today")


def test_returns_of_a_grant_not_live_are_not_chased(cast):
    MonitoringReturn.objects.filter(grant=cast.grant).update(due_on=DUE)
    type(cast.grant).objects.filter(pk=cast.grant.pk).update(state="handed_back")
    assert send_due_reminders(DUE) == 0


def test_the_task_goes_by_the_date_in_london(cast, outbox, django_capture_on_commit_callbacks):
    # 23:30 in UTC on the 29th is half past midnight on the 30th, the due date, in London.
    half_past_midnight_in_london = datetime(2027, 7, 29, 23, 30, tzinfo=UTC)
    with (
        time_machine.travel(half_past_midnight_in_london, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_return_reminders", stdout=io.StringIO())
    ((_email, subject, _body),) = reminders_to(outbox, cast.officer.email)
    assert subject.startswith("Due today")
    assert ReturnReminder.objects.get().sent_on == DUE
