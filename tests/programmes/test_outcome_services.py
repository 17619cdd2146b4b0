"""The outcome framework's services: who may change it, and a used outcome keeps its meaning."""

from datetime import timedelta

import pytest
from django.utils import timezone

from innovation_fund.applications.models import ApplicationOutcome
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.programmes.models import Outcome
from innovation_fund.programmes.services import outcomes as services
from tests.factories import (
    ApplicationFactory,
    OpenRoundFactory,
    OutcomeFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Fewer children entering care",
    "definition": "Children who start to be looked after",
    "measure": "Children starting to be looked after in the year, from the SSDA903 return",
    "unit": "children per 10,000",
    "direction": "lower",
}


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def manager(programme):
    return ProgrammeRoleFactory(programme=programme).user


@pytest.fixture
def outcome(programme):
    return OutcomeFactory(
        programme=programme,
        name="Days in care",
        definition="Time looked after",
        measure="Days looked after in the year",
        unit="days",
        direction=Outcome.Direction.LOWER,
    )


def use(outcome):
    bid = ApplicationFactory(round=OpenRoundFactory(programme=outcome.programme))
    return ApplicationOutcome.objects.create(
        application=bid, outcome=outcome, measure="m", baseline="b", target="t"
    )


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_a_manager_adds_an_outcome_at_the_end_of_the_framework(manager, programme, outcome):
    before = timezone.now()
    added = services.add_outcome(manager, programme, NEW)
    assert added.position == outcome.position + 1
    assert added.slug == "fewer-children-entering-care"
    assert added.direction == Outcome.Direction.LOWER
    assert added.added_at >= before and added.retired_at is None
    (event,) = events("outcome.added")
    assert event.actor == manager
    assert event.after["measure"] == NEW["measure"]


@pytest.mark.parametrize(
    "person",
    [
        lambda programme: UserFactory(),
        lambda programme: ProgrammeRoleFactory(programme=ProgrammeFactory(slug="other")).user,
        lambda programme: ProgrammeRoleFactory(programme=programme, role="assessor").user,
    ],
    ids=["anyone", "another programme's manager", "an assessor of this programme"],
)
def test_only_the_programmes_managers_may_change_its_framework(person, programme, outcome):
    someone = person(programme)
    for change in [
        lambda: services.add_outcome(someone, programme, NEW),
        lambda: services.edit_outcome(someone, outcome, {"name": "Renamed"}),
        lambda: services.retire_outcome(someone, outcome),
        lambda: services.delete_outcome(someone, outcome),
    ]:
        with pytest.raises(Refused):
            change()
    outcome.refresh_from_db()
    assert (outcome.name, outcome.retired_at) == ("Days in care", None)
    assert Outcome.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_every_missing_answer_is_refused_at_its_field(manager, programme):
    with pytest.raises(DomainErrors) as refused:
        services.add_outcome(manager, programme, {"name": " "})
    fields = {error.field for error in refused.value.errors}
    assert fields == {"name", "definition", "measure", "direction"}
    assert not Outcome.objects.exists()


def test_two_outcomes_cannot_share_a_name(manager, programme, outcome):
    with pytest.raises(DomainError) as refused:
        services.add_outcome(manager, programme, {**NEW, "name": "DAYS IN CARE"})
    assert refused.value.field == "name"


def test_typos_in_a_used_outcome_may_always_be_mended(manager, outcome):
    use(outcome)
    services.edit_outcome(
        manager, outcome, {"name": "Days in care ", "definition": "Time spent looked after"}
    )
    outcome.refresh_from_db()
    assert outcome.definition == "Time spent looked after"
    (event,) = events("outcome.updated")
    assert event.before == {"definition": "Time looked after"}
    assert event.after == {"definition": "Time spent looked after"}


@pytest.mark.parametrize(
    "change", [{"measure": "Nights away from home"}, {"unit": "weeks"}, {"direction": "higher"}]
)
def test_a_used_outcome_never_changes_in_meaning(manager, outcome, change):
    use(outcome)
    data = {"name": outcome.name, "definition": outcome.definition, **change}
    with pytest.raises(Refused) as refused:
        services.edit_outcome(manager, outcome, data)
    assert refused.value.field == next(iter(change))
    assert "Retire it" in refused.value.message
    outcome.refresh_from_db()
    assert (outcome.measure, outcome.unit, outcome.direction) == (
        "Days looked after in the year",
        "days",
        "lower",
    )
    assert not events("outcome.updated")


def test_an_unused_outcomes_meaning_may_change(manager, outcome):
    services.edit_outcome(
        manager,
        outcome,
        {"name": outcome.name, "definition": outcome.definition, "measure": "Nights", "unit": ""},
    )
    outcome.refresh_from_db()
    assert (outcome.measure, outcome.unit) == ("Nights", "")


def test_mending_never_blanks_what_has_words(manager, outcome):
    with pytest.raises(DomainError) as refused:
        services.edit_outcome(manager, outcome, {"name": outcome.name, "definition": ""})
    assert refused.value.field == "definition"


def test_retiring_takes_it_out_from_now_and_is_audited(manager, outcome):
    services.retire_outcome(manager, outcome)
    outcome.refresh_from_db()
    assert outcome.retired_at is not None
    (event,) = events("outcome.retired")
    assert event.before == {"retired_at": None}
    assert event.after["retired_at"] == outcome.retired_at.isoformat()
    with pytest.raises(Refused):
        services.retire_outcome(manager, outcome)


def test_a_retirement_is_undone_until_a_round_opens_without_it(manager, programme, outcome):
    services.retire_outcome(manager, outcome)
    services.reinstate_outcome(manager, outcome)
    outcome.refresh_from_db()
    assert outcome.retired_at is None
    assert len(events("outcome.reinstated")) == 1

    services.retire_outcome(manager, outcome)
    RoundFactory(programme=programme, name="Round Nine", opens_at=timezone.now())
    with pytest.raises(Refused) as refused:
        services.reinstate_outcome(manager, outcome)
    assert "Round Nine has opened since" in refused.value.message
    outcome.refresh_from_db()
    assert outcome.retired_at is not None


def test_a_round_opening_later_does_not_stop_a_reinstatement(manager, programme, outcome):
    services.retire_outcome(manager, outcome)
    RoundFactory(programme=programme, opens_at=timezone.now() + timedelta(days=3))
    services.reinstate_outcome(manager, outcome)
    outcome.refresh_from_db()
    assert outcome.retired_at is None


def test_an_unused_outcome_may_be_deleted(manager, outcome):
    services.delete_outcome(manager, outcome)
    assert not Outcome.objects.filter(pk=outcome.pk).exists()
    (event,) = events("outcome.deleted")
    assert event.before["name"] == "Days in care"


def test_a_used_outcome_is_never_deleted_and_retiring_is_offered(manager, outcome):
    use(outcome)
    with pytest.raises(Refused) as refused:
        services.delete_outcome(manager, outcome)
    assert "Retire it instead" in refused.value.message
    assert Outcome.objects.filter(pk=outcome.pk).exists()
    assert not events("outcome.deleted")
