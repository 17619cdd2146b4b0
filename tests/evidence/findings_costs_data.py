"""Records the findings and cost–benefit tests build on (no test of their own here)."""

import itertools

from innovation_fund.evidence.deflators_loader import load_deflators
from innovation_fund.evidence.models import (
    CostBenefitItem,
    Evaluation,
    EvaluationPlan,
    EvaluationReport,
    UnitCost,
)
from innovation_fund.programmes.models import ProgrammeRole
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    ProjectFactory,
    UserFactory,
)

_numbers = itertools.count(1)


def report_with_deflators(*, price_year: int | None = 2024, state: str = "draft", projects=1):
    load_deflators()
    programme = ProgrammeFactory()
    evaluation = Evaluation.objects.create(programme=programme, title="Evaluation of a project")
    for _ in range(projects):
        evaluation.projects.add(ProjectFactory(round__programme=programme))
    EvaluationPlan.objects.create(evaluation=evaluation)
    number = next(_numbers)
    return EvaluationReport.objects.create(
        evaluation=evaluation,
        kind=EvaluationReport.Kind.FINAL,
        state=state,
        slug=f"final-report-{number}",
        title=f"Final report {number}",
        price_year=price_year,
    )


def unit_cost(*, financial_year: int | None = 2019, pence: int = 25_000) -> UnitCost:
    return UnitCost.objects.create(
        item="A week in foster care",
        unit="week",
        cost_pence=pence,
        price_year=f"{financial_year}-{(financial_year + 1) % 100:02d}" if financial_year else "",
        financial_year=financial_year,
    )


def item(report, kind: str, pence: int, year: int, **more) -> CostBenefitItem:
    return CostBenefitItem.objects.create(
        report=report,
        kind=kind,
        description=more.pop("description", f"{kind} in {year}"),
        amount_pence=pence,
        price_year=year,
        **more,
    )


def evaluator_of(report):
    """A person who evaluates for the report's evaluator organisation, with the programme's
    evaluator role."""
    evaluation = report.evaluation
    if evaluation.evaluator_id is None:
        evaluation.evaluator = OrganisationFactory()
        evaluation.save(update_fields=["evaluator"])
    user = UserFactory()
    MembershipFactory(organisation=evaluation.evaluator, user=user)
    ProgrammeRoleFactory(
        programme=evaluation.programme, user=user, role=ProgrammeRole.Role.EVALUATOR
    )
    return user


def another_evaluator(report):
    """Someone with the evaluator role in the same programme, for a different organisation."""
    user = UserFactory()
    MembershipFactory(organisation=OrganisationFactory(), user=user)
    ProgrammeRoleFactory(
        programme=report.evaluation.programme, user=user, role=ProgrammeRole.Role.EVALUATOR
    )
    return user
