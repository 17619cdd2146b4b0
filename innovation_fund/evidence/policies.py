"""Who may see and do what with evaluations, their plans and their reports.

Two kinds of people see an evaluation:
- the programme team: the programme's managers see all its evaluations, appoint evaluators,
  agree plans, review, accept and publish reports;
- the evaluator: a member of the appointed evaluator organisation who also holds the
  programme's evaluator role (given on the programme's team page). They see only the
  evaluations their organisation is appointed to, write the plan and the reports, and submit
  them.

Anyone else, including an evaluator for another organisation, gets 404. What may happen in
each state is the table in `evaluation_lifecycle`; this module adds who.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from innovation_fund.core.permissions import ALLOWED, Permission, refused
from innovation_fund.organisations.models import Membership
from innovation_fund.programmes.models import Programme, ProgrammeRole

from .evaluation_lifecycle import (
    EVALUATOR,
    PLAN_EDITABLE,
    PLAN_LIFECYCLE,
    PROGRAMME_MANAGER,
    REPORT_EDITABLE,
    REPORT_LIFECYCLE,
)
from .models import Evaluation, EvaluationPlan, EvaluationReport

Role = ProgrammeRole.Role

NOT_YOURS = {
    PROGRAMME_MANAGER: "Only the programme's managers may do this",
    EVALUATOR: "Only the appointed evaluator may do this",
}


def _programmes_where(user, role: str):
    return ProgrammeRole.objects.filter(user=user, role=role).values("programme_id")


def evaluations_of_evaluator(user) -> QuerySet[Evaluation]:
    """Evaluations the person's organisations are appointed to, in programmes where they hold
    the evaluator role."""
    if not user.is_authenticated:
        return Evaluation.objects.none()
    return Evaluation.objects.filter(
        evaluator_id__in=Membership.objects.filter(user=user).values("organisation_id"),
        programme_id__in=_programmes_where(user, Role.EVALUATOR),
    )


def evaluations_of_programme_team(user) -> QuerySet[Evaluation]:
    if not user.is_authenticated:
        return Evaluation.objects.none()
    return Evaluation.objects.filter(
        programme_id__in=_programmes_where(user, Role.PROGRAMME_MANAGER)
    )


def evaluations_visible_to(user) -> QuerySet[Evaluation]:
    if not user.is_authenticated:
        return Evaluation.objects.none()
    evaluator_of = Q(
        evaluator_id__in=Membership.objects.filter(user=user).values("organisation_id"),
        programme_id__in=_programmes_where(user, Role.EVALUATOR),
    )
    manager_of = Q(programme_id__in=_programmes_where(user, Role.PROGRAMME_MANAGER))
    return Evaluation.objects.filter(evaluator_of | manager_of)


def reports_visible_to(user) -> QuerySet[EvaluationReport]:
    return EvaluationReport.objects.filter(evaluation__in=evaluations_visible_to(user))


def roles_for(user, evaluation: Evaluation) -> set[str]:
    """The lifecycle tables' roles this person holds for this evaluation."""
    if not user.is_authenticated:
        return set()
    held = set(
        ProgrammeRole.objects.filter(user=user, programme_id=evaluation.programme_id).values_list(
            "role", flat=True
        )
    )
    roles = set()
    if Role.PROGRAMME_MANAGER in held:
        roles.add(PROGRAMME_MANAGER)
    if (
        Role.EVALUATOR in held
        and evaluation.evaluator_id
        and Membership.objects.filter(user=user, organisation_id=evaluation.evaluator_id).exists()
    ):
        roles.add(EVALUATOR)
    return roles


def may_appoint(user, programme: Programme) -> Permission:
    if (
        not user.is_authenticated
        or not ProgrammeRole.objects.filter(
            user=user, programme=programme, role=Role.PROGRAMME_MANAGER
        ).exists()
    ):
        return refused(NOT_YOURS[PROGRAMME_MANAGER])
    return ALLOWED


def _may_move(user, evaluation, lifecycle, record, action: str) -> Permission:
    row = lifecycle.row(record.state, action)
    if row is None:
        verb = lifecycle.rows_for(action)[0].label
        return refused(
            f"‘{verb}’ cannot be done while the {lifecycle.name} is "
            f"{lifecycle.label_of(record.state).lower()}"
        )
    if not row.who & roles_for(user, evaluation):
        return refused(NOT_YOURS[next(iter(row.who))])
    reasons = row.reasons_not_now(record)
    return refused(reasons[0]) if reasons else ALLOWED


def _may_edit(user, evaluation, record, editable, noun: str) -> Permission:
    if EVALUATOR not in roles_for(user, evaluation):
        return refused(NOT_YOURS[EVALUATOR])
    if record.state not in editable:
        return refused(f"The {noun} is {record.get_state_display().lower()}: it cannot be changed")
    return ALLOWED


def may(user, action: str, record) -> Permission:
    """May this person do `action` to this evaluation, plan or report now? With the reason.

    Evaluation: "start_report". Plan: "edit_plan" and the plan lifecycle's actions. Report:
    "edit_report" and the report lifecycle's actions.
    """
    if isinstance(record, EvaluationReport):
        if action == "edit_report":
            return _may_edit(user, record.evaluation, record, REPORT_EDITABLE, "report")
        return _may_move(user, record.evaluation, REPORT_LIFECYCLE, record, action)
    if isinstance(record, EvaluationPlan):
        if action == "edit_plan":
            return _may_edit(user, record.evaluation, record, PLAN_EDITABLE, "plan")
        return _may_move(user, record.evaluation, PLAN_LIFECYCLE, record, action)
    if isinstance(record, Evaluation) and action == "start_report":
        if EVALUATOR not in roles_for(user, record):
            return refused(NOT_YOURS[EVALUATOR])
        plan = EvaluationPlan.objects.filter(evaluation=record).first()
        if plan is None or plan.state != EvaluationPlan.State.AGREED:
            return refused("Reports can be started once the programme team has agreed the plan")
        return ALLOWED
    raise ValueError(f"No rule for {action!r} on {type(record).__name__}")


def evaluation_for_page(user, pk: int) -> Evaluation:
    """The evaluation, if this person may see it; 404 otherwise (never 403)."""
    evaluation = (
        evaluations_visible_to(user)
        .select_related("programme", "evaluator", "plan")
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404("No evaluation you can see has that number")
    return evaluation


def report_for_page(user, pk: int) -> EvaluationReport:
    """The report, if this person may see its evaluation; 404 otherwise (never 403)."""
    report = (
        reports_visible_to(user)
        .select_related("evaluation", "evaluation__programme", "evaluation__evaluator")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No evaluation report you can see has that number")
    return report
