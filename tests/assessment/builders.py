"""Rounds, bids and people in the states assessment starts from, built directly in the database.

Shared by every assessment test module: a round with weighted criteria, submitted bids, and
people holding programme roles.
"""

from django.utils import timezone

from innovation_fund.applications.models import Application
from innovation_fund.assessment.models import (
    Assessment,
    Assignment,
    Conflict,
    EligibilityCheck,
    Score,
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


def eligible(application: Application, by=None) -> EligibilityCheck:
    return EligibilityCheck.objects.create(
        application=application, is_eligible=True, checked_by=by or manager_of(application.round)
    )


def assigned(application: Application, assessor, by=None) -> Assignment:
    return Assignment.objects.create(
        application=application,
        assessor=assessor,
        assigned_by=by or manager_of(application.round),
    )


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
    return assessment


def conflict(assessor, organisation, reason="I am a trustee") -> Conflict:
    return Conflict.objects.create(assessor=assessor, organisation=organisation, reason=reason)
