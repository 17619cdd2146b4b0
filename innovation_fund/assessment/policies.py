"""Who may do what in assessment. One module answers both "may they" and "which ones".

Everything follows from a person's roles in a programme (ProgrammeRole) and from what is
assigned to them, never from global flags:

- programme managers check eligibility, assign assessors, record the panel's decisions and
  announce awards, for the rounds of the programmes they manage;
- assessors score the bids assigned to them, and nothing else;
- moderators (panel members) see every submitted bid's scores in their programmes' rounds and
  record moderated scores.

Views look records up through the querysets here and answer 404 for anything outside them.
"""

from django.db.models import QuerySet

from innovation_fund.applications.lifecycle import BID_LIFECYCLE, WITH_THE_PROGRAMME
from innovation_fund.applications.models import Application
from innovation_fund.core.permissions import ALLOWED, Permission, refused
from innovation_fund.programmes.models import ProgrammeRole, Round

from .batch_lifecycle import AWARD_BATCH_LIFECYCLE
from .models import Assignment, AwardBatch

Role = ProgrammeRole.Role


def _rounds_with_role(user, role: str) -> QuerySet[Round]:
    if not user.is_authenticated:
        return Round.objects.none()
    ids = Round.objects.filter(programme__roles__user=user, programme__roles__role=role)
    return Round.objects.filter(id__in=ids.values("id"))


def has_role(user, round: Round, role: str) -> bool:
    if not user.is_authenticated:
        return False
    return ProgrammeRole.objects.filter(
        user=user, programme_id=round.programme_id, role=role
    ).exists()


# Programme managers: eligibility, assignment, decisions, announcements


def rounds_managed_by(user) -> QuerySet[Round]:
    return _rounds_with_role(user, Role.PROGRAMME_MANAGER)


def may_manage_assessment(user, round: Round) -> bool:
    return has_role(user, round, Role.PROGRAMME_MANAGER)


def bids_managed_by(user) -> QuerySet[Application]:
    """Submitted bids in rounds this person manages: the ones assessment works on."""
    return Application.objects.filter(
        round__in=rounds_managed_by(user), state__in=WITH_THE_PROGRAMME
    )


def may_move_bid(user, application: Application, action: str) -> Permission:
    """May this person take the bid lifecycle's `action` on the bid now? Read from the table's
    row: its roles (held in the bid's programme) and its guards."""
    row = BID_LIFECYCLE.row(application.state, action)
    if row is None:
        label = BID_LIFECYCLE.rows_for(action)[0].label
        state = BID_LIFECYCLE.label_of(application.state).lower()
        return refused(f"‘{label}’ cannot be done while the bid is {state}")
    if not any(has_role(user, application.round, role) for role in row.who):
        return refused(f"You may not ‘{row.label.lower()}’ on bids in this programme")
    reasons = row.reasons_not_now(application)
    return refused(reasons[0]) if reasons else ALLOWED


# Announcements of awards: prepared by one programme manager, approved by another


def may_prepare_announcement(user, round: Round) -> Permission:
    if not may_manage_assessment(user, round):
        return refused("Only the programme's managers can announce its decisions.")
    return ALLOWED


def may_approve_announcement(user, batch: AwardBatch) -> Permission:
    """Four eyes: a programme manager other than the one who prepared it, unless the programme
    says it has a single manager."""
    if not may_manage_assessment(user, batch.round):
        return refused("Only the programme's managers can approve an announcement.")
    if AWARD_BATCH_LIFECYCLE.row(batch.state, "approve") is None:
        return refused(f"This announcement is {batch.get_state_display().lower()}.")
    if batch.prepared_by_id == user.pk and not batch.round.programme.has_single_manager:
        return refused(
            "You prepared this announcement, so another programme manager must approve it."
        )
    return ALLOWED


def may_cancel_announcement(user, batch: AwardBatch) -> Permission:
    if not may_manage_assessment(user, batch.round):
        return refused("Only the programme's managers can cancel an announcement.")
    if AWARD_BATCH_LIFECYCLE.row(batch.state, "cancel") is None:
        return refused(f"This announcement is {batch.get_state_display().lower()}.")
    return ALLOWED


# Moderators (panel members)


def rounds_moderated_by(user) -> QuerySet[Round]:
    return _rounds_with_role(user, Role.MODERATOR)


def may_moderate(user, round: Round) -> bool:
    return has_role(user, round, Role.MODERATOR)


def bids_moderated_by(user) -> QuerySet[Application]:
    return Application.objects.filter(
        round__in=rounds_moderated_by(user), state__in=WITH_THE_PROGRAMME
    )


# Assessors


def is_assessor_for(user, round: Round) -> bool:
    return has_role(user, round, Role.ASSESSOR)


def assignments_of(user) -> QuerySet[Assignment]:
    """The bids assigned to this person now (withdrawn assignments are gone from their view)."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.active().filter(assessor=user, application__state__in=ASSESSOR_READS)


# An assessor keeps the bids assigned to them (and their submitted scores) while the bid is
# with the programme; a withdrawn bid leaves their list.
ASSESSOR_READS = WITH_THE_PROGRAMME
