"""Managing innovations and adoptions: each change checked, made and audited in one go."""

from datetime import date

import pytest

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.innovations.models import Adoption
from innovation_fund.spread import services
from innovation_fund.spread.services import InnovationDetails
from tests.factories import (
    InnovationFactory,
    LocalAuthorityFactory,
    ProjectFactory,
    UserFactory,
)

from .builders import details, manager

pytestmark = pytest.mark.django_db


def audit(action):
    return list(AuditEvent.objects.filter(action=action))


def test_a_manager_adds_and_changes_an_innovation_each_audited():
    person = manager()
    project = ProjectFactory()
    innovation = services.create_innovation(
        person,
        InnovationDetails(
            name=" Family Safeguarding ", description="Whole-family", origin_project=project
        ),
    )
    assert innovation.slug == "family-safeguarding"
    assert innovation.origin_project == project
    [created] = audit("innovation.created")
    assert created.actor == person and created.after["name"] == "Family Safeguarding"

    services.edit_innovation(
        person, innovation, InnovationDetails(name="Family Safeguarding Model")
    )
    innovation.refresh_from_db()
    assert innovation.name == "Family Safeguarding Model"
    assert innovation.slug == "family-safeguarding"  # its address stays
    [updated] = audit("innovation.updated")
    assert updated.before["name"] == "Family Safeguarding"
    assert updated.after["origin_project_id"] is None


def test_a_name_is_needed():
    with pytest.raises(DomainError) as error:
        services.create_innovation(manager(), InnovationDetails(name="  "))
    assert error.value.field == "name"


def test_recording_an_adoption_sets_its_year_from_the_date_and_audits_it():
    person = manager()
    innovation, authority = InnovationFactory(), LocalAuthorityFactory()
    adoption = services.record_adoption(person, innovation, details(authority, on=date(2019, 9, 1)))
    adoption.refresh_from_db()
    assert (adoption.adopted_on, adoption.year) == (date(2019, 9, 1), 2019)
    assert adoption.route == Adoption.Route.OWN and adoption.project is None
    assert adoption.recorded_by == person and adoption.recorded_at
    [event] = audit("adoption.recorded")
    assert event.after["adopted_on"] == "2019-09-01" and event.after["year"] == 2019


def test_through_a_grant_names_the_project_and_on_its_own_names_none():
    person = manager()
    innovation, authority, project = InnovationFactory(), LocalAuthorityFactory(), ProjectFactory()
    with pytest.raises(DomainError) as error:
        services.record_adoption(
            person, innovation, details(authority, route=Adoption.Route.GRANT, project=None)
        )
    assert error.value.field == "project"
    assert not Adoption.objects.exists() and not audit("adoption.recorded")

    own = services.record_adoption(
        person, innovation, details(authority, route=Adoption.Route.OWN, project=project)
    )
    assert own.project is None  # on its own: no project, whatever was selected
    through = services.record_adoption(
        person, innovation, details(authority, route=Adoption.Route.GRANT, project=project)
    )
    assert through.project == project


def test_the_same_adoption_twice_is_refused_and_a_future_date_too():
    person = manager()
    innovation, authority = InnovationFactory(), LocalAuthorityFactory()
    services.record_adoption(person, innovation, details(authority))
    with pytest.raises(DomainError) as error:
        services.record_adoption(person, innovation, details(authority, on=date(2020, 1, 1)))
    assert error.value.field == "authority"
    with pytest.raises(DomainError) as error:
        services.record_adoption(
            person, innovation, details(LocalAuthorityFactory(), on=date(2999, 1, 1))
        )
    assert error.value.field == "adopted_on"


def test_changing_and_removing_an_adoption_are_audited():
    person = manager()
    innovation, authority = InnovationFactory(), LocalAuthorityFactory()
    adoption = services.record_adoption(person, innovation, details(authority))
    services.change_adoption(person, adoption, details(authority, on=date(2018, 4, 1)))
    adoption.refresh_from_db()
    assert adoption.year == 2018
    [changed] = audit("adoption.changed")
    assert changed.before == {"adopted_on": "2019-09-01", "year": 2019}
    assert changed.after == {"adopted_on": "2018-04-01", "year": 2018}

    services.remove_adoption(person, adoption)
    assert not Adoption.objects.exists()
    [removed] = audit("adoption.removed")
    assert removed.before["authority_id"] == authority.pk


def test_only_a_programme_manager_may_manage():
    someone = UserFactory()
    with pytest.raises(Refused):
        services.create_innovation(someone, InnovationDetails(name="Mockingbird"))
    with pytest.raises(Refused):
        services.record_adoption(someone, InnovationFactory(), details(LocalAuthorityFactory()))
    assert not AuditEvent.objects.exists()
