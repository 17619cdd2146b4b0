"""An accepted grant whose first instalments are due, for the payment tests: the clock is set to
15 July 2027, when the quarterly instalments of 1 April and 1 July 2027 are due (or, for the tests
that need many payments, to 15 March 2029, when all eight are)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from innovation_fund.grants.services import payments
from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.programmes.models import ProgrammeRole
from tests.assessment.builders import assessed_round
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory
from tests.grants.builders import GrantCast, offered_grant

WHEN_TWO_ARE_DUE = datetime(2027, 7, 15, 10, 0, tzinfo=ZoneInfo("Europe/London"))
WHEN_ALL_ARE_DUE = datetime(2029, 3, 15, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def travel(when: datetime = WHEN_TWO_ARE_DUE):
    return time_machine.travel(when, tick=False)


def accepted_grant(funding_round=None) -> GrantCast:
    cast = offered_grant(funding_round)
    accept_offer(cast.officer, cast.grant, accepts_conditions=True)
    cast.grant.refresh_from_db()
    return cast


def also_finance_officer(cast: GrantCast):
    """The first manager holds the finance officer role too (so separation of duties, not the
    role, is what stops them approving their own request)."""
    ProgrammeRoleFactory(
        programme=cast.round.programme, user=cast.manager, role=ProgrammeRole.Role.FINANCE_OFFICER
    )
    return cast.manager


def approved_payments(cast: GrantCast, count: int) -> list:
    """The first `count` instalments requested by the manager and approved by a finance officer
    (the clock must be where they are due)."""
    made = []
    for instalment in cast.grant.instalments.order_by("number")[:count]:
        payment = payments.request_payment(cast.manager, instalment)
        made.append(payments.approve_payment(cast.finance_officer, payment))
    return made


def another_programmes_grant() -> GrantCast:
    """An accepted grant, with its own cast, in a programme of its own."""
    return accepted_grant(
        assessed_round(
            budget_pence=1_000_000_00,
            programme=ProgrammeFactory(slug="another-programme", name="Another programme"),
        )
    )
