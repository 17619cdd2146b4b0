"""Pieces every programme service uses: collecting problems, the manager check, slugs."""

from datetime import UTC, datetime

from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.permissions import Refused
from innovation_fund.core.slugs import unique_slug

from ..models import Programme
from ..policies import may_manage_programme


class Problems:
    """Collects every problem before refusing, so a page can show them all."""

    def __init__(self):
        self.errors: list[DomainError] = []

    def add(self, message: str, field: str | None = None) -> None:
        self.errors.append(DomainError(message, field=field))

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)


def must_manage(user, programme: Programme) -> None:
    if not may_manage_programme(user, programme):
        raise Refused("Only the programme's managers may change it")


def unique_slug_among(name: str, taken: set[str]) -> str:
    return unique_slug(name, taken, fallback="item", max_length=90)


def whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def in_utc(values: dict) -> dict:
    """Times as UTC, so one moment given in London time is not taken for a change."""
    return {
        key: value.astimezone(UTC) if isinstance(value, datetime) else value
        for key, value in values.items()
    }
