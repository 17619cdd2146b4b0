"""Conflicts of interest, declared by each assessor or moderator, at any time, and kept.

A declaration made after a bid was assigned takes that bid away from the person at once (in the
same transaction), and the programme team is told it needs another assessor.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from innovation_fund.accounts.models import User
from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.organisations.models import Organisation
from innovation_fund.programmes.models import ProgrammeRole

from ..errors import NotAllowed
from ..models import Assignment, Conflict
from ..selectors.assignments import may_declare_conflicts
from .assignments import end_assignment, lock_interests_of

REASON_MAX = 2000


def _duplicate(organisation: Organisation) -> DomainError:
    return DomainError(
        f"You have already declared a conflict of interest with {organisation.name}",
        field="organisation",
    )


@transaction.atomic
def declare_conflict(user: User, organisation: Organisation, reason: str) -> Conflict:
    """Record the person's conflict with an organisation. The Conflict returned carries
    `withdrawn_assignments`: the assignments this declaration took away from them."""
    if not may_declare_conflicts(user):
        raise NotAllowed("Only assessors and moderators declare conflicts of interest.")
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter your interest in the organisation", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(
            f"Your interest must be {REASON_MAX:,} characters or fewer", field="reason"
        )
    lock_interests_of(user)
    if Conflict.objects.filter(assessor=user, organisation=organisation).exists():
        raise _duplicate(organisation)
    try:
        with transaction.atomic():
            conflict = Conflict.objects.create(
                assessor=user, organisation=organisation, reason=reason, declared_at=timezone.now()
            )
    except IntegrityError:
        raise _duplicate(organisation) from None  # declared twice at the same moment
    record(
        actor=user,
        action="assessment.conflict_declared",
        target=conflict,
        after={"organisation": organisation.pk, "reason": reason},
    )

    affected = Assignment.objects.active().filter(
        Q(application__lead_organisation=organisation)
        | Q(application__partners__organisation=organisation),
        assessor=user,
    )
    withdrawal_reason = (
        f"{user.display_name} declared a conflict of interest with {organisation.name}"
    )
    withdrawn = []
    for assignment in (
        Assignment.objects.select_for_update(of=("self",))
        .filter(pk__in=affected.values("pk"))
        .select_related("application__round__programme")
        .order_by("application__reference")
    ):
        withdrawn.append(end_assignment(user, assignment, withdrawal_reason))
        _tell_programme_team(assignment, user, organisation)
    conflict.withdrawn_assignments = withdrawn
    return conflict


def _tell_programme_team(
    assignment: Assignment, assessor: User, organisation: Organisation
) -> None:
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
            organisation=organisation.name,
            link=link,
        )
