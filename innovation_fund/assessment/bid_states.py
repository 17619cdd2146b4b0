"""Moving a bid along the bid lifecycle (`applications.lifecycle.BID_LIFECYCLE`) from the
assessment services, and the assessment facts its moves depend on.

Each move is checked against the table and audited on the bid, inside the caller's transaction.
"""

from django.db.models import Count, Q

from innovation_fund.applications.lifecycle import move
from innovation_fund.applications.models import Application
from innovation_fund.core.audit import record

from .models import Assessment, Assignment, BatchDecision, Decision, EligibilityCheck

State = Application.State
DECIDED_STATES = {
    Decision.Outcome.APPROVE: State.APPROVED,
    Decision.Outcome.REJECT: State.REJECTED,
    Decision.Outcome.DEFER: State.DEFERRED,
}


def move_bid(actor, application: Application, action: str, **details) -> None:
    """Take the table's row for `action` (its guards included), save the new state and record
    it on the bid's audit trail. Raises `Refused` with the reason when the table says no."""
    before, after = move(application, action)
    application.save(update_fields=["state"])
    record(
        actor=actor,
        action=f"application.{action}",
        target=application,
        before={"state": before},
        after={"state": after, **details},
    )


def assessment_complete(application: Application) -> bool:
    """Every assessor assigned to the bid now has submitted their scores (and there is one)."""
    active = Assignment.objects.active().filter(application=application)
    if not active.exists():
        return False
    return not active.exclude(assessment__state=Assessment.State.SUBMITTED).exists()


def incomplete_assessments(application_ids) -> set[int]:
    """Which of these bids' assessments are not complete (one query, however many bids)."""
    ids = set(application_ids)
    counts = (
        Assignment.objects.active()
        .filter(application_id__in=ids)
        .values("application_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(assessment__state=Assessment.State.SUBMITTED)),
        )
    )
    complete = {row["application_id"] for row in counts if row["total"] == row["done"]}
    return ids - complete


def complete_if_assessed(actor, application: Application) -> None:
    """The system's move: an eligible bid whose last assessment is in becomes assessed."""
    if application.state == State.ELIGIBLE and assessment_complete(application):
        move_bid(actor, application, "complete_assessment")


def state_from_records(application: Application) -> str:
    """The state a submitted bid's records put it in: the rule the data migration applied to
    the bids there were (applications/migrations/0003), used again by the demo and tests."""
    decision = (
        Decision.objects.current()
        .filter(application=application)
        .order_by("-decided_at", "-id")
        .first()
    )
    if decision is not None:
        if BatchDecision.objects.filter(decision=decision).exists():
            return State.ANNOUNCED
        return DECIDED_STATES[decision.outcome]
    check = EligibilityCheck.objects.filter(application=application).first()
    if check is None:
        return State.SUBMITTED
    if not check.is_eligible:
        return State.NOT_ELIGIBLE
    return State.ASSESSED if assessment_complete(application) else State.ELIGIBLE
