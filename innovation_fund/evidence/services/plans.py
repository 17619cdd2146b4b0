"""An evaluation's plan: the evaluator writes and submits it; the programme team agrees it or
asks for changes. Each change is one function, one transaction, one audit record; saving
checks the version the person started from so one person's changes never overwrite another's.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.errors import DomainError
from innovation_fund.programmes.models import Outcome

from ..designs import Design
from ..evaluation_lifecycle import PLAN_LIFECYCLE
from ..models import EvaluationPlan
from ..policies import may
from . import evaluation_emails as emails
from .moves import move

FIELDS = ["questions", "design", "design_detail", "comparison_group", "timetable"]
EDIT_CONFLICT = (
    "Someone else changed this plan while you were editing it. Check it again and make your changes"
)


@dataclass(frozen=True)
class PlanAnswers:
    questions: str = ""
    design: str = ""
    design_detail: str = ""
    comparison_group: str = ""
    timetable: str = ""
    outcomes: tuple[Outcome, ...] = ()


def _locked(plan: EvaluationPlan) -> EvaluationPlan:
    return (
        EvaluationPlan.objects.select_for_update(of=("self",))
        .select_related("evaluation")
        .get(pk=plan.pk)
    )


def _state(plan: EvaluationPlan) -> dict:
    return {
        **snapshot(plan, FIELDS),
        "outcome_ids": sorted(plan.outcomes.values_list("id", flat=True)),
    }


def save_plan(user, plan: EvaluationPlan, answers: PlanAnswers, *, version: int) -> EvaluationPlan:
    if answers.design and answers.design not in Design.values:
        raise DomainError("Choose a design from the list", field="design")
    programme_id = plan.evaluation.programme_id
    if any(outcome.programme_id != programme_id for outcome in answers.outcomes):
        raise DomainError("Choose outcomes from this programme's framework", field="outcomes")
    with transaction.atomic():
        plan = _locked(plan)
        may(user, "edit_plan", plan).enforce()
        if plan.version != version:
            raise DomainError(EDIT_CONFLICT)
        before = _state(plan)
        for name in FIELDS:
            setattr(plan, name, getattr(answers, name).strip())
        plan.version += 1
        plan.save()
        plan.outcomes.set(answers.outcomes)
        old, new = changed_fields(before, _state(plan))
        record(actor=user, action="evaluation_plan.saved", target=plan, before=old, after=new)
    return plan


# Who hears of each move, as the move commits.
TELLS = {
    "submit": emails.tell_the_team_it_was_submitted,
    "agree": emails.tell_the_evaluator_it_was_agreed,
    "ask_for_changes": emails.tell_the_evaluator_changes_are_needed,
}


def _move(user, plan: EvaluationPlan, action: str, **changes) -> EvaluationPlan:
    return move(
        user, plan, PLAN_LIFECYCLE, action, "evaluation_plan", tell=TELLS.get(action), **changes
    )


def submit_plan(user, plan: EvaluationPlan) -> EvaluationPlan:
    return _move(user, plan, "submit", submitted_at=timezone.now(), submitted_by=user)


def agree_plan(user, plan: EvaluationPlan) -> EvaluationPlan:
    return _move(
        user, plan, "agree", decided_at=timezone.now(), decided_by=user, review_comments=""
    )


def ask_for_plan_changes(user, plan: EvaluationPlan, comments: str) -> EvaluationPlan:
    if not comments.strip():
        raise DomainError("Say what needs to change", field="comments")
    return _move(
        user,
        plan,
        "ask_for_changes",
        decided_at=timezone.now(),
        decided_by=user,
        review_comments=comments.strip(),
    )
