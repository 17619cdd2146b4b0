"""Reads about announcing: the decisions waiting for a batch, past batches, and what a bid's
lead organisation may be told of its outcome."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from innovation_fund.applications.lifecycle import DECIDED
from innovation_fund.applications.models import Application
from innovation_fund.programmes.models import Round

from ..models import AwardBatch, Decision, EligibilityCheck

Outcome = Decision.Outcome
ANNOUNCED_OUTCOMES = (Outcome.APPROVE, Outcome.REJECT)


def _current_unannounced(round: Round) -> QuerySet[Decision]:
    return (
        Decision.objects.current()
        .filter(
            application__round=round,
            application__state__in=DECIDED,
            announcement__isnull=True,
        )
        .select_related("application__lead_organisation")
        .order_by("application__reference")
    )


def decisions_waiting(round: Round) -> QuerySet[Decision]:
    """The round's standing approvals and rejections that no batch has announced yet."""
    return _current_unannounced(round).filter(outcome__in=ANNOUNCED_OUTCOMES)


def decisions_deferred(round: Round) -> QuerySet[Decision]:
    """Bids the panel deferred: not announced, and not part of any batch until decided."""
    return _current_unannounced(round).filter(outcome=Outcome.DEFER)


def pending_batch(round: Round) -> AwardBatch | None:
    """The round's announcement prepared and waiting for a second manager's approval, if any."""
    return (
        AwardBatch.objects.filter(round=round, state=AwardBatch.State.PREPARED)
        .select_related("prepared_by", "round__programme")
        .prefetch_related("proposed_decisions__application__lead_organisation")
        .first()
    )


def batches_of(round: Round) -> QuerySet[AwardBatch]:
    """The round's announcements made, latest first."""
    return (
        AwardBatch.objects.filter(round=round, state=AwardBatch.State.ANNOUNCED)
        .select_related("announced_by", "prepared_by")
        .annotate(
            approvals=Count("entries", filter=_entry_outcome(Outcome.APPROVE)),
            rejections=Count("entries", filter=_entry_outcome(Outcome.REJECT)),
        )
        .order_by("-announced_on", "-id")
    )


def _entry_outcome(outcome: str) -> Q:
    return Q(entries__decision__outcome=outcome)


@dataclass(frozen=True)
class ApplicantOutcome:
    """What the lead organisation may be told about its bid: never scores or comments, and
    nothing about a decision until its batch is announced."""

    ineligible_reasons: str | None = None
    outcome: str | None = None  # "approve" or "reject", once announced
    award_pence: int | None = None
    reasons: str = ""
    letter: object | None = None  # the decision's grants.Letter, reached by its relation

    @property
    def is_ineligible(self) -> bool:
        return self.ineligible_reasons is not None

    @property
    def is_approved(self) -> bool:
        return self.outcome == Outcome.APPROVE

    @property
    def is_rejected(self) -> bool:
        return self.outcome == Outcome.REJECT


def applicant_outcome(application: Application) -> ApplicantOutcome:
    """Two queries whatever the bid holds."""
    check = (
        EligibilityCheck.objects.filter(application=application, is_eligible=False)
        .only("reasons")
        .first()
    )
    announced = (
        Decision.objects.current()
        .filter(
            application=application,
            outcome__in=ANNOUNCED_OUTCOMES,
            announcement__isnull=False,
        )
        .select_related("letter")
        .order_by("-decided_at", "-id")
        .first()
    )
    if announced is None:
        return ApplicantOutcome(ineligible_reasons=check.reasons if check else None)
    return ApplicantOutcome(
        ineligible_reasons=check.reasons if check else None,
        outcome=announced.outcome,
        award_pence=announced.award_pence,
        reasons=announced.reasons if announced.outcome == Outcome.REJECT else "",
        letter=getattr(announced, "letter", None),
    )
