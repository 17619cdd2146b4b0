"""Asking assessors to score bids: one at a time, in bulk with the work spread evenly, and
withdrawing an assignment. An assignment is never deleted: it is withdrawn, with the reason.

A bid may be assigned only once it has been checked eligible and before any decision on it, and
only to an assessor of its programme with no conflict of interest (see
selectors.assignments.conflicts_by_assessor). The bid's row is locked while it is assigned, so
two managers assigning at the same moment cannot give it the same assessor twice or more
assessors than they saw.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from innovation_fund.accounts.models import User
from innovation_fund.applications.lifecycle import WITH_THE_PROGRAMME
from innovation_fund.applications.models import Application
from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.permissions import Refused
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.programmes.models import Round

from .. import policies
from ..bid_states import complete_if_assessed, move_bid
from ..models import Assessment, Assignment, Decision, EligibilityCheck
from ..selectors.assignments import (
    Interests,
    assessors_with_workload,
    bid_organisations,
    conflicts_for,
    workload_order,
)

FIELD = "assessor"


def _locked_bid(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "lead_organisation")
        .get(pk=application.pk)
    )


def _require_manager(user, application: Application) -> None:
    if (
        not policies.may_manage_assessment(user, application.round)
        or application.state not in WITH_THE_PROGRAMME
    ):
        raise Refused("Only the programme team can assign assessors to a submitted bid.")


def _check_assessable(application: Application) -> None:
    if Decision.objects.filter(application=application).exists():
        raise DomainError(
            "A decision has been recorded on this bid, so assessors can no longer be assigned",
            field=FIELD,
        )
    check = EligibilityCheck.objects.filter(application=application).first()
    if check is None:
        raise DomainError(
            "Check the bid’s eligibility before you assign assessors to it", field=FIELD
        )
    if not check.is_eligible:
        raise DomainError("The bid is not eligible, so it cannot be assessed", field=FIELD)


def _record_assignment(user, assignment: Assignment) -> None:
    record(
        actor=user,
        action="assessment.assessor_assigned",
        target=assignment,
        after={
            "application": assignment.application_id,
            "assessor": assignment.assessor_id,
            "state": assignment.state,
        },
    )


@transaction.atomic
def assign_assessor(user, application: Application, assessor: User) -> Assignment:
    """Ask one assessor to score one bid, refusing with the reason at the assessor field."""
    application = _locked_bid(application)
    _require_manager(user, application)
    _check_assessable(application)
    lock_interests_of(assessor)
    name = assessor.display_name
    if not policies.is_assessor_for(assessor, application.round):
        raise DomainError(f"{name} is not an assessor for this programme", field=FIELD)
    if Assignment.objects.active().filter(application=application, assessor=assessor).exists():
        raise DomainError(f"{name} is already assessing this bid", field=FIELD)
    reasons = conflicts_for(assessor, application)
    if reasons:
        raise DomainError(reasons[0], field=FIELD)
    assignment = Assignment.objects.create(
        application=application, assessor=assessor, assigned_by=user
    )
    _reopen_if_assessed(user, application)
    _record_assignment(user, assignment)
    _tell_assessor(assessor, application.round, 1)
    return assignment


def lock_interests_of(*people: User) -> None:
    """Hold these people's rows until the transaction ends. Assigning someone and their
    declaring a conflict both take this lock, so a conflict declared at the moment of assignment
    is either seen by the assignment or withdraws it; it can never slip between the two.

    The lock is FOR NO KEY UPDATE: it excludes the others who take it, but not a row that only
    refers to the person (an audit event, a score saved meanwhile), which would otherwise wait
    on it while holding what this transaction needs next."""
    ids = sorted(person.pk for person in people)  # always in one order, so never a deadlock
    people_rows = User.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
    list(people_rows.values_list("pk"))


def end_assignment(actor, assignment: Assignment, reason: str) -> Assignment:
    """Withdraw an active assignment and record why. For services only: the caller holds the
    transaction, has locked what it must and has checked that the actor may do this."""
    before = {"state": assignment.state}
    assignment.state = Assignment.State.WITHDRAWN
    assignment.withdrawn_at = timezone.now()
    assignment.withdrawal_reason = reason
    assignment.save(update_fields=["state", "withdrawn_at", "withdrawal_reason"])
    record(
        actor=actor,
        action="assessment.assignment_withdrawn",
        target=assignment,
        before=before,
        after={"state": assignment.state, "reason": reason},
    )
    return assignment


def submitted_assessment(assignment: Assignment) -> bool:
    try:
        return assignment.assessment.state == Assessment.State.SUBMITTED
    except Assignment.assessment.RelatedObjectDoesNotExist:
        return False


def _reopen_if_assessed(user, application: Application) -> None:
    """Another assessor on an assessed bid: its assessment is open again until they submit."""
    if application.state == Application.State.ASSESSED:
        move_bid(user, application, "reopen_assessment")


@transaction.atomic
def withdraw_assignment(user, assignment: Assignment, reason: str) -> Assignment:
    """The programme team takes a bid away from an assessor who has not yet submitted."""
    application = _locked_bid(assignment.application)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application__round", "assessor")
        .get(pk=assignment.pk)
    )
    if not policies.may_manage_assessment(user, assignment.application.round):
        raise Refused("Only the programme team can withdraw an assignment.")
    if assignment.state != Assignment.State.ACTIVE:
        raise DomainError("This assignment has already been withdrawn")
    if submitted_assessment(assignment):
        raise DomainError(
            f"{assignment.assessor.display_name} has submitted their assessment of this bid, "
            "so the assignment cannot be withdrawn"
        )
    reason = reason.strip()
    if not reason:
        raise DomainError("Enter why you are withdrawing the assignment", field="reason")
    ended = end_assignment(user, assignment, reason)
    # The one assessor still to submit may have been this one.
    complete_if_assessed(user, application)
    return ended


# --- In bulk ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    """A bid that could not be given enough assessors, and why."""

    application: Application
    missing: int
    reason: str

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.reason}"


@dataclass
class AutoAssignmentResult:
    made: int = 0
    assignments: list[Assignment] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)


def _shortfall_reason(missing: int, total: int, assessing: int, conflicted: int) -> str:
    more = f"needs {missing} more assessor{'' if missing == 1 else 's'}"
    if total == 0:
        return f"It {more}: the programme has no assessors"
    parts = []
    if assessing:
        parts.append(f"{assessing} assess{'es' if assessing == 1 else ''} it")
    if conflicted:
        parts.append(f"{conflicted} {'has' if conflicted == 1 else 'have'} a conflict of interest")
    assessors = f"{total} assessor{'' if total == 1 else 's'}"
    if not parts:
        return f"It {more}: the programme has only {assessors}"
    return f"It {more}: of the programme’s {assessors}, {' and '.join(parts)}"


@transaction.atomic
def assign_automatically(user, round: Round) -> AutoAssignmentResult:
    """Give every eligible bid in the round that lacks assessors enough of them, those with
    the fewest bids in the round first (then by name), never one with a conflict."""
    if not policies.may_manage_assessment(user, round):
        raise Refused("Only the programme team can assign assessors in this round.")
    round = Round.objects.select_for_update().get(pk=round.pk)
    submitted = Application.objects.filter(round=round, state__in=WITH_THE_PROGRAMME)
    decided = Decision.objects.filter(application__round=round).values("application_id")
    # Lock every bid that may be assigned (in a fixed order), so the workloads read below stay
    # true until this commits.
    bids = list(
        submitted.exclude(pk__in=decided)
        .filter(eligibility_check__is_eligible=True)
        .select_for_update(of=("self",))
        .select_related("lead_organisation")
        .order_by("reference")
    )
    result = AutoAssignmentResult()
    for bid in (
        submitted.exclude(pk__in=decided)
        .filter(eligibility_check__isnull=True)
        .order_by("reference")
    ):
        result.shortfalls.append(
            Shortfall(bid, round.assessors_per_bid, "Its eligibility has not been checked yet")
        )

    assessors = assessors_with_workload(round)
    lock_interests_of(*assessors)
    workload = {assessor.pk: assessor.bids_in_round for assessor in assessors}
    assigned_to: dict[int, set[int]] = defaultdict(set)
    for application_id, assessor_id in (
        Assignment.objects.active()
        .filter(application__in=bids)
        .values_list("application_id", "assessor_id")
    ):
        assigned_to[application_id].add(assessor_id)
    organisations = bid_organisations(bids)
    interests = Interests.of(workload)
    new_bids: dict[int, int] = defaultdict(int)

    for bid in bids:
        missing = round.assessors_per_bid - len(assigned_to[bid.pk])
        if missing <= 0:
            continue
        free = []
        conflicted = 0
        for assessor in assessors:
            if assessor.pk in assigned_to[bid.pk]:
                continue
            if interests.reasons(assessor, organisations[bid.pk]):
                conflicted += 1
                continue
            free.append(assessor)
        for assessor in free[:missing]:
            assignment = Assignment.objects.create(
                application=bid, assessor=assessor, assigned_by=user
            )
            _record_assignment(user, assignment)
            _reopen_if_assessed(user, bid)
            result.assignments.append(assignment)
            assigned_to[bid.pk].add(assessor.pk)
            assessor.bids_in_round += 1
            workload[assessor.pk] += 1
            new_bids[assessor.pk] += 1
        assessors.sort(key=workload_order)
        if len(free) < missing:
            short = missing - len(free)
            assessing = len(assigned_to[bid.pk])
            result.shortfalls.append(
                Shortfall(
                    bid, short, _shortfall_reason(short, len(assessors), assessing, conflicted)
                )
            )
    result.made = len(result.assignments)
    result.shortfalls.sort(key=lambda shortfall: shortfall.application.reference)

    by_id = {assessor.pk: assessor for assessor in assessors}
    for assessor_id, count in new_bids.items():
        _tell_assessor(by_id[assessor_id], round, count)
    record(
        actor=user,
        action="assessment.assigned_automatically",
        target=round,
        after={
            "assignments": [assignment.pk for assignment in result.assignments],
            "short": [shortfall.application.reference for shortfall in result.shortfalls],
        },
    )
    return result


def _my_assessments_link() -> str:
    return absolute_url("assessment:my_assessments")


def _tell_assessor(assessor: User, round: Round, count: int) -> None:
    send_email_after_commit(
        assessor.email,
        "bids_assigned",
        name=assessor.display_name,
        count=str(count),
        bids="bid" if count == 1 else "bids",
        round_name=round.name,
        link=_my_assessments_link(),
    )
