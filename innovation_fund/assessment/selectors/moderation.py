"""Reads for moderation and the ranked list: assessors' scores side by side, spreads, flags,
moderated scores, final scores and where the round's money runs out.

Only the assessments that count are read: submitted ones whose assignment is still active. A
withdrawn assessor's scores stay on the record but do not count.

The final score rule lives here, once (`final_score`), for every page that needs it:

- the weighted total of the bid's latest moderation, if it has been moderated; otherwise
- the mean of its assessors' weighted totals, if every active assignment has a submitted
  assessment and there is at least one; otherwise
- None: the bid is not yet scored.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import BigIntegerField, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from innovation_fund.applications.lifecycle import WITH_THE_PROGRAMME
from innovation_fund.applications.models import Application
from innovation_fund.applications.selectors import amount_requested
from innovation_fund.programmes.models import Criterion, Round

from .. import scoring
from ..models import Assessment, Assignment, Decision, Moderation, Score


@dataclass
class AssessorScores:
    """One assessor's submitted scores for a bid, by criterion id."""

    assignment: Assignment
    scores: dict[int, int | None]
    comments: dict[int, str]
    total: Fraction | None

    @property
    def assessor(self):
        return self.assignment.assessor

    @property
    def total_shown(self) -> str:
        return scoring.shown(self.total)


@dataclass
class ModerationRecord:
    moderation: Moderation
    scores: dict[int, int]
    total: Fraction | None
    criteria: list[Criterion] = field(default_factory=list, repr=False)
    counts: bool = False

    @property
    def rows(self) -> list[tuple[Criterion, int | None]]:
        return [(criterion, self.scores.get(criterion.pk)) for criterion in self.criteria]

    @property
    def total_shown(self) -> str:
        return scoring.shown(self.total)


@dataclass
class CriterionRow:
    """One criterion's line in the side-by-side table."""

    criterion: Criterion
    cells: list[tuple[int | None, str]]
    spread: int | None
    flagged: bool
    moderated: int | None


@dataclass
class BidScores:
    """Everything moderation knows about one bid's scores, read once."""

    application: Application
    criteria: list[Criterion]
    highest: int
    threshold: int
    active_assignments: int
    assessors: list[AssessorScores] = field(default_factory=list)
    moderations: list[ModerationRecord] = field(default_factory=list)

    @property
    def submitted_count(self) -> int:
        return len(self.assessors)

    @property
    def all_submitted(self) -> bool:
        return self.submitted_count > 0 and self.submitted_count == self.active_assignments

    @property
    def spreads(self) -> dict[int, int | None]:
        return {
            criterion.pk: scoring.spread(
                score
                for assessor in self.assessors
                if (score := assessor.scores.get(criterion.pk)) is not None
            )
            for criterion in self.criteria
        }

    @property
    def largest_spread(self) -> int | None:
        known = [value for value in self.spreads.values() if value is not None]
        return max(known) if known else None

    @property
    def disagreements(self) -> set[int]:
        """The criteria (by id) where assessors differ by more than the round allows."""
        return scoring.disagree([assessor.scores for assessor in self.assessors], self.threshold)

    @property
    def is_flagged(self) -> bool:
        return bool(self.disagreements)

    @property
    def mean(self) -> Fraction | None:
        totals = [assessor.total for assessor in self.assessors]
        if not totals or any(total is None for total in totals):
            return None
        return scoring.mean(totals)

    @property
    def latest_moderation(self) -> ModerationRecord | None:
        return self.moderations[-1] if self.moderations else None

    @property
    def is_moderated(self) -> bool:
        return bool(self.moderations)

    @property
    def moderated_total(self) -> Fraction | None:
        latest = self.latest_moderation
        return latest.total if latest else None

    @property
    def final_score(self) -> Fraction | None:
        return final_score(self)

    # As people read them: 72.5, or a dash when there is none
    @property
    def mean_shown(self) -> str:
        return scoring.shown(self.mean)

    @property
    def moderated_total_shown(self) -> str:
        return scoring.shown(self.moderated_total)

    @property
    def final_score_shown(self) -> str:
        return scoring.shown(self.final_score)

    @property
    def rows(self) -> list[CriterionRow]:
        spreads = self.spreads
        flagged = self.disagreements
        latest = self.latest_moderation
        return [
            CriterionRow(
                criterion=criterion,
                cells=[
                    (assessor.scores.get(criterion.pk), assessor.comments.get(criterion.pk, ""))
                    for assessor in self.assessors
                ],
                spread=spreads[criterion.pk],
                flagged=criterion.pk in flagged,
                moderated=latest.scores.get(criterion.pk) if latest else None,
            )
            for criterion in self.criteria
        ]


