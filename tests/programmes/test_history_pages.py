"""The History pages of a programme and a round, from the outside: who sees them, and that a
change made through the service shows who made it, when, and the values before and after."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.core.audit import record, snapshot
from innovation_fund.core.dates import format_datetime
from innovation_fund.core.models import AuditEvent
from innovation_fund.programmes.models import ProgrammeRole
from innovation_fund.programmes.services import focus_areas as focus_areas_services
from innovation_fund.programmes.services import programmes as programmes_services
from innovation_fund.programmes.services import rounds as rounds_services
from tests.factories import (
    OpenRoundFactory,
    OutcomeFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    UserFactory,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory(budget_pence=20_000_000_00)


@pytest.fixture
def manager(programme):
    return ProgrammeRoleFactory(programme=programme, user=UserFactory(full_name="Pat Manager")).user


@pytest.fixture
def funding_round(programme):
    return OpenRoundFactory(programme=programme, name="Round Four", slug="round-four", number=4)


def programme_url(programme):
    return reverse("programmes:history", args=[programme.pk])


def round_url(funding_round):
    return reverse("programmes:round_history", args=[funding_round.pk])


def outsiders(programme):
    other_programme = ProgrammeFactory(name="Another programme", slug="another")
    return {
        "manager of another programme": ProgrammeRoleFactory(programme=other_programme).user,
        "assessor": ProgrammeRoleFactory(
            programme=programme, role=ProgrammeRole.Role.ASSESSOR
        ).user,
        "nobody in particular": UserFactory(),
    }


def test_a_programme_change_shows_who_what_when_before_and_after(client, programme, manager):
    programmes_services.update_programme(manager, programme, {"budget_pence": 25_000_000_00})
    event = AuditEvent.objects.get(action="programme.updated")

    page = sign_in(client, manager).get(programme_url(programme)).content.decode()

    assert '<h1 class="govuk-heading-l">History</h1>' in page
    assert "Programme updated" in page
    assert "Pat Manager" in page
    assert format_datetime(event.occurred_at) in page
    assert "£20,000,000" in page
    assert "£25,000,000" in page


def test_a_round_change_and_a_removed_focus_area_are_in_the_rounds_history(
    client, manager, funding_round
):
    rounds_services.update_round(
        manager, funding_round, {"budget_pence": 4_000_000_00}, expected_version=1
    )
    area = focus_areas_services.add_focus_area(manager, funding_round, {"name": "Early help"})
    focus_areas_services.remove_focus_area(manager, area)

    response = sign_in(client, manager).get(round_url(funding_round))
    page = response.content.decode()

    assert response.status_code == 200
    assert "Round updated" in page
    assert "£10,000,000" in page  # the envelope before
    assert "£4,000,000" in page  # and after
    assert "Focus area added: Early help" in page
    assert "Focus area removed: Early help" in page
    assert page.index("Focus area removed") < page.index("Round updated")  # newest first


def test_team_and_outcome_framework_changes_are_in_the_programmes_history(
    client, programme, manager
):
    # Recorded as a team or framework service would, against the role or outcome itself; the
    # role then removed, as taking someone off the team does.
    role = ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.ASSESSOR)
    outcome = OutcomeFactory(programme=programme, name="Fewer children in care")
    with transaction.atomic():
        record(actor=manager, action="team.role_given", target=role, after=snapshot(role))
        record(actor=manager, action="outcome.reworded", target=outcome, after={"name": "Fewer"})
        record(actor=manager, action="team.role_removed", target=role, before=snapshot(role))
        role.delete()
    elsewhere = ProgrammeRoleFactory(programme=ProgrammeFactory(name="Elsewhere", slug="elsewhere"))
    with transaction.atomic():
        record(actor=manager, action="team.role_given", target=elsewhere, after=snapshot(elsewhere))

    page = sign_in(client, manager).get(programme_url(programme)).content.decode()

    assert "Team: role given" in page
    assert "Team: role removed" in page
    assert "Outcome: reworded: Fewer children in care" in page
    assert "Assessor" in page
    assert "Elsewhere" not in page


def test_the_management_pages_link_to_their_history(client, programme, manager, funding_round):
    sign_in(client, manager)
    programme_page = client.get(reverse("programmes:detail", args=[programme.pk]))
    round_page = client.get(reverse("programmes:round_detail", args=[funding_round.pk]))

    assert f'href="{programme_url(programme)}"' in programme_page.content.decode()
    assert f'href="{round_url(funding_round)}"' in round_page.content.decode()


def test_the_history_pages_link_back(client, programme, manager, funding_round):
    sign_in(client, manager)
    programme_page = client.get(programme_url(programme)).content.decode()
    round_page = client.get(round_url(funding_round)).content.decode()

    assert (
        f'href="{reverse("programmes:detail", args=[programme.pk])}" class="govuk-back-link"'
        in (programme_page)
    )
    assert (
        f'href="{reverse("programmes:round_detail", args=[funding_round.pk])}" '
        'class="govuk-back-link"'
    ) in round_page


@pytest.mark.parametrize(
    "who", ["manager of another programme", "assessor", "nobody in particular"]
)
def test_anyone_but_the_programmes_managers_gets_404(client, programme, funding_round, who):
    sign_in(client, outsiders(programme)[who])

    assert client.get(programme_url(programme)).status_code == 404
    assert client.get(round_url(funding_round)).status_code == 404


def test_someone_not_signed_in_is_asked_to_sign_in(client, programme, funding_round):
    for url in (programme_url(programme), round_url(funding_round)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_pages_make_a_fixed_number_of_queries(client, programme, manager, funding_round):
    sign_in(client, manager)
    programmes_services.update_programme(manager, programme, {"summary": "First"})
    rounds_services.update_round(manager, funding_round, {"summary": "One"}, expected_version=1)
    few = (
        query_count(client, programme_url(programme)),
        query_count(client, round_url(funding_round)),
    )

    colleague = ProgrammeRoleFactory(programme=programme).user
    for number in range(12):
        person = manager if number % 2 else colleague
        programmes_services.update_programme(person, programme, {"summary": f"Take {number}"})
        rounds_services.update_round(
            person, funding_round, {"summary": f"Take {number}"}, expected_version=number + 2
        )
        focus_areas_services.add_focus_area(person, funding_round, {"name": f"Area {number}"})
    many = (
        query_count(client, programme_url(programme)),
        query_count(client, round_url(funding_round)),
    )

    assert many == few
