"""Conflicts of interest, declared by each assessor or moderator, at any time, and kept: with an
organisation registered with the service, or with one known only by the name bids give it.

A declaration made after a bid was assigned takes that bid away from the person at once (in the
same transaction), and the programme team is told it needs another assessor.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from innovation_fund.accounts.models import User
from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.permissions import Refused
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.organisations.models import Organisation
from innovation_fund.programmes.models import ProgrammeRole

from ..models import Assignment, Conflict
from ..selectors.assignments import (
    Interests,
    bid_organisations,
    may_declare_conflicts,
    name_key,
)
from .assignments import end_assignment, lock_interests_of

REASON_MAX = 2000
NAME_MAX = 200


def _duplicate(name: str, field: str) -> DomainError:
    return DomainError(f"You have already declared a conflict of interest with {name}", field=field)


def _checked_reason(user: User, reason: str) -> str:
    if not may_declare_conflicts(user):
        raise Refused("Only assessors and moderators declare conflicts of interest.")
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter your interest in the organisation", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(
            f"Your interest must be {REASON_MAX:,} characters or fewer", field="reason"
        )
    return reason


@transaction.atomic
def declare_conflict(user: User, organisation: Organisation, reason: str) -> Conflict:
    """Record the person's conflict with a registered organisation. The Conflict returned
    carries `withdrawn_assignments`: the assignments this declaration took away from them."""
    reason = _checked_reason(user, reason)
    lock_interests_of(user)
    if Conflict.objects.filter(assessor=user, organisation=organisation).exists():
        raise _duplicate(organisation.name, "organisation")
    try:
        with transaction.atomic():
            conflict = Conflict.objects.create(
                assessor=user, organisation=organisation, reason=reason, declared_at=timezone.now()
            )
    except IntegrityError:
        raise _duplicate(organisation.name, "organisation") from None  # twice at one moment
    record(
        actor=user,
        action="assessment.conflict_declared",
        target=conflict,
        after={"organisation": organisation.pk, "reason": reason},
    )
    return _withdraw_conflicting_assignments(user, conflict)


@transaction.atomic
def declare_conflict_with_named_partner(user: User, partner_name: str, reason: str) -> Conflict:
    """Record the person's conflict with an organisation not registered with the service, by
    the name bids give it (case and spacing aside). Bids naming it, as partner or lead, are
    then never assigned to them; any they assess now are taken away (`withdrawn_assignments`)."""
    name = " ".join((partner_name or "").split())
    if not name:
        raise DomainError("Enter the organisation’s name", field="partner_name")
    if len(name) > NAME_MAX:
        raise DomainError(
            f"The organisation’s name must be {NAME_MAX} characters or fewer", field="partner_name"
        )
    reason = _checked_reason(user, reason)
    lock_interests_of(user)
    declared = Conflict.objects.filter(assessor=user, organisation__isnull=True)
    if any(
        name_key(other) == name_key(name)
        for other in declared.values_list("partner_name", flat=True)
    ):
        raise _duplicate(name, "partner_name")
    try:
        with transaction.atomic():
            conflict = Conflict.objects.create(
                assessor=user, partner_name=name, reason=reason, declared_at=timezone.now()
            )
    except IntegrityError:
        raise _duplicate(name, "partner_name") from None  # twice at one moment
    record(
        actor=user,
        action="assessment.conflict_declared",
        target=conflict,
        after={"partner_name": name, "reason": reason},
    )
    return _withdraw_conflicting_assignments(user, conflict)


def _withdraw_conflicting_assignments(user: User, conflict: Conflict) -> Conflict:
    """Take away the person's active assignments that the new declaration concerns, decided by
    the same rule as assignment (`Interests.reasons`), and tell the programme team."""
    active = list(
        Assignment.objects.active()
        .filter(assessor=user)
        .select_for_update(of=("self",))
        .select_related("application__round__programme", "application__lead_organisation")
        .order_by("application__reference")
    )
    organisations = bid_organisations([assignment.application for assignment in active])
    # Only this declaration: bids it does not concern stay with the person.
    interests = Interests(
        declared={user.pk: {conflict.organisation_id}} if conflict.organisation_id else {},
        member_of={},
        declared_names={}
        if conflict.organisation_id
        else {user.pk: {name_key(conflict.partner_name)}},
    )
    name = conflict.organisation_name
    withdrawal_reason = f"{user.display_name} declared a conflict of interest with {name}"
    withdrawn = []
    for assignment in active:
        if not interests.reasons(user, organisations[assignment.application_id]):
            continue
        withdrawn.append(end_assignment(user, assignment, withdrawal_reason))
        _tell_programme_team(assignment, user, name)
    conflict.withdrawn_assignments = withdrawn
    return conflict


def _tell_programme_team(assignment: Assignment, assessor: User, organisation_name: str) -> None:
    application = assignment.application
    link = absolute_url("assessment:assessors", application.reference)
    managers = ProgrammeRole.objects.filter(
        programme_id=application.round.programme_id, role=ProgrammeRole.Role.PROGRAMME_MANAGER
    ).select_related("user")
    for manager in managers:
        send_email_after_commit(
            manager.user.email,
            "assignment_withdrawn_conflict",
            reference=application.reference,
            title=application.display_title,
            round_name=application.round.name,
            assessor=assessor.display_name,
            organisation=organisation_name,
            link=link,
        )
