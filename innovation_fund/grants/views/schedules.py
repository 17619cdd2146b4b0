"""The payment schedule on the grant pages, and the programme managers' pages that build it,
change its instalments, and add, remove and confirm release conditions.

Team pages find the grant among the person's programmes' grants (anything else is 404). People
in the programme without the manager's role see each page with the reason they cannot act, and
their POST is refused. The grantee sees the schedule read-only.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import kept_answers, sign_in_required
from innovation_fund.core.dates import format_date
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.forms import GovukDateField, PoundsField

from ..models import Grant, Instalment, MonitoringReturn, ReleaseCondition
from ..money import money_by_instalment
from ..policies.schedules import (
    may_change_schedule,
    may_confirm_condition,
    why_instalment_is_fixed,
)
from ..schedule_selectors import returns_for_conditions, schedule_of, status_of
from ..schedules import EQUAL, MOST_A_YEAR, QUARTERLY, REMAINDER_RULE, YEARLY
from ..services import release_conditions
from ..services import schedules as services
from .lookups import team_grant_or_404

Kind = ReleaseCondition.Kind
SECTION_ANCHOR = "#schedule"

PATTERN_OPTIONS = [
    (
        QUARTERLY,
        "Quarterly",
        "One instalment each quarter of each financial year, due on 1 April, 1 July, 1 October "
        "and 1 January.",
    ),
    (
        EQUAL,
        "Equal instalments each year",
        "A number of instalments each financial year, due on the first of months spread evenly "
        "from April.",
    ),
    (YEARLY, "Once a year", "One instalment each financial year, due on 1 April."),
]
KIND_HINTS = {
    Kind.OFFER_ACCEPTED: "Met as soon as the grantee accepts the offer. Nothing is paid before "
    "then in any case.",
    Kind.RETURN_ACCEPTED: "Met when the programme team accepts the monitoring return you choose.",
    Kind.EVALUATION_PLAN: "Until evaluation plans are recorded in the service, a programme "
    "manager confirms this with evidence (for example, the date the plan was agreed).",
    Kind.CONFIRMED: "Anything else: say what must happen. A programme manager confirms it with "
    "evidence.",
}


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


# --- Forms ----------------------------------------------------------------------------------


class BuildForm(forms.Form):
    pattern = forms.ChoiceField(
        choices=[(value, label) for value, label, _hint in PATTERN_OPTIONS],
        error_messages={
            "required": "Choose how to spread the payments",
            "invalid_choice": "Choose how to spread the payments",
        },
    )
    count = forms.IntegerField(
        label="Instalments each year",
        required=False,
        widget=forms.TextInput,
        error_messages={"invalid": "Enter how many instalments each year as a number, like 2"},
    )

    def clean(self):
        cleaned = super().clean()
        missing = cleaned.get("pattern") == EQUAL and cleaned.get("count") is None
        if missing and not self.has_error("count"):
            self.add_error("count", "Enter how many instalments each year, like 2")
        if cleaned.get("pattern") != EQUAL:
            cleaned["count"] = None
        return cleaned


class ChangeForm(forms.Form):
    """One row of boxes for each instalment that can still change."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instalments: list[Instalment], **kwargs):
        super().__init__(*args, **kwargs)
        self.instalments = instalments
        for instalment in instalments:
            number = instalment.number
            self.fields[services.due_field(number)] = GovukDateField(
                label=f"Instalment {number}: due date",
                subject=f"the due date of instalment {number}",
                help_text=f"In {FinancialYear(instalment.financial_year).label}, for example "
                f"1 7 {instalment.financial_year}",
            )
            self.fields[services.amount_field(number)] = PoundsField(
                label=f"Instalment {number}: amount",
                subject=f"the amount of instalment {number}",
            )
            self.fields[services.kind_field(number)] = forms.ChoiceField(
                label=f"Instalment {number}: kind",
                choices=Instalment.Kind.choices,
                error_messages={"required": f"Choose what instalment {number} is"},
            )

    def rows(self) -> list[dict]:
        return [
            {
                "number": i.number,
                "due_on": self.cleaned_data.get(services.due_field(i.number)),
                "amount_pence": self.cleaned_data.get(services.amount_field(i.number)),
                "kind": self.cleaned_data.get(services.kind_field(i.number)),
            }
            for i in self.instalments
        ]

    def bound_rows(self):
        """(instalment, due date, amount, kind) bound fields, a row per instalment."""
        return [
            (
                i,
                self[services.due_field(i.number)],
                self[services.amount_field(i.number)],
                self[services.kind_field(i.number)],
            )
            for i in self.instalments
        ]


class ConditionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Kind.choices,
        error_messages={
            "required": "Choose what must happen before the instalment is paid",
            "invalid_choice": "Choose what must happen before the instalment is paid",
        },
    )
    monitoring_return = forms.ChoiceField(
        label="Which monitoring return must be accepted?", required=False
    )
    description = forms.CharField(
        label="What must happen",
        widget=forms.Textarea,
        required=False,
        max_length=release_conditions.MOST_CHARACTERS,
        error_messages={"max_length": "The condition must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, returns: list[MonitoringReturn], **kwargs):
        super().__init__(*args, **kwargs)
        self.returns = {str(r.pk): r for r in returns}
        self.fields["monitoring_return"].choices = [("", "Choose a return")] + [
            (str(r.pk), _return_label(r)) for r in returns
        ]

    def chosen_return(self) -> MonitoringReturn | None:
        return self.returns.get(self.cleaned_data.get("monitoring_return") or "")


class ConfirmForm(forms.Form):
    evidence = forms.CharField(
        label="What shows the condition is met?",
        help_text="For example, the document, meeting or email that shows it, and its date",
        widget=forms.Textarea,
        required=False,
        max_length=release_conditions.MOST_CHARACTERS,
        error_messages={"max_length": "The evidence must be 5,000 characters or fewer"},
    )


def _return_label(report: MonitoringReturn) -> str:
    return (
        f"Return {report.number}: {format_date(report.period_starts_on)} to "
        f"{format_date(report.period_ends_on)} ({report.get_state_display().lower()})"
    )


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
