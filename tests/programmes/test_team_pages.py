"""The team pages from the outside: only the programme's managers get in (404 for anyone else),
inviting keeps what was typed when it is wrong, and the invitation link signs people in."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innovation_fund.accounts.models import User
from innovation_fund.programmes.models import ProgrammeInvitation, ProgrammeRole
from innovation_fund.programmes.services import team
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory, UserFactory
from tests.helpers import sign_in, tables_outside_scroll_regions, way_back_links

pytestmark = pytest.mark.django_db
Role = ProgrammeRole.Role


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Programme Eight", slug="programme-eight")


@pytest.fixture
def manager(programme):
    return ProgrammeRoleFactory(programme=programme, user__full_name="Mo Manager").user


@pytest.fixture
def assessor_role(programme):
    return ProgrammeRoleFactory(programme=programme, role=Role.ASSESSOR)


@pytest.fixture
def invitation(programme, manager):
    return team.invite(manager, programme, "pending@example.org", [Role.MODERATOR]).invitation


@pytest.fixture
def pages(programme, assessor_role, invitation):
    return [
        reverse("programmes:team", args=[programme.pk]),
        reverse("programmes:team_invite", args=[programme.pk]),
        reverse("programmes:team_remove_role", args=[programme.pk, assessor_role.pk]),
        reverse("programmes:team_withdraw_invitation", args=[programme.pk, invitation.pk]),
    ]


def test_the_programmes_manager_opens_every_team_page_with_a_way_back(client, manager, pages):
    sign_in(client, manager)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert way_back_links(response.content.decode()), url


def test_another_programmes_manager_gets_404(client, pages):
    outsider = ProgrammeRoleFactory(programme=ProgrammeFactory(slug="elsewhere")).user
    sign_in(client, outsider)
    for url in pages:
        assert client.get(url).status_code == 404, url
        assert (
            client.post(url, {"email": "x@example.org", "roles": ["assessor"]}).status_code == 404
        )


def test_an_assessor_of_this_programme_gets_404(client, assessor_role, pages):
    sign_in(client, assessor_role.user)
    for url in pages:
        assert client.get(url).status_code == 404, url
    assert ProgrammeRole.objects.filter(pk=assessor_role.pk).exists()


def test_anyone_not_signed_in_is_sent_to_sign_in(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))


def test_the_team_page_shows_roles_since_when_by_whom_and_pending_invitations(
    client, programme, manager, assessor_role, invitation
):
    sign_in(client, manager)
    html = client.get(reverse("programmes:team", args=[programme.pk])).content.decode()
    assert assessor_role.user.full_name in html and "Assessor" in html
    assert "pending@example.org" in html and "Moderator or panel member" in html
    # The only manager has no remove link, and the page says why.
    assert "only manager" in html
    assert reverse("programmes:team_remove_role", args=[programme.pk, assessor_role.pk]) in html
    detail = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert reverse("programmes:team", args=[programme.pk]) in detail


def test_bad_input_keeps_what_was_typed_with_an_error_summary(client, programme, manager):
    sign_in(client, manager)
    url = reverse("programmes:team_invite", args=[programme.pk])
    response = client.post(url, {"email": "not-an-email", "roles": ["assessor", "evaluator"]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and 'href="#id_email"' in html
    assert 'value="not-an-email"' in html
    assert re.search(r'value="assessor" checked', html) and re.search(
        r'value="evaluator" checked', html
    )
    response = client.post(url, {"email": "someone@example.org"})
    html = response.content.decode()
    assert "Choose at least one role" in html and 'value="someone@example.org"' in html
    assert not ProgrammeInvitation.objects.exists()


def test_inviting_from_the_page_sends_the_invitation(
    client, programme, manager, outbox, django_capture_on_commit_callbacks
):
    sign_in(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:team_invite", args=[programme.pk]),
            {"email": "fin@example.org", "roles": ["finance_officer"]},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == reverse("programmes:team", args=[programme.pk])
    assert ProgrammeInvitation.objects.get().roles == ["finance_officer"]
    assert [email.to for email, _s, _b in outbox] == ["fin@example.org"]


def test_refusing_to_remove_the_last_manager_from_the_page(client, programme, manager):
    sign_in(client, manager)
    role = ProgrammeRole.objects.get(user=manager)
    url = reverse("programmes:team_remove_role", args=[programme.pk, role.pk])
    assert "only manager" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert ProgrammeRole.objects.filter(pk=role.pk).exists()


def test_removing_a_role_and_withdrawing_an_invitation_from_the_page(
    client, programme, manager, assessor_role, invitation
):
    sign_in(client, manager)
    client.post(reverse("programmes:team_remove_role", args=[programme.pk, assessor_role.pk]))
    assert not ProgrammeRole.objects.filter(pk=assessor_role.pk).exists()
    client.post(reverse("programmes:team_withdraw_invitation", args=[programme.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.withdrawn_by == manager


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_opening_the_link_does_not_accept_it_and_the_button_signs_a_new_person_in(
    client, programme, manager, outbox
):
    path = path_of(team.invite(manager, programme, "newcomer@example.org", [Role.ASSESSOR]).link)
    page = client.get(path)
    assert page.status_code == 200 and "Accept the invitation" in page.content.decode()
    assert not User.objects.filter(email="newcomer@example.org").exists()
    response = client.post(path)
    # A new person is asked for their name, as signing in does.
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:name"))
    newcomer = User.objects.get(email="newcomer@example.org")
    assert int(client.session["_auth_user_id"]) == newcomer.pk
    assert ProgrammeRole.objects.filter(user=newcomer, role=Role.ASSESSOR).exists()


def test_an_existing_person_goes_straight_to_their_account(client, programme, manager, outbox):
    known = UserFactory(email="known@example.org")
    sent = team.invite(manager, programme, "known@example.org", [Role.EVALUATOR])
    response = client.post(path_of(sent.link))
    assert response.url == reverse("accounts:home")
    assert int(client.session["_auth_user_id"]) == known.pk


@pytest.mark.parametrize("problem", ["accepted", "withdrawn", "expired", "unknown"])
def test_a_link_that_cannot_be_used_says_so_and_what_to_do(
    client, programme, manager, outbox, problem
):
    result = team.invite(manager, programme, "x@example.org", [Role.ASSESSOR])
    path = path_of(result.link)
    if problem == "accepted":
        client.post(path)
        client.logout()
    elif problem == "withdrawn":
        team.withdraw_invitation(manager, result.invitation)
    elif problem == "expired":
        ProgrammeInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    else:
        path = reverse("accept_invitation", args=["not-a-real-token"])
    for response in (client.get(path), client.post(path)):
        html = response.content.decode()
        assert response.status_code in (404, 410)
        assert "You cannot use this invitation" in html
        assert "invite you again" in html or "sign in" in html
    assert ProgrammeRole.objects.filter(user__email="x@example.org").count() == (
        1 if problem == "accepted" else 0
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_team_page_makes_a_fixed_number_of_queries_and_tables_scroll_in_their_own_box(
    client, programme, manager
):
    sign_in(client, manager)
    url = reverse("programmes:team", args=[programme.pk])
    ProgrammeRoleFactory(programme=programme, role=Role.ASSESSOR)
    team.invite(manager, programme, "one@example.org", [Role.ASSESSOR])
    few = queries_for(client, url)
    for number in range(6):
        ProgrammeRoleFactory(programme=programme, role=Role.EVALUATOR)
        ProgrammeRoleFactory(programme=programme, role=Role.PROGRAMME_MANAGER)
        team.invite(manager, programme, f"more{number}@example.org", [Role.MODERATOR])
    assert queries_for(client, url) == few
    assert tables_outside_scroll_regions(client.get(url).content.decode()) == []
