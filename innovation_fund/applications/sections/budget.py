"""6. Budget: what the bid asks for in each financial year (April to March), by cost heading.

One page holds a grid of money boxes, one for each cost heading in each of the round's funding
years; a blank box means nothing is asked for there. The total is the amount requested.

A budget outside the round's minimum or maximum bid is still saved, so nothing typed is lost:
the section stays Incomplete, its page, the task list and check answers say what is wrong, and
the submit check (services.unfinished_sections) refuses the bid until it is put right.
"""

from dataclasses import dataclass
from functools import cached_property

from django.shortcuts import redirect

from innovation_fund.core.dates import london_today, to_london
from innovation_fund.core.financial_years import FinancialYear, financial_years_between
from innovation_fund.core.forms import PoundsField
from innovation_fund.core.money import format_gbp
from innovation_fund.programmes.models import Round

from ..models import Application, BudgetLine, CostHeading
from .base import FormSection, Row, VersionedForm

# Years shown when a round does not say when its funding starts and ends.
DEFAULT_YEARS = 3


def round_years(round: Round) -> list[FinancialYear]:
    """The financial years a round funds: from its funding start to its funding end, or, if it
    does not give them, three years from the one its closing date falls in."""
    starts, ends = round.funding_starts_on, round.funding_ends_on
    if starts and ends and starts <= ends:
        return financial_years_between(starts, ends)
    first = FinancialYear.containing(
        to_london(round.closes_at).date() if round.closes_at else london_today()
    )
    years = [first]
    while len(years) < DEFAULT_YEARS:
        years.append(years[-1].next())
    return years


def field_name(year: FinancialYear, heading: CostHeading) -> str:
    return f"amount_{year.start_year}_{heading.value}"


def cell_label(year: FinancialYear, heading: CostHeading) -> str:
    return f"{heading.label}, {year.label}"


@dataclass
class SavedBudget:
    """The budget as saved: amounts by (start year, heading), totals, and what is wrong."""

    round: Round
    amounts: dict[tuple[int, str], int]

    @classmethod
    def of(cls, application: Application) -> "SavedBudget":
        # Read through .all() so the prefetched lines are used (selectors.application_for_pages).
        return cls(
            round=application.round,
            amounts={
                (line.financial_year, line.cost_heading): line.amount_pence
                for line in application.budget_lines.all()
            },
        )

    @cached_property
    def years(self) -> list[FinancialYear]:
        """The round's years, and any other year something is saved in, so nothing is hidden."""
        saved = {FinancialYear(start) for start, _ in self.amounts}
        return sorted(set(round_years(self.round)) | saved)

    @cached_property
    def by_year(self) -> dict[FinancialYear, int]:
        return {
            year: sum(
                amount for (start, _), amount in self.amounts.items() if start == year.start_year
            )
            for year in self.years
        }

    @property
    def year_totals(self) -> list[tuple[FinancialYear, int]]:
        return list(self.by_year.items())

    @property
    def total(self) -> int:
        return sum(self.amounts.values())

    def problems(self) -> list[str]:
        total = self.total
        if total == 0:
            return ["Enter the amounts the bid asks for, by financial year and cost heading"]
        problems = []
        funded = round_years(self.round)
        outside = [year for year in self.years if year not in funded and self.by_year[year]]
        if outside:
            problems.append(
                f"The round funds spending from {funded[0].label} to {funded[-1].label}: move "
                f"the amounts in {', '.join(year.label for year in outside)} into those years"
            )
        minimum, maximum = self.round.minimum_bid_pence, self.round.maximum_bid_pence
        if maximum is not None and total > maximum:
            problems.append(
                f"The total, {format_gbp(total)}, is more than the round’s maximum bid of "
                f"{format_gbp(maximum)}. Reduce the amounts"
            )
        if minimum is not None and total < minimum:
            problems.append(
                f"The total, {format_gbp(total)}, is less than the round’s minimum bid of "
                f"{format_gbp(minimum)}. Increase the amounts"
            )
        return problems

    def as_audit(self) -> dict:
        return {
            "lines": {
                f"{FinancialYear(start).label} {heading}": amount
                for (start, heading), amount in sorted(self.amounts.items())
            },
            "total_pence": self.total,
        }


