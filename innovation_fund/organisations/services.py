"""Every change to an organisation, its members and invitations: one function each, in one
transaction, with its audit event. Rules a person can break raise DomainError with a message
they can act on."""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.dates import format_datetime, london_today
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.slugs import unique_slug_in
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.core.tokens import new_token, token_sha256

from . import policies
from .identifiers import Identifier, is_internal, resolve_identifier
from .middleware import SESSION_KEY
from .models import Invitation, MemberRole, Membership, Organisation, OrganisationType
from .selectors import invitation_problem

INVITATION_DAYS = 7

# The fields a member may change on the profile, as the audit records them.
PROFILE_FIELDS = [
    "name",
    "organisation_type",
    "org_id",
    "authority_id",
    "charity_number",
    "company_number",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "version",
]
ADDRESS_FIELDS = ["address_line_1", "address_line_2", "town", "postcode"]
MEMBERSHIP_FIELDS = ["organisation_id", "user_id", "role"]
INVITATION_FIELDS = ["organisation_id", "email", "role", "invited_by_id", "expires_at"]

# Paths under /organisations/ that an organisation's slug must not take.
RESERVED_SLUGS = frozenset({"register", "invitations"})


class ConcurrentEditError(DomainError):
    """Someone else saved the record since the form was shown. `current` is what they saved."""

    def __init__(self, message: str, *, current: Organisation):
        super().__init__(message)
        self.current = current


# --- Registering and editing -----------------------------------------------------------------


def create_organisation(user, data: Mapping[str, Any]) -> Organisation:
    """Register an organisation; the person registering it becomes its accountable officer."""
    _require_signed_in(user)
    identifier = _identifier(data)
    with transaction.atomic():
        _refuse_if_registered(identifier)
        organisation = Organisation(
            name=data["name"].strip(),
            slug=unique_slug_in(
                Organisation.objects, data["name"], fallback="organisation", reserved=RESERVED_SLUGS
            ),
            organisation_type=data["organisation_type"],
            **_identifier_fields(identifier),
            **{name: (data.get(name) or "").strip() for name in ADDRESS_FIELDS},
        )
        organisation.org_id = identifier.org_id_for(organisation.slug)
        try:
            with transaction.atomic():
                organisation.save()
        except IntegrityError:
            # Someone registered the same identifier (or name) a moment ago.
            _refuse_if_registered(identifier)
            raise DomainError(
                "Somebody registered an organisation at the same moment. Try again"
            ) from None
        record(
            actor=user,
            action="organisation.create",
            target=organisation,
            after=snapshot(organisation, PROFILE_FIELDS),
        )
        membership = Membership.objects.create(
            organisation=organisation, user=user, role=MemberRole.ACCOUNTABLE_OFFICER
        )
        record(
            actor=user,
            action="membership.create",
            target=membership,
            after=snapshot(membership, MEMBERSHIP_FIELDS),
        )
    return organisation


def update_organisation(
    user, organisation: Organisation, data: Mapping[str, Any], expected_version: int
) -> Organisation:
    """Change the profile, unless someone else changed it since the form was shown."""
    if not policies.may_edit_organisation(user, organisation):
        raise DomainError("Only members of an organisation can change its details")
    identifier = _identifier(data)
    with transaction.atomic():
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if current.version != expected_version:
            raise ConcurrentEditError(
                "Someone else changed these details while you were editing them. Check their "
                "changes, shown below, then save yours again",
                current=current,
            )
        _refuse_if_registered(identifier, exclude=current)
        before = snapshot(current, PROFILE_FIELDS)
        current.name = data["name"].strip()
        current.organisation_type = data["organisation_type"]
        for name, value in _identifier_fields(identifier).items():
            setattr(current, name, value)
        for name in ADDRESS_FIELDS:
            setattr(current, name, (data.get(name) or "").strip())
        current.org_id = identifier.org_id_for(current.slug)
        current.version += 1
        try:
            with transaction.atomic():
                current.save()
        except IntegrityError:
            _refuse_if_registered(identifier, exclude=current)
            raise
        changed_before, changed_after = changed_fields(before, snapshot(current, PROFILE_FIELDS))
        record(
            actor=user,
            action="organisation.update",
            target=current,
            before=changed_before,
            after=changed_after,
        )
    return current


