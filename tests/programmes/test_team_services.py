"""The programme team's services: inviting, accepting (new and existing accounts), expiry,
reuse, withdrawal, removing roles, the last manager, audit events and emails."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from innovation_fund.accounts.models import User
from innovation_fund.core.models import AuditEvent
from innovation_fund.core.permissions import Refused
from innovation_fund.core.tokens import token_sha256
from innovation_fund.programmes.models import ProgrammeInvitation, ProgrammeRole
from innovation_fund.programmes.services import team
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=False)
Role = ProgrammeRole.Role


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Programme Seven", slug="programme-seven")


@pytest.fixture
def manager(programme):
    return ProgrammeRoleFactory(programme=programme, user__full_name="Maria Manager").user


def other_manager():
    return ProgrammeRoleFactory(programme=ProgrammeFactory(slug="another-programme")).user


def token_from(link: str) -> str:
    return re.search(r"/invitations/([^/]+)/", link).group(1)


def sent(outbox, to: str, template: str):
    return [
        body for email, _subject, body in outbox if email.to == to and email.template == template
    ]


def test_an_invitation_emails_a_link_and_keeps_only_its_hash(
    programme, manager, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = team.invite(manager, programme, " New.Person@Example.org ", [Role.ASSESSOR])
    invitation = result.invitation
    assert invitation.email == "new.person@example.org"
    assert invitation.roles == [Role.ASSESSOR]
    token = token_from(result.link)
    assert invitation.token_sha256 == token_sha256(token)
    assert token not in str(ProgrammeInvitation.objects.values_list().get())
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    bodies = sent(outbox, "new.person@example.org", "team_invitation")
    assert len(bodies) == 1 and result.link in bodies[0] and "Programme Seven" in bodies[0]
    event = AuditEvent.objects.get(action="programme.team_member_invited")
    assert event.actor == manager
    assert event.after["roles"] == [Role.ASSESSOR]


def test_only_the_programmes_managers_may_invite(programme, manager):
    outsider = other_manager()
    assessor = ProgrammeRoleFactory(programme=programme, role=Role.ASSESSOR).user
    for person in (outsider, assessor):
        with pytest.raises(Refused):
            team.invite(person, programme, "someone@example.org", [Role.ASSESSOR])
    assert not ProgrammeInvitation.objects.exists()


def test_an_invitation_needs_a_role_and_a_real_address(programme, manager):
    with pytest.raises(team.DomainError) as no_role:
        team.invite(manager, programme, "someone@example.org", [])
    assert no_role.value.field == "roles"
    with pytest.raises(team.DomainError) as bad_email:
        team.invite(manager, programme, "not an email", [Role.ASSESSOR])
    assert bad_email.value.field == "email"
    with pytest.raises(team.DomainError):
        team.invite(manager, programme, "someone@example.org", ["superuser"])


def test_inviting_someone_to_roles_they_hold_or_twice_is_refused(programme, manager):
    with pytest.raises(team.DomainError) as held:
        team.invite(manager, programme, manager.email.upper(), [Role.PROGRAMME_MANAGER])
    assert "already holds" in held.value.message
    team.invite(manager, programme, "someone@example.org", [Role.ASSESSOR])
    with pytest.raises(team.DomainError) as twice:
        team.invite(manager, programme, "someone@example.org", [Role.MODERATOR])
    assert "already has an invitation waiting" in twice.value.message


def test_accepting_makes_the_account_and_grants_every_role(
    programme, manager, outbox, django_capture_on_commit_callbacks
):
    result = team.invite(manager, programme, "new@example.org", [Role.ASSESSOR, Role.MODERATOR])
    with django_capture_on_commit_callbacks(execute=True):
        person, invitation = team.accept_invitation(token_from(result.link))
    assert person.email == "new@example.org" and person.full_name == ""
    roles = ProgrammeRole.objects.filter(programme=programme, user=person)
    assert sorted(roles.values_list("role", flat=True)) == [Role.ASSESSOR, Role.MODERATOR]
    assert all(role.granted_by == manager for role in roles)
    invitation.refresh_from_db()
    assert invitation.accepted_by == person and invitation.accepted_at is not None
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "user.created" in actions and "programme.invitation_accepted" in actions
    assert "user.signed_in" in actions
    assert actions.count("programme.role_granted") == 2
    assert sent(outbox, "new@example.org", "team_joined")


def test_accepting_with_an_existing_account_keeps_it_and_adds_only_missing_roles(
    programme, manager
):
    existing = UserFactory(email="known@example.org", full_name="Kim Known")
    ProgrammeRoleFactory(programme=programme, user=existing, role=Role.ASSESSOR)
    result = team.invite(manager, programme, "KNOWN@example.org", [Role.ASSESSOR, Role.EVALUATOR])
    person, _ = team.accept_invitation(token_from(result.link))
    assert person == existing
    assert User.objects.filter(email__iexact="known@example.org").count() == 1
    assert set(ProgrammeRole.objects.filter(user=existing).values_list("role", flat=True)) == {
        Role.ASSESSOR,
        Role.EVALUATOR,
    }
    assert AuditEvent.objects.filter(action="programme.role_granted").count() == 1


def test_a_link_works_once(programme, manager):
    token = token_from(team.invite(manager, programme, "a@example.org", [Role.ASSESSOR]).link)
    team.accept_invitation(token)
    with pytest.raises(team.InvitationNotUsable) as again:
        team.accept_invitation(token)
    assert again.value.problem == "accepted"


def test_an_expired_link_is_refused_and_grants_nothing(programme, manager):
    result = team.invite(manager, programme, "late@example.org", [Role.ASSESSOR])
    ProgrammeInvitation.objects.filter(pk=result.invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(team.InvitationNotUsable) as expired:
        team.accept_invitation(token_from(result.link))
    assert expired.value.problem == "expired"
    assert not User.objects.filter(email="late@example.org").exists()


def test_an_unknown_link_is_refused():
    with pytest.raises(team.InvitationNotUsable) as unknown:
        team.accept_invitation("made-up")
    assert unknown.value.problem == "unknown"


def test_a_withdrawn_invitation_cannot_be_accepted(
    programme, manager, outbox, django_capture_on_commit_callbacks
):
    result = team.invite(manager, programme, "w@example.org", [Role.FINANCE_OFFICER])
    with django_capture_on_commit_callbacks(execute=True):
        team.withdraw_invitation(manager, result.invitation)
    assert sent(outbox, "w@example.org", "team_invitation_withdrawn")
    assert AuditEvent.objects.filter(action="programme.invitation_withdrawn").count() == 1
    with pytest.raises(team.InvitationNotUsable) as withdrawn:
        team.accept_invitation(token_from(result.link))
    assert withdrawn.value.problem == "withdrawn"
    with pytest.raises(Refused):
        team.withdraw_invitation(manager, result.invitation)
    # Once withdrawn, the person may be invited again.
    team.invite(manager, programme, "w@example.org", [Role.FINANCE_OFFICER])


def test_another_programmes_manager_cannot_withdraw(programme, manager):
    invitation = team.invite(manager, programme, "w@example.org", [Role.ASSESSOR]).invitation
    with pytest.raises(Refused):
        team.withdraw_invitation(other_manager(), invitation)
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None


def test_removing_a_role_audits_and_emails(
    programme, manager, outbox, django_capture_on_commit_callbacks
):
    role = ProgrammeRoleFactory(programme=programme, role=Role.ASSESSOR)
    with django_capture_on_commit_callbacks(execute=True):
        team.remove_role(manager, role)
    assert not ProgrammeRole.objects.filter(pk=role.pk).exists()
    event = AuditEvent.objects.get(action="programme.role_removed")
    assert event.before["email"] == role.user.email and event.before["role"] == Role.ASSESSOR
    assert event.object_id == str(programme.pk)
    assert sent(outbox, role.user.email, "team_role_removed")


def test_the_last_manager_cannot_be_removed(programme, manager):
    only = ProgrammeRole.objects.get(programme=programme, user=manager)
    with pytest.raises(Refused) as refusal:
        team.remove_role(manager, only)
    assert "only manager" in refusal.value.reason
    assert ProgrammeRole.objects.filter(pk=only.pk).exists()


def test_of_two_managers_removing_each_other_one_stays(programme, manager):
    second = ProgrammeRoleFactory(programme=programme).user
    first_role = ProgrammeRole.objects.get(programme=programme, user=manager)
    second_role = ProgrammeRole.objects.get(programme=programme, user=second)
    team.remove_role(manager, second_role)
    with pytest.raises(Refused):
        team.remove_role(second, first_role)  # no longer a manager
    with pytest.raises(Refused):
        team.remove_role(manager, first_role)  # the last one
    assert (
        ProgrammeRole.objects.filter(programme=programme, role=Role.PROGRAMME_MANAGER).count() == 1
    )


def test_another_programmes_manager_cannot_remove_roles(programme, manager):
    role = ProgrammeRoleFactory(programme=programme, role=Role.ASSESSOR)
    with pytest.raises(Refused):
        team.remove_role(other_manager(), role)
    assert ProgrammeRole.objects.filter(pk=role.pk).exists()


def test_a_programme_with_no_manager_gets_its_first_one_once(programme):
    bare = ProgrammeFactory(slug="bare")
    person = UserFactory()
    assert team.appoint_first_manager(bare, person, actor_label="test") is True
    assert team.appoint_first_manager(bare, person, actor_label="test") is False
    with pytest.raises(Refused):
        team.appoint_first_manager(bare, UserFactory(), actor_label="test")
    event = AuditEvent.objects.get(action="programme.role_granted")
    assert event.actor is None and event.actor_label == "test"


def test_allowing_someone_to_create_programmes_is_audited_once():
    person = team.allow_to_create_programmes("First@Example.org", "Fran First", actor_label="t")
    assert person.email == "first@example.org" and person.full_name == "Fran First"
    assert person.has_perm("programmes.add_programme")
    team.allow_to_create_programmes("first@example.org", "Fran First", actor_label="t")
    assert AuditEvent.objects.filter(action="user.allowed_to_create_programmes").count() == 1
    assert User.objects.count() == 1
