"""The payment run, for finance officers: the approved payments waiting to be paid in their
programmes, downloaded for the finance system as CSV or XLSX, then recorded as paid in one step
(all or nothing). Anyone who is not a finance officer of any programme gets 404."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items
from innovation_fund.core.forms import GovukDateField
from innovation_fund.core.permissions import Refused
from innovation_fund.programmes.models import Programme

from .. import payment_exports
from ..models import PaymentRun
from ..policies.payments import finance_programmes
from ..services.payment_runs import approved_unpaid, record_run_paid


class RecordRunForm(forms.Form):
    paid_on = GovukDateField(label="Date they were paid", subject="the date they were paid")
    finance_reference = forms.CharField(
        label="Finance system reference for this run",
        help_text="For example, the payment batch reference the finance system gave",
        required=False,
        max_length=100,
    )


def _programme(request) -> Programme:
    """The programme the page is about: the one in the address, else the person's only one."""
    ids = finance_programmes(request.user)
    if not ids:
        raise Http404("You are not a finance officer of any programme")
    asked = request.GET.get("programme") or request.POST.get("programme")
    if asked:
        if not asked.isdigit() or int(asked) not in ids:
            raise Http404("You are not a finance officer of that programme")
        return Programme.objects.get(pk=int(asked))
    return Programme.objects.filter(pk__in=ids).order_by("name", "pk").first()


def _context(request, programme: Programme, form) -> dict:
    payments = list(approved_unpaid([programme.pk]))
    return {
        "programme": programme,
        "programmes": Programme.objects.filter(pk__in=finance_programmes(request.user)).order_by(
            "name", "pk"
        ),
        "payments": payments,
        "total_pence": sum(payment.amount_pence for payment in payments),
        "runs": PaymentRun.objects.filter(programme=programme).select_related("created_by")[:20],
        "form": form,
        "error_items": error_summary_items(form),
    }


@sign_in_required
@require_http_methods(["GET", "POST"])
@never_cache
def payment_run(request):
    programme = _programme(request)
    form = RecordRunForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        shown = [int(pk) for pk in request.POST.getlist("payment") if pk.isdigit()]
        try:
            run = record_run_paid(
                request.user,
                programme,
                shown,
                paid_on=form.cleaned_data["paid_on"],
                finance_reference=form.cleaned_data["finance_reference"],
            )
        except Refused:
            raise  # who may is not a form error: it answers 403
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, f"{run.payments.count()} payments recorded as paid on this run"
            )
            return redirect("grant_management:payment_run_detail", pk=run.pk)
    return render(request, "grants/payments/run.html", _context(request, programme, form))


@sign_in_required
@require_GET
@never_cache
def payment_run_file(request, extension: str):
    programme = _programme(request)
    payments = approved_unpaid([programme.pk])
    if extension == "csv":
        return payment_exports.csv_response(payments)
    return payment_exports.xlsx_response(payments)


@sign_in_required
@require_GET
@never_cache
def payment_run_detail(request, pk: int):
    try:
        run = PaymentRun.objects.select_related("programme", "created_by").get(
            pk=pk, programme_id__in=finance_programmes(request.user)
        )
    except PaymentRun.DoesNotExist:
        raise Http404("No payment run you can see has that number") from None
    payments = list(
        run.payments.select_related("grant__recipient", "grant__project", "instalment").order_by(
            "pk"
        )
    )
    return render(
        request,
        "grants/payments/run_detail.html",
        {"run": run, "payments": payments, "total_pence": sum(p.amount_pence for p in payments)},
    )


manage_urlpatterns = [
    path("payment-run/", payment_run, name="payment_run"),
    path(
        "payment-run/payments.csv",
        payment_run_file,
        {"extension": "csv"},
        name="payment_run_csv",
    ),
    path(
        "payment-run/payments.xlsx",
        payment_run_file,
        {"extension": "xlsx"},
        name="payment_run_xlsx",
    ),
    path("payment-runs/<int:pk>/", payment_run_detail, name="payment_run_detail"),
]
grantee_urlpatterns: list = []


def manage_section(request, grant) -> dict:
    return {}


def grantee_section(request, grant) -> dict:
    return {}
