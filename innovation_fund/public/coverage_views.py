"""The coverage page (/coverage/): every local authority involved as of a date, by year and by
kind of involvement, and those not yet involved. Its numbers are `spread.coverage`'s, the same
the home page and the map show."""

from django import forms
from django.shortcuts import render

from innovation_fund.core.dates import london_today
from innovation_fund.core.errors import error_summary_items
from innovation_fund.core.forms import GovukDateField
from innovation_fund.spread.coverage import KINDS, coverage_on

FIRST_DAY_YEAR = 2010


class AsOfForm(forms.Form):
    """The day to count as of (GET): today when none is given or the one given is refused."""

    as_of = GovukDateField(
        label="Show coverage as of",
        subject="the date",
        required=False,
        help_text="For example, 30 6 2019. Leave empty for today.",
    )

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        if day is None:
            return None
        if day > london_today():
            raise forms.ValidationError("The date must be today or in the past")
        if day.year < FIRST_DAY_YEAR:
            raise forms.ValidationError(f"The date must be in {FIRST_DAY_YEAR} or later")
        return day

    def chosen_day(self):
        return getattr(self, "cleaned_data", {}).get("as_of") or london_today()


def coverage(request):
    form = AsOfForm(request.GET or None)
    form.is_valid()
    day = form.chosen_day()
    return render(
        request,
        "public/coverage.html",
        {
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
            "day": day,
            "coverage": coverage_on(day),
            "kinds": KINDS,
        },
    )
