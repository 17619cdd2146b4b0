"""The payment schedule on the grant pages, and the programme managers' pages that build it,
change its instalments, and add, remove and confirm release conditions.

Team pages find the grant among the person's programmes' grants (anything else is 404). People
in the programme without the manager's role see each page with the reason they cannot act, and
their POST is refused. The grantee sees the schedule read-only.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from ..models import Grant, Instalment, ReleaseCondition
from ..money import money_by_instalment
from ..policies.schedules import (
    may_change_schedule,
    may_confirm_condition,
    why_instalment_is_fixed,
)
from ..schedule_forms import (
    KIND_HINTS,
    PATTERN_OPTIONS,
    BuildForm,
    ChangeForm,
    ConditionForm,
    ConfirmForm,
)
from ..schedule_selectors import returns_for_conditions, schedule_of, status_of
from ..schedules import MOST_A_YEAR, QUARTERLY, REMAINDER_RULE
from ..services import release_conditions
from ..services import schedules as services
from .lookups import team_grant_or_404

Kind = ReleaseCondition.Kind
SECTION_ANCHOR = "#schedule"

# --- What the grant pages show --------------------------------------------------------------


def manage_section(request, grant) -> dict:
    """What the programme team's grant page shows of this part (template
    grants/manage/sections/_schedules.html)."""
    may_change = may_change_schedule(request.user, grant)
    return {
        "schedule": schedule_of(grant),
        "may_change_schedule": may_change,
        # One role check serves both: confirming needs the same role and a grant still paying.
        "may_confirm_conditions": may_change,
    }


def grantee_section(request, grant) -> dict:
    """What the grantee's grant page shows of this part (template
    grants/grantee/sections/_schedules.html)."""
    return {"schedule": schedule_of(grant)}


# --- Pages ----------------------------------------------------------------------------------


def _grant_url(grant: Grant) -> str:
    return reverse("grant_management:grant", args=[grant.pk]) + SECTION_ANCHOR


def _page(request, template: str, form, **context):
    return render(
        request, template, {"form": form, "error_items": error_summary_items(form), **context}
    )


def _data(request):
    return request.POST if request.method == "POST" else kept_answers(request)


@sign_in_required
@require_http_methods(["GET", "POST"])
def build(request, pk: int):
    grant = team_grant_or_404(request, pk)
    permission = may_change_schedule(request.user, grant)
    if request.method == "POST":
        permission.enforce()
    form = BuildForm(_data(request), initial={"pattern": QUARTERLY})
    if request.method == "POST" and form.is_valid():
        try:
            services.rebuild_schedule(
                request.user,
                grant,
                pattern=form.cleaned_data["pattern"],
                count=form.cleaned_data["count"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The payment schedule has been built")
            return redirect(_grant_url(grant))
    return _page(
        request,
        "grants/schedules/build.html",
        form,
        grant=grant,
        permission=permission,
        schedule=schedule_of(grant),
        options=PATTERN_OPTIONS,
        most_a_year=MOST_A_YEAR,
        remainder_rule=REMAINDER_RULE,
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def change(request, pk: int):
    grant = team_grant_or_404(request, pk)
    permission = may_change_schedule(request.user, grant)
    if request.method == "POST":
        permission.enforce()
    schedule = schedule_of(grant)
    open_ = [row.instalment for row in schedule.open_rows]
    initial = {"seen": services.schedule_fingerprint([row.instalment for row in schedule.rows])}
    for i in open_:
        initial[services.due_field(i.number)] = i.due_on
        initial[services.amount_field(i.number)] = i.amount_pence
        initial[services.kind_field(i.number)] = i.kind
    form = ChangeForm(_data(request), instalments=open_, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.adjust_instalments(
                request.user, grant, form.rows(), seen=form.cleaned_data["seen"] or None
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The instalments have been changed")
            return redirect(_grant_url(grant))
    return _page(
        request,
        "grants/schedules/change.html",
        form,
        grant=grant,
        permission=permission,
        schedule=schedule,
    )


def _instalment_or_404(grant: Grant, instalment_pk: int) -> Instalment:
    try:
        return Instalment.objects.get(pk=instalment_pk, grant=grant)
    except Instalment.DoesNotExist:
        raise Http404("The grant has no instalment with that number") from None


def _condition_or_404(grant: Grant, condition_pk: int) -> ReleaseCondition:
    try:
        condition = ReleaseCondition.objects.select_related(
            "instalment", "monitoring_return", "confirmed_by"
        ).get(pk=condition_pk, instalment__grant=grant)
    except ReleaseCondition.DoesNotExist:
        raise Http404("The grant has no release condition with that number") from None
    condition.instalment.grant = grant
    return condition


def _touched_reason(grant: Grant, instalment: Instalment) -> str:
    money = money_by_instalment(grant).get(instalment.pk)
    return why_instalment_is_fixed(instalment.number, money) if money else ""


@sign_in_required
@require_http_methods(["GET", "POST"])
def add_condition(request, pk: int, instalment_pk: int):
    grant = team_grant_or_404(request, pk)
    instalment = _instalment_or_404(grant, instalment_pk)
    permission = may_change_schedule(request.user, grant)
    refusal = permission.reason if not permission else _touched_reason(grant, instalment)
    if request.method == "POST" and refusal:
        permission.enforce()
    returns = returns_for_conditions(grant)
    form = ConditionForm(_data(request), returns=returns)
    if request.method == "POST" and form.is_valid():
        try:
            release_conditions.add_release_condition(
                request.user,
                instalment,
                kind=form.cleaned_data["kind"],
                monitoring_return=form.chosen_return(),
                description=form.cleaned_data["description"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Release condition added to instalment {instalment.number}")
            return redirect(_grant_url(grant))
    chosen = form["kind"].value()
    kinds = [
        {"value": value, "label": label, "hint": KIND_HINTS[value], "checked": chosen == value}
        for value, label in Kind.choices
    ]
    return _page(
        request,
        "grants/schedules/add_condition.html",
        form,
        grant=grant,
        instalment=instalment,
        refusal=refusal,
        kinds=kinds,
        returns=returns,
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def remove_condition(request, pk: int, condition_pk: int):
    grant = team_grant_or_404(request, pk)
    condition = _condition_or_404(grant, condition_pk)
    permission = may_change_schedule(request.user, grant)
    refusal = permission.reason if not permission else _touched_reason(grant, condition.instalment)
    error = None
    if request.method == "POST":
        if refusal:
            permission.enforce()
        try:
            release_conditions.remove_release_condition(request.user, condition)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(
                request, f"Release condition removed from instalment {condition.instalment.number}"
            )
            return redirect(_grant_url(grant))
    return render(
        request,
        "grants/schedules/remove_condition.html",
        {
            "grant": grant,
            "condition": condition,
            "status": status_of(condition, grant),
            "refusal": refusal,
            "error_items": [{"text": error}] if error else [],
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
def confirm_condition(request, pk: int, condition_pk: int):
    grant = team_grant_or_404(request, pk)
    condition = _condition_or_404(grant, condition_pk)
    permission = may_confirm_condition(request.user, condition, grant)
    if request.method == "POST":
        permission.enforce()
    form = ConfirmForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            release_conditions.confirm_condition(
                request.user, condition, evidence=form.cleaned_data["evidence"]
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, f"Release condition confirmed for instalment {condition.instalment.number}"
            )
            return redirect(_grant_url(grant))
    return _page(
        request,
        "grants/schedules/confirm_condition.html",
        form,
        grant=grant,
        condition=condition,
        status=status_of(condition, grant),
        permission=permission,
    )


manage_urlpatterns: list = [
    path("grants/<int:pk>/schedule/build/", build, name="schedule_build"),
    path("grants/<int:pk>/schedule/change/", change, name="schedule_change"),
    path(
        "grants/<int:pk>/schedule/instalments/<int:instalment_pk>/conditions/add/",
        add_condition,
        name="condition_add",
    ),
    path(
        "grants/<int:pk>/schedule/conditions/<int:condition_pk>/remove/",
        remove_condition,
        name="condition_remove",
    ),
    path(
        "grants/<int:pk>/schedule/conditions/<int:condition_pk>/confirm/",
        confirm_condition,
        name="condition_confirm",
    ),
]
grantee_urlpatterns: list = []
