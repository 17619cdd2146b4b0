"""Monitoring returns: the grantee fills one in (saving as they go), checks the answers, and an
accountable officer submits it; a programme manager reads it and accepts it or asks for changes.
Managers set each round's return schedule; managers and finance officers see the overdue list.
Grantee pages find the grant among the person's organisations' grants, team pages among their
programmes': anything else is 404."""

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
from ..policies.grants import grants_of_grantee, grants_of_programme_team
from ..policies.returns import may_move_return, returns_watched_by, watches_returns
from ..return_forms import ReturnForm, ReviewForm, ScheduleForm, SubmitForm
from ..return_lifecycle import WAITING_FOR_THE_GRANTEE
from ..return_questions import questions_for
from ..services import return_answers
from ..services import returns as schedules

RELATED = ("grant__round__programme", "grant__recipient", "grant__project", "submitted_by")


def _return_or_404(grants, pk: int, number: int) -> MonitoringReturn:
    try:
        return MonitoringReturn.objects.select_related(*RELATED).get(
            grant__in=grants.filter(decision__isnull=False), grant_id=pk, number=number
        )
    except MonitoringReturn.DoesNotExist:
        raise Http404("No return you can see has that number") from None


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


# --- The grantee ----------------------------------------------------------------------------


def _summary(monitoring_return) -> dict:
    questions = questions_for(monitoring_return)
    return {"report": monitoring_return, "grant": monitoring_return.grant, "questions": questions}


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def fill_in(request, pk: int, number: int):
    report = _return_or_404(grants_of_grantee(request.user), pk, number)
    permission = may_move_return(request.user, report, "save")
    questions = questions_for(report)
    if request.method == "POST":
        permission.enforce()
        form = ReturnForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                expected = int(request.POST.get("version", "0"))
                return_answers.save_return(
                    request.user, report, expected_version=expected, **form.answers()
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if "later" in request.POST:
                    messages.success(request, f"Return {number} saved: come back to it later")
                    return redirect("your_grants:grant", pk=pk)
                return redirect("your_grants:return_check", pk=pk, number=number)
    else:
        form = ReturnForm(
            initial={"progress": report.progress, "risks": report.risks}, questions=questions
        )
    return render(
        request,
        "grants/returns/fill_in.html",
        {
            "report": report,
            "grant": report.grant,
            "form": form,
            "questions": questions,
            "permission": permission,
            "error_items": error_summary_items(form),
        },
    )


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def check(request, pk: int, number: int):
    report = _return_or_404(grants_of_grantee(request.user), pk, number)
    permission = may_move_return(request.user, report, "submit")
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        permission.enforce()
        if form.is_valid():
            try:
                return_answers.submit_return(
                    request.user, report, declaration=form.cleaned_data["declaration"]
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                return redirect("your_grants:return_submitted", pk=pk, number=number)
    return render(
        request,
        "grants/returns/check.html",
        {
            **_summary(report),
            "form": form,
            "permission": permission,
            "may_change": may_move_return(request.user, report, "save"),
            "error_items": error_summary_items(form),
        },
    )


@sign_in_required
@require_GET
@never_cache
def submitted(request, pk: int, number: int):
    report = _return_or_404(grants_of_grantee(request.user), pk, number)
    return render(
        request, "grants/returns/submitted.html", {"report": report, "grant": report.grant}
    )


# --- The programme team ---------------------------------------------------------------------


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def review(request, pk: int, number: int):
    report = _return_or_404(grants_of_programme_team(request.user), pk, number)
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
            **_summary(report),
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
    path("<int:pk>/returns/<int:number>/", fill_in, name="return"),
    path("<int:pk>/returns/<int:number>/check/", check, name="return_check"),
    path("<int:pk>/returns/<int:number>/submitted/", submitted, name="return_submitted"),
]
