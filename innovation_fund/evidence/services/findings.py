"""Findings on an evaluation report: the evaluator adds, changes, rates and removes them while
the report is a draft or has changes asked for (A1's policy, action "edit_report", decides).

One function per change, each in one transaction with its audit record. A finding is about one
outcome for one population; its direction is one of four, each shown as plainly as the others.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.permissions import Refused
from innovation_fund.grants.models import Project
from innovation_fund.programmes.models import Outcome

from ..models import EvaluationReport, Finding
from ..policies import may
from ..scales import scale

Direction = Finding.Direction
DIRECTIONS = (Direction.POSITIVE, Direction.NO_EFFECT, Direction.NEGATIVE, Direction.MIXED)


@dataclass(frozen=True)
class FindingAnswers:
    """What the evaluator says about one finding (the rating is set on its own pages)."""

    outcome: str
    result: str
    direction: str
    framework_outcome: Outcome | None = None
    project: Project | None = None
    population: str = ""
    baseline: str = ""
    comparison: str = ""
    period: str = ""
    effect_size: Decimal | None = None
    effect_size_measure: str = ""
    interval_lower: Decimal | None = None
    interval_upper: Decimal | None = None
    interval_level: int | None = None
    sample_size: int | None = None


def enforce_may_edit(user, report: EvaluationReport) -> None:
    decision = may(user, "edit_report", report)
    if not decision:
        raise Refused(getattr(decision, "reason", "") or "You cannot change this report now")


def outcome_choices(report: EvaluationReport):
    """The evaluation plan's outcomes where it names some, else the programme's framework."""
    evaluation = report.evaluation
    plan = getattr(evaluation, "plan", None)  # None where no plan is written yet
    chosen = plan.outcomes.all() if plan is not None else Outcome.objects.none()
    if chosen.exists():
        return chosen.order_by("position", "name")
    return Outcome.objects.filter(
        programme_id=evaluation.programme_id, retired_at__isnull=True
    ).order_by("position", "name")


def project_choices(report: EvaluationReport):
    return report.evaluation.projects.select_related("lead_organisation", "round").order_by("id")


def _locked(report_pk: int) -> EvaluationReport:
    return (
        EvaluationReport.objects.select_for_update(of=("self",))
        .select_related("evaluation")
        .get(pk=report_pk)
    )


def _check(report: EvaluationReport, answers: FindingAnswers) -> None:
    errors = []
    if not answers.outcome.strip():
        errors.append(DomainError("Enter the outcome as the report names it", field="outcome"))
    if not answers.result.strip():
        errors.append(DomainError("Enter the result", field="result"))
    if answers.direction not in DIRECTIONS:
        errors.append(
            DomainError(
                "Choose positive, no measurable effect, negative or mixed", field="direction"
            )
        )
    if (
        answers.framework_outcome
        and not outcome_choices(report).filter(pk=answers.framework_outcome.pk).exists()
    ):
        errors.append(
            DomainError(
                "Choose an outcome from the evaluation plan or the programme's framework",
                field="framework_outcome",
            )
        )
    if answers.project and not report.evaluation.projects.filter(pk=answers.project.pk).exists():
        errors.append(DomainError("Choose one of the evaluation's projects", field="project"))
    lower, upper = answers.interval_lower, answers.interval_upper
    if (lower is None) != (upper is None):
        field = "interval_upper" if upper is None else "interval_lower"
        errors.append(DomainError("Enter both ends of the interval, or neither", field=field))
    elif lower is not None and lower > upper:
        errors.append(
            DomainError(
                "The interval's lower end must be no more than its upper end",
                field="interval_lower",
            )
        )
    if answers.interval_level is not None and lower is None:
        errors.append(
            DomainError("Enter the interval, or leave its level blank", field="interval_lower")
        )
    if errors:
        raise DomainErrors(errors)


def _values(report: EvaluationReport, answers: FindingAnswers) -> dict:
    projects = list(project_choices(report)[:2])
    project = answers.project or (projects[0] if len(projects) == 1 else None)
    return {
        "outcome": answers.outcome.strip(),
        "result": answers.result.strip(),
        "direction": answers.direction,
        "framework_outcome": answers.framework_outcome,
        "project": project,
        "project_label": project.display_name if project else report.evaluation.title,
        "innovation_id": project.innovation_id if project else None,
        "population": answers.population.strip(),
        "baseline": answers.baseline.strip(),
        "comparison": answers.comparison.strip(),
        "period": answers.period.strip(),
        "effect_size": answers.effect_size,
        "effect_size_measure": answers.effect_size_measure.strip(),
        "interval_lower": answers.interval_lower,
        "interval_upper": answers.interval_upper,
        "interval_level": answers.interval_level,
        "sample_size": answers.sample_size,
    }


@transaction.atomic
def add_finding(user, report: EvaluationReport, answers: FindingAnswers) -> Finding:
    report = _locked(report.pk)
    enforce_may_edit(user, report)
    _check(report, answers)
    last = report.findings.aggregate(last=Max("position"))["last"] or 0
    finding = Finding.objects.create(report=report, position=last + 1, **_values(report, answers))
    record(actor=user, action="evidence.finding_added", target=finding, after=snapshot(finding))
    return finding


@transaction.atomic
def change_finding(user, finding: Finding, answers: FindingAnswers) -> Finding:
    report = _locked(finding.report_id)
    enforce_may_edit(user, report)
    finding = Finding.objects.select_for_update().get(pk=finding.pk, report=report)
    _check(report, answers)
    before = snapshot(finding)
    for name, value in _values(report, answers).items():
        setattr(finding, name, value)
    finding.save()
    changed_before, changed_after = changed_fields(before, snapshot(finding))
    record(
        actor=user,
        action="evidence.finding_changed",
        target=finding,
        before=changed_before,
        after=changed_after,
    )
    return finding


@transaction.atomic
def rate_finding(user, finding: Finding, *, scale_key: str, level_key: str) -> Finding:
    """Set the strength of evidence on a named scale; a blank scale clears the rating."""
    report = _locked(finding.report_id)
    enforce_may_edit(user, report)
    finding = Finding.objects.select_for_update().get(pk=finding.pk, report=report)
    if scale_key:
        chosen = scale(scale_key)
        if chosen is None:
            raise DomainError("Choose the scale the evidence is rated on", field="scale")
        if chosen.level(level_key) is None:
            raise DomainError(f"Choose a level on the {chosen.name}", field="level")
    else:
        level_key = ""
    before = snapshot(finding, ["evidence_scale", "evidence_level"])
    finding.evidence_scale, finding.evidence_level = scale_key, level_key
    finding.save(update_fields=["evidence_scale", "evidence_level"])
    record(
        actor=user,
        action="evidence.finding_rated",
        target=finding,
        before=before,
        after=snapshot(finding, ["evidence_scale", "evidence_level"]),
    )
    return finding


@transaction.atomic
def remove_finding(user, finding: Finding) -> None:
    report = _locked(finding.report_id)
    enforce_may_edit(user, report)
    finding = Finding.objects.get(pk=finding.pk, report=report)
    before = snapshot(finding)
    record(actor=user, action="evidence.finding_removed", target=finding, before=before)
    finding.delete()
