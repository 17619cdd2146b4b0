"""Forms for setting up programmes and rounds. They parse what was typed; the services decide
whether it is allowed."""

from django import forms

from innovation_fund.core.forms import GovukDateField, GovukDateTimeField, PoundsField
from innovation_fund.core.money import format_gbp
from innovation_fund.organisations.models import OrganisationType

from .models import FocusArea, Round, default_score_descriptors
from .scoring_scale import highest_score
from .selectors import YearBudgetRow
from .services.criteria import MAX_CRITERIA
from .services.rounds import MOST_ASSESSORS_PER_BID
from .services.year_budgets import year_budget_field


def _text(label: str, required_message: str, *, max_length: int = 200, help_text: str = ""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


class ProgrammeForm(forms.Form):
    name = _text("Name", "Enter the programme's name")
    funder_name = _text("Funder", "Enter the name of the funder", help_text="Who gives the money")
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea,
        error_messages={"required": "Enter a summary of the programme"},
    )
    budget_pence = PoundsField(
        label="Total budget",
        subject="the total budget",
        help_text="The most the programme may award across all its rounds",
    )
    starts_on = GovukDateField(
        label="Start date (optional)", subject="the start date", required=False
    )
    ends_on = GovukDateField(label="End date (optional)", subject="the end date", required=False)
    has_single_manager = forms.BooleanField(
        label="The programme has a single manager",
        help_text=(
            "Then the manager who prepares an announcement of awards may approve it, and the "
            "announcement says that no second approval was made. Otherwise a second programme "
            "manager must approve it."
        ),
        required=False,
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("fingerprint", None)
        return data


def _whole_number(
    label: str, required_message: str, invalid_message: str, *, help_text: str = "", initial=None
):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        initial=initial,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": required_message, "invalid": invalid_message},
    )


