"""The team's list of evaluations and the evaluator's home make the same number of queries
whatever the number of evaluations, projects and reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.evidence.models import Evaluation, EvaluationPlan, EvaluationReport
from innovation_fund.programmes.models import ProgrammeRole
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    ProjectFactory,
    UserFactory,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    programme = ProgrammeFactory()
    manager = UserFactory()
    ProgrammeRoleFactory(programme=programme, user=manager)
    organisation = OrganisationFactory()
    evaluator = UserFactory()
    MembershipFactory(organisation=organisation, user=evaluator)
    ProgrammeRoleFactory(programme=programme, user=evaluator, role=ProgrammeRole.Role.EVALUATOR)
    return {
        "programme": programme,
        "manager": manager,
        "evaluator": evaluator,
        "organisation": organisation,
    }


def grow(world, evaluations: int) -> None:
    for _ in range(evaluations):
        evaluation = Evaluation.objects.create(
            programme=world["programme"],
            evaluator=world["organisation"],
            title=f"Evaluation {Evaluation.objects.count()}",
        )
        evaluation.projects.set(
            [ProjectFactory(round__programme=world["programme"]) for _ in range(2)]
        )
        EvaluationPlan.objects.create(evaluation=evaluation)
        for kind in EvaluationReport.Kind:
            EvaluationReport.objects.create(
                evaluation=evaluation,
                kind=kind,
                title=f"{kind.label} {evaluation.pk}",
                slug=f"report-{evaluation.pk}-{kind.value}",
            )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("who, url_name", [("manager", "list"), ("evaluator", "home")])
def test_the_lists_of_evaluations_make_a_fixed_number_of_queries(client, world, who, url_name):
    sign_in(client, world[who])
    if url_name == "list":
        url = reverse("evaluations:list", args=[world["programme"].pk])
    else:
        url = reverse("evaluator:home")
    grow(world, 2)
    small = queries_for(client, url)
    grow(world, 10)
    large = queries_for(client, url)
    assert large == small, f"{url}: {small} queries with 2 evaluations, {large} with 12"
