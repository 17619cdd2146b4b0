"""Who may see and do what to a bid. One module answers both "may they" and "which ones".

Access follows from relationships: members of the lead organisation work on its bids; the
programme's managers and moderators see every bid in its rounds once it has been submitted; an
assessor sees a submitted bid while it is assigned to them. Anyone else gets 404 from the views,
never 403, so a bid's existence is not given away.
"""

from enum import StrEnum

from django.db.models import Q, QuerySet

from innovation_fund.organisations.models import MemberRole, Membership
from innovation_fund.programmes.models import ProgrammeRole

from .models import Application

State = Application.State


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    REQUEST_SIGN_OFF = "request_sign_off"
    SUBMIT = "submit"  # signing off and submitting are one act, by an accountable officer
    RETURN_TO_DRAFT = "return_to_draft"
    WITHDRAW = "withdraw"
    DOWNLOAD_DOCUMENT = "download_document"


READERS_OF_SUBMITTED_BIDS = (ProgrammeRole.Role.PROGRAMME_MANAGER, ProgrammeRole.Role.MODERATOR)


def bids_visible_to(user) -> QuerySet[Application]:
    """Every bid this person may open: their organisations' bids, submitted (or withdrawn) bids
    in the rounds of programmes they manage or moderate, and submitted bids assigned to them."""
    if not user.is_authenticated:
        return Application.objects.none()
    member_of = Q(lead_organisation__memberships__user=user)
    not_draft = ~Q(state__in=[State.DRAFT, State.AWAITING_SIGN_OFF])
    reads_round = Q(
        round__programme__roles__user=user,
        round__programme__roles__role__in=READERS_OF_SUBMITTED_BIDS,
    )
    assigned = Q(state=State.SUBMITTED, assignments__assessor=user, assignments__state="active")
    ids = Application.objects.filter(member_of | (not_draft & reads_round) | assigned).values("id")
    return Application.objects.filter(id__in=ids)


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


def reads_submitted_bid(user, application: Application) -> bool:
    """A manager or moderator of the bid's programme, or an assessor it is assigned to now."""
    if not user.is_authenticated:
        return False
    reads_round = ProgrammeRole.objects.filter(
        user=user,
        programme_id=application.round.programme_id,
        role__in=READERS_OF_SUBMITTED_BIDS,
    )
    if application.state == State.SUBMITTED:
        assigned = application.assignments.filter(assessor=user, state="active")
        return reads_round.exists() or assigned.exists()
    return reads_round.exists()


def allowed_actions(user, application: Application) -> frozenset[Action]:
    """Everything this person may do to this bid now: two queries at most, however many
    actions a page asks about."""
    role = role_in_bid(user, application)
    state = application.state
    allowed = set()
    if role is not None:
        allowed |= {Action.VIEW, Action.DOWNLOAD_DOCUMENT}
        officer = role == MemberRole.ACCOUNTABLE_OFFICER
        if state == State.DRAFT:
            allowed |= {Action.EDIT, Action.REQUEST_SIGN_OFF}
        if officer and state in (State.DRAFT, State.AWAITING_SIGN_OFF):
            allowed.add(Action.SUBMIT)
        if state == State.AWAITING_SIGN_OFF:
            allowed.add(Action.RETURN_TO_DRAFT)
        if officer and state == State.SUBMITTED:
            allowed.add(Action.WITHDRAW)
    elif state in (State.SUBMITTED, State.WITHDRAWN) and reads_submitted_bid(user, application):
        allowed |= {Action.VIEW, Action.DOWNLOAD_DOCUMENT}
    return frozenset(allowed)


def may(user, action: Action, application: Application) -> bool:
    return action in allowed_actions(user, application)
