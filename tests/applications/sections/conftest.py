"""Fixtures the section tests share: a draft bid and editors of its lead organisation."""

import pytest

from innovation_fund.organisations.models import MemberRole
from tests.factories import ApplicationFactory, MembershipFactory


@pytest.fixture
def bid():
    return ApplicationFactory()


@pytest.fixture
def editor(bid):
    return MembershipFactory(organisation=bid.lead_organisation, role=MemberRole.EDITOR).user


@pytest.fixture
def other_editor(bid):
    return MembershipFactory(organisation=bid.lead_organisation, role=MemberRole.EDITOR).user
