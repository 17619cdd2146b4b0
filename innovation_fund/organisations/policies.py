"""Who may see and change an organisation. Anything a person may not see answers 404."""

from django.db.models import QuerySet

from .models import MemberRole, Membership, Organisation


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations a person is a member of."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def membership_of(user, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def may_edit_organisation(user, organisation: Organisation) -> bool:
    """Any member may keep the profile up to date."""
    return membership_of(user, organisation) is not None


def may_manage_members(user, organisation: Organisation) -> bool:
    """Accountable officers invite people and decide their roles."""
    membership = membership_of(user, organisation)
    return membership is not None and membership_manages_members(membership)


def membership_manages_members(membership: Membership) -> bool:
    """`may_manage_members` for a membership the page has already loaded (no query)."""
    return membership.role == MemberRole.ACCOUNTABLE_OFFICER


def membership_for(user, slug: str) -> Membership | None:
    """The person's membership of the organisation at this address, with the organisation.

    None for anyone who is not a member: the views answer 404, so an organisation's pages do not
    even confirm it is registered.
    """
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation__slug=slug)
        .first()
    )


def may_leave(membership: Membership) -> bool:
    """Anyone may leave, except the last accountable officer (someone must sign bids off)."""
    return not is_last_accountable_officer(membership)


def is_last_accountable_officer(membership: Membership) -> bool:
    if membership.role != MemberRole.ACCOUNTABLE_OFFICER:
        return False
    return (
        not Membership.objects.filter(
            organisation_id=membership.organisation_id, role=MemberRole.ACCOUNTABLE_OFFICER
        )
        .exclude(pk=membership.pk)
        .exists()
    )
