"""Who may see and do what to a bid. One module answers both "may they" and "which ones".

Access follows from relationships: members of the lead organisation work on its bids; the
programme's managers and moderators see every bid in its rounds once it has been submitted; an
assessor sees a bid while it is assigned to them and being scored. Anyone else gets 404 from
the views, never 403, so a bid's existence is not given away.

What may be done to a bid in its state is read from the bid lifecycle table
(`lifecycle.BID_LIFECYCLE`): a person may take a row's action when they hold one of the roles
the row names. The row's guards (the round is open, has closed…) give the reason when not now.
"""

from enum import StrEnum

from django.db.models import Q, QuerySet

from innovation_fund.core.permissions import ALLOWED, Permission, refused
from innovation_fund.organisations.models import MemberRole, Membership
from innovation_fund.programmes.models import ProgrammeRole

from .lifecycle import (
    ACCOUNTABLE_OFFICER,
    APPLICANT,
    BID_LIFECYCLE,
    MODERATOR,
    PROGRAMME_MANAGER,
    WITH_THE_PROGRAMME,
)
from .models import Application

State = Application.State


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    DOWNLOAD_DOCUMENT = "download_document"
    # Rows of the bid lifecycle table
    REQUEST_SIGN_OFF = "request_sign_off"
    SUBMIT = "submit"  # signing off and submitting are one act, by an accountable officer
    RETURN_TO_DRAFT = "return_to_draft"
    WITHDRAW = "withdraw"
    FIND_ELIGIBLE = "find_eligible"
    FIND_NOT_ELIGIBLE = "find_not_eligible"
    MODERATE = "moderate"
    APPROVE = "approve"
    REJECT = "reject"
    DEFER = "defer"
    ANNOUNCE = "announce"


READERS_OF_SUBMITTED_BIDS = (ProgrammeRole.Role.PROGRAMME_MANAGER, ProgrammeRole.Role.MODERATOR)
# The states in which the programme's people may read a bid: submitted ones, and ones
# withdrawn after they were submitted (a draft is never withdrawn: see lifecycle).
READ_BY_PROGRAMME = (*WITH_THE_PROGRAMME, State.WITHDRAWN)
# An assessor reads a bid assigned to them while it is with the programme.
READ_BY_ASSESSOR = WITH_THE_PROGRAMME
ASSESSOR = "assessor"


def bids_visible_to(user) -> QuerySet[Application]:
    """Every bid this person may open: their organisations' bids, submitted (or withdrawn) bids
    in the rounds of programmes they manage or moderate, and bids assigned to them to score."""
    if not user.is_authenticated:
        return Application.objects.none()
    # Each part is a short list of ids found from the person's own rows (their organisations,
    # their programme roles, their assignments), so a round of 100,000 bids is filtered by
    # indexes rather than every bid joined to every membership and role (issue 14: 0.36 s).
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    rounds_read = ProgrammeRole.objects.filter(
        user=user, role__in=READERS_OF_SUBMITTED_BIDS
    ).values("programme__rounds")
    assigned = Application.objects.filter(
        assignments__assessor=user, assignments__state="active"
    ).values("id")
    return Application.objects.filter(
        Q(lead_organisation__in=organisations)
        | Q(state__in=READ_BY_PROGRAMME, round__in=rounds_read)
        | Q(state__in=READ_BY_ASSESSOR, id__in=assigned)
    )


def bids_of_organisation(user, organisation) -> QuerySet[Application]:
    """The bids an organisation leads, for one of its members (none for anyone else)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(
        lead_organisation=organisation, lead_organisation__memberships__user=user
    )


def role_in_bid(user, application: Application) -> str | None:
    """The person's role in the lead organisation, or None if they are not a member."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, organisation_id=application.lead_organisation_id)
        .values_list("role", flat=True)
        .first()
    )


def roles_for_bid(user, application: Application) -> frozenset[str]:
    """The roles, in the lifecycle table's words, this person holds for this bid: at most three
    queries (membership; programme roles; an assignment, only for an assessor)."""
    if not user.is_authenticated:
        return frozenset()
    membership = role_in_bid(user, application)
    if membership is not None:
        if membership == MemberRole.ACCOUNTABLE_OFFICER:
            return frozenset({APPLICANT, ACCOUNTABLE_OFFICER})
        return frozenset({APPLICANT})
    roles = set(
        ProgrammeRole.objects.filter(
            user=user, programme_id=application.round.programme_id
        ).values_list("role", flat=True)
    )
    if ASSESSOR in roles:
        roles.discard(ASSESSOR)
        if application.assignments.filter(assessor=user, state="active").exists():
            roles.add(ASSESSOR)
    return frozenset(roles)


def is_member(roles: frozenset[str]) -> bool:
    return APPLICANT in roles


def is_programme_reader(roles: frozenset[str]) -> bool:
    return bool(roles & {PROGRAMME_MANAGER, MODERATOR})


def _allowed(roles: frozenset[str], state: str) -> frozenset[Action]:
    allowed = set()
    if APPLICANT in roles:
        allowed |= {Action.VIEW, Action.DOWNLOAD_DOCUMENT}
        if state == State.DRAFT:
            allowed.add(Action.EDIT)
    elif (is_programme_reader(roles) and state in READ_BY_PROGRAMME) or (
        ASSESSOR in roles and state in READ_BY_ASSESSOR
    ):
        allowed |= {Action.VIEW, Action.DOWNLOAD_DOCUMENT}
    for row in BID_LIFECYCLE.available(state):
        if row.who & roles:
            allowed.add(Action(row.action))
    return frozenset(allowed)


def allowed_actions(user, application: Application) -> frozenset[Action]:
    """Everything this person may do to this bid in its state (the table's rows for their
    roles; the rows' guards are asked by `permission`)."""
    return _allowed(roles_for_bid(user, application), application.state)


def may(user, action: Action, application: Application) -> bool:
    return action in allowed_actions(user, application)


def permission(user, action: Action, application: Application) -> Permission:
    """May this person do `action` to this bid now? With the reason when not, from the
    lifecycle table: no such move from the bid's state, not their role, or a guard says no."""
    if action in allowed_actions(user, application):
        if action in BID_LIFECYCLE.actions:
            reasons = BID_LIFECYCLE.row(application.state, action).reasons_not_now(application)
            if reasons:
                return refused(reasons[0])
        return ALLOWED
    if action in BID_LIFECYCLE.actions:
        row = BID_LIFECYCLE.row(application.state, action)
        if row is None:
            verb = BID_LIFECYCLE.rows_for(action)[0].label
            state = BID_LIFECYCLE.label_of(application.state).lower()
            return refused(f"‘{verb}’ cannot be done while the bid is {state}")
        return refused(f"You may not ‘{row.label.lower()}’ on this bid")
    return refused("You may not do that to this bid")
