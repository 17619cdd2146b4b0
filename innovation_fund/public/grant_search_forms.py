"""The grants search's form: every filter lives in the URL so a search can be shared."""

from django import forms

from innovation_fund.core.forms import (
    GovukDateField,
    PageField,
    PoundsField,
    SearchWordsField,
)
from innovation_fund.opendata.grant_search import SORT_ORDERS, GrantFilters, funders
from innovation_fund.opendata.models import IndexedGrant

from .forms import ANY, offer_places

CURRENCY = "GBP"


class GrantSearchForm(forms.Form):
    q = SearchWordsField(
        label="Search grants",
        help_text="Words in the grant’s title or description, its funder or its recipient",
    )
    source = forms.ChoiceField(
        label="Whose grants",
        required=False,
        choices=[("", "Every funder’s"), *IndexedGrant.Source.choices],
        error_messages={"invalid_choice": "Select whose grants to show from the list"},
    )
    funder = forms.ChoiceField(
        label="Funder",
        required=False,
        error_messages={"invalid_choice": "Select a funder from the list"},
    )
    recipient = forms.CharField(
        label="Recipient",
        required=False,
        max_length=200,
        help_text="Words in its name, or its org-id, like GB-CHC-1234567",
        error_messages={"max_length": "Recipient must be 200 characters or fewer"},
    )
    region = forms.ChoiceField(
        label="Region",
        required=False,
        error_messages={"invalid_choice": "Select a region from the list"},
    )
    local_authority = forms.ChoiceField(
        label="Local authority",
        required=False,
        error_messages={"invalid_choice": "Select a local authority from the list"},
    )
    awarded_from = GovukDateField(
        label="Awarded on or after",
        subject="the earliest award date",
        required=False,
        help_text="For example, 1 4 2016",
    )
    awarded_to = GovukDateField(
        label="Awarded on or before",
        subject="the latest award date",
        required=False,
        help_text="For example, 31 3 2017",
    )
    amount_from = PoundsField(
        label="Smallest amount, in pounds",
        subject="the smallest amount",
        required=False,
        help_text="Grants in other currencies are left out when you give an amount",
    )
    amount_to = PoundsField(
        label="Largest amount, in pounds",
        subject="the largest amount",
        required=False,
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORT_ORDERS.items()],
        error_messages={"invalid_choice": "Select how to sort the grants from the list"},
    )
    page = PageField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].choices = [ANY] + [
            (funder.org_id, funder.name or funder.org_id) for funder in funders()
        ]
        self._authority_ids = offer_places(self)

    def clean(self):
        data = super().clean()
        earliest, latest = data.get("awarded_from"), data.get("awarded_to")
        if earliest and latest and latest < earliest:
            self.add_error("awarded_to", "The latest award date must be on or after the earliest")
        smallest, largest = data.get("amount_from"), data.get("amount_to")
        if smallest is not None and largest is not None and largest < smallest:
            self.add_error(
                "amount_to", "The largest amount must be the same as or more than the smallest"
            )
        return data

    def filters(self) -> GrantFilters:
        """The valid filters; a field with an error is left out so the rest still apply."""
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
        amount_from, amount_to = data.get("amount_from"), data.get("amount_to")
        return GrantFilters(
            words=tuple((data.get("q") or "").split()),
            source=data.get("source") or None,
            funder_org_id=data.get("funder") or None,
            recipient=data.get("recipient") or "",
            region_code=data.get("region") or None,
            authority_id=self._authority_ids.get(data.get("local_authority") or ""),
            awarded_from=data.get("awarded_from"),
            awarded_to=data.get("awarded_to"),
            amount_from_minor=amount_from,
            amount_to_minor=amount_to,
            currency=CURRENCY if amount_from is not None or amount_to is not None else None,
            sort=data.get("sort") or "newest",
        )
