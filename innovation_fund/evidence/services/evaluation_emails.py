"""Who hears about each step of an evaluation, and the email each gets. The evaluator's people
(members of the appointed organisation who hold the programme's evaluator role) hear the team's
decisions; the programme's managers hear what the evaluator submits. Every email is queued to
go once the change commits (`send_email_after_commit`), so a rolled-back change sends nothing.
"""

from innovation_fund.core.links import absolute_url
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.programmes.models import ProgrammeRole

from ..models import Evaluation, EvaluationPlan, EvaluationReport

Role = ProgrammeRole.Role


def evaluator_emails(evaluation: Evaluation) -> list[str]:
    if not evaluation.evaluator_id:
        return []
    people = ProgrammeRole.objects.filter(
        programme_id=evaluation.programme_id,
        role=Role.EVALUATOR,
        user__memberships__organisation_id=evaluation.evaluator_id,
    )
    return sorted(set(people.values_list("user__email", flat=True)))


def manager_emails(evaluation: Evaluation) -> list[str]:
    managers = ProgrammeRole.objects.filter(
        programme_id=evaluation.programme_id, role=Role.PROGRAMME_MANAGER
    )
    return sorted(set(managers.values_list("user__email", flat=True)))


def _what(record: EvaluationPlan | EvaluationReport) -> str:
    if isinstance(record, EvaluationPlan):
        return "the evaluation plan"
    return f"the {record.get_kind_display().lower()} ‘{record.title}’"


def _about(record: EvaluationPlan | EvaluationReport) -> dict[str, str]:
    evaluation = record.evaluation
    return {"what": _what(record), "evaluation": evaluation.title}


def tell_the_team_it_was_submitted(record: EvaluationPlan | EvaluationReport) -> None:
    evaluation = record.evaluation
    if isinstance(record, EvaluationPlan):
        link = absolute_url("evaluations:detail", evaluation.pk)
    else:
        link = absolute_url("evaluations:report", record.pk)
    about = {**_about(record), "evaluator": evaluation.evaluator_label, "link": link}
    for email in manager_emails(evaluation):
        send_email_after_commit(email, "evaluation_submitted", **about)


def _evaluator_link(record: EvaluationPlan | EvaluationReport) -> str:
    if isinstance(record, EvaluationPlan):
        return absolute_url("evaluator:evaluation", record.evaluation_id)
    return absolute_url("evaluator:report", record.pk)


def tell_the_evaluator_it_was_agreed(record: EvaluationPlan | EvaluationReport) -> None:
    about = {**_about(record), "link": _evaluator_link(record)}
    about["decision"] = "agreed" if isinstance(record, EvaluationPlan) else "accepted"
    for email in evaluator_emails(record.evaluation):
        send_email_after_commit(email, "evaluation_agreed", **about)


def tell_the_evaluator_changes_are_needed(record: EvaluationPlan | EvaluationReport) -> None:
    about = {
        **_about(record),
        "comments": record.review_comments,
        "link": _evaluator_link(record),
    }
    for email in evaluator_emails(record.evaluation):
        send_email_after_commit(email, "evaluation_changes_requested", **about)


def tell_the_evaluator_it_was_published(report: EvaluationReport) -> None:
    about = {
        **_about(report),
        "number": report.report_number,
        "link": absolute_url("public:report_detail", report.slug),
    }
    for email in evaluator_emails(report.evaluation):
        send_email_after_commit(email, "evaluation_report_published", **about)
