"""The evaluator's pages for a report's costs and benefits: add, change and remove one (stated
as an amount, or as avoided units valued at a loaded unit cost), set the report's one price
year, and the list of loaded unit costs with their price years.

Reports are found through A1's policy (404 outside what the person may see); a price year
outside the GDP deflator series comes back at its field with `Deflators.refusal`'s message.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.errors import DomainError, add_to_form, error_summary_items

from .cost_benefit_forms import CostBenefitForm, ReportPriceYearForm, UnitCostBenefitForm
from .finding_views import refusal_for, report_url, typed_answers
from .models import CostBenefitItem, UnitCost
from .policies import report_for_page
from .price_years import Deflators
from .services import cost_benefit as services

ANCHOR = "#costs-and-benefits"


def _page(request, template: str, form, **context):
    return render(
        request, template, {"form": form, "error_items": error_summary_items(form), **context}
    )


def _item(request, pk: int):
    item = get_object_or_404(CostBenefitItem, pk=pk)
    return item, report_for_page(request.user, item.report_id)


def _amount_args(form) -> dict:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "description": data["description"],
        "amount_pence": data["amount"],
        "price_year": data["price_year"],
    }


def _unit_args(form) -> dict:
    data = form.cleaned_data
    return {
        "description": data["description"],
        "unit_cost": data["unit_cost"],
        "units": data["units"],
    }


def _context(report, refusal: str, **more) -> dict:
    deflators = Deflators.loaded()
    return {
        "report": report,
        "refusal": refusal,
        "back": report_url(report, ANCHOR),
        "series": deflators.year_labels,
        **more,
    }


@sign_in_required
@require_http_methods(["GET", "POST"])
def add(request, report_pk: int):
    report = report_for_page(request.user, report_pk)
    refusal = refusal_for(request, report)
    form = CostBenefitForm(typed_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_cost_benefit(request.user, report, **_amount_args(form))
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The cost or benefit has been added")
            return redirect(report_url(report, ANCHOR))
    context = _context(report, refusal, page_heading="Add a cost or benefit")
    return _page(request, "evidence/costs/form.html", form, **context)


@sign_in_required
@require_http_methods(["GET", "POST"])
def add_unit_cost_benefit(request, report_pk: int):
    report = report_for_page(request.user, report_pk)
    refusal = refusal_for(request, report)
    form = UnitCostBenefitForm(typed_answers(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_unit_cost_benefit(request.user, report, **_unit_args(form))
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The benefit has been added")
            return redirect(report_url(report, ANCHOR))
    context = _context(
        report,
        refusal,
        page_heading="Add a benefit valued at a unit cost",
        not_usable=UnitCost.objects.filter(financial_year__isnull=True).order_by("item"),
    )
    return _page(request, "evidence/costs/unit_cost_form.html", form, **context)


@sign_in_required
@require_http_methods(["GET", "POST"])
def change(request, pk: int):
    item, report = _item(request, pk)
    refusal = refusal_for(request, report)
    if item.unit_cost_id:
        form = UnitCostBenefitForm(
            typed_answers(request), initial=UnitCostBenefitForm.initial_from(item)
        )
        change_item, args, template = (
            services.change_unit_cost_benefit,
            _unit_args,
            "evidence/costs/unit_cost_form.html",
        )
    else:
        form = CostBenefitForm(typed_answers(request), initial=CostBenefitForm.initial_from(item))
        change_item, args, template = (
            services.change_cost_benefit,
            _amount_args,
            "evidence/costs/form.html",
        )
    if request.method == "POST" and form.is_valid():
        try:
            change_item(request.user, item, **args(form))
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The cost or benefit has been changed")
            return redirect(report_url(report, ANCHOR))
    context = _context(
        report,
        refusal,
        item=item,
        page_heading=f"Change the {item.get_kind_display().lower()}",
        not_usable=UnitCost.objects.filter(financial_year__isnull=True).order_by("item"),
    )
    return _page(request, template, form, **context)


@sign_in_required
@require_http_methods(["GET", "POST"])
def remove(request, pk: int):
    item, report = _item(request, pk)
    refusal = refusal_for(request, report)
    if request.method == "POST":
        services.remove_cost_benefit(request.user, item)
        messages.success(request, "The cost or benefit has been removed")
        return redirect(report_url(report, ANCHOR))
    return render(request, "evidence/costs/remove.html", _context(report, refusal, item=item))


@sign_in_required
@require_http_methods(["GET", "POST"])
def price_year(request, report_pk: int):
    report = report_for_page(request.user, report_pk)
    refusal = refusal_for(request, report)
    form = ReportPriceYearForm(typed_answers(request), initial={"price_year": report.price_year})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_report_price_year(request.user, report, form.cleaned_data["price_year"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, "The price year has been set")
            return redirect(report_url(report, ANCHOR))
    return _page(request, "evidence/costs/price_year.html", form, **_context(report, refusal))


@sign_in_required
@require_http_methods(["GET"])
def unit_costs(request):
    """Every loaded unit cost with its price year; those without one cannot value a benefit."""
    rows = UnitCost.objects.prefetch_related("sources").order_by("item", "id")
    return render(
        request,
        "evidence/costs/unit_costs.html",
        {"unit_costs": rows, "deflators": Deflators.loaded()},
    )
