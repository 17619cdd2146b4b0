"""The project directory's search form: every filter lives in the URL so a search can be shared."""

from collections import Counter

from django import forms

from innovation_fund.core.dates import format_date, london_today
from innovation_fund.core.forms import PageField, SearchWordsField
from innovation_fund.grants.models import public_round
from innovation_fund.grants.selectors import SORT_ORDERS, ProjectFilters
from innovation_fund.innovations.models import Innovation
from innovation_fund.organisations.models import OrganisationType
from innovation_fund.places.models import LocalAuthority, Region
from innovation_fund.programmes.models import FocusArea, Round

ANY = ("", "Any")


def authority_labels(authorities) -> dict[int, str]:
    """A label for each authority that no other reads the same, keyed by its id.

    Where a council's code changed (Barnsley in 2025) or a county was reorganised (Dorset in
    2019) two records share a name; the one that has ended says so, e.g. "Barnsley (until 2025)",
    with the full dates if the years alone would not tell two apart.
    """
    authorities = list(authorities)
    name_counts = Counter(authority.name for authority in authorities)

    def by_year(authority) -> str:
        if name_counts[authority.name] == 1 or authority.valid_to is None:
            return authority.name
        return f"{authority.name} (until {authority.valid_to.year})"

    def by_day(authority) -> str:
        start = format_date(authority.valid_from)
        end = format_date(authority.valid_to) if authority.valid_to else "now"
        return f"{authority.name} ({start} to {end}, {authority.gss_code})"

    labels = {authority.pk: by_year(authority) for authority in authorities}
    label_counts = Counter(labels.values())
    return {
        authority.pk: by_day(authority)
        if label_counts[labels[authority.pk]] > 1
        else labels[authority.pk]
        for authority in authorities
    }


def offer_places(form: forms.Form) -> dict[str, int]:
    """Fill a search form's `region` and `local_authority` choices (every region; every
    authority, past ones told apart), and return each authority's id by its slug."""
    form.fields["region"].choices = [ANY] + [
        (region.code, region.name) for region in Region.objects.order_by("name")
    ]
    authorities = LocalAuthority.objects.order_by("name", "valid_from")
    labels = authority_labels(authorities)
    form.fields["local_authority"].choices = [ANY] + [
        (authority.slug, labels[authority.pk]) for authority in authorities
    ]
    return {authority.slug: authority.pk for authority in authorities}


class ProjectSearchForm(forms.Form):
    q = SearchWordsField(label="Search projects")
    round = forms.ChoiceField(
        label="Round",
        required=False,
        error_messages={"invalid_choice": "Select a round from the list"},
    )
    focus_area = forms.ChoiceField(
        label="Focus or policy area",
        required=False,
        error_messages={"invalid_choice": "Select a focus or policy area from the list"},
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
    organisation_type = forms.ChoiceField(
        label="Lead organisation type",
        required=False,
        choices=[ANY, *OrganisationType.choices],
        error_messages={"invalid_choice": "Select a type of organisation from the list"},
    )
    innovation = forms.ChoiceField(
        label="Innovation",
        required=False,
        error_messages={"invalid_choice": "Select an innovation from the list"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORT_ORDERS.items()],
        error_messages={"invalid_choice": "Select how to sort the projects from the list"},
    )
    page = PageField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only public rounds: an unpublished or demonstration round's name must not appear
        # here, and asking for one must be as invalid as asking for a round that does not exist.
        rounds = Round.objects.filter(public_round()).order_by("programme_id", "number")
        self.fields["round"].choices = [ANY] + [(r.slug, r.name) for r in rounds]
        focus_areas = (
            FocusArea.objects.filter(public_round("round__"))
            .select_related("round")
            .order_by("round__number", "position")
        )
        self.fields["focus_area"].choices = [ANY] + [
            (area.slug_with_round, f"{area.name} ({area.round.name})") for area in focus_areas
        ]
        self._focus_area_ids = {area.slug_with_round: area.pk for area in focus_areas}
        self._authority_ids = offer_places(self)
        innovations = Innovation.objects.order_by("name")
        self.fields["innovation"].choices = [ANY] + [(i.slug, i.name) for i in innovations]
        self._innovation_ids = {innovation.slug: innovation.pk for innovation in innovations}

    def filters(self) -> ProjectFilters:
        """The valid filters; a field with an error is left out so the rest still apply."""
        data = getattr(self, "cleaned_data", {})
        words = tuple((data.get("q") or "").split())
        return ProjectFilters(
            words=words,
            round_slug=data.get("round") or None,
            focus_area_id=self._focus_area_ids.get(data.get("focus_area") or ""),
            region_code=data.get("region") or None,
            authority_id=self._authority_ids.get(data.get("local_authority") or ""),
            organisation_type=data.get("organisation_type") or None,
            innovation_id=self._innovation_ids.get(data.get("innovation") or ""),
            sort=data.get("sort") or "name",
        )

    def active_filters(self) -> list[dict[str, str]]:
        """What is filtering the list now, in words, each with a link that removes it."""
        if not hasattr(self, "cleaned_data"):
            return []
        active = []
        for name in [
            "round",
            "focus_area",
            "region",
            "local_authority",
            "organisation_type",
            "innovation",
        ]:
            value = self.cleaned_data.get(name)
            if not value or name in self.errors:
                continue
            label = dict(self.fields[name].choices).get(value, value)
            remaining = self.data.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            active.append(
                {
                    "field": self.fields[name].label,
                    "value": label,
                    "remove": f"?{remaining.urlencode()}",
                }
            )
        return active


FIRST_MAP_YEAR = 2014


class MapForm(forms.Form):
    """Which year a map shows (authorities as they were on 30 June), and optionally which round."""

    year = forms.TypedChoiceField(
        label="Show authorities as they were in",
        required=False,
        coerce=int,
        error_messages={"invalid_choice": "Select a year from the list"},
    )
    round = forms.ChoiceField(
        label="Round",
        required=False,
        error_messages={"invalid_choice": "Select a round from the list"},
    )

    def __init__(self, *args, with_round: bool = False, latest_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.latest_year = latest_year or london_today().year
        self.fields["year"].choices = [
            (str(year), str(year)) for year in range(FIRST_MAP_YEAR, self.latest_year + 1)
        ]
        # The select must show the year the page shows: the latest unless another is asked for.
        self.fields["year"].initial = self.latest_year
        if self.is_bound and not self.data.get("year"):
            self.data = self.data.copy()
            self.data["year"] = str(self.latest_year)
        if with_round:
            self.fields["round"].choices = [("", "All rounds")] + [
                (r.slug, r.name)
                for r in Round.objects.filter(public_round()).order_by("programme_id", "number")
            ]
        else:
            del self.fields["round"]

    def full_clean(self):
        super().full_clean()
        if "year" in self._errors:
            # A year not on the list shows the latest map, so the select shows that year too
            # (the message at the field still says what was wrong).
            self.data = self.data.copy()
            self.data["year"] = str(self.latest_year)

    def chosen_year(self) -> int:
        return getattr(self, "cleaned_data", {}).get("year") or self.latest_year

    def chosen_round_slug(self) -> str | None:
        return getattr(self, "cleaned_data", {}).get("round") or None
