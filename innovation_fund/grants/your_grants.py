"""What the grantee's "Your grants" page shows for each of their grants: the offer (and whether
it waits for an answer, by when), its conditions, the payment schedule, the payments received,
and the monitoring returns due and overdue. A fixed number of queries however many grants,
instalments, payments and returns there are."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from .models import Grant, Letter, MonitoringReturn, Payment
from .money import Money, money_by_grant
from .schedule_selectors import Schedule, schedules_of

# A return still to be sent in: not yet submitted, or sent back for changes.
RETURN_STATES_DUE = (
    MonitoringReturn.State.NOT_STARTED,
    MonitoringReturn.State.IN_PROGRESS,
    MonitoringReturn.State.CHANGES_REQUESTED,
)


@dataclass(frozen=True)
class ReturnDue:
    monitoring_return: MonitoringReturn
    overdue: bool


@dataclass(frozen=True)
class GrantOverview:
    grant: Grant
    schedule: Schedule
    money: Money
    offer_letter: Letter | None
    payments_received: list[Payment] = field(default_factory=list)
    returns_due: list[ReturnDue] = field(default_factory=list)

    @property
    def waits_for_answer(self) -> bool:
        return self.grant.state == Grant.State.OFFERED

    @property
    def overdue_returns(self) -> int:
        return sum(1 for due in self.returns_due if due.overdue)


def overviews_of(grants: list[Grant], *, today: date) -> list[GrantOverview]:
    ids = [grant.pk for grant in grants]
    schedules = schedules_of(grants)
    money = money_by_grant(ids)
    received: dict[int, list[Payment]] = defaultdict(list)
    for payment in (
        Payment.objects.filter(grant_id__in=ids, state=Payment.State.PAID)
        .select_related("instalment")
        .order_by("paid_on", "id")
    ):
        received[payment.grant_id].append(payment)
    returns: dict[int, list[ReturnDue]] = defaultdict(list)
    for report in MonitoringReturn.objects.filter(
        grant_id__in=ids, state__in=RETURN_STATES_DUE
    ).order_by("due_on", "number"):
        returns[report.grant_id].append(ReturnDue(report, overdue=report.due_on < today))
    letters = {
        letter.decision_id: letter
        for letter in Letter.objects.filter(
            decision_id__in=[grant.decision_id for grant in grants if grant.decision_id],
            kind=Letter.Kind.OFFER,
        )
        .select_related("application")
        .order_by("created_at")
    }
    return [
        GrantOverview(
            grant=grant,
            schedule=schedules[grant.pk],
            money=money.get(grant.pk, Money()),
            offer_letter=letters.get(grant.decision_id),
            payments_received=received[grant.pk],
            returns_due=returns[grant.pk],
        )
        for grant in grants
    ]
