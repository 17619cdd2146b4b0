"""The programme team: inviting people, accepting an invitation, withdrawing one, granting and
removing roles, and letting someone create programmes (the bootstrap of a fresh installation).

Each change runs in one transaction, checks the programme's team policy, writes its audit event
(on the programme, so its history shows the team's changes) and emails the person it affects
once the transaction commits. An invitation is a link with a secret token; only its hash is kept.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Permission as DjangoPermission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from innovation_fund.accounts.models import User
from innovation_fund.core.audit import record
from innovation_fund.core.dates import format_datetime
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.permissions import Refused
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.core.tokens import new_token, token_sha256

from ..models import Programme, ProgrammeInvitation, ProgrammeRole
from ..policies import may_manage_team, may_remove_role, may_withdraw_invitation

INVITATION_DAYS = 7
Role = ProgrammeRole.Role
MANAGER = Role.PROGRAMME_MANAGER
ROLE_LABELS = dict(Role.choices)
CREATE_PROGRAMME_PERMISSION = ("programmes", "add_programme")


def role_list(roles) -> str:
    labels = [ROLE_LABELS[role].lower() for role in roles]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


# --- Inviting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentInvitation:
    """The invitation made, and its link (with the secret token, which is never stored)."""

    invitation: ProgrammeInvitation
    token: str
    link: str


def invite(user, programme: Programme, email: str, roles: list[str]) -> SentInvitation:
    """Email `email` a link that, once accepted, gives them `roles` in the programme's team."""
    may_manage_team(user, programme).enforce()
    email = User.objects.normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            "Enter an email address in the correct format, like name@example.com", field="email"
        ) from None
    roles = [role for role in Role.values if role in set(roles)]
    if not roles or len(roles) != len(set(roles) & set(Role.values)):
        raise DomainError("Choose at least one role from the list", field="roles")
    with transaction.atomic():
        Programme.objects.select_for_update().get(pk=programme.pk)
        held = set(
            ProgrammeRole.objects.filter(
                programme=programme, user__email__iexact=email
            ).values_list("role", flat=True)
        )
        if set(roles) <= held:
            raise DomainError(
                f"{email} already holds {'that role' if len(roles) == 1 else 'those roles'} "
                "in this programme",
                field="roles",
            )
        now = timezone.now()
        pending = ProgrammeInvitation.objects.filter(
            programme=programme,
            email=email,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
            expires_at__gt=now,
        )
        if pending.exists():
            raise DomainError(
                f"{email} already has an invitation waiting. Withdraw it first if you want to "
                "send a new one.",
                field="email",
            )
        token = new_token()
        invitation = ProgrammeInvitation.objects.create(
            programme=programme,
            email=email,
            roles=roles,
            token_sha256=token_sha256(token),
            invited_by=user,
            created_at=now,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
        record(
            actor=user,
            action="programme.team_member_invited",
            target=programme,
            after={"invitation": invitation.pk, "email": email, "roles": roles},
        )
        link = absolute_url("accept_invitation", token)
        send_email_after_commit(
            email,
            "team_invitation",
            programme=programme.name,
            invited_by=user.display_name,
            roles=role_list(roles),
            link=link,
            expires=format_datetime(invitation.expires_at),
            service_name=settings.SERVICE_NAME,
        )
    return SentInvitation(invitation, token, link)


# --- Accepting -------------------------------------------------------------------------------


class InvitationNotUsable(DomainError):
    """The link cannot be used. `problem` says which: unknown, accepted, withdrawn or expired."""

    def __init__(self, message: str, problem: str, invitation: ProgrammeInvitation | None = None):
        super().__init__(message)
        self.problem = problem
        self.invitation = invitation


def _check_usable(invitation: ProgrammeInvitation | None) -> ProgrammeInvitation:
    if invitation is None:
        raise InvitationNotUsable(
            "This invitation link is not valid. Check you copied all of it.", "unknown"
        )
    if invitation.accepted_at is not None:
        raise InvitationNotUsable(
            "This invitation has already been accepted. Each invitation works once.",
            "accepted",
            invitation,
        )
    if invitation.withdrawn_at is not None:
        raise InvitationNotUsable(
            "This invitation has been withdrawn by the programme team.", "withdrawn", invitation
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationNotUsable("This invitation has expired.", "expired", invitation)
    return invitation


def invitation_for_token(token: str) -> ProgrammeInvitation:
    """The invitation the link names, if it may still be accepted (else InvitationNotUsable)."""
    return _check_usable(
        ProgrammeInvitation.objects.select_related("programme", "invited_by")
        .filter(token_sha256=token_sha256(token))
        .first()
    )


@transaction.atomic
def accept_invitation(token: str, *, signs_in: bool = True):
    """Accept the invitation: the person (their account made if the email is new) joins the
    programme's team in the invited roles. Returns (the person, the invitation). The page that
    calls it signs them in (audited here); the demonstration set-up passes `signs_in=False`."""
    invitation = _check_usable(
        ProgrammeInvitation.objects.select_for_update()
        .select_related("programme", "invited_by")
        .filter(token_sha256=token_sha256(token))
        .first()
    )
    person = User.objects.filter(email__iexact=invitation.email).first()
    if person is None:
        person = User.objects.create_user(invitation.email)
        record(actor=person, action="user.created", target=person, after={"email": person.email})
    if not person.is_active:
        raise InvitationNotUsable(
            "This account has been closed. Contact the programme team.", "closed", invitation
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    granted = [
        role
        for role in invitation.roles
        if _grant(
            invitation.programme,
            person,
            role,
            granted_by=invitation.invited_by,
            actor=person,
        )
    ]
    record(
        actor=person,
        action="programme.invitation_accepted",
        target=invitation.programme,
        after={"invitation": invitation.pk, "email": person.email, "roles": granted},
    )
    if signs_in:
        record(actor=person, action="user.signed_in", target=person)
    send_email_after_commit(
        person.email,
        "team_joined",
        programme=invitation.programme.name,
        roles=role_list(invitation.roles),
        link=absolute_url("accounts:home"),
        service_name=settings.SERVICE_NAME,
    )
    return person, invitation


def _grant(programme, person, role, *, granted_by, actor, actor_label=None) -> bool:
    """Give `person` the role, with its audit event; False if they already held it. Call
    inside the change's transaction, after its permission check."""
    _, created = ProgrammeRole.objects.get_or_create(
        programme=programme,
        user=person,
        role=role,
        defaults={"granted_by": granted_by, "granted_at": timezone.now()},
    )
    if created:
        record(
            actor=actor,
            actor_label=actor_label,
            action="programme.role_granted",
            target=programme,
            after={
                "email": person.email,
                "role": role,
                "granted_by": getattr(granted_by, "email", None),
            },
        )
    return created


# --- Withdrawing and removing ----------------------------------------------------------------


@transaction.atomic
def withdraw_invitation(user, invitation: ProgrammeInvitation) -> ProgrammeInvitation:
    invitation = (
        ProgrammeInvitation.objects.select_for_update()
        .select_related("programme")
        .get(pk=invitation.pk)
    )
    may_withdraw_invitation(user, invitation).enforce()
    invitation.withdrawn_at = timezone.now()
    invitation.withdrawn_by = user
    invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
    record(
        actor=user,
        action="programme.invitation_withdrawn",
        target=invitation.programme,
        before={"invitation": invitation.pk, "email": invitation.email, "roles": invitation.roles},
    )
    send_email_after_commit(
        invitation.email,
        "team_invitation_withdrawn",
        programme=invitation.programme.name,
        withdrawn_by=user.display_name,
        service_name=settings.SERVICE_NAME,
    )
    return invitation


@transaction.atomic
def remove_role(user, role: ProgrammeRole) -> None:
    """Take a role away. The programme's last manager cannot be removed: the programme's row
    and its managers' rows are locked, so two managers removing each other at the same moment
    cannot leave it with none."""
    Programme.objects.select_for_update().get(pk=role.programme_id)
    managers = list(
        ProgrammeRole.objects.select_for_update()
        .filter(programme_id=role.programme_id, role=MANAGER)
        .order_by("pk")
    )
    role = (
        ProgrammeRole.objects.select_for_update()
        .select_related("programme", "user")
        .filter(pk=role.pk)
        .first()
    )
    if role is None:
        raise Refused("That role has already been removed")
    may_remove_role(user, role, managers=len(managers)).enforce()
    before = {"email": role.user.email, "role": role.role, "granted_at": role.granted_at}
    role.delete()
    record(
        actor=user,
        action="programme.role_removed",
        target=role.programme,
        before={**before, "granted_at": before["granted_at"].isoformat()},
    )
    send_email_after_commit(
        role.user.email,
        "team_role_removed",
        programme=role.programme.name,
        role=ROLE_LABELS[role.role].lower(),
        removed_by=user.display_name,
        service_name=settings.SERVICE_NAME,
    )


# --- Setting up a fresh installation ---------------------------------------------------------


@transaction.atomic
def allow_to_create_programmes(email: str, full_name: str, *, actor_label: str):
    """The bootstrap: give this person (their account made if new) the right to create
    programmes; whoever creates a programme becomes its first manager. Run by a command, so the
    actor is a system label."""
    email = User.objects.normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("Enter an email address in the correct format", field="email") from None
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        person = User.objects.create_user(email, full_name.strip())
        record(
            actor=None,
            actor_label=actor_label,
            action="user.created",
            target=person,
            after={"email": email},
        )
    app_label, codename = CREATE_PROGRAMME_PERMISSION
    permission = DjangoPermission.objects.get(codename=codename, content_type__app_label=app_label)
    if not person.user_permissions.filter(pk=permission.pk).exists():
        person.user_permissions.add(permission)
        record(
            actor=None,
            actor_label=actor_label,
            action="user.allowed_to_create_programmes",
            target=person,
            after={"email": person.email, "permission": f"{app_label}.{codename}"},
        )
    return person


@transaction.atomic
def appoint_first_manager(programme: Programme, person, *, actor_label: str) -> bool:
    """Make `person` the manager of a programme that has none (one loaded from sources, say).
    Refused once the programme has a manager: from then on, its managers invite people.
    Returns False if they already manage it."""
    Programme.objects.select_for_update().get(pk=programme.pk)
    managers = ProgrammeRole.objects.filter(programme=programme, role=MANAGER)
    if managers.filter(user=person).exists():
        return False
    if managers.exists():
        raise Refused(
            f"{programme.name} already has a manager: ask them to invite {person.email} from "
            "the programme's team page"
        )
    _grant(programme, person, MANAGER, granted_by=None, actor=None, actor_label=actor_label)
    send_email_after_commit(
        person.email,
        "team_joined",
        programme=programme.name,
        roles=ROLE_LABELS[MANAGER].lower(),
        link=absolute_url("accounts:home"),
        service_name=settings.SERVICE_NAME,
    )
    return True
