"""Appointing an evaluator: the programme team names an organisation to evaluate one project or
several. Its people act for it once the team has given them the programme's evaluator role
(on the programme's team page). The evaluation starts with an empty plan for them to write."""

from django.db import transaction

from innovation_fund.core.audit import record
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Project
from innovation_fund.organisations.models import Organisation
from innovation_fund.programmes.models import Programme

from ..models import Evaluation, EvaluationPlan
from ..policies import may_appoint


def appoint_evaluator(
    user,
    programme: Programme,
    *,
    evaluator: Organisation | None,
    projects: list[Project],
    title: str,
) -> Evaluation:
    may_appoint(user, programme).enforce()
    errors = []
    if evaluator is None:
        errors.append(DomainError("Choose the evaluator organisation", field="evaluator"))
    if not projects:
        errors.append(DomainError("Choose at least one project to evaluate", field="projects"))
    elif any(project.round.programme_id != programme.pk for project in projects):
        raise Refused("Choose projects of this programme only")
    if not title.strip():
        errors.append(DomainError("Enter a name for the evaluation", field="title"))
    if errors:
        raise DomainErrors(errors)
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            programme=programme,
            evaluator=evaluator,
            title=title.strip(),
            appointed_by=user,
            # An evaluation of a demonstration round's projects is made up too: never public.
            is_demonstration=any(project.round.is_demonstration for project in projects),
        )
        evaluation.projects.set(projects)
        EvaluationPlan.objects.create(evaluation=evaluation)
        record(
            actor=user,
            action="evaluation.appointed",
            target=evaluation,
            after={
                "programme_id": programme.pk,
                "evaluator_id": evaluator.pk,
                "project_ids": sorted(project.pk for project in projects),
                "title": evaluation.title,
                "is_demonstration": evaluation.is_demonstration,
            },
        )
    return evaluation
