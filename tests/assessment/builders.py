"""Rounds, bids and people in the states assessment starts from, built directly in the database.

Shared by every assessment test module: a round with weighted criteria, submitted bids, and
people holding programme roles.
"""

from datetime import date, timedelta

from django.utils import timezone

from innovation_fund.applications.lifecycle import WITH_THE_PROGRAMME
from innovation_fund.applications.models import Application
from innovation_fund.assessment.bid_states import state_from_records
from innovation_fund.assessment.models import (
    Assessment,
    Assignment,
    AwardBatch,
    Conflict,
    EligibilityCheck,
    Score,
)
from innovation_fund.assessment.services.announcements import (
    approve_announcement,
    prepare_announcement,
)
from innovation_fund.programmes.models import ProgrammeRole, Round
from tests.applications.builders import complete_bid
from tests.factories import CriterionFactory, OpenRoundFactory, ProgrammeRoleFactory, UserFactory

Role = ProgrammeRole.Role


def assessed_round(weights=(60, 40), **kwargs) -> Round:
    """An open round whose criteria have these weights (adding up to 100)."""
    funding_round = OpenRoundFactory(**kwargs)
    for position, weight in enumerate(weights):
        CriterionFactory(
            round=funding_round, name=f"Criterion {position + 1}", weight=weight, position=position
        )
    return funding_round


def submitted_bid(funding_round: Round, *, amount_pence: int = 100_000_00, **kwargs):
    application = complete_bid(funding_round, amount_pence=amount_pence, **kwargs)
    application.state = Application.State.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    return application


def person_with_role(funding_round: Round, role: str, **kwargs):
    return ProgrammeRoleFactory(
        programme=funding_round.programme, role=role, user=UserFactory(**kwargs)
    ).user


def manager_of(funding_round: Round):
    return person_with_role(funding_round, Role.PROGRAMME_MANAGER)


def assessor_of(funding_round: Round):
    return person_with_role(funding_round, Role.ASSESSOR)


def moderator_of(funding_round: Round):
    return person_with_role(funding_round, Role.MODERATOR)


def in_state_of_records(application: Application) -> Application:
    """Put a bid built straight in the database in the lifecycle state its records give it, as
    the services would have (assessment.bid_states.state_from_records)."""
    application.refresh_from_db(fields=["state"])
    if application.state in WITH_THE_PROGRAMME:
        application.state = state_from_records(application)
        application.save(update_fields=["state"])
    return application


def eligible(application: Application, by=None) -> EligibilityCheck:
    check = EligibilityCheck.objects.create(
        application=application, is_eligible=True, checked_by=by or manager_of(application.round)
    )
    in_state_of_records(application)
    return check


def assigned(application: Application, assessor, by=None) -> Assignment:
    assignment = Assignment.objects.create(
        application=application,
        assessor=assessor,
        assigned_by=by or manager_of(application.round),
    )
    in_state_of_records(application)
    return assignment


def fully_assessed(application: Application) -> Application:
    """Eligible (if not yet checked), with one assessor who has submitted every score."""
    if not EligibilityCheck.objects.filter(application=application).exists():
        eligible(application)
    criteria = application.round.criteria.count()
    scored(assigned(application, assessor_of(application.round)), [3] * criteria)
    return in_state_of_records(application)


def closed(funding_round: Round) -> Round:
    """The round, closed for bids a minute ago (decisions are announced only after)."""
    funding_round.closes_at = timezone.now() - timedelta(minutes=1)
    funding_round.save(update_fields=["closes_at"])
    return funding_round


def announced_by_two(
    funding_round: Round, *, prepared_by=None, approved_by=None, **kwargs
) -> AwardBatch:
    """Every waiting decision in the round announced: prepared by one programme manager and
    approved by another (four eyes), after the round has closed."""
    kwargs.setdefault("title", "Round 1 awards")
    kwargs.setdefault("announced_on", date(2027, 3, 1))
    kwargs.setdefault("text", "The programme has funded **new** projects.")
    closed(funding_round)
    batch = prepare_announcement(prepared_by or manager_of(funding_round), funding_round, **kwargs)
    return approve_announcement(approved_by or manager_of(funding_round), batch)


def scored(assignment: Assignment, scores: list[int | None], *, submitted=True) -> Assessment:
    """An assessment with these scores for the round's criteria in order."""
    assessment = Assessment.objects.create(
        assignment=assignment,
        state=Assessment.State.SUBMITTED if submitted else Assessment.State.DRAFT,
        submitted_at=timezone.now() if submitted else None,
    )
    criteria = list(assignment.application.round.criteria.all())
    for criterion, score in zip(criteria, scores, strict=True):
        Score.objects.create(
            assessment=assessment,
            criterion=criterion,
            score=score,
            comment=f"Why {score}" if score is not None else "",
        )
    in_state_of_records(assignment.application)
    return assessment


def conflict(assessor, organisation, reason="I am a trustee") -> Conflict:
    return Conflict.objects.create(assessor=assessor, organisation=organisation, reason=reason)
