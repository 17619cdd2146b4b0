"""Each rule about organisations, members and invitations, tried from the service layer."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from innovation_fund.core.errors import DomainError
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.tokens import token_sha256
from innovation_fund.organisations import services
from innovation_fund.organisations.middleware import SESSION_KEY
from innovation_fund.organisations.models import (
    Invitation,
    MemberRole,
    Membership,
    Organisation,
    OrganisationType,
)
from tests.factories import (
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

from .conftest import organisation_data

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


# --- Registering ---------------------------------------------------------------------------


def test_registering_makes_the_creator_its_accountable_officer():
    user = UserFactory()
    organisation = services.create_organisation(user, organisation_data())
    assert organisation.org_id == "GB-CHC-1000147"
    assert organisation.slug == "bright-futures"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (user, MemberRole.ACCOUNTABLE_OFFICER)
    assert actions() == ["organisation.create", "membership.create"]


def test_an_organisation_without_an_official_identifier_gets_an_internal_id():
    organisation = services.create_organisation(
        UserFactory(), organisation_data(organisation_type="university", charity_number="")
    )
    assert organisation.org_id == "360G-cscip-org-bright-futures"


def test_a_local_authority_is_tied_to_its_place():
    hertfordshire = LocalAuthorityFactory(gss_code="E10000015", name="Hertfordshire")
    organisation = services.create_organisation(
        UserFactory(),
        organisation_data(
            name="Hertfordshire County Council",
            organisation_type="local_authority",
            authority=hertfordshire,
        ),
    )
    assert organisation.org_id == "GB-LAE-HRT"
    assert organisation.authority == hertfordshire
    assert organisation.charity_number == ""


def test_a_duplicate_org_id_is_refused_and_points_to_the_accountable_officer():
    first = services.create_organisation(UserFactory(), organisation_data())
    with pytest.raises(DomainError) as caught:
        services.create_organisation(UserFactory(), organisation_data(name="Another name"))
    assert caught.value.field == "charity_number"
    assert caught.value.message == (
        "An organisation with charity number 1000147 is already registered. "
        "Ask its accountable officer to invite you to join it"
    )
    # Nobody is named, and nothing was created.
    officer_email = first.memberships.get().user.email
    assert officer_email not in caught.value.message
    assert Organisation.objects.count() == 1


def test_a_duplicate_of_an_unmanaged_record_says_to_contact_the_programme_team():
    OrganisationFactory(org_id="GB-COH-01234567", organisation_type="company")
    with pytest.raises(DomainError, match="nobody manages it yet. Contact the programme team"):
        services.create_organisation(
            UserFactory(),
            organisation_data(organisation_type="company", company_number="01234567"),
        )


def test_a_second_organisation_for_the_same_authority_is_refused_even_without_a_register_code():
    new_council = LocalAuthorityFactory(gss_code="E06000060", name="Buckinghamshire")
    data = organisation_data(organisation_type="local_authority", authority=new_council)
    first = services.create_organisation(UserFactory(), data)
    assert first.org_id.startswith("360G-cscip-org-")
    with pytest.raises(DomainError, match="An organisation for Buckinghamshire is already"):
        services.create_organisation(UserFactory(), data)


def test_a_bad_identifier_is_refused_by_the_service_too():
    with pytest.raises(DomainError) as caught:
        services.create_organisation(UserFactory(), organisation_data(charity_number="12"))
    assert caught.value.field == "charity_number"
    assert Organisation.objects.count() == 0


def test_slugs_are_unique_and_avoid_the_pages_addresses():
    user = UserFactory()
    first = services.create_organisation(
        user, organisation_data(name="Register", organisation_type="other", charity_number="")
    )
    second = services.create_organisation(
        user, organisation_data(name="Register", organisation_type="other", charity_number="")
    )
    assert first.slug == "register-2"
    assert second.slug == "register-3"


# --- Editing: concurrent changes are never lost silently ------------------------------------


def test_updating_changes_the_profile_and_bumps_the_version(organisation, officer):
    updated = services.update_organisation(
        officer, organisation, organisation_data(name="Kind Hearts"), expected_version=1
    )
    assert (updated.name, updated.version, updated.org_id) == ("Kind Hearts", 2, "GB-CHC-1000147")
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.before["name"] == "Kind Hearts Trust"
    assert event.after["name"] == "Kind Hearts"


def test_a_concurrent_change_is_refused_and_shows_what_the_other_person_saved(
    organisation, officer, editor
):
    services.update_organisation(
        editor, organisation, organisation_data(name="Saved first"), expected_version=1
    )
    with pytest.raises(services.ConcurrentEditError) as caught:
        services.update_organisation(
            officer, organisation, organisation_data(name="Saved second"), expected_version=1
        )
    assert "Someone else changed these details" in caught.value.message
    assert caught.value.current.name == "Saved first"
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("Saved first", 2)


def test_changing_to_another_organisations_identifier_is_refused(organisation, officer):
    OrganisationFactory(org_id="GB-CHC-216250")
    MembershipFactory(
        organisation=Organisation.objects.get(org_id="GB-CHC-216250"),
        role=MemberRole.ACCOUNTABLE_OFFICER,
    )
    with pytest.raises(DomainError, match="already registered"):
        services.update_organisation(
            officer, organisation, organisation_data(charity_number="216250"), expected_version=1
        )


def test_keeping_your_own_identifier_is_not_a_duplicate(organisation, officer):
    services.update_organisation(officer, organisation, organisation_data(), expected_version=1)
    services.update_organisation(
        officer, organisation, organisation_data(town="York"), expected_version=2
    )


def test_a_non_member_cannot_update(organisation, officer, outsider):
    with pytest.raises(DomainError):
        services.update_organisation(outsider, organisation, organisation_data(), 1)


# --- Invitations ---------------------------------------------------------------------------


def invitation_link(outbox) -> str:
    (_email, _subject, body) = outbox[-1]
    return re.search(r"https?://\S+/organisations/invitations/\S+/", body).group(0)


def test_inviting_emails_a_link_and_keeps_only_the_tokens_hash(
    organisation, officer, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(
            officer, organisation, " New.Person@Example.org ", MemberRole.EDITOR
        )
    assert invitation.email == "new.person@example.org"
    assert invitation.token not in invitation.token_sha256
    assert invitation.token_sha256 == token_sha256(invitation.token)
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    email, subject, body = outbox[0]
    assert email.to == "new.person@example.org"
    assert subject == "You have been invited to join Kind Hearts Trust"
    assert "Olu Officer has invited you" in body
    assert invitation_link(outbox).endswith(f"/organisations/invitations/{invitation.token}/")
    assert invitation_link(outbox).startswith("http://127.0.0.1:8000/")


def test_no_email_is_sent_if_the_invitation_is_rolled_back(
    organisation, officer, outbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.invite_member(officer, organisation, "a@example.org", MemberRole.EDITOR)
        raise RuntimeError
    assert outbox == []


def test_only_accountable_officers_invite(organisation, editor):
    with pytest.raises(DomainError, match="Only an accountable officer"):
        services.invite_member(editor, organisation, "a@example.org", MemberRole.EDITOR)


def test_inviting_an_existing_member_is_refused(organisation, officer, editor):
    with pytest.raises(DomainError, match="already a member") as caught:
        services.invite_member(officer, organisation, "EDITOR@example.org", MemberRole.EDITOR)
    assert caught.value.field == "email"


def test_accepting_makes_the_person_a_member_in_the_role_they_were_invited_to(
    organisation, officer
):
    invitation = services.invite_member(
        officer, organisation, "new@example.org", MemberRole.ACCOUNTABLE_OFFICER
    )
    person = UserFactory(email="new@example.org")
    membership = services.accept_invitation(person, invitation.token)
    assert (membership.organisation, membership.role) == (
        organisation,
        MemberRole.ACCOUNTABLE_OFFICER,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    assert "invitation.accept" in actions()


def test_the_invited_address_matches_whatever_its_case(organisation, officer):
    invitation = services.invite_member(
        officer, organisation, "Mixed.Case@Example.org", MemberRole.EDITOR
    )
    person = UserFactory(email="mixed.case@example.org")
    assert services.accept_invitation(person, invitation.token).user == person


def test_someone_else_cannot_accept_an_invitation(organisation, officer):
    invitation = services.invite_member(officer, organisation, "new@example.org", "editor")
    with pytest.raises(DomainError, match="sent to a different email address"):
        services.accept_invitation(UserFactory(email="other@example.org"), invitation.token)
    assert not Membership.objects.filter(user__email="other@example.org").exists()


def test_an_expired_invitation_cannot_be_accepted(organisation, officer):
    invitation = services.invite_member(officer, organisation, "new@example.org", "editor")
    person = UserFactory(email="new@example.org")
    with (
        time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)),
        pytest.raises(DomainError, match="This invitation expired at"),
    ):
        services.accept_invitation(person, invitation.token)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        services.accept_invitation(person, invitation.token)


def test_an_invitation_can_be_used_once(organisation, officer):
    invitation = services.invite_member(officer, organisation, "new@example.org", "editor")
    person = UserFactory(email="new@example.org")
    services.accept_invitation(person, invitation.token)
    with pytest.raises(DomainError, match="You have already accepted"):
        services.accept_invitation(person, invitation.token)


def test_an_unknown_token_is_refused():
    with pytest.raises(DomainError, match="This invitation link is not valid"):
        services.accept_invitation(UserFactory(), "made-up")


def test_inviting_again_replaces_the_older_link(organisation, officer):
    first = services.invite_member(officer, organisation, "new@example.org", "editor")
    second = services.invite_member(officer, organisation, "new@example.org", "editor")
    person = UserFactory(email="new@example.org")
    with pytest.raises(DomainError, match="expired"):
        services.accept_invitation(person, first.token)
    services.accept_invitation(person, second.token)
    assert Invitation.objects.count() == 2


def test_accepting_needs_someone_signed_in(organisation, officer):
    from django.contrib.auth.models import AnonymousUser

    invitation = services.invite_member(officer, organisation, "new@example.org", "editor")
    with pytest.raises(DomainError, match="Sign in"):
        services.accept_invitation(AnonymousUser(), invitation.token)


# --- Roles, leaving and removing: there is always an accountable officer --------------------


def test_the_last_accountable_officer_cannot_leave(organisation, officer, editor):
    with pytest.raises(DomainError, match="only accountable officer of Kind Hearts Trust"):
        services.leave_organisation(officer, organisation)
    assert Membership.objects.filter(user=officer).exists()


def test_an_accountable_officer_can_leave_once_there_is_another(organisation, officer, editor):
    editor_membership = Membership.objects.get(user=editor)
    services.change_member_role(officer, editor_membership, MemberRole.ACCOUNTABLE_OFFICER)
    services.leave_organisation(officer, organisation)
    assert not Membership.objects.filter(user=officer).exists()
    assert actions()[-2:] == ["membership.change_role", "membership.leave"]


def test_leaving_locks_every_accountable_officer_like_removing_does(
    organisation, officer, editor, monkeypatch
):
    # Two officers leaving at once must not both go: leaving takes the same locks as removing.
    locked = []
    real_locked = services._locked

    def spy(*args, **kwargs):
        membership = real_locked(*args, **kwargs)
        locked.append(membership.pk)
        return membership

    monkeypatch.setattr(services, "_locked", spy)
    editor_membership = Membership.objects.get(user=editor)
    services.change_member_role(officer, editor_membership, MemberRole.ACCOUNTABLE_OFFICER)
    officer_membership = Membership.objects.get(user=officer)
    services.leave_organisation(officer, organisation)
    assert locked[-1] == officer_membership.pk
    with pytest.raises(DomainError, match="only accountable officer of Kind Hearts Trust"):
        services.leave_organisation(editor, organisation)
    assert locked[-1] == editor_membership.pk


def test_someone_who_is_not_a_member_cannot_leave(organisation, officer):
    with pytest.raises(DomainError, match="You are not a member of Kind Hearts Trust"):
        services.leave_organisation(UserFactory(), organisation)


def test_an_editor_can_leave(organisation, officer, editor):
    services.leave_organisation(editor, organisation)
    assert list(organisation.memberships.values_list("user", flat=True)) == [officer.pk]


def test_the_last_accountable_officer_cannot_demote_themselves(organisation, officer):
    with pytest.raises(DomainError, match="You are the only accountable officer"):
        services.change_member_role(
            officer, Membership.objects.get(user=officer), MemberRole.EDITOR
        )


def test_editors_cannot_change_roles(organisation, officer, editor):
    with pytest.raises(DomainError, match="Only an accountable officer"):
        services.change_member_role(
            editor, Membership.objects.get(user=editor), MemberRole.ACCOUNTABLE_OFFICER
        )


def test_an_accountable_officer_removes_a_member(organisation, officer, editor):
    services.remove_member(officer, Membership.objects.get(user=editor))
    assert not Membership.objects.filter(user=editor).exists()
    event = AuditEvent.objects.get(action="membership.remove")
    assert event.before["user_id"] == editor.pk


def test_an_accountable_officer_may_remove_another_and_remains_one(organisation, officer):
    other_officer = MembershipFactory(organisation=organisation, role="accountable_officer")
    services.remove_member(officer, other_officer)
    assert list(organisation.memberships.values_list("user", "role")) == [
        (officer.pk, MemberRole.ACCOUNTABLE_OFFICER)
    ]


def test_an_editor_cannot_remove_anyone(organisation, officer, editor):
    with pytest.raises(DomainError):
        services.remove_member(editor, Membership.objects.get(user=officer))


def test_removing_yourself_is_leaving(organisation, officer):
    with pytest.raises(DomainError, match="leave the organisation"):
        services.remove_member(officer, Membership.objects.get(user=officer))


# --- Acting for ---------------------------------------------------------------------------


def test_choosing_an_organisation_you_belong_to(organisation, officer):
    session = {}
    services.choose_acting_for(session, officer, organisation)
    assert session[SESSION_KEY] == organisation.pk


def test_you_cannot_act_for_an_organisation_you_do_not_belong_to(organisation, outsider):
    session = {}
    with pytest.raises(DomainError):
        services.choose_acting_for(session, outsider, organisation)
    assert session == {}


def test_every_change_is_audited_in_its_transaction(organisation, officer):
    before = AuditEvent.objects.count()
    services.update_organisation(officer, organisation, organisation_data(), 1)
    assert AuditEvent.objects.count() == before + 1
    assert Organisation.objects.get().organisation_type == OrganisationType.CHARITY
