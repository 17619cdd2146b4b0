"""A programme's budget for each financial year."""

from collections.abc import Iterable

from django.db import transaction

from innovation_fund.core.audit import record
from innovation_fund.core.financial_years import FinancialYear
from innovation_fund.core.money import format_gbp

from ..commitments import committed_to
from ..models import Programme, YearBudget
from ._shared import Problems, must_manage, whole_number


def year_budget_field(start_year: int) -> str:
    """The form field for one financial year's budget ("year_2027")."""
    return f"year_{start_year}"


def set_year_budgets(user, programme: Programme, budgets: dict[int, int | None]) -> None:
    """Set the programme's budget for each financial year in `budgets` (start year → pence);
    None means no budget for that year. Years not in `budgets` are left as they are.

    A year's budget may not be negative, more than the programme's total budget, or less than
    what is already committed for that year (approved or awarded). The programme row is locked
    so that an approval being recorded at the same moment is checked against one budget or the
    other, never both.
    """
    must_manage(user, programme)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        existing = {budget.financial_year: budget for budget in locked.year_budgets.all()}
        committed = committed_to(locked)
        problems = Problems()
        for start_year, amount in sorted(budgets.items()):
            if amount is None:
                continue
            label = FinancialYear(start_year).label
            field = year_budget_field(start_year)
            already = committed.year(start_year)
            if not whole_number(amount):
                problems.add(f"Enter the budget for {label} as an amount in pounds", field)
            elif amount < 0:
                problems.add(f"The budget for {label} cannot be negative", field)
            elif locked.budget_pence is not None and amount > locked.budget_pence:
                problems.add(
                    f"The budget for {label} must be no more than the programme's total budget "
                    f"of {format_gbp(locked.budget_pence)}",
                    field,
                )
            elif amount < already:
                problems.add(
                    f"{format_gbp(already)} is already committed for {label} (approved or "
                    f"awarded), so its budget must be at least {format_gbp(already)}",
                    field,
                )
        problems.raise_any()

        before = _year_budgets_snapshot(existing.values())
        for start_year, amount in budgets.items():
            budget = existing.get(start_year)
            if amount is None:
                if budget is not None:
                    budget.delete()
                    del existing[start_year]
            elif budget is None:
                existing[start_year] = YearBudget.objects.create(
                    programme=locked, financial_year=start_year, budget_pence=amount
                )
            elif budget.budget_pence != amount:
                budget.budget_pence = amount
                budget.save(update_fields=["budget_pence"])
        after = _year_budgets_snapshot(existing.values())
        if after != before:
            record(
                actor=user,
                action="programme.year_budgets_set",
                target=locked,
                before={"year_budgets": before},
                after={"year_budgets": after},
            )


def _year_budgets_snapshot(budgets: Iterable[YearBudget]) -> dict[str, int]:
    ordered = sorted(budgets, key=lambda budget: budget.financial_year)
    return {FinancialYear(b.financial_year).label: b.budget_pence for b in ordered}