def final_score(bid: BidScores) -> Fraction | None:
    """The score a bid is ranked and decided on (see the module's docstring), None if not yet."""
    if bid.latest_moderation is not None:
        return bid.latest_moderation.total
    if not bid.all_submitted:
        return None
    return bid.mean


def eligible_bids(round: Round) -> QuerySet[Application]:
    """The round's submitted bids found eligible: the ones moderated and ranked."""
    return (
        Application.objects.filter(
            round=round,
            state__in=WITH_THE_PROGRAMME,
            eligibility_check__is_eligible=True,
        )
        .select_related("lead_organisation", "round")
        .annotate(amount_asked_pence=amount_requested())
        .order_by("reference")
    )


def scores_for(applications: Iterable[Application], round: Round) -> list[BidScores]:
    """Each bid's scores, in the order given, in five queries whatever the number of bids.

    The bids must all be in `round`.
    """
    applications = list(applications)
    ids = [application.pk for application in applications]
    criteria = list(round.criteria.all())
    highest = scoring.highest_score(round.score_descriptors)

    active_counts: dict[int, int] = defaultdict(int)
    counted: dict[int, list[Assignment]] = defaultdict(list)
    assignments = (
        Assignment.objects.active()
        .filter(application_id__in=ids)
        .select_related("assessor", "assessment")
        .order_by("assigned_at", "id")
    )
    for assignment in assignments:
        active_counts[assignment.application_id] += 1
        assessment = getattr(assignment, "assessment", None)
        if assessment is not None and assessment.state == Assessment.State.SUBMITTED:
            counted[assignment.application_id].append(assignment)

    assessment_ids = [a.assessment.pk for group in counted.values() for a in group]
    scores_by_assessment: dict[int, dict[int, Score]] = defaultdict(dict)
    for score in Score.objects.filter(assessment_id__in=assessment_ids):
        scores_by_assessment[score.assessment_id][score.criterion_id] = score

    moderations: dict[int, list[Moderation]] = defaultdict(list)
    for moderation in (
        Moderation.objects.filter(application_id__in=ids)
        .select_related("moderator")
        .prefetch_related("scores")
        .order_by("moderated_at", "id")
    ):
        moderations[moderation.application_id].append(moderation)

    result = []
    for application in applications:
        assessors = []
        for assignment in counted[application.pk]:
            by_criterion = scores_by_assessment[assignment.assessment.pk]
            values = {pk: score.score for pk, score in by_criterion.items()}
            assessors.append(
                AssessorScores(
                    assignment=assignment,
                    scores=values,
                    comments={pk: score.comment for pk, score in by_criterion.items()},
                    total=scoring.weighted_total(values, criteria, highest),
                )
            )
        records = []
        for moderation in moderations[application.pk]:
            values = {score.criterion_id: score.score for score in moderation.scores.all()}
            records.append(
                ModerationRecord(
                    moderation=moderation,
                    scores=values,
                    total=scoring.weighted_total(values, criteria, highest),
                    criteria=criteria,
                )
            )
        if records:
            records[-1].counts = True
        result.append(
            BidScores(
                application=application,
                criteria=criteria,
                highest=highest,
                threshold=round.disagreement_threshold,
                active_assignments=active_counts[application.pk],
                assessors=assessors,
                moderations=records,
            )
        )
    return result


def moderation_overview(round: Round, *, flagged_only: bool = False) -> list[BidScores]:
    """Every eligible submitted bid in the round with its scores, or only the flagged ones."""
    bids = scores_for(eligible_bids(round), round)
    if flagged_only:
        bids = [bid for bid in bids if bid.is_flagged]
    return bids


def bid_scores(application: Application) -> BidScores:
    """One bid's scores, for the moderation page."""
    return scores_for([application], application.round)[0]


