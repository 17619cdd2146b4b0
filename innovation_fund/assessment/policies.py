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

from innovation_fund.applications.models import Application
from innovation_fund.programmes.models import ProgrammeRole, Round

from .models import Assignment

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
        round__in=rounds_managed_by(user), state=Application.State.SUBMITTED
    )


# Moderators (panel members)


def rounds_moderated_by(user) -> QuerySet[Round]:
    return _rounds_with_role(user, Role.MODERATOR)


def may_moderate(user, round: Round) -> bool:
    return has_role(user, round, Role.MODERATOR)


def bids_moderated_by(user) -> QuerySet[Application]:
    return Application.objects.filter(
        round__in=rounds_moderated_by(user), state=Application.State.SUBMITTED
    )


# Assessors


def is_assessor_for(user, round: Round) -> bool:
    return has_role(user, round, Role.ASSESSOR)


def assignments_of(user) -> QuerySet[Assignment]:
    """The bids assigned to this person now (withdrawn assignments are gone from their view)."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.active().filter(
        assessor=user, application__state=Application.State.SUBMITTED
    )
