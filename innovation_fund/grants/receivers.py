"""What grants does when assessment announces a batch of decisions (`assessment.signals`)."""

from functools import partial

from django.db import transaction

from innovation_fund.assessment.models import Decision

from .models import Grant
from .services.awards import grant_from_decision
from .tasks import write_and_send_letter


def make_grants_and_letters(sender, batch, decisions, actor, **kwargs) -> list[Grant]:
    """Each approval becomes a grant and a published project now, in the announcement's
    transaction; each bid's letter (offer or reasons) is written and sent once it commits."""
    grants = [
        grant_from_decision(decision, batch)
        for decision in decisions
        if decision.outcome == Decision.Outcome.APPROVE
    ]
    for decision in decisions:
        transaction.on_commit(
            partial(write_and_send_letter.enqueue, decision_id=decision.pk, created_by_id=actor.pk)
        )
    return grants
