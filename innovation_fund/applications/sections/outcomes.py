"""5. Outcomes: which outcomes of the programme's framework the project aims to change, and how.

One page: every outcome of the framework the round opened with (`framework_for_round` in
programmes.outcome_selectors, in order), and any the bid chose that was retired since, has a
checkbox and, under it, a measure, a baseline and a target, named `outcome-<pk>-chosen`,
`outcome-<pk>-measure`… so each error sits at its own input ("Enter a baseline for Reducing risk
for children"). Ticking adds the outcome, unticking removes it (what
is typed under an unticked outcome is not saved). At least one is needed.

The framework is read with one query by the page. The status and the answers read only the
bid's prefetched outcomes, except to tell "no outcome chosen" from "the programme has no
framework yet", which looks at the framework once per request (from the prefetch
`round__programme__outcomes` when the bid was loaded with it).
"""

from django import forms
from django.utils.html import format_html

from innovation_fund.programmes.models import Outcome
from innovation_fund.programmes.outcome_selectors import framework_for_round

from ..models import Application, ApplicationOutcome
from .base import FormSection, Row, VersionedForm

NO_FRAMEWORK = "The programme has no outcome framework yet: ask the programme team"
CHOOSE_ONE = "Choose at least one outcome the project aims to change"

# (part, words for "Enter …", longest)
PARTS = (
    ("measure", "a measure", 300),
    ("baseline", "a baseline", 200),
    ("target", "a target", 200),
)
LABELS = {
    "measure": "How will you measure it?",
    "baseline": "Baseline: where things are now",
    "target": "Target: where the project aims to get to",
}


def key(outcome_pk: int, part: str) -> str:
    return f"outcome-{outcome_pk}-{part}"


class OutcomesForm(VersionedForm):
    def __init__(self, *args, framework: list[Outcome], **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        for outcome in framework:
            self.fields[key(outcome.pk, "chosen")] = forms.BooleanField(
                label=outcome.name, required=False
            )
            for part, _words, longest in PARTS:
                self.fields[key(outcome.pk, part)] = forms.CharField(
                    label=format_html(
                        '{}<span class="govuk-visually-hidden"> for {}</span>',
                        LABELS[part],
                        outcome.name,
                    ),
                    max_length=longest,
                    required=False,
                    error_messages={
                        "max_length": (
                            f"The {part} for {outcome.name} must be {longest} characters or fewer"
                        )
                    },
                )

    @property
    def first_chosen_key(self) -> str | None:
        return key(self.framework[0].pk, "chosen") if self.framework else None

    @property
    def choose_errors(self) -> list[str]:
        """The "choose at least one" error, shown for the whole list of checkboxes."""
        return self.errors.get(self.first_chosen_key, []) if self.first_chosen_key else []

    def rows(self) -> list[dict]:
        """For the page: each outcome with its checkbox and its three inputs."""
        return [
            {
                "outcome": outcome,
                "chosen": self[key(outcome.pk, "chosen")],
                "inputs": [self[key(outcome.pk, part)] for part, _, _ in PARTS],
            }
            for outcome in self.framework
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.framework:
            raise forms.ValidationError(NO_FRAMEWORK)
        chosen = []
        for outcome in self.framework:
            if not cleaned.get(key(outcome.pk, "chosen")):
                continue
            answer = {"outcome": outcome}
            for part, words, _ in PARTS:
                name = key(outcome.pk, part)
                value = (cleaned.get(name) or "").strip()
                if name not in self.errors and not value:
                    self.add_error(name, f"Enter {words} for {outcome.name}")
                answer[part] = value
            chosen.append(answer)
        if not chosen:
            self.add_error(self.first_chosen_key, CHOOSE_ONE)
        cleaned["chosen"] = chosen
        return cleaned


def _framework(application: Application) -> list[Outcome]:
    """The outcomes this bid may choose, in order: the framework as it stood when the round
    opened, plus any the bid already chose that were retired since (it keeps them). One query,
    or none when prefetched."""
    chosen = [answer.outcome_id for answer in application.outcomes.all()] if application.pk else []
    return framework_for_round(application.round, chosen_ids=chosen)


def _has_framework(application: Application) -> bool:
    """Whether the round offers any outcome, asked at most once per loaded bid."""
    cached = getattr(application, "_has_outcome_framework", None)
    if cached is None:
        cached = bool(framework_for_round(application.round))
        application._has_outcome_framework = cached
    return cached


def _snapshot(outcomes) -> list[dict]:
    return [
        {
            "outcome": answer.outcome_id,
            "name": answer.outcome.name,
            "measure": answer.measure,
            "baseline": answer.baseline,
            "target": answer.target,
        }
        for answer in outcomes
    ]


class OutcomesSection(FormSection):
    form_class = OutcomesForm

    def form_kwargs(self, application):
        return {"framework": _framework(application)}

    def initial(self, application):
        initial = {}
        for answer in application.outcomes.all():
            initial[key(answer.outcome_id, "chosen")] = True
            for part, _, _ in PARTS:
                initial[key(answer.outcome_id, part)] = getattr(answer, part)
        return initial

    def apply(self, application, data, user):
        saved = {
            answer.outcome_id: answer
            for answer in ApplicationOutcome.objects.filter(application=application).select_related(
                "outcome"
            )
        }
        before = {"outcomes": _snapshot(saved.values())}
        chosen_ids = {answer["outcome"].pk for answer in data["chosen"]}
        ApplicationOutcome.objects.filter(application=application).exclude(
            outcome_id__in=chosen_ids
        ).delete()
        after = []
        for answer in data["chosen"]:
            row = saved.get(answer["outcome"].pk) or ApplicationOutcome(
                application=application, outcome=answer["outcome"]
            )
            row.measure, row.baseline, row.target = (
                answer["measure"],
                answer["baseline"],
                answer["target"],
            )
            row.save()
            after.append(row)
        return before, {"outcomes": _snapshot(after)}

    def is_started(self, application: Application) -> bool:
        return bool(application.outcomes.all()) or self.version(application) > 0

    def problems(self, application: Application) -> list[str]:
        answers = application.outcomes.all()
        if not answers:
            return [CHOOSE_ONE if _has_framework(application) else NO_FRAMEWORK]
        problems = []
        for answer in answers:
            for part, words, _ in PARTS:
                if not getattr(answer, part):
                    problems.append(f"Enter {words} for {answer.outcome.name}")
        return problems

    def summary_rows(self, application):
        answers = application.outcomes.all()
        if not answers:
            return [Row("Outcomes", "None chosen", "outcomes")]
        return [
            Row(
                answer.outcome.name,
                [
                    f"Measure: {answer.measure}",
                    f"Baseline: {answer.baseline}",
                    f"Target: {answer.target}",
                ],
                f"id_{key(answer.outcome_id, 'chosen')}",
            )
            for answer in answers
        ]


OUTCOMES = OutcomesSection(
    slug="outcomes",
    template="applications/sections/outcomes.html",
    title="Outcomes",
    hint="The outcomes the project aims to change, and how you will measure them",
)
