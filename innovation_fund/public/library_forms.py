"""The evaluation library's search form: every filter lives in the address, so a search can be
shared and works with JavaScript off."""

from django import forms

from innovation_fund.core.forms import PageField, SearchWordsField
from innovation_fund.evidence.models import EvaluationReport, Finding
from innovation_fund.evidence.scales import rating_choices
from innovation_fund.grants.models import public_round
from innovation_fund.innovations.models import Innovation
from innovation_fund.programmes.models import Outcome, Round

from .library_selectors import (
    DIRECTION_NOT_KNOWN_KEY,
    DIRECTIONS,
    FRAMEWORK_PREFIX,
    SORT_ORDERS,
    TEXT_PREFIX,
    LibraryFilters,
)

ANY = ("", "Any")
FILTER_NAMES = ["outcome", "direction", "rating", "innovation", "round", "year"]


class LibrarySearchForm(forms.Form):
    q = SearchWordsField(
        label="Search reports",
        help_text="Words in the title, summary, project or evaluator",
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        required=False,
        error_messages={"invalid_choice": "Select an outcome from the list"},
    )
    direction = forms.ChoiceField(
        label="What a finding showed",
        required=False,
        choices=[ANY] + [(key or DIRECTION_NOT_KNOWN_KEY, label) for key, label in DIRECTIONS],
        error_messages={"invalid_choice": "Select what a finding showed from the list"},
    )
    rating = forms.ChoiceField(
        label="Evidence rating",
        required=False,
        choices=[ANY, *rating_choices()],
        error_messages={"invalid_choice": "Select an evidence rating from the list"},
    )
    innovation = forms.ChoiceField(
        label="Innovation",
        required=False,
        error_messages={"invalid_choice": "Select an innovation from the list"},
    )
    round = forms.ChoiceField(
        label="Round",
        required=False,
        error_messages={"invalid_choice": "Select a round from the list"},
    )
    year = forms.TypedChoiceField(
        label="Year published",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a year from the list"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=list(SORT_ORDERS.items()),
        error_messages={"invalid_choice": "Select how to sort the reports from the list"},
    )
    page = PageField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._outcomes = self._outcome_options()
        self.fields["outcome"].choices = [ANY] + [
            (key, label) for key, (label, _, _) in self._outcomes.items()
        ]
        innovations = Innovation.objects.order_by("name")
        self.fields["innovation"].choices = [ANY] + [(i.slug, i.name) for i in innovations]
        self._innovation_ids = {innovation.slug: innovation.pk for innovation in innovations}
        # Only public rounds: an unpublished or demonstration round's name must not appear here.
        rounds = Round.objects.filter(public_round()).order_by("programme_id", "number")
        self.fields["round"].choices = [ANY] + [(r.slug, r.name) for r in rounds]
        years = EvaluationReport.objects.published().dates("published_on", "year", order="DESC")
        self.fields["year"].choices = [ANY] + [(str(day.year), str(day.year)) for day in years]

    @staticmethod
    def _outcome_options() -> dict[str, tuple[str, tuple[int, ...], tuple[str, ...]]]:
        """The outcomes published reports' findings are about: each framework outcome (which
        also matches findings that name it in words), then outcomes only named in words."""
        findings = Finding.objects.filter(report__in=EvaluationReport.objects.published())
        framework = (
            Outcome.objects.filter(is_demonstration=False, findings__in=findings)
            .distinct()
            .order_by("name", "pk")
        )
        options: dict[str, tuple[str, tuple[int, ...], tuple[str, ...]]] = {}
        framework_names = set()
        for outcome in framework:
            key = f"{FRAMEWORK_PREFIX}{outcome.slug}"
            _, ids, _ = options.get(key, (None, (), ()))
            options[key] = (outcome.name, (*ids, outcome.pk), (outcome.name,))
            framework_names.add(outcome.name.casefold())
        texts = {}
        for text in findings.filter(framework_outcome__isnull=True).values_list(
            "outcome", flat=True
        ):
            if text.casefold() not in framework_names:
                texts.setdefault(text.casefold(), text)
        for text in sorted(texts.values(), key=str.casefold):
            options[f"{TEXT_PREFIX}{text}"] = (f"{text} (as a report names it)", (), (text,))
        return options

    def filters(self) -> LibraryFilters:
        """The valid filters; a field with an error is left out so the rest still apply."""
        data = getattr(self, "cleaned_data", {})
        _, outcome_ids, outcome_texts = self._outcomes.get(data.get("outcome") or "", ("", (), ()))
        direction = data.get("direction") or None
        if direction == DIRECTION_NOT_KNOWN_KEY:
            direction = Finding.Direction.NOT_KNOWN.value
        rating = data.get("rating") or None
        return LibraryFilters(
            words=tuple((data.get("q") or "").split()),
            framework_outcome_ids=outcome_ids,
            outcome_texts=outcome_texts,
            direction=direction,
            rating=tuple(rating.split(":", 1)) if rating else None,
            innovation_id=self._innovation_ids.get(data.get("innovation") or ""),
            round_slug=data.get("round") or None,
            year=data.get("year"),
            sort=data.get("sort") or "newest",
        )

    def active_filters(self) -> list[dict[str, str]]:
        """What is filtering the list now, in words, each with a link that removes it."""
        if not hasattr(self, "cleaned_data"):
            return []
        active = []
        for name in FILTER_NAMES:
            value = self.cleaned_data.get(name)
            if value in (None, "") or name in self.errors:
                continue
            label = dict(self.fields[name].choices).get(str(value), value)
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
