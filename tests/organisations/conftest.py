import pytest

from innovation_fund.organisations.models import MemberRole
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Kind Hearts Trust", slug="kind-hearts")


@pytest.fixture
def officer(organisation):
    return MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="officer@example.org", full_name="Olu Officer"),
        role=MemberRole.ACCOUNTABLE_OFFICER,
    ).user


@pytest.fixture
def editor(organisation):
    return MembershipFactory(
        organisation=organisation,
        user=UserFactory(email="editor@example.org", full_name="Eda Editor"),
        role=MemberRole.EDITOR,
    ).user


@pytest.fixture
def outsider(db):
    """A signed-up person who belongs to another organisation, not this one."""
    return MembershipFactory(
        user=UserFactory(email="outsider@example.org", full_name="Otto Outsider"),
        role=MemberRole.ACCOUNTABLE_OFFICER,
    ).user


def organisation_data(**overrides) -> dict:
    data = {
        "name": "Bright Futures",
        "organisation_type": "charity",
        "authority": None,
        "charity_number": "1000147",
        "company_number": "",
        "address_line_1": "1 High Street",
        "address_line_2": "",
        "town": "Leeds",
        "postcode": "LS1 1AA",
    }
    data.update(overrides)
    return data
