"""Who may see a grant, and who they are to it.

Two kinds of people see a grant made through this service:
- the programme team: the programme's managers and finance officers see its grants, and what
  they may do follows from the role (a manager builds schedules, requests payments and decides
  variations; a finance officer approves and records payments). People with other roles in the
  programme (assessors, moderators, evaluators) have no business with its grants' money: for
  them, as for anyone else, a grant's pages are "Page not found";
- the grantee: members of the lead organisation (the recipient); its accountable officers
  accept the offer and submit returns.

Grants loaded from published sources ("recorded") have no grantee in this service and are seen
by the programme team only. Anyone else gets 404.
"""

from django.db.models import QuerySet

from innovation_fund.core.permissions import ALLOWED, Permission, refused
from innovation_fund.organisations.models import MemberRole, Membership
from innovation_fund.programmes.models import ProgrammeRole

from ..models import Grant

Role = ProgrammeRole.Role

PROGRAMME_MANAGER = Role.PROGRAMME_MANAGER
FINANCE_OFFICER = Role.FINANCE_OFFICER
GRANTEE = "grantee"  # any member of the recipient organisation
ACCOUNTABLE_OFFICER = MemberRole.ACCOUNTABLE_OFFICER


GRANT_TEAM_ROLES = (PROGRAMME_MANAGER, FINANCE_OFFICER)


def grants_of_programme_team(user, role: str | None = None) -> QuerySet[Grant]:
    """Grants in programmes where the person is a manager or a finance officer (or holds the
    given role, if one is named)."""
    if not user.is_authenticated:
        return Grant.objects.none()
    roles = ProgrammeRole.objects.filter(
        user=user, role__in=[role] if role is not None else GRANT_TEAM_ROLES
    )
    return Grant.objects.filter(round__programme_id__in=roles.values("programme_id"))


def grants_of_grantee(user) -> QuerySet[Grant]:
    """Grants made through this service to organisations the person is a member of."""
    if not user.is_authenticated:
        return Grant.objects.none()
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return Grant.objects.filter(recipient_id__in=organisations, decision__isnull=False)


def grants_visible_to(user) -> QuerySet[Grant]:
    if not user.is_authenticated:
        return Grant.objects.none()
    ids = grants_of_programme_team(user).values("id").union(grants_of_grantee(user).values("id"))
    return Grant.objects.filter(id__in=list(ids.values_list("id", flat=True)))


def roles_for(user, grant: Grant) -> set[str]:
    """The words lifecycle tables use for who may act, that this person holds for this grant:
    programme roles in its programme, "grantee" and "accountable_officer" for its recipient."""
    if not user.is_authenticated:
        return set()
    held = set(
        ProgrammeRole.objects.filter(user=user, programme_id=grant.round.programme_id).values_list(
            "role", flat=True
        )
    )
    if grant.decision_id is not None:
        memberships = set(
            Membership.objects.filter(user=user, organisation_id=grant.recipient_id).values_list(
                "role", flat=True
            )
        )
        if memberships:
            held.add(GRANTEE)
        if ACCOUNTABLE_OFFICER in memberships:
            held.add(ACCOUNTABLE_OFFICER)
    return held


def holds(user, grant: Grant, role: str, doing: str) -> Permission:
    """May this person act in `role` on this grant? `doing` finishes "Only … can": e.g.
    holds(user, grant, FINANCE_OFFICER, "approve payments")."""
    if role in roles_for(user, grant):
        return ALLOWED
    who = {
        PROGRAMME_MANAGER: "the programme's managers",
        FINANCE_OFFICER: "the programme's finance officers",
        GRANTEE: f"people at {grant.recipient.name}",
        ACCOUNTABLE_OFFICER: f"an accountable officer of {grant.recipient.name}",
    }.get(role, role)
    return refused(f"Only {who} can {doing}.")


def is_programme_team(user, grant: Grant) -> bool:
    return bool(roles_for(user, grant) & set(GRANT_TEAM_ROLES))
