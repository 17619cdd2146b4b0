"""7. Evaluation plan: how the project will be evaluated, and by whom if that is known yet."""

from django import forms

from ..models import Application
from .base import FormSection, Row, VersionedForm

PLAN_MAX_WORDS = 1000
EVALUATOR_MAX = 200


class EvaluationForm(VersionedForm):
    evaluation_plan = forms.CharField(
        label="How will the project be evaluated?",
        widget=forms.Textarea,
        required=False,
        help_text=(
            "What you will measure, how, and when; how you will compare against what would have "
            f"happened without the project. Up to {PLAN_MAX_WORDS:,} words."
        ),
    )
    evaluator_name = forms.CharField(
        label="Who will evaluate the project? (optional)",
        max_length=EVALUATOR_MAX,
        required=False,
        help_text="If you know who will evaluate the project, give the organisation’s name",
        error_messages={
            "max_length": f"The evaluator’s name must be {EVALUATOR_MAX} characters or fewer"
        },
    )

    def clean_evaluation_plan(self):
        plan = self.cleaned_data["evaluation_plan"].strip()
        words = len(plan.split())
        if words > PLAN_MAX_WORDS:
            raise forms.ValidationError(
                f"The evaluation plan must be {PLAN_MAX_WORDS:,} words or fewer; it has {words:,}"
            )
        return plan

    def clean_evaluator_name(self):
        return self.cleaned_data["evaluator_name"].strip()


class EvaluationSection(FormSection):
    """Both answers can be saved on their own; only the plan is needed to finish the section."""

    form_class = EvaluationForm

    def initial(self, application):
        return {
            "evaluation_plan": application.evaluation_plan,
            "evaluator_name": application.evaluator_name,
        }

    def apply(self, application, data, user):
        before = self.initial(application)
        application.evaluation_plan = data["evaluation_plan"]
        application.evaluator_name = data["evaluator_name"]
        return before, self.initial(application)

    def is_started(self, application: Application) -> bool:
        return (
            bool(application.evaluation_plan or application.evaluator_name)
            or self.version(application) > 0
        )

    def problems(self, application: Application) -> list[str]:
        if not application.evaluation_plan:
            return ["Enter how the project will be evaluated"]
        return []

    def summary_rows(self, application):
        return [
            Row(
                "How it will be evaluated",
                application.evaluation_plan or "Not answered",
                "id_evaluation_plan",
            ),
            Row("Evaluator", application.evaluator_name or "Not known yet", "id_evaluator_name"),
        ]


EVALUATION = EvaluationSection(
    slug="evaluation", title="Evaluation plan", template="applications/sections/evaluation.html"
)