class RoundForm(forms.Form):
    name = _text("Name", "Enter the round's name", help_text="For example, Round Four")
    round_type = forms.ChoiceField(
        label="Type of round",
        choices=Round.RoundType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of round"},
    )
    summary = forms.CharField(
        label="Summary (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="One or two sentences shown in the list of funding rounds",
    )
    opens_at = GovukDateTimeField(
        label="Opens",
        subject="the opening date and time",
        error_messages={"required": "Enter the date and time the round opens"},
    )
    closes_at = GovukDateTimeField(
        label="Closes",
        subject="the closing date and time",
        error_messages={"required": "Enter the date and time the round closes"},
    )
    budget_pence = PoundsField(
        label="Budget envelope",
        subject="the budget envelope",
        help_text="The most this round may award",
    )
    minimum_bid_pence = PoundsField(label="Minimum bid", subject="the minimum bid")
    maximum_bid_pence = PoundsField(label="Maximum bid", subject="the maximum bid")
    eligible_organisation_types = forms.MultipleChoiceField(
        label="Who may lead a bid",
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select at least one type of organisation that may bid"},
    )
    guidance_markdown = forms.CharField(
        label="Guidance for applicants (optional)",
        widget=forms.Textarea,
        required=False,
        help_text=(
            "Markdown: ## for a heading, * for a bullet, [words](https://…) for a link. "
            "Other HTML is removed."
        ),
    )
    funding_starts_on = GovukDateField(
        label="Funded work may start from (optional)",
        subject="the date funded work may start",
        required=False,
    )
    funding_ends_on = GovukDateField(
        label="Funded work must finish by (optional)",
        subject="the date funded work must finish by",
        required=False,
    )
    assessors_per_bid = _whole_number(
        "How many assessors score each bid",
        "Enter how many assessors score each bid",
        "Enter how many assessors score each bid as a whole number, like 2",
        help_text=f"Each assessor scores the bid on their own. From 1 to {MOST_ASSESSORS_PER_BID}.",
        initial=Round._meta.get_field("assessors_per_bid").default,
    )
    disagreement_threshold = _whole_number(
        "Flag a bid when assessors’ scores for one criterion differ by more than",
        "Enter the difference in scores at which a bid is flagged",
        "Enter the difference in scores as a whole number, like 2",
        initial=Round._meta.get_field("disagreement_threshold").default,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, score_descriptors: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        highest = highest_score(score_descriptors or default_score_descriptors())
        self.fields["disagreement_threshold"].help_text = (
            f"Scores run from 0 to {highest}, so enter a number from 0 to {highest}. "
            "Moderators see flagged bids first."
        )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class FocusAreaForm(forms.Form):
    name = _text("Name", "Enter the focus area's name")
    kind = forms.ChoiceField(
        label="What the round calls it",
        choices=FocusArea.Kind.choices,
        widget=forms.RadioSelect,
        initial=FocusArea.Kind.FOCUS_AREA,
        error_messages={"required": "Select what kind of area it is"},
    )
    description = forms.CharField(
        label="Description (optional)", widget=forms.Textarea, required=False
    )


class CriteriaForm(forms.Form):
    """Up to 10 rows of name, description and weight, all edited on one page.

    Rows left blank are ignored. A row's hidden id keeps an existing criterion (and anything
    recorded against it) when its words or weight change.
    """

    ROWS = MAX_CRITERIA

    def __init__(self, *args, criteria=(), **kwargs):
        initial = {}
        for number, criterion in enumerate(criteria, start=1):
            initial[f"criteria-{number}-id"] = criterion.pk
            initial[f"criteria-{number}-name"] = criterion.name
            initial[f"criteria-{number}-description"] = criterion.description
            initial[f"criteria-{number}-weight"] = criterion.weight
        super().__init__(*args, initial=initial, **kwargs)
        for number in range(1, self.ROWS + 1):
            self.fields[f"criteria-{number}-id"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False
            )
            self.fields[f"criteria-{number}-name"] = forms.CharField(
                label="Name",
                required=False,
                max_length=200,
                error_messages={
                    "max_length": f"The name of criterion {number} must be 200 characters or fewer"
                },
            )
            self.fields[f"criteria-{number}-description"] = forms.CharField(
                label="What assessors look for (optional)", required=False, widget=forms.Textarea
            )
            self.fields[f"criteria-{number}-weight"] = forms.CharField(
                label="Weight (%)", required=False, max_length=6
            )

    def rows(self) -> list[dict]:
        """The bound fields of each row, for the page."""
        return [
            {
                "number": number,
                "id": self[f"criteria-{number}-id"],
                "name": self[f"criteria-{number}-name"],
                "description": self[f"criteria-{number}-description"],
                "weight": self[f"criteria-{number}-weight"],
            }
            for number in range(1, self.ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        for number in range(1, self.ROWS + 1):
            key = f"criteria-{number}-weight"
            text = (cleaned.get(key) or "").strip().removesuffix("%").strip()
            if not text:
                cleaned[key] = None
            elif text.isdigit():
                cleaned[key] = int(text)
            else:
                self.add_error(
                    key, f"Enter the weight of criterion {number} as a whole number, like 25"
                )
        return cleaned

    def service_rows(self) -> list[dict]:
        """The rows that were filled in (blank ones left out), for `set_criteria`."""
        rows = []
        for number in range(1, self.ROWS + 1):
            name = (self.cleaned_data.get(f"criteria-{number}-name") or "").strip()
            description = (self.cleaned_data.get(f"criteria-{number}-description") or "").strip()
            weight = self.cleaned_data.get(f"criteria-{number}-weight")
            if not name and not description and weight is None:
                continue
            rows.append(
                {
                    "row": number,
                    "id": self.cleaned_data.get(f"criteria-{number}-id"),
                    "name": name,
                    "description": description,
                    "weight": weight,
                }
            )
        return rows

    def total(self) -> int | None:
        """What the weights on the page add up to, typed or saved."""
        total = 0
        for number in range(1, self.ROWS + 1):
            value = self[f"criteria-{number}-weight"].value()
            text = str(value if value is not None else "").strip().removesuffix("%").strip()
            if text.isdigit():
                total += int(text)
        return total


class YearBudgetsForm(forms.Form):
    """One optional money box per financial year in `rows` (from `year_budget_rows`), named
    year_<start year>. Blank means no budget for that year. What is already committed for the year
    is shown under its box."""

    def __init__(self, *args, rows: list[YearBudgetRow], **kwargs):
        initial = {
            year_budget_field(row.financial_year.start_year): row.budget_pence for row in rows
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.years = [row.financial_year for row in rows]
        for row in rows:
            year = row.financial_year
            self.fields[year_budget_field(year.start_year)] = PoundsField(
                label=f"{year.label} (April {year.start_year} to March {year.start_year + 1})",
                subject=f"the budget for {year.label}",
                required=False,
                help_text=(
                    f"{format_gbp(row.awarded_pence)} already committed for this year "
                    "(approved or awarded)"
                    if row.awarded_pence
                    else "Nothing awarded for this year yet"
                ),
            )

    def year_fields(self) -> list:
        return [self[year_budget_field(year.start_year)] for year in self.years]

    def budgets(self) -> dict[int, int | None]:
        """Each year's budget as typed (None for blank), for `set_year_budgets`.

        A year whose box was not posted at all (the programme's dates changed after the page
        was opened) is left out, so its budget is not removed unseen.
        """
        result = {}
        for year in self.years:
            name = year_budget_field(year.start_year)
            if self.fields[name].widget.value_omitted_from_data(
                self.data, self.files, self.add_prefix(name)
            ):
                continue
            result[year.start_year] = self.cleaned_data.get(name)
        return result


class ScoreScaleForm(forms.Form):
    descriptors = forms.CharField(
        label="What each score means",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "One line for each score, starting with 0 on the first line. For example: "
            "“Unacceptable: the bid does not address the criterion”."
        ),
        error_messages={"required": "Enter what each score means, one line for each"},
    )

    def service_descriptors(self) -> list[str]:
        return self.cleaned_data["descriptors"].splitlines()
