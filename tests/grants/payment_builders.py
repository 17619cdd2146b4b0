"""An accepted grant whose first instalments are due, for the payment tests: the clock is set to
15 July 2027, when the quarterly instalments of 1 April and 1 July 2027 are due."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from innovation_fund.grants.services.offers import accept_offer
from innovation_fund.programmes.models import ProgrammeRole
from tests.factories import ProgrammeRoleFactory
from tests.grants.builders import GrantCast, offered_grant

WHEN_TWO_ARE_DUE = datetime(2027, 7, 15, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def travel():
    return time_machine.travel(WHEN_TWO_ARE_DUE, tick=False)


def accepted_grant() -> GrantCast:
    cast = offered_grant()
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