def final_scores(applications: Iterable[Application]) -> dict[int, Fraction | None]:
    """Final scores by application id, for bids in any rounds (queries per round, not per bid)."""
    by_round: dict[int, list[Application]] = defaultdict(list)
    for application in applications:
        by_round[application.round_id].append(application)
    rounds = Round.objects.in_bulk(list(by_round))
    result: dict[int, Fraction | None] = {}
    for round_id, group in by_round.items():
        for bid in scores_for(group, rounds[round_id]):
            result[bid.application.pk] = bid.final_score
    return result


def final_score_of(application: Application) -> Fraction | None:
    return final_scores([application])[application.pk]


# The ranked list and the budget line


@dataclass
class RankedBid:
    rank: int
    scores: BidScores
    amount_asked_pence: int
    running_total_pence: int
    decision: Decision | None

    @property
    def application(self) -> Application:
        return self.scores.application


@dataclass
class UnscoredBid:
    scores: BidScores
    amount_asked_pence: int
    decision: Decision | None

    @property
    def application(self) -> Application:
        return self.scores.application


@dataclass
class Ranking:
    round: Round
    ranked: list[RankedBid]
    not_yet_scored: list[UnscoredBid]
    envelope_pence: int | None
    earlier_grants_pence: int
    earlier_grants_count: int
    earlier_grants_unknown: int

    @property
    def money_available_pence(self) -> int | None:
        """The envelope less the known amounts of grants that did not come from these bids."""
        if self.envelope_pence is None:
            return None
        return self.envelope_pence - self.earlier_grants_pence

    @property
    def line_after(self) -> int | None:
        """How many ranked bids sit above the budget line (None when there is no envelope)."""
        available = self.money_available_pence
        if available is None:
            return None
        above = 0
        for entry in self.ranked:
            if entry.running_total_pence > available:
                break
            above += 1
        return above

    @property
    def all_fit(self) -> bool:
        return self.line_after is not None and self.line_after == len(self.ranked)

    @property
    def left_above_line_pence(self) -> int | None:
        """What is left of the money available after the bids above the line."""
        line_after = self.line_after
        if line_after is None:
            return None
        used = self.ranked[line_after - 1].running_total_pence if line_after else 0
        return self.money_available_pence - used


def _ranking_key(bid: BidScores):
    application = bid.application
    return (-bid.final_score, application.submitted_at, application.reference)


def ranking(round: Round) -> Ranking:
    """Eligible bids with a final score, highest first (ties: submitted earliest, then
    reference), with a running total of what they ask for; then the bids not yet scored."""
    bids = scores_for(eligible_bids(round), round)
    decisions = {
        decision.application_id: decision
        for decision in Decision.objects.current().filter(
            application_id__in=[bid.application.pk for bid in bids]
        )
    }
    scored = sorted((bid for bid in bids if bid.final_score is not None), key=_ranking_key)
    ranked = []
    running = 0
    for position, bid in enumerate(scored, start=1):
        running += bid.application.amount_asked_pence
        ranked.append(
            RankedBid(
                rank=position,
                scores=bid,
                amount_asked_pence=bid.application.amount_asked_pence,
                running_total_pence=running,
                decision=decisions.get(bid.application.pk),
            )
        )
    not_yet_scored = [
        UnscoredBid(
            scores=bid,
            amount_asked_pence=bid.application.amount_asked_pence,
            decision=decisions.get(bid.application.pk),
        )
        for bid in bids
        if bid.final_score is None
    ]
    # The round's historic grants, through the relation grants declares on a round: assessment
    # sits below grants in the layers and may not import it.
    earlier = round.grants.filter(decision__isnull=True).aggregate(
        known=Coalesce(Sum("amount_pence"), Value(0), output_field=BigIntegerField()),
        count=Count("id"),
        unknown=Count("id", filter=Q(amount_pence__isnull=True)),
    )
    return Ranking(
        round=round,
        ranked=ranked,
        not_yet_scored=not_yet_scored,
        envelope_pence=round.budget_pence,
        earlier_grants_pence=earlier["known"],
        earlier_grants_count=earlier["count"],
        earlier_grants_unknown=earlier["unknown"],
    )
