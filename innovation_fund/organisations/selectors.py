"""Reads the organisation pages need, with the joins done once."""

from django.utils import timezone

from innovation_fund.core.dates import format_datetime
from innovation_fund.core.tokens import token_sha256

from .models import Invitation, Membership, Organisation


def memberships_of(user) -> list[Membership]:
    """The person's memberships, with their organisations, by organisation name."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "organisation__pk")
    )


def organisation_profile(organisation: Organisation) -> Organisation:
    """The organisation with its authority, for the profile page."""
    return Organisation.objects.select_related("authority").get(pk=organisation.pk)


def members_page(organisation: Organisation) -> dict:
    """Members (accountable officers first) and the invitations still waiting for an answer."""
    memberships = list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        # "accountable_officer" sorts before "editor": officers first
        .order_by("role", "user__full_name", "user__email")
    )
    invitations = list(
        Invitation.objects.filter(
            organisation=organisation, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).order_by("email", "-created_at")
    )
    return {
        "memberships": memberships,
        "invitations": invitations,
        "officer_count": sum(1 for m in memberships if m.is_accountable_officer),
    }


def member_of_organisation(organisation: Organisation, pk: int) -> Membership | None:
    return (
        Membership.objects.select_related("user", "organisation")
        .filter(organisation=organisation, pk=pk)
        .first()
    )


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_sha256=token_sha256(token))
        .first()
    )


def invitation_problem(invitation: Invitation | None, user) -> str | None:
    """Why this person cannot accept this invitation, in words they can act on; None if they can."""
    if invitation is None:
        return (
            "This invitation link is not valid. Check you copied the whole link from the email, "
            "or ask the organisation's accountable officer to invite you again"
        )
    organisation = invitation.organisation.name
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            return f"You have already accepted this invitation to join {organisation}"
        return (
            "This invitation has already been used. Ask an accountable officer of "
            f"{organisation} to invite you again"
        )
    if invitation.expires_at <= timezone.now():
        return (
            f"This invitation expired at {format_datetime(invitation.expires_at)}. Ask an "
            f"accountable officer of {organisation} to invite you again"
        )
    if invitation.email.strip().lower() != (user.email or "").strip().lower():
        return (
            f"This invitation was sent to a different email address from the one you signed in "
            f"with ({user.email}). Sign out and sign in with the address the invitation was "
            f"sent to, or ask an accountable officer of {organisation} to invite {user.email}"
        )
    if Membership.objects.filter(organisation_id=invitation.organisation_id, user=user).exists():
        return f"You are already a member of {organisation}"
    return None
