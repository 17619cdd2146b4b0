"""Small builders for the insight tests."""

from datetime import date

from innovation_fund.evidence.models import Evaluation, EvaluationReport
from innovation_fund.insights import services
from innovation_fund.insights.services import InsightDetails
from tests.factories import ProgrammeFactory, ProgrammeRoleFactory, UserFactory


def manager_of(programme):
    return ProgrammeRoleFactory(programme=programme, user=UserFactory()).user


def another_programme():
    return ProgrammeFactory(slug="another-programme", name="Another programme")


def draft(user, programme, *, title="What we learnt about family group conferences", **links):
    return services.create_insight(
        user,
        programme,
        InsightDetails(
            title=title,
            summary=links.pop("summary", "Conferences kept more children at home."),
            body=links.pop("body", "## What happened\n\nFamilies made the plans."),
            **links,
        ),
    )


def published(user, programme, **kwargs):
    return services.publish_insight(user, draft(user, programme, **kwargs))


def published_report(programme, *, slug="final-report-one", title="Final report", **more):
    evaluation = Evaluation.objects.create(programme=programme, title="Evaluation of a project")
    return EvaluationReport.objects.create(
        evaluation=evaluation,
        kind=EvaluationReport.Kind.FINAL,
        state=more.pop("state", EvaluationReport.State.PUBLISHED),
        slug=slug,
        title=title,
        published_on=more.pop("published_on", date(2020, 7, 1)),
        **more,
    )
