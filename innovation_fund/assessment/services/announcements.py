"""Announcing a round's decisions in a batch, as the programme did: on a date, with words.

Four eyes: one programme manager prepares the announcement (the decisions it will make public,
its title, date and words); another approves it, and the approval announces it. A programme
that says it has a single manager lets that manager approve their own, and the batch records
that no second approval was made.

Decisions are announced only after the round has closed (the bid lifecycle's guard), and only
for bids whose assessment is complete, unless the preparer gives the reason to announce the
others anyway: it is kept on the batch and in each such decision's history.

Announcing sends `signals.batch_announced` inside the transaction: the grants app makes each
approval a grant and a published project and (once the transaction has committed) writes each
bid's letter and emails it in the background; open data queues fresh files. Until its batch is
announced, nothing about a decision reaches the applicant.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from innovation_fund.applications.lifecycle import BID_LIFECYCLE
from innovation_fund.applications.models import Application
from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.core.links import absolute_url
from innovation_fund.core.permissions import Refused
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.programmes.models import Programme, ProgrammeRole, Round
from innovation_fund.programmes.services.round_lifecycle import mark_decisions_announced

from .. import policies
from ..batch_lifecycle import AWARD_BATCH_LIFECYCLE
from ..bid_states import incomplete_assessments, move_bid
from ..models import AwardBatch, BatchDecision, Decision
from ..selectors.announcements import decisions_waiting, pending_batch
from ..signals import batch_announced

Outcome = Decision.Outcome
REASON_FIELD = "incomplete_assessment_reason"


def _lock_round(round: Round) -> Round:
    # Lock order as in record_decision: programme first. A decision being recorded in the
    # programme waits for this announcement to commit (and then sees it), and the other way.
    Programme.objects.select_for_update().get(pk=round.programme_id)
    return Round.objects.select_for_update().select_related("programme").get(pk=round.pk)


def _waiting(round: Round) -> list[Decision]:
    return list(
        decisions_waiting(round)
        .select_for_update(of=("self",))
        .select_related("application__round")
        .prefetch_related("years")
    )


@transaction.atomic
def prepare_announcement(
    user,
    round: Round,
    *,
    title: str,
    announced_on: date | None,
    text: str,
    expected_decision_ids: list[int] | None = None,
    incomplete_assessment_reason: str = "",
) -> AwardBatch:
    """Prepare the announcement of every approval and rejection in the round not yet announced,
    for another programme manager to approve.

    `expected_decision_ids`, when given, are the decisions the person was shown: if the list
    has changed since (a decision recorded or superseded meanwhile), nothing is prepared and
    they are asked to check again.
    """
    permission = policies.may_prepare_announcement(user, round)
    if not permission:
        raise Refused(permission.reason)
    title = (title or "").strip()
    text = (text or "").strip()
    reason = (incomplete_assessment_reason or "").strip()
    if not title:
        raise DomainError("Enter a title for the announcement", field="title")
    if announced_on is None:
        raise DomainError("Enter the announcement date", field="announced_on")
    if not text:
        raise DomainError("Enter the announcement text", field="text")
    round = _lock_round(round)
    if pending_batch(round) is not None:
        raise DomainError(
            "An announcement of this round is already waiting for approval: approve or cancel "
            "it before preparing another"
        )
    waiting = _waiting(round)
    if not waiting:
        raise DomainError(
            "There are no approved or rejected bids waiting to be announced in this round"
        )
    if expected_decision_ids is not None and sorted(expected_decision_ids) != sorted(
        decision.pk for decision in waiting
    ):
        raise DomainError(
            "The decisions waiting to be announced have changed since you opened this page. "
            "Check the list again, then announce"
        )
    for decision in waiting:
        BID_LIFECYCLE.check(decision.application, "announce")  # the round has closed
    not_complete = incomplete_assessments(d.application_id for d in waiting)
    incomplete = [d for d in waiting if d.application_id in not_complete]
    if incomplete and not reason:
        references = ", ".join(d.application.reference for d in incomplete)
        raise DomainError(
            f"The assessment of {references} is not complete. Enter why their decisions should "
            "be announced anyway, or wait until every assigned assessor has submitted",
            field=REASON_FIELD,
        )
    batch = AwardBatch.objects.create(
        round=round,
        title=title,
        announced_on=announced_on,
        text=text,
        prepared_by=user,
        incomplete_assessment_reason=reason if incomplete else "",
    )
    batch.proposed_decisions.set(waiting)
    record(
        actor=user,
        action="assessment.announcement_prepared",
        target=batch,
        after={
            "round": round.pk,
            "title": title,
            "announced_on": announced_on.isoformat(),
            "decisions": [d.application.reference for d in waiting],
            "incomplete_assessment": [d.application.reference for d in incomplete],
            "incomplete_assessment_reason": batch.incomplete_assessment_reason,
        },
    )
    for decision in incomplete:
        record(
            actor=user,
            action="assessment.announced_with_incomplete_assessment",
            target=decision,
            after={"batch": batch.pk, "reason": reason},
        )
    _ask_the_other_managers(user, batch, len(waiting))
    return batch


def _ask_the_other_managers(user, batch: AwardBatch, count: int) -> None:
    managers = (
        ProgrammeRole.objects.filter(
            programme_id=batch.round.programme_id, role=ProgrammeRole.Role.PROGRAMME_MANAGER
        )
        .exclude(user=user)
        .select_related("user")
    )
    link = absolute_url("assessment:announce", batch.round_id)
    for role in managers:
        send_email_after_commit(
            role.user.email,
            "announcement_to_approve",
            name=role.user.display_name,
            prepared_by=user.display_name,
            title=batch.title,
            count=str(count),
            decisions="decision" if count == 1 else "decisions",
            round_name=batch.round.name,
            link=link,
        )


def _locked_batch(batch: AwardBatch) -> tuple[Round, AwardBatch]:
    round = _lock_round(batch.round)
    batch = AwardBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
    batch.round = round
    return round, batch


@transaction.atomic
def approve_announcement(user, batch: AwardBatch) -> AwardBatch:
    """A second programme manager approves the prepared announcement, which announces it."""
    round, batch = _locked_batch(batch)
    permission = policies.may_approve_announcement(user, batch)
    if not permission:
        raise Refused(permission.reason)
    AWARD_BATCH_LIFECYCLE.check(batch, "approve")
    waiting = _waiting(round)
    if sorted(d.pk for d in waiting) != sorted(
        batch.proposed_decisions.values_list("pk", flat=True)
    ):
        raise DomainError(
            "The decisions waiting to be announced have changed since this announcement was "
            "prepared. Cancel it and prepare it again"
        )
    bids = {
        bid.pk: bid
        for bid in Application.objects.select_for_update(of=("self",))
        .select_related("round")
        .filter(pk__in=[d.application_id for d in waiting])
    }
    for decision in waiting:
        move_bid(user, bids[decision.application_id], "announce", batch=batch.pk)
    mark_decisions_announced(user, round)  # the round lifecycle: decisions announced

    batch.state = AwardBatch.State.ANNOUNCED
    batch.announced_by = user
    batch.announced_at = timezone.now()
    batch.without_second_approval = user.pk == batch.prepared_by_id
    batch.save()
    BatchDecision.objects.bulk_create(
        BatchDecision(batch=batch, decision=decision) for decision in waiting
    )
    made = batch_announced.send(sender=AwardBatch, batch=batch, decisions=waiting, actor=user)
    grant_ids = [grant.pk for _receiver, grants in made for grant in grants or []]
    record(
        actor=user,
        action="assessment.announced",
        target=batch,
        after={
            "round": round.pk,
            "title": batch.title,
            "announced_on": batch.announced_on.isoformat(),
            "prepared_by": batch.prepared_by_id,
            "approved_by": user.pk,
            "without_second_approval": batch.without_second_approval,
            "incomplete_assessment_reason": batch.incomplete_assessment_reason,
            "approved": [d.application.reference for d in waiting if d.outcome == Outcome.APPROVE],
            "rejected": [d.application.reference for d in waiting if d.outcome == Outcome.REJECT],
            "grants": grant_ids,
        },
    )
    return batch


@transaction.atomic
def cancel_announcement(user, batch: AwardBatch) -> AwardBatch:
    """Drop a prepared announcement (its decisions wait again), for example when the decisions
    have changed since it was prepared."""
    _round, batch = _locked_batch(batch)
    permission = policies.may_cancel_announcement(user, batch)
    if not permission:
        raise Refused(permission.reason)
    row = AWARD_BATCH_LIFECYCLE.check(batch, "cancel")
    batch.state = row.target
    batch.cancelled_by = user
    batch.cancelled_at = timezone.now()
    batch.save(update_fields=["state", "cancelled_by", "cancelled_at"])
    record(
        actor=user,
        action="assessment.announcement_cancelled",
        target=batch,
        before={"state": AwardBatch.State.PREPARED},
        after={"state": batch.state},
    )
    return batch
