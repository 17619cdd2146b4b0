"""The organisation pages, from the outside: who gets what, and nothing typed is lost."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.organisations import services
from innovation_fund.organisations.middleware import SESSION_KEY
from innovation_fund.organisations.models import MemberRole, Membership, Organisation
from tests.factories import (
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers import act_for, sign_in, tables_outside_scroll_regions

from .conftest import organisation_data

pytestmark = pytest.mark.django_db

MEMBER_PAGES = ["profile", "members", "edit", "leave"]
OFFICER_PAGES = ["invite"]


def form_post(**overrides) -> dict:
    data = {key: ("" if value is None else value) for key, value in organisation_data().items()}
    data.update(overrides)
    return data


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Who may see what ---------------------------------------------------------------------


@pytest.mark.parametrize("page", MEMBER_PAGES + OFFICER_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_non_member_gets_404_from_another_organisations_pages(
    client, organisation, officer, outsider, page, method
):
    sign_in(client, outsider)
    response = getattr(client, method)(reverse(f"organisations:{page}", args=[organisation.slug]))
    assert response.status_code == 404
    organisation.refresh_from_db()
    assert organisation.memberships.count() == 1


@pytest.mark.parametrize("page", ["change_role", "remove_member"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_non_member_gets_404_from_member_management_pages(
    client, organisation, officer, editor, outsider, page, method
):
    sign_in(client, outsider)
    target = Membership.objects.get(user=editor)
    response = getattr(client, method)(
        reverse(f"organisations:{page}", args=[organisation.slug, target.pk]),
        {"role": "accountable_officer"},
    )
    assert response.status_code == 404
    assert Membership.objects.get(user=editor).role == MemberRole.EDITOR


@pytest.mark.parametrize("page", ["change_role", "remove_member"])
def test_an_editor_gets_404_from_member_management(client, organisation, officer, editor, page):
    sign_in(client, editor)
    target = Membership.objects.get(user=officer)
    url = reverse(f"organisations:{page}", args=[organisation.slug, target.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"role": "editor"}).status_code == 404
    assert client.get(reverse("organisations:invite", args=[organisation.slug])).status_code == 404


def test_a_member_of_another_organisation_cannot_reach_members_through_their_own(
    client, organisation, officer, editor, outsider
):
    """Their own slug with another organisation's membership number is still 404."""
    sign_in(client, outsider)
    own = Membership.objects.get(user=outsider).organisation
    target = Membership.objects.get(user=editor)
    url = reverse("organisations:remove_member", args=[own.slug, target.pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_signed_out_people_are_sent_to_sign_in(client, organisation, page):
    response = client.get(reverse(f"organisations:{page}", args=[organisation.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_members_can_open_their_organisations_pages(client, organisation, editor, officer, page):
    sign_in(client, editor)
    response = client.get(reverse(f"organisations:{page}", args=[organisation.slug]))
    assert response.status_code == 200
    assert page_text(response).count("<h1") == 1


# --- Your organisations, and acting for one ---------------------------------------------------


def test_the_list_shows_your_organisations_and_lets_you_choose_one(client, officer, organisation):
    other = MembershipFactory(user=officer, organisation=OrganisationFactory(name="Zeta Group"))
    sign_in(client, officer)
    response = client.get(reverse("organisations:list"))
    text = page_text(response)
    assert "Which organisation are you acting for?" in text
    assert "Kind Hearts Trust" in text and "Zeta Group" in text
    assert reverse("organisations:register") in text

    response = client.post(reverse("organisations:list"), {"organisation": other.organisation_id})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == other.organisation_id
    assert "You are now acting for Zeta Group" in page_text(client.get(response["Location"]))


def test_you_cannot_choose_to_act_for_an_organisation_you_do_not_belong_to(
    client, officer, organisation
):
    MembershipFactory(user=officer)
    stranger = OrganisationFactory()
    sign_in(client, officer)
    response = client.post(reverse("organisations:list"), {"organisation": stranger.pk})
    assert response.status_code == 200
    assert "Select one of your organisations" in page_text(response)
    assert SESSION_KEY not in client.session


def test_choosing_can_send_you_back_where_you_were(client, officer, organisation):
    MembershipFactory(user=officer)
    sign_in(client, officer)
    response = client.post(
        reverse("organisations:list"),
        {"organisation": organisation.pk, "next": "/funding-rounds/"},
    )
    assert response["Location"] == "/funding-rounds/"
    response = client.post(
        reverse("organisations:list"),
        {"organisation": organisation.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("organisations:list")


def test_someone_with_no_organisation_is_told_how_to_join_one(client):
    sign_in(client, UserFactory())
    text = page_text(client.get(reverse("organisations:list")))
    assert "You are not a member of any organisation yet" in text
    assert "ask its accountable officer to invite you" in text


# --- Registering ------------------------------------------------------------------------------


def test_registering_makes_you_its_accountable_officer_and_acting_for_it(client):
    user = UserFactory()
    sign_in(client, user)
    response = client.post(reverse("organisations:register"), form_post())
    organisation = Organisation.objects.get()
    assert response["Location"] == reverse("organisations:profile", args=[organisation.slug])
    assert client.session[SESSION_KEY] == organisation.pk
    assert Membership.objects.get(user=user).role == MemberRole.ACCOUNTABLE_OFFICER
    text = page_text(client.get(response["Location"]))
    assert "GB-CHC-1000147" in text
    assert "You registered Bright Futures" in text


def test_a_bad_form_keeps_what_was_typed(client):
    sign_in(client, UserFactory())
    response = client.post(
        reverse("organisations:register"),
        form_post(
            name="Bright & Early",
            charity_number="12 34",
            company_number="whatever was here",
            address_line_2="Unit 4",
            postcode="not a postcode",
        ),
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "<title>Error:" in text
    assert "There is a problem" in text
    assert "Enter a charity number of 6 or 7 digits, like 1000147" in text
    assert "Enter a full UK postcode, like SW1A 2AA" in text
    for typed in [
        'value="Bright &amp; Early"',
        'value="12 34"',
        'value="Unit 4"',
        'value="1 High Street"',
        'value="Leeds"',
        'value="not a postcode"',
        'value="whatever was here"',
    ]:
        assert typed in text
    assert 'value="charity" checked' in text
    assert Organisation.objects.count() == 0


def test_only_the_identifier_the_type_needs_is_checked(client):
    sign_in(client, UserFactory())
    response = client.post(
        reverse("organisations:register"),
        form_post(organisation_type="university", charity_number="nonsense", postcode="ls11aa"),
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.org_id == "360G-cscip-org-bright-futures"
    assert organisation.charity_number == ""
    assert organisation.postcode == "LS1 1AA"


def test_a_duplicate_identifier_is_shown_at_its_field(client, organisation, officer):
    organisation.org_id, organisation.charity_number = "GB-CHC-1000147", "1000147"
    organisation.save()
    sign_in(client, UserFactory())
    response = client.post(reverse("organisations:register"), form_post())
    text = page_text(response)
    assert 'href="#id_charity_number"' in text
    assert "Ask its accountable officer to invite you to join it" in text
    assert "officer@example.org" not in text


def test_local_authorities_choose_from_the_authorities_that_exist_today(client):
    current = LocalAuthorityFactory(gss_code="E10000015", name="Hertfordshire")
    LocalAuthorityFactory(name="Gone Shire", valid_to=date(2020, 3, 31))
    sign_in(client, UserFactory())
    text = page_text(client.get(reverse("organisations:register")))
    assert "Hertfordshire" in text
    assert "Gone Shire" not in text

    response = client.post(
        reverse("organisations:register"),
        form_post(organisation_type="local_authority", authority=current.pk, charity_number=""),
    )
    assert response.status_code == 302
    assert Organisation.objects.get().org_id == "GB-LAE-HRT"


def test_a_local_authority_without_its_authority_is_asked_for_it(client):
    sign_in(client, UserFactory())
    response = client.post(
        reverse("organisations:register"), form_post(organisation_type="local_authority")
    )
    assert "Select the local authority" in page_text(response)


# --- Profile and editing ------------------------------------------------------------------


def test_the_profile_has_change_links_and_the_org_id(client, organisation, editor):
    organisation.org_id = "GB-CHC-1000147"
    organisation.charity_number = "1000147"
    organisation.save()
    sign_in(client, editor)
    text = page_text(client.get(reverse("organisations:profile", args=[organisation.slug])))
    edit_url = reverse("organisations:edit", args=[organisation.slug])
    assert f'href="{edit_url}#id_name"' in text
    assert f'href="{edit_url}#id_charity_number"' in text
    assert "GB-CHC-1000147" in text


def test_editing_saves_and_a_bad_edit_keeps_what_was_typed(client, organisation, editor):
    sign_in(client, editor)
    url = reverse("organisations:edit", args=[organisation.slug])
    response = client.post(url, form_post(version=1, name="", town="Harrogate"))
    text = page_text(response)
    assert "Enter the organisation&#x27;s name" in text
    assert 'value="Harrogate"' in text

    response = client.post(url, form_post(version=1, name="New Name"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("New Name", 2)


def test_a_concurrent_edit_shows_both_versions_and_loses_nothing(
    client, organisation, editor, officer
):
    sign_in(client, editor)
    url = reverse("organisations:edit", args=[organisation.slug])
    services.update_organisation(
        officer, organisation, organisation_data(name="Their Name"), expected_version=1
    )
    response = client.post(url, form_post(version=1, name="My Name"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Someone else changed these details" in text
    assert "Their Name" in text  # what they saved
    assert 'value="My Name"' in text  # what I typed
    assert 'name="version" value="2"' in text
    organisation.refresh_from_db()
    assert organisation.name == "Their Name"

    # Saving again, having seen theirs, is deliberate.
    response = client.post(url, form_post(version=2, name="My Name"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("My Name", 3)


# --- Members and invitations --------------------------------------------------------------


def test_officers_see_the_invite_form_and_editors_do_not(client, organisation, officer, editor):
    url = reverse("organisations:members", args=[organisation.slug])
    sign_in(client, officer)
    text = page_text(client.get(url))
    assert "Invite someone" in text and "editor@example.org" in text and "Change role" in text
    client.logout()
    sign_in(client, editor)
    text = page_text(client.get(url))
    assert "officer@example.org" in text
    assert "Invite someone" not in text and "Change role" not in text


def test_an_invitation_from_the_page_to_joining(
    client, organisation, officer, outbox, django_capture_on_commit_callbacks
):
    sign_in(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:invite", args=[organisation.slug]),
            {"email": "newcomer@example.org", "role": "editor"},
        )
    assert response.status_code == 302
    _email, _subject, body = outbox[0]
    link = re.search(r"http://127\.0\.0\.1:8000(/organisations/invitations/\S+/)", body).group(1)

    newcomer = UserFactory(email="newcomer@example.org")
    client.logout()
    sign_in(client, newcomer)
    text = page_text(client.get(link))
    assert "Join Kind Hearts Trust" in text
    assert "Olu Officer has invited you" in text
    response = client.post(link)
    assert response["Location"] == reverse("organisations:profile", args=[organisation.slug])
    assert Membership.objects.get(user=newcomer).role == MemberRole.EDITOR
    assert client.session[SESSION_KEY] == organisation.pk


def test_the_wrong_person_opening_an_invitation_is_told_why_they_cannot_use_it(
    client, organisation, officer, outsider
):
    invitation = services.invite_member(officer, organisation, "someone@example.org", "editor")
    sign_in(client, outsider)
    url = reverse("organisations:accept_invitation", args=[invitation.token])
    for response in (client.get(url), client.post(url)):
        text = page_text(response)
        assert "sent to a different email address" in text
        assert "someone@example.org" not in text
    assert not Membership.objects.filter(user=outsider, organisation=organisation).exists()


def test_an_unknown_invitation_link_is_404_with_an_explanation(client):
    sign_in(client, UserFactory())
    response = client.get(reverse("organisations:accept_invitation", args=["nonsense"]))
    assert response.status_code == 404
    assert "This invitation link is not valid" in page_text(response)


def test_an_invitation_needs_sign_in_first(client, organisation, officer):
    invitation = services.invite_member(officer, organisation, "someone@example.org", "editor")
    url = reverse("organisations:accept_invitation", args=[invitation.token])
    response = client.get(url)
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_a_bad_invitation_keeps_what_was_typed(client, organisation, officer):
    sign_in(client, officer)
    response = client.post(
        reverse("organisations:invite", args=[organisation.slug]),
        {"email": "not-an-email"},
    )
    text = page_text(response)
    assert 'value="not-an-email"' in text
    assert "Enter an email address in the correct format" in text
    assert "Select a role" in text


def test_changing_a_role_and_removing_a_member(client, organisation, officer, editor):
    sign_in(client, officer)
    membership = Membership.objects.get(user=editor)
    response = client.post(
        reverse("organisations:change_role", args=[organisation.slug, membership.pk]),
        {"role": "accountable_officer"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == MemberRole.ACCOUNTABLE_OFFICER

    url = reverse("organisations:remove_member", args=[organisation.slug, membership.pk])
    assert "Remove Eda Editor from Kind Hearts Trust?" in page_text(client.get(url))
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_officer_is_told_they_cannot_demote_themselves(client, organisation, officer):
    sign_in(client, officer)
    membership = Membership.objects.get(user=officer)
    response = client.post(
        reverse("organisations:change_role", args=[organisation.slug, membership.pk]),
        {"role": "editor"},
    )
    assert response.status_code == 200
    assert "You are the only accountable officer" in page_text(response)


# --- Leaving ------------------------------------------------------------------------------


def test_the_last_accountable_officer_is_told_they_cannot_leave(client, organisation, officer):
    sign_in(client, officer)
    url = reverse("organisations:leave", args=[organisation.slug])
    text = page_text(client.get(url))
    assert "You cannot leave Kind Hearts Trust" in text
    assert "<button" not in text.split("<main")[1]
    response = client.post(url)
    assert "only accountable officer" in page_text(response)
    assert Membership.objects.filter(user=officer).exists()


def test_an_editor_leaves_after_confirming(client, organisation, officer, editor):
    sign_in(client, editor)
    act_for(client, organisation)
    url = reverse("organisations:leave", args=[organisation.slug])
    assert "Are you sure you want to leave Kind Hearts Trust?" in page_text(client.get(url))
    response = client.post(url)
    assert response["Location"] == reverse("organisations:list")
    assert not Membership.objects.filter(user=editor).exists()
    assert SESSION_KEY not in client.session
    assert client.get(reverse("organisations:profile", args=[organisation.slug])).status_code == 404


# --- Query counts -------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_list_makes_the_same_number_of_queries_however_many_organisations(client):
    user = UserFactory()
    MembershipFactory(user=user)
    sign_in(client, user)
    one = count_queries(client, reverse("organisations:list"))
    for _ in range(6):
        MembershipFactory(user=user)
    assert count_queries(client, reverse("organisations:list")) == one


def test_the_members_page_makes_the_same_number_of_queries_however_many_members(
    client, organisation, officer
):
    url = reverse("organisations:members", args=[organisation.slug])
    sign_in(client, officer)
    services.invite_member(officer, organisation, "a@example.org", "editor")
    few = count_queries(client, url)
    for number in range(6):
        MembershipFactory(organisation=organisation)
        services.invite_member(officer, organisation, f"b{number}@example.org", "editor")
    assert count_queries(client, url) == few


def test_a_registration_typed_after_the_session_ended_is_shown_back_after_signing_in(client):
    response = client.post(reverse("organisations:register"), form_post())
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(client, UserFactory())  # keeps the session, as signing in by link does
    page = client.get(reverse("organisations:register")).content.decode()
    assert 'value="Bright Futures"' in page
    assert not Organisation.objects.filter(name="Bright Futures").exists()


def test_edits_typed_after_the_session_ended_are_shown_back(client, organisation, officer):
    url = reverse("organisations:edit", args=[organisation.slug])
    typed = {"name": "A new name", "version": str(organisation.version)}
    assert client.post(url, typed)["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(client, officer)
    assert 'value="A new name"' in client.get(url).content.decode()
    organisation.refresh_from_db()
    assert organisation.name != "A new name"


def test_a_role_chosen_after_the_session_ended_is_shown_back(client, organisation, officer, editor):
    membership = Membership.objects.get(user=editor)
    url = reverse("organisations:change_role", args=[organisation.slug, membership.pk])
    assert client.post(url, {"role": "accountable_officer"})["Location"].startswith(
        reverse("accounts:sign_in")
    )
    sign_in(client, officer)
    page = page_text(client.get(url))
    assert re.search(r'value="accountable_officer"[^>]*checked', page)
    assert not re.search(r'value="editor"[^>]*checked', page)
    membership.refresh_from_db()
    assert membership.role == MemberRole.EDITOR


def test_an_invitation_typed_after_the_session_ended_is_shown_back(client, organisation, officer):
    url = reverse("organisations:invite", args=[organisation.slug])
    typed = {"email": "new.person@example.org", "role": "editor"}
    assert client.post(url, typed)["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(client, officer)
    page = page_text(client.get(url))
    assert 'value="new.person@example.org"' in page
    assert re.search(r'value="editor"[^>]*checked', page)
    assert not organisation.invitations.exists()


def test_the_organisation_tables_scroll_in_their_own_region_at_narrow_widths(
    client, organisation, officer
):
    services.invite_member(officer, organisation, "waiting@example.org", MemberRole.EDITOR)
    sign_in(client, officer)
    for url in (
        reverse("organisations:list"),
        reverse("organisations:members", args=[organisation.slug]),
    ):
        html = page_text(client.get(url))
        assert "<table" in html
        assert tables_outside_scroll_regions(html) == []
