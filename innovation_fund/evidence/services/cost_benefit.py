"""Costs and benefits on an evaluation report, and the report's one price year.

The evaluator adds, changes and removes them while the report is a draft or has changes asked
for (A1's policy, action "edit_report"). Each amount is integer pence in the prices of the year it
names; a benefit may be a number of avoided units valued at a loaded unit cost, whose amount is
units × the unit cost in the unit cost's price year. A price year outside the loaded GDP deflator
series is refused with `Deflators.refusal`, never extrapolated. One function per change, one
transaction, audit record inside.
"""

from django.db import transaction
from django.db.models import Max

from innovation_fund.core.audit import changed_fields, record, snapshot
from innovation_fund.core.errors import DomainError, DomainErrors
from innovation_fund.core.financial_years import FinancialYear

from ..models import CostBenefitItem, EvaluationReport, UnitCost
from ..price_years import Deflators
from .findings import enforce_may_edit

Kind = CostBenefitItem.Kind
MOST_PENCE = 100_000_000_000_00  # as core.forms.MAX_PENCE
MOST_UNITS = 10_000_000


def _locked(report_pk: int) -> EvaluationReport:
    return (
        EvaluationReport.objects.select_for_update(of=("self",))
        .select_related("evaluation")
        .get(pk=report_pk)
    )


def _year_error(year: int | None, field: str, deflators: Deflators) -> DomainError | None:
    if year is None:
        return DomainError("Enter the price year, like 2019-20", field=field)
    refusal = deflators.refusal(year)
    return DomainError(refusal, field=field) if refusal else None


def unit_cost_refusal(unit_cost: UnitCost, deflators: Deflators | None = None) -> str:
    """Why a unit cost cannot value a benefit; "" when it can."""
    if unit_cost.financial_year is None:
        return (
            f"The price year of ‘{unit_cost.item}’ is not known (the source says "
            f"‘{unit_cost.price_year or 'nothing'}’), so it cannot value a benefit"
        )
    return (deflators or Deflators.loaded()).refusal(unit_cost.financial_year)


def _check_amount(kind: str, description: str, amount_pence, price_year, errors: list) -> None:
    if kind not in Kind.values:
        errors.append(DomainError("Choose whether it is a cost or a benefit", field="kind"))
    if not description.strip():
        errors.append(DomainError("Describe the cost or benefit", field="description"))
    if amount_pence is None:
        errors.append(DomainError("Enter the amount", field="amount"))
    elif not 0 <= amount_pence <= MOST_PENCE:
        errors.append(DomainError("The amount is outside what can be recorded", field="amount"))
    error = _year_error(price_year, "price_year", Deflators.loaded())
    if error:
        errors.append(error)


def _unit_values(unit_cost: UnitCost | None, units: int | None, errors: list) -> dict:
    if unit_cost is None:
        errors.append(DomainError("Choose the unit cost", field="unit_cost"))
    elif refusal := unit_cost_refusal(unit_cost):
        errors.append(DomainError(refusal, field="unit_cost"))
    if units is None or units < 1:
        errors.append(DomainError("Enter the number of units avoided, 1 or more", field="units"))
    elif units > MOST_UNITS:
        errors.append(DomainError(f"Enter {MOST_UNITS:,} units or fewer", field="units"))
    if errors:
        return {}
    return {
        "kind": Kind.BENEFIT,
        "unit_cost": unit_cost,
        "units": units,
        "amount_pence": units * unit_cost.cost_pence,
        "price_year": unit_cost.financial_year,
    }


def _next_position(report: EvaluationReport) -> int:
    return (report.cost_benefit_items.aggregate(last=Max("position"))["last"] or 0) + 1


def _raise(errors: list) -> None:
    if errors:
        raise DomainErrors(errors)


@transaction.atomic
def add_cost_benefit(
    user, report: EvaluationReport, *, kind: str, description: str, amount_pence, price_year
) -> CostBenefitItem:
    report = _locked(report.pk)
    enforce_may_edit(user, report)
    errors: list = []
    _check_amount(kind, description, amount_pence, price_year, errors)
    _raise(errors)
    item = CostBenefitItem.objects.create(
        report=report,
        kind=kind,
        description=description.strip(),
        amount_pence=amount_pence,
        price_year=price_year,
        position=_next_position(report),
    )
    record(actor=user, action="evidence.cost_benefit_added", target=item, after=snapshot(item))
    return item


@transaction.atomic
def add_unit_cost_benefit(
    user, report: EvaluationReport, *, description: str, unit_cost: UnitCost | None, units
) -> CostBenefitItem:
    report = _locked(report.pk)
    enforce_may_edit(user, report)
    errors: list = []
    if not description.strip():
        errors.append(DomainError("Describe the benefit", field="description"))
    values = _unit_values(unit_cost, units, errors)
    _raise(errors)
    item = CostBenefitItem.objects.create(
        report=report,
        description=description.strip(),
        position=_next_position(report),
        **values,
    )
    record(actor=user, action="evidence.cost_benefit_added", target=item, after=snapshot(item))
    return item


def _change(user, item: CostBenefitItem, values: dict) -> CostBenefitItem:
    before = snapshot(item)
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    changed_before, changed_after = changed_fields(before, snapshot(item))
    record(
        actor=user,
        action="evidence.cost_benefit_changed",
        target=item,
        before=changed_before,
        after=changed_after,
    )
    return item


def _locked_item(user, item: CostBenefitItem) -> CostBenefitItem:
    report = _locked(item.report_id)
    enforce_may_edit(user, report)
    return CostBenefitItem.objects.select_for_update().get(pk=item.pk, report=report)


@transaction.atomic
def change_cost_benefit(
    user, item: CostBenefitItem, *, kind: str, description: str, amount_pence, price_year
) -> CostBenefitItem:
    """Change a cost or benefit stated as an amount (one valued at a unit cost stops being)."""
    item = _locked_item(user, item)
    errors: list = []
    _check_amount(kind, description, amount_pence, price_year, errors)
    _raise(errors)
    values = {
        "kind": kind,
        "description": description.strip(),
        "amount_pence": amount_pence,
        "price_year": price_year,
        "unit_cost": None,
        "units": None,
    }
    return _change(user, item, values)


@transaction.atomic
def change_unit_cost_benefit(
    user, item: CostBenefitItem, *, description: str, unit_cost: UnitCost | None, units
) -> CostBenefitItem:
    item = _locked_item(user, item)
    errors: list = []
    if not description.strip():
        errors.append(DomainError("Describe the benefit", field="description"))
    values = _unit_values(unit_cost, units, errors)
    _raise(errors)
    return _change(user, item, {"description": description.strip(), **values})


@transaction.atomic
def remove_cost_benefit(user, item: CostBenefitItem) -> None:
    item = _locked_item(user, item)
    record(actor=user, action="evidence.cost_benefit_removed", target=item, before=snapshot(item))
    item.delete()


@transaction.atomic
def set_report_price_year(user, report: EvaluationReport, price_year: int | None) -> None:
    """The one price year the report's costs and benefits are all shown in."""
    report = _locked(report.pk)
    enforce_may_edit(user, report)
    error = _year_error(price_year, "price_year", Deflators.loaded())
    if error:
        raise error
    if report.price_year == price_year:
        return
    before = {"price_year": report.price_year}
    report.price_year = price_year
    report.save(update_fields=["price_year"])
    record(
        actor=user,
        action="evidence.report_price_year_set",
        target=report,
        before=before,
        after={"price_year": price_year, "label": FinancialYear(price_year).label},
    )
