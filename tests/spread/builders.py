"""Small builders for the spread tests."""

from datetime import date

from innovation_fund.innovations.models import Adoption
from innovation_fund.spread.services import AdoptionDetails
from tests.factories import ProgrammeRoleFactory, UserFactory


def manager():
    return ProgrammeRoleFactory(user=UserFactory()).user


def details(authority, *, on=date(2019, 9, 1), route=Adoption.Route.OWN, project=None, **kwargs):
    return AdoptionDetails(
        authority=authority,
        adopted_on=on,
        route=route,
        project=project,
        source_url=kwargs.get("source_url", "https://www.example.org/news"),
        source_quote=kwargs.get("source_quote", "The council took up the model in 2019."),
    )
