"""The filters on a programme manager's list of the bids in a round.

A GET form: every value lives in the URL, so a filtered list can be bookmarked, shared and
exported. A bad value is shown back with a GOV.UK error and left out; the other filters still
apply (as on the public project search).
"""

from django import forms
from django.http import QueryDict

from innovation_fund.core.forms import PageField, SearchWordsField
from innovation_fund.organisations.models import OrganisationType
from innovation_fund.programmes.models import Round

from .manage_selectors import DEFAULT_SORT, LISTED_STATES, SORT_ORDERS, BidFilters

ANY = ("", "Any")
FILTER_FIELDS = ("q", "state", "focus_area", "organisation_type", "sort")


class BidFilterForm(forms.Form):
    q = SearchWordsField(label="Search by reference, title or lead organisation")
    state = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[ANY, *((state.value, state.label) for state in LISTED_STATES)],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    focus_area = forms.ChoiceField(
        label="Focus area",
        required=False,
        error_messages={"invalid_choice": "Select a focus area from the list"},
    )
    organisation_type = forms.ChoiceField(
        label="Lead organisation type",
        required=False,
        choices=[ANY, *OrganisationType.choices],
        error_messages={"invalid_choice": "Select a type of organisation from the list"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORT_ORDERS.items()],
        error_messages={"invalid_choice": "Select how to sort the bids from the list"},
    )
    page = PageField()

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        focus_areas = list(round.focus_areas.order_by("position", "name"))
        self.fields["focus_area"].choices = [ANY] + [(area.slug, area.name) for area in focus_areas]
        self._focus_area_ids = {area.slug: area.pk for area in focus_areas}

    def filters(self) -> BidFilters:
        """The valid filters; a field with an error is left out so the rest still apply."""
        data = getattr(self, "cleaned_data", {})
        return BidFilters(
            words=tuple((data.get("q") or "").split()),
            state=data.get("state") or None,
            focus_area_id=self._focus_area_ids.get(data.get("focus_area") or ""),
            organisation_type=data.get("organisation_type") or None,
            sort=data.get("sort") or DEFAULT_SORT,
        )

    def is_filtered(self) -> bool:
        """Whether the list is narrowed down (sorting alone does not narrow it)."""
        chosen = self.filters()
        return bool(
            chosen.words or chosen.state or chosen.focus_area_id or chosen.organisation_type
        )

    def has_filter_errors(self) -> bool:
        """Whether a filter (not just the page number) was refused."""
        return any(name in self.errors for name in FILTER_FIELDS)

    def filter_query(self) -> str:
        """The valid filters as a query string (no page number), for the export links."""
        data = getattr(self, "cleaned_data", {})
        query = QueryDict(mutable=True)
        for name in FILTER_FIELDS:
            value = data.get(name)
            if value and name not in self.errors:
                query[name] = value
        return query.urlencode()
