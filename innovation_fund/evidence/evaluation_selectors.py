"""What the evaluation pages show, for the evaluator and the programme team alike."""

from django.db.models import Prefetch, QuerySet

from innovation_fund.grants.models import Project

from .designs import Design
from .evaluation_lifecycle import (
    PLAN_LIFECYCLE,
    REPORT_EDITABLE,
    REPORT_LIFECYCLE,
    report_incomplete,
)
from .models import Evaluation, EvaluationPlan, EvaluationReport

_PROJECTS = Prefetch(
    "projects",
    queryset=Project.objects.select_related("lead_organisation", "round").order_by("name", "id"),
)


def evaluations_with_progress(evaluations: QuerySet[Evaluation]) -> list[Evaluation]:
    """Evaluations with their evaluator, plan, projects and reports, in a fixed number of
    queries whatever their number."""
    return list(
        evaluations.select_related("programme", "evaluator", "plan")
        .prefetch_related(_PROJECTS, Prefetch("reports", queryset=_reports_in_order()))
        .order_by("title", "id")
    )


def _reports_in_order():
    return EvaluationReport.objects.order_by("kind", "id")


def plan_of(evaluation: Evaluation) -> EvaluationPlan | None:
    """The evaluation's plan; None for one loaded from a published report, which has none."""
    try:
        return evaluation.plan
    except EvaluationPlan.DoesNotExist:
        return None


def plan_initial(plan: EvaluationPlan) -> dict:
    return {
        "questions": plan.questions,
        "design": plan.design,
        "design_detail": plan.design_detail,
        "comparison_group": plan.comparison_group,
        "timetable": plan.timetable,
        "outcomes": list(plan.outcomes.values_list("pk", flat=True)),
    }


def design_label(key: str) -> str:
    return Design(key).label if key in Design.values else ""


def evaluation_page(evaluation: Evaluation) -> dict:
    plan = plan_of(evaluation)
    return {
        "evaluation": evaluation,
        "plan": plan,
        "plan_design": design_label(plan.design) if plan else "",
        "plan_outcomes": list(plan.outcomes.order_by("position", "name")) if plan else [],
        "plan_state": PLAN_LIFECYCLE.label_of(plan.state) if plan else "",
        "projects": list(
            evaluation.projects.select_related("lead_organisation", "round").order_by("name")
        ),
        "reports": list(evaluation.reports.order_by("kind", "id")),
    }


def report_page(report: EvaluationReport) -> dict:
    return {
        "report": report,
        "evaluation": report.evaluation,
        "design": design_label(report.design),
        "state": REPORT_LIFECYCLE.label_of(report.state),
        "documents": list(report.documents.all()),
        "not_ready": report_incomplete(report) if report.state in REPORT_EDITABLE else [],
    }
