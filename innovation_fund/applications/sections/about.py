"""1. About the project: its title, a summary and the round's focus area it addresses."""

from django import forms

from innovation_fund.programmes.models import FocusArea

from ..models import Application
from .base import FormSection, Row, VersionedForm

TITLE_MAX = 140
SUMMARY_MAX_WORDS = 250


class AboutForm(VersionedForm):
    title = forms.CharField(
        label="Project title",
        max_length=TITLE_MAX,
        required=False,
        help_text=f"Up to {TITLE_MAX} characters",
        error_messages={"max_length": f"Project title must be {TITLE_MAX} characters or fewer"},
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea,
        required=False,
        help_text=(
            f"What the project will do and for whom, in up to {SUMMARY_MAX_WORDS} words. "
            "This may be published if the bid is funded."
        ),
    )
    focus_area = forms.ModelChoiceField(
        label="Which of the round’s focus areas does it address?",
        queryset=FocusArea.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        focus_areas = round.focus_areas.all()
        self.fields["focus_area"].queryset = focus_areas
        if not focus_areas:
            del self.fields["focus_area"]

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        if len(summary.split()) > SUMMARY_MAX_WORDS:
            raise forms.ValidationError(
                f"Summary must be {SUMMARY_MAX_WORDS} words or fewer; it has {len(summary.split())}"
            )
        return summary


class AboutSection(FormSection):
    form_class = AboutForm

    def form_kwargs(self, application):
        return {"round": application.round}

    def initial(self, application):
        return {
            "title": application.title,
            "summary": application.summary,
            "focus_area": application.focus_area_id,
        }

    def apply(self, application, data, user):
        before = self.initial(application)
        application.title = data["title"].strip()
        application.summary = data["summary"]
        application.focus_area = data.get("focus_area")
        return before, self.initial(application)

    def is_started(self, application: Application) -> bool:
        return bool(application.title or application.summary or application.focus_area_id)

    def problems(self, application: Application) -> list[str]:
        problems = []
        if not application.title:
            problems.append("Enter a project title")
        if not application.summary:
            problems.append("Enter a summary of the project")
        has_focus_areas = bool(application.round.focus_areas.all())
        if has_focus_areas and not application.focus_area_id:
            problems.append("Choose the focus area the project addresses")
        return problems

    def summary_rows(self, application):
        rows = [
            Row("Project title", application.title or "Not answered", "id_title"),
            Row("Summary", application.summary or "Not answered", "id_summary"),
        ]
        if application.round.focus_areas.all():
            focus = application.focus_area.name if application.focus_area_id else "Not answered"
            rows.append(Row("Focus area", focus, "id_focus_area"))
        return rows


ABOUT = AboutSection(slug="about", title="About the project")
