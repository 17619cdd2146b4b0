"""The evaluator's questions about a finding, and the two-step question for its rating."""

from django import forms

from .models import Finding
from .scales import SCALES, scale
from .services.findings import DIRECTIONS, FindingAnswers

NOT_RATED = "none"
_MEASURE = "Such as Cohen's d, an odds ratio, or a difference in percentage points"


def _text(
    label: str,
    *,
    required: bool = False,
    help_text: str = "",
    max_length: int = 300,
    required_message: str = "",
):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        error_messages={
            "required": required_message or f"Enter {label[:1].lower() + label[1:]}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _number(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=12,
        decimal_places=4,
        error_messages={
            "invalid": f"{label} must be a number, like 0.25 or -1.5",
            "max_digits": f"{label} must have no more than 8 digits before the point",
            "max_decimal_places": f"{label} must have no more than 4 decimal places",
            "max_whole_digits": f"{label} must have no more than 8 digits before the point",
        },
        **kwargs,
    )


class FindingForm(forms.Form):
    project = forms.ModelChoiceField(
        label="Which project is it about?",
        queryset=None,
        required=False,
        empty_label="All the evaluation's projects",
    )
    framework_outcome = forms.ModelChoiceField(
        label="Outcome in the programme's framework",
        queryset=None,
        required=False,
        empty_label="Not one of the framework's outcomes",
        help_text="From the evaluation plan, or the programme's outcome framework",
    )
    outcome = _text("The outcome, as the report names it", required=True)
    population = _text("Population", help_text="Who the finding is about")
    direction = forms.ChoiceField(
        label="Direction of the finding",
        choices=[(value, value.label) for value in DIRECTIONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose positive, no measurable effect, negative or mixed"},
    )
    baseline = _text("Baseline", help_text="Where the outcome started, if the report gives it")
    result = _text("Result", required=True, required_message="Enter the result")
    comparison = _text("Comparison", help_text="The comparison group's result, if there is one")
    effect_size = _number("Effect size")
    effect_size_measure = _text("Effect size measure", help_text=_MEASURE, max_length=100)
    interval_lower = _number("Interval lower end")
    interval_upper = _number("Interval upper end")
    interval_level = forms.IntegerField(
        label="Interval level (per cent)",
        required=False,
        min_value=1,
        max_value=99,
        help_text="Such as 95 for a 95% confidence interval",
        error_messages={
            "invalid": "Interval level must be a whole number, like 95",
            "min_value": "Interval level must be between 1 and 99",
            "max_value": "Interval level must be between 1 and 99",
        },
    )
    sample_size = forms.IntegerField(
        label="Sample size",
        required=False,
        min_value=1,
        max_value=2_000_000_000,
        error_messages={
            "invalid": "Sample size must be a whole number, like 240",
            "min_value": "Sample size must be 1 or more",
            "max_value": "Sample size must be 2,000,000,000 or fewer",
        },
    )
    period = _text("Period", help_text="When it was measured, like April 2017 to March 2019")

    def __init__(self, *args, projects, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["framework_outcome"].queryset = outcomes
        if projects.count() < 2:
            del self.fields["project"]

    def answers(self) -> FindingAnswers:
        data = dict(self.cleaned_data.items())
        data.setdefault("project", None)
        return FindingAnswers(**data)

    @staticmethod
    def initial_from(finding: Finding) -> dict:
        names = list(FindingForm.base_fields)
        initial = {name: getattr(finding, name) for name in names if name != "project"}
        initial["project"] = finding.project_id
        initial["framework_outcome"] = finding.framework_outcome_id
        return initial


class ScaleForm(forms.Form):
    """Step one: which named scale the evidence is rated on."""

    scale = forms.ChoiceField(
        label="Which scale is the strength of evidence rated on?",
        choices=[(each.key, each.name) for each in SCALES] + [(NOT_RATED, "Not rated")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the scale the evidence is rated on, or not rated"},
    )

    @staticmethod
    def options(chosen: str) -> list[dict]:
        options = [
            {"value": each.key, "label": each.name, "hint": each.description} for each in SCALES
        ]
        options.append(
            {
                "value": NOT_RATED,
                "label": "Not rated",
                "hint": "The report does not rate this finding on any of these scales",
            }
        )
        return [{**option, "checked": option["value"] == chosen} for option in options]


class LevelForm(forms.Form):
    """Step two: the level on the chosen scale, each level explained."""

    level = forms.ChoiceField(label="Level", widget=forms.RadioSelect)

    def __init__(self, *args, scale_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale(scale_key)
        self.fields["level"].choices = [(level.key, level.label) for level in self.scale.levels]
        self.fields["level"].label = f"Which level on the {self.scale.name}?"
        self.fields["level"].error_messages["required"] = f"Choose a level on the {self.scale.name}"
        self.fields["level"].error_messages["invalid_choice"] = (
            f"Choose a level on the {self.scale.name}"
        )

    def options(self, chosen: str) -> list[dict]:
        return [
            {
                "value": level.key,
                "label": level.label,
                "hint": level.explanation,
                "checked": level.key == chosen,
            }
            for level in self.scale.levels
        ]
