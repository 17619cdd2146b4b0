"""Evaluations, reports and findings for the evaluation library's tests."""

import itertools
from datetime import date

from innovation_fund.evidence.models import Evaluation, EvaluationReport
from tests.factories import FindingFactory, ProgrammeFactory, ProjectFactory

_numbers = itertools.count(1)


def make_report(
    *,
    projects=None,
    state=EvaluationReport.State.PUBLISHED,
    demonstration=False,
    evaluator_name="Independent Evaluators Ltd",
    published_on=date(2017, 3, 1),
    precision=EvaluationReport.DatePrecision.DAY,
    report_number=None,
    title=None,
    **fields,
) -> EvaluationReport:
    n = next(_numbers)
    projects = [ProjectFactory()] if projects is None else projects
    evaluation = Evaluation.objects.create(
        programme=ProgrammeFactory(),
        evaluator_name=evaluator_name,
        title=f"Evaluation {n}",
        is_demonstration=demonstration,
    )
    evaluation.projects.set(projects)
    return EvaluationReport.objects.create(
        evaluation=evaluation,
        kind=EvaluationReport.Kind.FINAL,
        state=state,
        slug=f"report-{n}",
        title=title or f"Report about things {n}",
        report_number=str(n + 100) if report_number is None else report_number,
        published_on=published_on,
        published_on_precision=precision,
        **fields,
    )


def add_finding(report: EvaluationReport, **fields):
    project = report.evaluation.projects.first()
    fields.setdefault("project", project)
    return FindingFactory(report=report, **fields)
