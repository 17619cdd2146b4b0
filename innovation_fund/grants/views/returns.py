"""Monitoring returns: the grant pages' returns sections, and the programme team's pages: a
manager reads a submitted return and accepts it or asks for changes, sets each round's return
schedule, and (with the finance officers) sees the overdue list. The grantee's pages are in
`return_pages`. Team pages find the grant among the person's programmes': anything else is 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.dates import london_today
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.core.permissions import Refused
from innovation_fund.programmes.models import Round
from innovation_fund.programmes.policies import rounds_managed_by

from ..models import Grant, MonitoringReturn, ReturnSchedule
from ..policies.grants import grants_of_programme_team
from ..policies.returns import may_move_return, returns_watched_by, watches_returns
from ..return_forms import ReviewForm, ScheduleForm
from ..return_lifecycle import WAITING_FOR_THE_GRANTEE
from ..return_questions import questions_for
from ..services import return_answers
from ..services import returns as schedules
from . import return_pages
from .return_pages import return_or_404


def _rows(grant: Grant) -> list[dict]:
    today = london_today()
    return [
        {
            "report": report,
            "overdue": report.state in WAITING_FOR_THE_GRANTEE and report.due_on < today,
        }
        for report in MonitoringReturn.objects.filter(grant=grant).order_by("number")
    ]


# --- What the grant pages show --------------------------------------------------------------


def manage_section(request, grant) -> dict:
    schedule = ReturnSchedule.objects.filter(round_id=grant.round_id).first()
    return {"return_rows": _rows(grant), "return_schedule": schedule}


def grantee_section(request, grant) -> dict:
    return {"return_rows": _rows(grant)}


# --- The programme team ---------------------------------------------------------------------


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def review(request, pk: int, number: int):
    report = return_or_404(grants_of_programme_team(request.user), pk, number)
    permission = may_move_return(request.user, report, "accept")
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        permission.enforce()
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "accept":
                    return_answers.accept_return(request.user, report)
                    messages.success(request, f"Return {number} accepted")
                else:
                    return_answers.ask_for_changes(
                        request.user, report, comments=form.cleaned_data["comments"]
                    )
                    messages.success(request, f"Changes asked for in return {number}")
            except DomainError as error:
                add_to_form(form, error)
            else:
                return redirect(reverse("grant_management:grant", args=[pk]) + "#returns")
    return render(
        request,
        "grants/returns/review.html",
        {
            "report": report,
            "grant": report.grant,
            "questions": questions_for(report),
            "form": form,
            "permission": permission,
            "error_items": error_summary_items(form),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def schedule(request, round_pk: int):
    try:
        funding_round = rounds_managed_by(request.user).select_related("programme").get(pk=round_pk)
    except Round.DoesNotExist:
        raise Http404("No round you manage has that number") from None
    current = ReturnSchedule.objects.filter(round=funding_round).first()
    initial = (
        {
            "every_months": str(current.every_months),
            "due_days_after_period": current.due_days_after_period,
        }
        if current
        else {}
    )
    form = ScheduleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            schedules.set_return_schedule(
                request.user,
                funding_round,
                every_months=form.cleaned_data["every_months"],
                due_days_after_period=form.cleaned_data["due_days_after_period"],
            )
        except Refused:
            raise
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "Return schedule saved: each accepted grant has its returns")
            return redirect("programmes:round_detail", pk=funding_round.pk)
    return render(
        request,
        "grants/returns/schedule.html",
        {
            "round": funding_round,
            "programme": funding_round.programme,
            "current": current,
            "form": form,
            "error_items": error_summary_items(form),
        },
    )


@sign_in_required
@require_GET
@never_cache
def overdue(request):
    if not watches_returns(request.user):
        raise Http404("Only programme managers and finance officers have an overdue list")
    today = london_today()
    late = list(
        returns_watched_by(request.user)
        .filter(
            grant__state=Grant.State.ACCEPTED,
            state__in=WAITING_FOR_THE_GRANTEE,
            due_on__lt=today,
        )
        .select_related("grant__recipient", "grant__project", "grant__round")
        .prefetch_related("reminders")
        .order_by("due_on", "pk")
    )
    rows = [
        {
            "report": report,
            "days_late": (today - report.due_on).days,
            "reminders": list(report.reminders.all()),
        }
        for report in late
    ]
    return render(request, "grants/returns/overdue.html", {"rows": rows, "today": today})


manage_urlpatterns = [
    path("grants/<int:pk>/returns/<int:number>/", review, name="return_review"),
    path("rounds/<int:round_pk>/return-schedule/", schedule, name="return_schedule"),
    path("returns/overdue/", overdue, name="overdue_returns"),
]
grantee_urlpatterns = [
    path("<int:pk>/returns/<int:number>/", return_pages.task_list, name="return"),
    path("<int:pk>/returns/<int:number>/check/", return_pages.check, name="return_check"),
    path(
        "<int:pk>/returns/<int:number>/submitted/",
        return_pages.submitted,
        name="return_submitted",
    ),
    path(
        "<int:pk>/returns/<int:number>/<slug:slug>/",
        return_pages.section,
        name="return_section",
    ),
]
