"""The outcome framework pages: the list, add, change, retire, reinstate and delete.

Anyone signed in who does not manage the programme gets 404, as if it were not there. Each page
parses its form, calls one service and renders; the policy says what each outcome allows.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.core.permissions import Permission

from ..forms_outcomes import OutcomeForm, initial_for
from ..models import Programme
from ..outcome_selectors import FrameworkRow, framework_page, is_used
from ..policies import (
    may_change_framework,
    may_change_outcome_meaning,
    may_delete_outcome,
    may_reinstate_outcome,
    may_retire_outcome,
    outcomes_visible_to,
)
from ..services import outcomes as outcome_services


def _managed_programme(request, pk: int) -> Programme:
    programme = get_object_or_404(Programme, pk=pk)
    if not may_change_framework(request.user, programme):
        raise Http404("No programme you manage has that number")
    return programme


def _managed_outcome(request, programme_pk: int, pk: int):
    outcome = get_object_or_404(
        outcomes_visible_to(request.user).select_related("programme"),
        pk=pk,
        programme_id=programme_pk,
    )
    return outcome


def _form_page(request, form, **context):
    return render(
        request,
        "programmes/outcomes_form.html",
        {
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
            **context,
        },
    )


@dataclass(frozen=True)
class OutcomeCard:
    """An outcome on the framework page, with what the policy lets this manager do to it."""

    row: FrameworkRow
    may_retire: Permission
    may_reinstate: Permission
    may_delete: Permission


def _cards(user, rows: list[FrameworkRow]) -> list[OutcomeCard]:
    return [
        OutcomeCard(
            row=row,
            may_retire=may_retire_outcome(user, row.outcome),
            may_reinstate=may_reinstate_outcome(user, row.outcome),
            may_delete=may_delete_outcome(user, row.outcome, used=row.is_used),
        )
        for row in rows
    ]


@sign_in_required
def outcome_list(request, pk: int):
    programme = _managed_programme(request, pk)
    page = framework_page(programme)
    return render(
        request,
        "programmes/outcomes_list.html",
        {
            "programme": programme,
            "page": page,
            "current": _cards(request.user, page.current),
            "retired": _cards(request.user, page.retired),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def outcome_add(request, pk: int):
    programme = _managed_programme(request, pk)
    form = OutcomeForm(request.POST if request.method == "POST" else kept_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            outcome = outcome_services.add_outcome(request.user, programme, form.service_data())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"You added ‘{outcome.name}’ to the outcome framework")
            return redirect("programmes:outcomes", programme.pk)
    return _form_page(request, form, programme=programme, outcome=None)


@sign_in_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request, programme_pk: int, pk: int):
    outcome = _managed_outcome(request, programme_pk, pk)
    used = is_used(outcome)
    locked = not may_change_outcome_meaning(request.user, outcome, used=used)
    data = request.POST if request.method == "POST" else kept_answers(request)
    form = OutcomeForm(data, initial=initial_for(outcome), outcome=outcome, meaning_locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            outcome_services.edit_outcome(request.user, outcome, form.service_data())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"You saved ‘{form.cleaned_data['name']}’")
            return redirect("programmes:outcomes", programme_pk)
    return _form_page(
        request, form, programme=outcome.programme, outcome=outcome, used=used, locked=locked
    )


def _confirm_page(request, outcome, *, action: str, permission, service, done: str, **context):
    """One confirmation page for retiring, reinstating and deleting: a POST does it."""
    error = None
    if request.method == "POST" and permission:
        try:
            service(request.user, outcome)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, done.format(name=outcome.name))
            return redirect("programmes:outcomes", outcome.programme_id)
    elif request.method == "POST":
        error = permission.reason
    return render(
        request,
        "programmes/outcomes_confirm.html",
        {
            "programme": outcome.programme,
            "outcome": outcome,
            "action": action,
            "permission": permission,
            "error_items": [{"text": error}] if error else [],
            "form_has_errors": bool(error),
            **context,
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def outcome_retire(request, programme_pk: int, pk: int):
    outcome = _managed_outcome(request, programme_pk, pk)
    return _confirm_page(
        request,
        outcome,
        action="retire",
        permission=may_retire_outcome(request.user, outcome),
        service=outcome_services.retire_outcome,
        done="You retired ‘{name}’: rounds that open from now on will not offer it",
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def outcome_reinstate(request, programme_pk: int, pk: int):
    outcome = _managed_outcome(request, programme_pk, pk)
    return _confirm_page(
        request,
        outcome,
        action="reinstate",
        permission=may_reinstate_outcome(request.user, outcome),
        service=outcome_services.reinstate_outcome,
        done="‘{name}’ is back in the outcome framework",
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def outcome_delete(request, programme_pk: int, pk: int):
    outcome = _managed_outcome(request, programme_pk, pk)
    return _confirm_page(
        request,
        outcome,
        action="delete",
        permission=may_delete_outcome(request.user, outcome),
        service=outcome_services.delete_outcome,
        done="You deleted ‘{name}’",
        may_retire=may_retire_outcome(request.user, outcome),
    )
