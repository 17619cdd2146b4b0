"""The account page links each person to the work their roles give them, and to nothing else."""

import pytest
from django.urls import reverse

from innovation_fund.programmes.models import ProgrammeRole
from tests.factories import OpenRoundFactory, ProgrammeRoleFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
Role = ProgrammeRole.Role


def account_page(client, user) -> str:
    sign_in(client, user)
    return client.get(reverse("accounts:home")).content.decode()


@pytest.fixture
def funding_round():
    return OpenRoundFactory()


def test_an_assessor_is_linked_to_their_assessments_and_conflicts(client, funding_round):
    role = ProgrammeRoleFactory(programme=funding_round.programme, role=Role.ASSESSOR)
    page = account_page(client, role.user)
    assert reverse("assessment:my_assessments") in page
    assert reverse("assessment:conflicts") in page
    assert reverse("assessment:round", args=[funding_round.pk]) not in page
    assert reverse("assessment:moderation", args=[funding_round.pk]) not in page


def test_a_moderator_is_linked_to_each_rounds_moderation_and_ranking(client, funding_round):
    role = ProgrammeRoleFactory(programme=funding_round.programme, role=Role.MODERATOR)
    page = account_page(client, role.user)
    assert reverse("assessment:moderation", args=[funding_round.pk]) in page
    assert reverse("assessment:ranking", args=[funding_round.pk]) in page
    assert reverse("assessment:budget", args=[funding_round.programme_id]) not in page


def test_a_manager_is_linked_to_assessing_each_round_and_the_budget(client, funding_round):
    role = ProgrammeRoleFactory(programme=funding_round.programme, role=Role.PROGRAMME_MANAGER)
    page = account_page(client, role.user)
    assert reverse("assessment:round", args=[funding_round.pk]) in page
    assert reverse("assessment:budget", args=[funding_round.programme_id]) in page
    assert "Bids assigned to you to assess" not in page


def test_someone_with_no_programme_role_sees_none_of_it(client, funding_round):
    page = account_page(client, UserFactory())
    assert "Running programmes" not in page
    assert "Bids assigned to you to assess" not in page


@pytest.mark.parametrize(
    ("role", "linked"), [(Role.PROGRAMME_MANAGER, True), (Role.ASSESSOR, False)]
)
def test_only_someone_who_may_import_is_linked_to_other_funders_files(
    client, funding_round, role, linked
):
    person = ProgrammeRoleFactory(programme=funding_round.programme, role=role).user
    page = account_page(client, person)
    assert (reverse("otherfunders:files") in page) is linked