def _identifier(data: Mapping[str, Any]) -> Identifier:
    if data.get("organisation_type") == OrganisationType.PARTNERSHIP:
        return Identifier(org_id=None, field=None)
    return resolve_identifier(
        data.get("organisation_type", ""),
        authority=data.get("authority"),
        charity_number=data.get("charity_number", ""),
        company_number=data.get("company_number", ""),
        today=london_today(),
    )


def _identifier_fields(identifier: Identifier) -> dict[str, Any]:
    return {
        "authority": identifier.authority,
        "charity_number": identifier.charity_number,
        "company_number": identifier.company_number,
    }


def _refuse_if_registered(identifier: Identifier, exclude: Organisation | None = None) -> None:
    """Refuse an identifier another organisation already has, pointing to who can help."""
    others = Organisation.objects.all()
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if identifier.authority is not None:
        # One organisation per authority, whether or not the register gives it a code.
        existing = others.filter(
            organisation_type=OrganisationType.LOCAL_AUTHORITY, authority=identifier.authority
        ).first()
        if existing is None and identifier.org_id:
            existing = others.filter(org_id=identifier.org_id).first()
        what = f"An organisation for {identifier.authority.name}"
    elif identifier.org_id and not is_internal(identifier.org_id):
        existing = others.filter(org_id=identifier.org_id).first()
        if identifier.charity_number:
            what = f"An organisation with charity number {identifier.charity_number}"
        else:
            what = f"An organisation with company number {identifier.company_number}"
    else:
        return
    if existing is None:
        return
    has_officer = existing.memberships.filter(role=MemberRole.ACCOUNTABLE_OFFICER).exists()
    if has_officer:
        message = (
            f"{what} is already registered. Ask its accountable officer to invite you to join it"
        )
    else:
        message = (
            f"{what} is already in the service, from the programme's records, but nobody "
            "manages it yet. Contact the programme team to be made its accountable officer"
        )
    raise DomainError(message, field=identifier.field)


# --- Members and invitations -----------------------------------------------------------------


def invite_member(user, organisation: Organisation, email: str, role: str) -> Invitation:
    """Invite someone by email. The link's token is returned on `invitation.token` (only its
    hash is kept) and sent to them once the transaction commits."""
    _require_accountable_officer(user, organisation)
    email = (email or "").strip().lower()
    if role not in MemberRole.values:
        raise DomainError("Select a role", field="role")
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise DomainError(f"{email} is already a member of {organisation.name}", field="email")
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        # Only the newest invitation to an address works: older links stop working.
        Invitation.objects.filter(
            organisation=organisation,
            email__iexact=email,
            accepted_at__isnull=True,
            expires_at__gt=now,
        ).update(expires_at=now)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            invited_by=user,
            token_sha256=token_sha256(token),
            created_at=now,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
        record(
            actor=user,
            action="invitation.create",
            target=invitation,
            after=snapshot(invitation, INVITATION_FIELDS),
        )
        link = absolute_url("organisations:accept_invitation", token)
        send_email_after_commit(
            email,
            "organisation_invitation",
            organisation_name=organisation.name,
            invited_by=user.display_name,
            role=MemberRole(role).label.lower(),
            link=link,
            expires=format_datetime(invitation.expires_at),
            service_name=settings.SERVICE_NAME,
        )
    invitation.token = token
    return invitation


