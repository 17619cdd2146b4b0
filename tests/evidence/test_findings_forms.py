"""The finding questions and the two-step rating: each wrong answer says what to do."""

from decimal import Decimal

import pytest

from innovation_fund.evidence.finding_forms import FindingForm, LevelForm, ScaleForm
from innovation_fund.evidence.models import Finding
from innovation_fund.programmes.models import Outcome

pytestmark = pytest.mark.django_db


def _form(data, projects=None):
    return FindingForm(
        data,
        projects=projects if projects is not None else Finding.objects.none(),
        outcomes=Outcome.objects.all(),
    )


ANSWERS = {"outcome": "Days in care", "direction": "negative", "result": "More days in care"}


def test_answers_clean_to_exact_numbers():
    form = _form({**ANSWERS, "effect_size": "-0.25", "interval_lower": "-0.5", "sample_size": "40"})
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers.effect_size == Decimal("-0.25")
    assert type(answers.effect_size) is Decimal
    assert answers.sample_size == 40
    assert answers.project is None
    assert "project" not in form.fields  # one project or none: not asked


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"outcome": ""}, "outcome", "Enter the outcome, as the report names it"),
        ({"result": ""}, "result", "Enter the result"),
        (
            {"direction": ""},
            "direction",
            "Choose positive, no measurable effect, negative or mixed",
        ),
        ({"direction": "great"}, "direction", "Select a valid choice"),
        ({"effect_size": "large"}, "effect_size", "Effect size must be a number"),
        ({"effect_size": "0.123456"}, "effect_size", "no more than 4 decimal places"),
        ({"sample_size": "0"}, "sample_size", "Sample size must be 1 or more"),
        ({"interval_level": "100"}, "interval_level", "Interval level must be between 1 and 99"),
    ],
)
def test_each_wrong_answer_says_what_to_do(answers, field, message):
    form = _form({**ANSWERS, **answers})
    assert not form.is_valid()
    assert message in form.errors[field][0]


def test_the_four_directions_are_offered_with_equal_weight():
    labels = [label for _, label in FindingForm.base_fields["direction"].choices]
    assert labels == ["Positive", "No measurable effect", "Negative", "Mixed"]


def test_the_scale_step_describes_each_scale():
    options = ScaleForm.options("eif")
    assert [option["value"] for option in options] == [
        "maryland",
        "eif",
        "wwcsc_effectiveness",
        "wwcsc_strength",
        "none",
    ]
    assert all(option["hint"] for option in options)
    assert [option["checked"] for option in options] == [False, True, False, False, False]
    assert not ScaleForm({}).is_valid()


def test_the_level_step_explains_each_level():
    form = LevelForm({"level": "6"}, scale_key="maryland")
    assert not form.is_valid()
    assert form.errors["level"] == ["Choose a level on the Maryland Scientific Methods Scale"]
    options = form.options("5")
    assert options[-1] == {
        "value": "5",
        "label": "Level 5",
        "hint": "A randomised controlled trial.",
        "checked": True,
    }
