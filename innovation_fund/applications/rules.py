"""Rules about rounds that bids depend on: is it open now, who may lead a bid in it."""

from datetime import datetime

from innovation_fund.core.dates import format_datetime
from innovation_fund.core.errors import DomainError
from innovation_fund.organisations.models import Organisation, OrganisationType
from innovation_fund.programmes.models import Round
from innovation_fund.programmes.selectors import is_open as round_is_open


def is_open(round: Round, moment: datetime) -> bool:
    """Open from its opening time up to, but not including, its closing time (one rule, kept
    with the rounds: programmes.selectors.is_open)."""
    return round_is_open(round, moment)


def check_open(round: Round, moment: datetime, *, doing: str) -> None:
    if is_open(round, moment):
        return
    if round.opens_at and moment < round.opens_at:
        raise DomainError(
            f"You cannot {doing} yet: {round.name} opens at {format_datetime(round.opens_at)}."
        )
    if round.closes_at and moment >= round.closes_at:
        raise DomainError(
            f"You cannot {doing}: {round.name} closed at {format_datetime(round.closes_at)}."
        )
    raise DomainError(f"You cannot {doing}: {round.name} is not open for bids.")


def eligible_types_text(round: Round) -> str:
    labels = [OrganisationType(value).label.lower() for value in round.eligible_organisation_types]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def check_may_lead(round: Round, organisation: Organisation) -> None:
    """Only the round's eligible organisation types may lead a bid."""
    if organisation.organisation_type not in round.eligible_organisation_types:
        raise DomainError(
            f"{organisation.name} cannot lead a bid in {round.name}: only a "
            f"{eligible_types_text(round)} may lead one."
        )
