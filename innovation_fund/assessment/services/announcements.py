"""Announcing a round's decisions in a batch, as the programme did: on a date, with words.

Announcing makes each approval a grant and a published project, and (once the transaction has
committed) writes each bid's letter and emails it in the background. Until its batch is
announced, nothing about a decision reaches the applicant.
"""

from datetime import date
from functools import partial

from django.db import transaction

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError
from innovation_fund.grants.services import grant_from_decision
from innovation_fund.grants.tasks import write_and_send_letter
from innovation_fund.opendata.tasks import publish_open_data_after_commit
from innovation_fund.programmes.models import Programme, Round

from .. import policies
from ..errors import NotAllowed
from ..models import AwardBatch, BatchDecision, Decision
from ..selectors.announcements import decisions_waiting

Outcome = Decision.Outcome


@transaction.atomic
def announce_batch(
    user,
    round: Round,
    *,
    title: str,
    announced_on: date | None,
    text: str,
    expected_decision_ids: list[int] | None = None,
) -> AwardBatch:
    """Announce every approval and rejection in the round not yet announced, together.

    `expected_decision_ids`, when given, are the decisions the person was shown: if the list
    has changed since (a decision recorded or superseded meanwhile), nothing is announced and
    they are asked to check again.
    """
    if not policies.may_manage_assessment(user, round):
        raise NotAllowed("Only the programme's managers can announce its decisions.")
    title = (title or "").strip()
    text = (text or "").strip()
    if not title:
        raise DomainError("Enter a title for the announcement", field="title")
    if announced_on is None:
        raise DomainError("Enter the announcement date", field="announced_on")
    if not text:
        raise DomainError("Enter the announcement text", field="text")
    # Lock order as in record_decision: programme first. A decision being recorded in the
    # programme waits for this announcement to commit (and then sees it), and the other way.
    Programme.objects.select_for_update().get(pk=round.programme_id)
    round = Round.objects.select_for_update().get(pk=round.pk)
    waiting = list(
        decisions_waiting(round).select_for_update(of=("self",)).prefetch_related("years")
    )
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
    batch = AwardBatch.objects.create(
        round=round, title=title, announced_on=announced_on, text=text, announced_by=user
    )
    BatchDecision.objects.bulk_create(
        BatchDecision(batch=batch, decision=decision) for decision in waiting
    )
    grants = [
        grant_from_decision(decision, batch)
        for decision in waiting
        if decision.outcome == Outcome.APPROVE
    ]
    record(
        actor=user,
        action="assessment.announced",
        target=batch,
        after={
            "round": round.pk,
            "title": title,
            "announced_on": announced_on.isoformat(),
            "approved": [d.application.reference for d in waiting if d.outcome == Outcome.APPROVE],
            "rejected": [d.application.reference for d in waiting if d.outcome == Outcome.REJECT],
            "grants": [grant.pk for grant in grants],
        },
    )
    for decision in waiting:
        transaction.on_commit(
            partial(write_and_send_letter.enqueue, decision_id=decision.pk, created_by_id=user.pk)
        )
    if grants:
        # The new grants go into the open data files, today or on the day they are awarded.
        publish_open_data_after_commit(also_on=announced_on)
    return batch
