"""Rounds at each point of their lifecycle, for tests of the round lifecycle."""

from datetime import date, timedelta

from django.utils import timezone

from innovation_fund.programmes.models import ProgrammeRole, Round
from tests.factories import (
    CriterionFactory,
    FocusAreaFactory,
    OpenRoundFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
)


def lifecycle_programme(slug: str = "lifecycle-programme", **fields):
    """A programme whose period spans the rounds these tests make."""
    values = {
        "name": "Lifecycle Programme",
        "starts_on": date(2020, 4, 1),
        "ends_on": date(2040, 3, 31),
        "budget_pence": 100_000_000_00,
        **fields,
    }
    return ProgrammeFactory(slug=slug, **values)


def ready_round(programme=None, **fields) -> Round:
    """A draft round that meets every guard on publishing: it opens in a week, closes in five,
    has a focus area, criteria weighing 60 + 40 and an envelope."""
    now = timezone.now()
    values = {
        "state": Round.State.DRAFT,
        "opens_at": now + timedelta(days=7),
        "closes_at": now + timedelta(days=35),
        **fields,
    }
    funding_round = OpenRoundFactory(programme=programme or lifecycle_programme(), **values)
    FocusAreaFactory(round=funding_round, name="Adolescents")
    CriterionFactory(round=funding_round, name="Impact", weight=60, position=1)
    CriterionFactory(round=funding_round, name="Value for money", weight=40, position=2)
    return funding_round


def manager_of(programme):
    return ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.PROGRAMME_MANAGER).user