class BudgetForm(VersionedForm):
    """A money box for each cost heading in each year, in reading order (heading by heading).

    The page also shows the budget as saved (`form.saved`: totals and problems). It is worked
    out when the page is drawn, so after an edit conflict it shows the other person's budget.
    """

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.years = SavedBudget.of(application).years
        for heading in CostHeading:
            for year in self.years:
                self.fields[field_name(year, heading)] = PoundsField(
                    label=cell_label(year, heading),
                    subject=cell_label(year, heading),
                    required=False,
                )

    @property
    def rows(self) -> list[tuple[str, list]]:
        """(cost heading, its boxes year by year), for the table."""
        return [
            (heading.label, [self[field_name(year, heading)] for year in self.years])
            for heading in CostHeading
        ]

    @cached_property
    def saved(self) -> SavedBudget:
        return SavedBudget.of(self.application)


class BudgetSection(FormSection):
    form_class = BudgetForm

    def form_kwargs(self, application):
        return {"application": application}

    def initial(self, application):
        return {
            f"amount_{start}_{heading}": amount
            for (start, heading), amount in SavedBudget.of(application).amounts.items()
        }

    def apply(self, application, data, user):
        """Save every box on the page: a blank or zero box removes that line."""
        wanted: dict[tuple[int, str], int] = {}
        for name, amount in data.items():
            if not name.startswith("amount_"):
                continue
            _, start, heading = name.split("_", 2)
            wanted[(int(start), heading)] = amount or 0
        saved = {
            (line.financial_year, line.cost_heading): line
            for line in BudgetLine.objects.filter(application=application)
        }
        before = SavedBudget(
            application.round, {key: line.amount_pence for key, line in saved.items()}
        )
        gone = [line.pk for key, line in saved.items() if key in wanted and not wanted[key]]
        BudgetLine.objects.filter(pk__in=gone).delete()
        new = []
        for key, amount in wanted.items():
            line = saved.get(key)
            if not amount:
                continue
            if line is None:
                new.append(
                    BudgetLine(
                        application=application,
                        financial_year=key[0],
                        cost_heading=key[1],
                        amount_pence=amount,
                    )
                )
            elif line.amount_pence != amount:
                line.amount_pence = amount
                line.save(update_fields=["amount_pence"])
        BudgetLine.objects.bulk_create(new)
        after = SavedBudget(
            application.round,
            {
                **{key: line.amount_pence for key, line in saved.items() if key not in wanted},
                **{key: amount for key, amount in wanted.items() if amount},
            },
        )
        return before.as_audit(), after.as_audit()

    def view(self, request, application):
        response = super().view(request, application)
        if request.method == "POST" and response.status_code == 302:
            # Saved. If the budget is not right yet (say, over the maximum bid), stay on this
            # page, which shows the totals and what to change, rather than go to the task list.
            application.refresh_from_db()
            if self.problems(application):
                return redirect(self.url(application))
        return response

    def is_started(self, application):
        return bool(application.budget_lines.all()) or self.version(application) > 0

    def problems(self, application):
        return SavedBudget.of(application).problems()

    def summary_rows(self, application):
        budget = SavedBudget.of(application)
        first_box = field_name(budget.years[0], CostHeading.STAFF)
        if not budget.amounts:
            return [Row("Amounts", "Not answered", f"id_{first_box}")]
        rows = []
        for year, year_total in budget.year_totals:
            lines = [
                f"{heading.label}: {format_gbp(budget.amounts[(year.start_year, heading)])}"
                for heading in CostHeading
                if budget.amounts.get((year.start_year, heading))
            ]
            lines.append(f"Total for {year.label}: {format_gbp(year_total)}")
            rows.append(Row(year.label, lines, f"id_{field_name(year, CostHeading.STAFF)}"))
        rows.append(Row("Total amount requested", format_gbp(budget.total), f"id_{first_box}"))
        return rows


BUDGET = BudgetSection(slug="budget", title="Budget", template="applications/sections/budget.html")
