"""The forms of the evaluation pages: appointing an evaluator, the plan, a report's details,
its documents, the team's review and publication."""

from django import forms

from innovation_fund.applications.sections.documents import ACCEPT, checked_upload
from innovation_fund.core.forms import GovukDateField
from innovation_fund.grants.models import Project
from innovation_fund.organisations.models import Organisation
from innovation_fund.programmes.models import Outcome, Programme, ProgrammeRole

from .designs import Design
from .models import EvaluationReport


def evaluator_organisations(programme: Programme):
    """Organisations with at least one member holding the programme's evaluator role."""
    evaluators = ProgrammeRole.objects.filter(
        programme=programme, role=ProgrammeRole.Role.EVALUATOR
    ).values("user_id")
    return Organisation.objects.filter(memberships__user_id__in=evaluators).distinct()


class AppointForm(forms.Form):
    evaluator = forms.ModelChoiceField(
        label="Evaluator",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        help_text=(
            "Organisations whose people have the programme's evaluator role. Give someone the "
            "role on the programme's team page to add their organisation here."
        ),
        error_messages={"required": "Choose the evaluator organisation"},
    )
    title = forms.CharField(
        label="Name of the evaluation",
        max_length=300,
        help_text="For example, ‘Evaluation of Family Safeguarding’",
        error_messages={"required": "Enter a name for the evaluation"},
    )
    projects = forms.ModelMultipleChoiceField(
        label="Projects it evaluates",
        queryset=Project.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Choose at least one project to evaluate"},
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = evaluator_organisations(programme).order_by("name")
        self.fields["projects"].queryset = (
            Project.objects.filter(round__programme=programme)
            .select_related("round")
            .order_by("name", "id")
        )
        self.fields["projects"].label_from_instance = lambda project: project.display_name


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanForm(VersionedForm):
    questions = forms.CharField(
        label="Questions the evaluation will answer",
        widget=forms.Textarea,
        required=False,
        help_text="One question per line",
    )
    design = forms.ChoiceField(
        label="Design",
        choices=Design.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    design_detail = forms.CharField(
        label="More about the design (optional)", widget=forms.Textarea, required=False
    )
    comparison_group = forms.CharField(
        label="Comparison group (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="Who the results will be compared with. Leave blank if there is none.",
    )
    outcomes = forms.ModelMultipleChoiceField(
        label="Outcomes it will measure",
        queryset=Outcome.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="From the programme's outcomes framework. Select all that apply.",
    )
    timetable = forms.CharField(
        label="Timetable",
        widget=forms.Textarea,
        required=False,
        help_text="When data is collected and when the interim and final reports are due",
    )

    def __init__(self, *args, programme_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].queryset = Outcome.objects.filter(
            programme_id=programme_id, retired_at__isnull=True
        ).order_by("position", "name")


class StartReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of report is it?",
        choices=EvaluationReport.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is an interim or a final report"},
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={"required": "Enter the report's title"},
    )


class ReportForm(VersionedForm):
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the report's title"}
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea,
        required=False,
        help_text="What the evaluation found, in plain English, for the library",
    )
    design = forms.ChoiceField(
        label="Design", choices=Design.choices, widget=forms.RadioSelect, required=False
    )
    design_detail = forms.CharField(
        label="More about the design (optional)", widget=forms.Textarea, required=False
    )


class ReportDocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload the report",
        help_text="A PDF, DOCX, XLSX or ODT file, smaller than the limit below",
        error_messages={
            "required": "Select a file to upload",
            "invalid": "Select a file to upload",
            "missing": "Select a file to upload",
            "empty": "The selected file is empty",
        },
    )
    description = forms.CharField(
        label="Describe the file (optional)",
        max_length=200,
        required=False,
        help_text="For example, ‘Final report’ or ‘Technical appendix’",
        error_messages={"max_length": "The description must be 200 characters or fewer"},
    )
    accept = ACCEPT

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.content_type, self.sha256 = checked_upload(upload)
        return upload


class ReviewForm(forms.Form):
    """The team's decision on a submitted plan or report."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your decision"},
    )
    comments = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea,
        required=False,
        help_text="Needed if you ask for changes: the evaluator sees this",
    )

    def __init__(self, *args, agree_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            ("agree", agree_label),
            ("ask_for_changes", "Ask for changes"),
        ]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "ask_for_changes" and not data.get("comments", "").strip():
            self.add_error("comments", "Say what needs to change")
        return data


class PublishForm(forms.Form):
    report_number = forms.CharField(
        label="Report number",
        max_length=20,
        help_text="The programme's number: ‘55’ for ‘Evaluation Report 55’",
        error_messages={
            "required": "Enter the report number",
            "max_length": "The report number must be 20 characters or fewer",
        },
    )
    published_on = GovukDateField(
        label="Date of publication",
        subject="the date of publication",
        help_text="For example, 27 3 2020",
    )
