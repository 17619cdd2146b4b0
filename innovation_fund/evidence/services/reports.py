"""An evaluation's reports: the evaluator starts, writes and submits them; the programme team
accepts them or asks for changes, then publishes them with a date and a report number, which
makes the report, its documents and its findings public (`EvaluationReport.objects.published`).

One function per change, one transaction, one audit record each.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.dates import london_today
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.slugs import unique_slug_in

from ..designs import Design
from ..evaluation_lifecycle import REPORT_LIFECYCLE
from ..models import Evaluation, EvaluationReport
from ..policies import may
from . import evaluation_emails as emails
from .moves import move

FIELDS = ["title", "summary", "design", "design_detail"]
EDIT_CONFLICT = (
    "Someone else changed this report while you were editing it. Check it again and make your "
    "changes"
)


@dataclass(frozen=True)
class ReportAnswers:
    title: str
    summary: str = ""
    design: str = ""
    design_detail: str = ""


def _check(answers: ReportAnswers) -> None:
    errors = []
    if not answers.title.strip():
        errors.append(DomainError("Enter the report's title", field="title"))
    if answers.design and answers.design not in Design.values:
        errors.append(DomainError("Choose a design from the list", field="design"))
    if errors:
        raise DomainErrors(errors)


def start_report(user, evaluation: Evaluation, *, kind: str, title: str) -> EvaluationReport:
    if kind not in EvaluationReport.Kind.values:
        raise DomainError("Choose whether this is an interim or a final report", field="kind")
    _check(ReportAnswers(title=title))
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        may(user, "start_report", evaluation).enforce()
        report = EvaluationReport.objects.create(
            evaluation=evaluation,
            kind=kind,
            title=title.strip(),
            slug=unique_slug_in(EvaluationReport.objects.all(), title, fallback="report"),
            design=evaluation.plan.design,
        )
        record(
            actor=user,
            action="evaluation_report.started",
            target=report,
            after={"evaluation_id": evaluation.pk, "kind": kind, "title": report.title},
        )
    return report


def _locked(report: EvaluationReport) -> EvaluationReport:
    return (
        EvaluationReport.objects.select_for_update(of=("self",))
        .select_related("evaluation")
        .get(pk=report.pk)
    )


def save_report(
    user, report: EvaluationReport, answers: ReportAnswers, *, version: int
) -> EvaluationReport:
    _check(answers)
    with transaction.atomic():
        report = _locked(report)
        may(user, "edit_report", report).enforce()
        if report.version != version:
            raise DomainError(EDIT_CONFLICT)
        before = snapshot(report, FIELDS)
        for name in FIELDS:
            setattr(report, name, getattr(answers, name).strip())
        report.version += 1
        report.save()
        old, new = changed_fields(before, snapshot(report, FIELDS))
        record(actor=user, action="evaluation_report.saved", target=report, before=old, after=new)
    return report


# Who hears of each move, as the move commits.
TELLS = {
    "submit": emails.tell_the_team_it_was_submitted,
    "accept": emails.tell_the_evaluator_it_was_agreed,
    "ask_for_changes": emails.tell_the_evaluator_changes_are_needed,
    "publish": emails.tell_the_evaluator_it_was_published,
}


def _move(user, report: EvaluationReport, action: str, **changes) -> EvaluationReport:
    return move(
        user,
        report,
        REPORT_LIFECYCLE,
        action,
        "evaluation_report",
        tell=TELLS.get(action),
        **changes,
    )


def submit_report(user, report: EvaluationReport) -> EvaluationReport:
    return _move(user, report, "submit", submitted_at=timezone.now(), submitted_by=user)


def accept_report(user, report: EvaluationReport) -> EvaluationReport:
    return _move(
        user, report, "accept", accepted_at=timezone.now(), accepted_by=user, review_comments=""
    )


def ask_for_report_changes(user, report: EvaluationReport, comments: str) -> EvaluationReport:
    if not comments.strip():
        raise DomainError("Say what needs to change", field="comments")
    return _move(user, report, "ask_for_changes", review_comments=comments.strip())


def publish_report(
    user, report: EvaluationReport, *, report_number: str, published_on: date | None
) -> EvaluationReport:
    """Publish with the programme's report number and the date it is published on (today or
    earlier: a report is never published in the future)."""
    number = report_number.strip()
    errors = []
    if not number:
        errors.append(DomainError("Enter the report number", field="report_number"))
    elif len(number) > 20:
        errors.append(
            DomainError("The report number must be 20 characters or fewer", field="report_number")
        )
    if published_on is None:
        errors.append(DomainError("Enter the date of publication", field="published_on"))
    elif published_on > london_today():
        errors.append(
            DomainError(
                "The date of publication must be today or in the past", field="published_on"
            )
        )
    if errors:
        raise DomainErrors(errors)
    taken = EvaluationReport.objects.filter(report_number=number).exclude(pk=report.pk)
    if taken.exists():
        raise DomainError(
            f"Evaluation Report {number} is already published: enter another number",
            field="report_number",
        )
    try:
        return _move(
            user,
            report,
            "publish",
            report_number=number,
            published_on=published_on,
            published_on_precision=EvaluationReport.DatePrecision.DAY,
            published_at=timezone.now(),
            published_by=user,
        )
    except IntegrityError:  # another report took the number at the same moment
        raise DomainError(
            f"Evaluation Report {number} is already published: enter another number",
            field="report_number",
        ) from None
