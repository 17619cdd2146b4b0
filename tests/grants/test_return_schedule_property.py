"""Property: whatever the programme does to a round's return schedule, while the grantee starts
returns and the grant is extended, the grant's returns cover it from its first day to its last
with no gap and no overlap, and a return once started keeps its period and due date."""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from innovation_fund.grants.models import Grant, MonitoringReturn
from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.grants.services.return_answers import save_progress
from innovation_fund.grants.services.returns import add_months, ensure_returns, set_return_schedule
from tests.grants.builders import offered_grant

pytestmark = pytest.mark.django_db

State = MonitoringReturn.State
STEPS = st.one_of(
    st.tuples(st.just("schedule"), st.sampled_from([1, 3, 6, 12]), st.integers(1, 90)),
    st.tuples(st.just("start"), st.integers(0, 30), st.just(0)),
    st.tuples(st.just("extend"), st.integers(1, 14), st.just(0)),
)


def assert_the_returns_cover_the_grant(grant: Grant, started: dict) -> None:
    grant.refresh_from_db()
    returns = list(MonitoringReturn.objects.filter(grant=grant).order_by("number"))
    assert [r.number for r in returns] == list(range(1, len(returns) + 1))
    assert returns[0].period_starts_on == grant.starts_on
    assert returns[-1].period_ends_on == grant.ends_on
    for earlier, later in zip(returns, returns[1:], strict=False):
        assert later.period_starts_on == earlier.period_ends_on + timedelta(days=1), later
    for report in returns:
        assert report.period_starts_on <= report.period_ends_on < report.due_on
        if report.pk in started:
            assert (report.period_starts_on, report.period_ends_on, report.due_on) == started[
                report.pk
            ]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEPS, min_size=1, max_size=8))
def test_no_schedule_change_leaves_a_gap_or_moves_a_started_return(steps):
    cast = offered_grant()
    set_return_schedule(cast.manager, cast.round, every_months=3, due_days_after_period=30)
    accept_offer(cast.officer, cast.grant, accepts_conditions=True)
    started: dict[int, tuple] = {}
    for action, first, second in steps:
        if action == "schedule":
            set_return_schedule(
                cast.manager, cast.round, every_months=first, due_days_after_period=second
            )
        elif action == "start":
            waiting = list(
                MonitoringReturn.objects.filter(grant=cast.grant, state=State.NOT_STARTED)
            )
            if not waiting:
                continue
            report = waiting[first % len(waiting)]
            event("a later return started first" if report.number > 1 else "return 1 started")
            save_progress(
                cast.member, report, expected_version=report.version, progress="x", risks=""
            )
            started[report.pk] = (report.period_starts_on, report.period_ends_on, report.due_on)
        else:
            grant = Grant.objects.get(pk=cast.grant.pk)
            Grant.objects.filter(pk=grant.pk).update(ends_on=add_months(grant.ends_on, first))
            ensure_returns(grant)
        assert_the_returns_cover_the_grant(cast.grant, started)