def accept_invitation(user, token: str) -> Membership:
    """Join the organisation the invitation is for, as the person it was sent to."""
    _require_signed_in(user)
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .filter(token_sha256=token_sha256(token))
            .first()
        )
        problem = invitation_problem(invitation, user)
        if problem:
            raise DomainError(problem)
        membership = Membership.objects.create(
            organisation=invitation.organisation, user=user, role=invitation.role
        )
        before = snapshot(invitation, ["accepted_at", "accepted_by_id"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record(
            actor=user,
            action="invitation.accept",
            target=invitation,
            before=before,
            after=snapshot(invitation, ["accepted_at", "accepted_by_id"]),
        )
        record(
            actor=user,
            action="membership.create",
            target=membership,
            after=snapshot(membership, MEMBERSHIP_FIELDS),
        )
    return membership


def change_member_role(user, membership: Membership, role: str) -> Membership:
    """An accountable officer changes someone's role (the last accountable officer stays one)."""
    _require_accountable_officer(user, membership.organisation)
    if role not in MemberRole.values:
        raise DomainError("Select a role", field="role")
    with transaction.atomic():
        membership = _locked(membership.organisation_id, pk=membership.pk)
        if membership.role == role:
            return membership
        if policies.is_last_accountable_officer(membership):
            raise DomainError(
                f"{_who(membership, user)} the only accountable officer of "
                f"{membership.organisation.name}. Make another member an accountable officer "
                "first",
                field="role",
            )
        before = snapshot(membership, MEMBERSHIP_FIELDS)
        membership.role = role
        membership.save(update_fields=["role"])
        record(
            actor=user,
            action="membership.change_role",
            target=membership,
            before=before,
            after=snapshot(membership, MEMBERSHIP_FIELDS),
        )
    return membership


def leave_organisation(user, organisation: Organisation) -> None:
    """Stop being a member. The last accountable officer cannot leave."""
    with transaction.atomic():
        membership = _locked(
            organisation.pk,
            user=user,
            missing_message=f"You are not a member of {organisation.name}",
        )
        if policies.is_last_accountable_officer(membership):
            raise DomainError(
                f"You are the only accountable officer of {organisation.name}, so you cannot "
                "leave. Make another member an accountable officer first"
            )
        _delete(user, membership, "membership.leave")


def remove_member(user, membership: Membership) -> None:
    """An accountable officer removes someone else (the last accountable officer stays)."""
    _require_accountable_officer(user, membership.organisation)
    if membership.user_id == user.pk:
        raise DomainError("To stop being a member yourself, leave the organisation")
    with transaction.atomic():
        membership = _locked(membership.organisation_id, pk=membership.pk)
        if policies.is_last_accountable_officer(membership):
            raise DomainError(
                f"{membership.user.display_name} is the only accountable officer of "
                f"{membership.organisation.name}. Make another member an accountable officer "
                "first"
            )
        _delete(user, membership, "membership.remove")


def choose_acting_for(session, user, organisation: Organisation) -> Membership:
    """Remember, for this session, which of their organisations the person acts for."""
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        raise DomainError("Select one of your organisations", field="organisation")
    session[SESSION_KEY] = organisation.pk
    return membership


def forget_acting_for(session, organisation: Organisation) -> None:
    """After leaving an organisation, stop acting for it."""
    if session.get(SESSION_KEY) == organisation.pk:
        del session[SESSION_KEY]


def _locked(
    organisation_id: int,
    *,
    missing_message: str = "That person is no longer a member",
    **which,
) -> Membership:
    """The organisation's membership picked out by `which` (pk=… or user=…), locked, with its
    accountable officers locked too, so two officers demoting, removing each other or leaving
    at once cannot leave the organisation with none. Refused with `missing_message` if there is
    no such membership."""
    list(
        Membership.objects.select_for_update().filter(
            organisation_id=organisation_id, role=MemberRole.ACCOUNTABLE_OFFICER
        )
    )
    membership = (
        Membership.objects.select_for_update()
        .select_related("organisation", "user")
        .filter(organisation_id=organisation_id, **which)
        .first()
    )
    if membership is None:
        raise DomainError(missing_message)
    return membership


def _delete(user, membership: Membership, action: str) -> None:
    record(
        actor=user, action=action, target=membership, before=snapshot(membership, MEMBERSHIP_FIELDS)
    )
    membership.delete()


def _who(membership: Membership, user) -> str:
    return "You are" if membership.user_id == user.pk else f"{membership.user.display_name} is"


def _require_signed_in(user) -> None:
    if user is None or not user.is_authenticated:
        raise DomainError("Sign in first")


def _require_accountable_officer(user, organisation: Organisation) -> None:
    if not policies.may_manage_members(user, organisation):
        raise DomainError(
            f"Only an accountable officer of {organisation.name} can manage its members"
        )
