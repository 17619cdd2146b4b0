"""The evaluation workflow through its pages: the team appoints an evaluator; the evaluator
writes and submits a plan, the team asks for changes and agrees it; the evaluator writes a
final report with a document and a finding and submits it; the team accepts and publishes it
with a number and a date. Each person sees only their own; the public sees nothing before
publication."""

from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovation_fund.core.dates import london_today
from innovation_fund.core.models import AuditEvent
from innovation_fund.evidence.models import (
    Evaluation,
    EvaluationPlan,
    EvaluationReport,
    Finding,
    ReportDocument,
)
from innovation_fund.programmes.models import ProgrammeRole
from tests.documents import PDF, POLYGLOT_PDF, docx_carrying_a_web_page, docx_zip_bomb
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    OutcomeFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    ProjectFactory,
    UserFactory,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

Role = ProgrammeRole.Role


@pytest.fixture(autouse=True)
def storage(tmp_path, monkeypatch):
    private = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(ReportDocument._meta.get_field("file"), "storage", private)
    return private


@pytest.fixture
def world():
    programme = ProgrammeFactory()
    manager = UserFactory()
    ProgrammeRoleFactory(programme=programme, user=manager, role=Role.PROGRAMME_MANAGER)
    evaluator_org = OrganisationFactory(name="Independent Evaluators Ltd")
    evaluator = UserFactory()
    MembershipFactory(organisation=evaluator_org, user=evaluator)
    ProgrammeRoleFactory(programme=programme, user=evaluator, role=Role.EVALUATOR)
    project = ProjectFactory(round__programme=programme, name="Family Safeguarding")
    outcome = OutcomeFactory(programme=programme, name="Fewer children looked after")
    return {
        "programme": programme,
        "manager": manager,
        "evaluator_org": evaluator_org,
        "evaluator": evaluator,
        "project": project,
        "outcome": outcome,
    }


def as_user(client, user):
    client.logout()
    sign_in(client, user)
    return client


def appoint(client, world) -> Evaluation:
    as_user(client, world["manager"])
    response = client.post(
        reverse("evaluations:appoint", args=[world["programme"].pk]),
        {
            "evaluator": world["evaluator_org"].pk,
            "title": "Evaluation of Family Safeguarding",
            "projects": [world["project"].pk],
        },
    )
    evaluation = Evaluation.objects.latest("pk")
    assert response.url == reverse("evaluations:detail", args=[evaluation.pk])
    return evaluation


def plan_answers(world, version, **more):
    return {
        "version": version,
        "questions": "Do fewer children come into care?",
        "design": "quasi_experimental",
        "comparison_group": "Matched authorities",
        "outcomes": [world["outcome"].pk],
        "timetable": "Interim report in 2016, final in 2017",
        **more,
    }


def agreed_plan(client, world) -> Evaluation:
    evaluation = appoint(client, world)
    as_user(client, world["evaluator"])
    client.post(reverse("evaluator:plan", args=[evaluation.pk]), plan_answers(world, 1))
    client.post(reverse("evaluator:plan_submit", args=[evaluation.pk]))
    as_user(client, world["manager"])
    client.post(reverse("evaluations:detail", args=[evaluation.pk]), {"decision": "agree"})
    evaluation.plan.refresh_from_db()
    assert evaluation.plan.state == EvaluationPlan.State.AGREED
    return evaluation


def submitted_report(client, world) -> EvaluationReport:
    evaluation = agreed_plan(client, world)
    as_user(client, world["evaluator"])
    client.post(
        reverse("evaluator:report_start", args=[evaluation.pk]),
        {"kind": "final", "title": "Family Safeguarding: final evaluation"},
    )
    report = EvaluationReport.objects.latest("pk")
    client.post(
        reverse("evaluator:report_edit", args=[report.pk]),
        {
            "version": report.version,
            "title": report.title,
            "summary": "Fewer children came into care.",
            "design": "quasi_experimental",
        },
    )
    client.post(
        reverse("evaluator:document_upload", args=[report.pk]),
        {"file": SimpleUploadedFile("final.exe", PDF), "description": "Final report"},
    )
    client.post(
        reverse("evaluator:finding_add", args=[report.pk]),
        {"outcome": "Children looked after", "direction": "negative", "result": "More in care"},
    )
    response = client.post(reverse("evaluator:report_submit", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == EvaluationReport.State.SUBMITTED
    return report


def test_the_team_appoints_and_only_that_evaluator_sees_the_evaluation(client, world):
    evaluation = appoint(client, world)
    assert evaluation.evaluator == world["evaluator_org"]
    assert list(evaluation.projects.all()) == [world["project"]]
    assert AuditEvent.objects.filter(action="evaluation.appointed").count() == 1

    as_user(client, world["evaluator"])
    assert (
        "Evaluation of Family Safeguarding"
        in client.get(reverse("evaluator:home")).content.decode()
    )

    # An evaluator for another organisation in the same programme sees nothing of it.
    other = UserFactory()
    MembershipFactory(organisation=OrganisationFactory(), user=other)
    ProgrammeRoleFactory(programme=world["programme"], user=other, role=Role.EVALUATOR)
    as_user(client, other)
    assert "Family Safeguarding" not in client.get(reverse("evaluator:home")).content.decode()
    assert client.get(reverse("evaluator:evaluation", args=[evaluation.pk])).status_code == 404
    assert client.get(reverse("evaluations:detail", args=[evaluation.pk])).status_code == 404

    # The evaluator cannot use the team's pages, nor a manager of another programme.
    as_user(client, world["evaluator"])
    assert client.get(reverse("evaluations:detail", args=[evaluation.pk])).status_code == 404
    outsider = UserFactory()
    another_programme = ProgrammeFactory(slug="another-programme", name="Another programme")
    ProgrammeRoleFactory(programme=another_programme, user=outsider)
    as_user(client, outsider)
    assert client.get(reverse("evaluations:detail", args=[evaluation.pk])).status_code == 404
    programme_list = reverse("evaluations:list", args=[world["programme"].pk])
    assert client.get(programme_list).status_code == 404


def test_appointing_with_nothing_chosen_gives_govuk_errors_and_keeps_the_title(client, world):
    as_user(client, world["manager"])
    page = client.post(
        reverse("evaluations:appoint", args=[world["programme"].pk]), {"title": "Kept title"}
    ).content.decode()
    assert "govuk-error-summary" in page
    assert "Choose the evaluator organisation" in page
    assert "Choose at least one project to evaluate" in page
    assert 'value="Kept title"' in page
    assert not Evaluation.objects.exists()


def test_a_plan_is_submitted_only_when_complete_and_changes_can_be_asked_for(client, world):
    evaluation = appoint(client, world)
    as_user(client, world["evaluator"])
    client.post(reverse("evaluator:plan_submit", args=[evaluation.pk]))
    evaluation.plan.refresh_from_db()
    assert evaluation.plan.state == EvaluationPlan.State.DRAFT
    page = client.get(reverse("evaluator:evaluation", args=[evaluation.pk])).content.decode()
    assert "Enter the questions the evaluation will answer" in page

    client.post(reverse("evaluator:plan", args=[evaluation.pk]), plan_answers(world, 1))
    client.post(reverse("evaluator:plan_submit", args=[evaluation.pk]))
    evaluation.plan.refresh_from_db()
    assert evaluation.plan.state == EvaluationPlan.State.SUBMITTED
    # Submitted: the evaluator may not change it while the team reviews it.
    page = client.post(
        reverse("evaluator:plan", args=[evaluation.pk]), plan_answers(world, 3, timetable="Later")
    ).content.decode()
    assert "cannot be changed" in page

    as_user(client, world["manager"])
    detail = reverse("evaluations:detail", args=[evaluation.pk])
    page = client.post(detail, {"decision": "ask_for_changes"}).content.decode()
    assert "Say what needs to change" in page
    client.post(detail, {"decision": "ask_for_changes", "comments": "Name the comparison"})
    evaluation.plan.refresh_from_db()
    assert evaluation.plan.state == EvaluationPlan.State.CHANGES_REQUESTED

    as_user(client, world["evaluator"])
    page = client.get(reverse("evaluator:evaluation", args=[evaluation.pk])).content.decode()
    assert "Name the comparison" in page
    # An edit from a stale page is refused rather than overwriting.
    page = client.post(
        reverse("evaluator:plan", args=[evaluation.pk]), plan_answers(world, 1)
    ).content.decode()
    assert "Someone else changed this plan" in page
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"evaluation_plan.saved", "evaluation_plan.submit"} <= actions
    assert "evaluation_plan.ask_for_changes" in actions


def test_reports_start_only_once_the_plan_is_agreed(client, world):
    evaluation = appoint(client, world)
    as_user(client, world["evaluator"])
    page = client.post(
        reverse("evaluator:report_start", args=[evaluation.pk]),
        {"kind": "final", "title": "Too early"},
    ).content.decode()
    assert "once the programme team has agreed the plan" in page
    assert not EvaluationReport.objects.exists()


def test_a_document_is_typed_by_its_content_and_private_until_publication(client, world):
    evaluation = agreed_plan(client, world)
    as_user(client, world["evaluator"])
    client.post(
        reverse("evaluator:report_start", args=[evaluation.pk]),
        {"kind": "interim", "title": "Interim"},
    )
    report = EvaluationReport.objects.get()
    page = client.post(
        reverse("evaluator:document_upload", args=[report.pk]),
        {"file": SimpleUploadedFile("report.pdf", b"not a pdf at all"), "description": "Kept"},
    ).content.decode()
    assert "The selected file must be a PDF, DOCX, XLSX or ODT" in page
    assert not ReportDocument.objects.exists()

    client.post(
        reverse("evaluator:document_upload", args=[report.pk]),
        {"file": SimpleUploadedFile("interim.exe", PDF)},
    )
    document = ReportDocument.objects.get()
    assert document.content_type == "application/pdf"
    download = client.get(reverse("evaluator:document", args=[document.pk]))
    assert download.status_code == 200
    assert 'filename="interim.pdf"' in download["Content-Disposition"]

    client.logout()
    assert client.get(reverse("evaluator:document", args=[document.pk])).status_code == 302
    public = reverse("public:report_document", args=[report.slug, document.pk])
    assert client.get(public).status_code == 404


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("report.pdf", lambda: POLYGLOT_PDF, "is a PDF that also contains a web page"),
        ("report.docx", docx_carrying_a_web_page, "is a DOCX that also contains a web page"),
        ("report.docx", docx_zip_bomb, "Part “word/document.xml” of the file expands"),
    ],
)
def test_a_hostile_report_document_is_refused_saying_why(client, world, name, make, message):
    """Issue 15, point 7: evaluation reports are checked as bid documents are."""
    evaluation = agreed_plan(client, world)
    as_user(client, world["evaluator"])
    client.post(
        reverse("evaluator:report_start", args=[evaluation.pk]),
        {"kind": "interim", "title": "Interim"},
    )
    report = EvaluationReport.objects.get()
    response = client.post(
        reverse("evaluator:document_upload", args=[report.pk]),
        {"file": SimpleUploadedFile(name, make()), "description": "Kept"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in page
    assert '<p class="govuk-error-message" id="id_file-error">' in page
    assert page.count(message) == 2  # in the summary and at the field
    assert 'value="Kept"' in page
    assert not ReportDocument.objects.exists()


def test_a_final_report_needs_a_finding_before_it_is_submitted(client, world):
    evaluation = agreed_plan(client, world)
    as_user(client, world["evaluator"])
    client.post(
        reverse("evaluator:report_start", args=[evaluation.pk]), {"kind": "final", "title": "F"}
    )
    report = EvaluationReport.objects.get()
    client.post(reverse("evaluator:report_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == EvaluationReport.State.DRAFT
    page = client.get(reverse("evaluator:report", args=[report.pk])).content.decode()
    assert "Add at least one finding" in page
    assert "Upload the report" in page


def test_accepting_and_publishing_makes_the_report_and_its_findings_public(client, world):
    report = submitted_report(client, world)
    finding = Finding.objects.get(report=report)
    library_page = reverse("public:report_detail", args=[report.slug])
    document = ReportDocument.objects.get(report=report)
    public_file = reverse("public:report_document", args=[report.slug, document.pk])

    client.logout()
    assert client.get(library_page).status_code == 404
    assert not Finding.objects.published().filter(pk=finding.pk).exists()

    as_user(client, world["manager"])
    review = reverse("evaluations:report", args=[report.pk])
    assert "More in care" in client.get(review).content.decode()
    client.post(review, {"decision": "agree"})
    report.refresh_from_db()
    assert report.state == EvaluationReport.State.ACCEPTED

    publish = reverse("evaluations:publish", args=[report.pk])
    tomorrow = london_today() + timedelta(days=1)
    page = client.post(
        publish,
        {
            "report_number": "55",
            "published_on-day": tomorrow.day,
            "published_on-month": tomorrow.month,
            "published_on-year": tomorrow.year,
        },
    ).content.decode()
    assert "The date of publication must be today or in the past" in page
    assert 'value="55"' in page

    today = london_today()
    response = client.post(
        publish,
        {
            "report_number": "55",
            "published_on-day": today.day,
            "published_on-month": today.month,
            "published_on-year": today.year,
        },
    )
    assert response.url == reverse("evaluations:published", args=[report.pk])
    report.refresh_from_db()
    assert report.state == EvaluationReport.State.PUBLISHED
    assert report.report_number == "55"
    assert report.published_on == today
    assert AuditEvent.objects.filter(action="evaluation_report.publish").count() == 1

    client.logout()
    page = client.get(library_page).content.decode()
    assert "Evaluation Report 55" in page
    assert "More in care" in page
    assert Finding.objects.published().filter(pk=finding.pk).exists()
    download = client.get(public_file)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="final.pdf"' in download["Content-Disposition"]


def test_a_report_number_is_never_used_twice(client, world):
    EvaluationReport.objects.create(
        evaluation=Evaluation.objects.create(programme=world["programme"], title="Old"),
        kind="final",
        slug="old",
        title="Old",
        report_number="55",
    )
    report = submitted_report(client, world)
    as_user(client, world["manager"])
    client.post(reverse("evaluations:report", args=[report.pk]), {"decision": "agree"})
    today = london_today()
    page = client.post(
        reverse("evaluations:publish", args=[report.pk]),
        {
            "report_number": "55",
            "published_on-day": today.day,
            "published_on-month": today.month,
            "published_on-year": today.year,
        },
    ).content.decode()
    assert "Evaluation Report 55 is already published" in page
    report.refresh_from_db()
    assert report.state == EvaluationReport.State.ACCEPTED


def test_an_evaluation_loaded_from_its_published_report_shows_without_a_plan(client, world):
    loaded = Evaluation.objects.create(
        programme=world["programme"], title="Loaded evaluation", evaluator_name="A university"
    )
    as_user(client, world["manager"])
    page = client.get(reverse("evaluations:detail", args=[loaded.pk])).content.decode()
    assert "No plan is held here" in page
    listed = client.get(reverse("evaluations:list", args=[world["programme"].pk]))
    assert "Loaded evaluation" in listed.content.decode()
    response = client.post(reverse("evaluations:detail", args=[loaded.pk]), {"decision": "agree"})
    assert response.status_code == 404


def test_each_step_emails_the_other_side_once_it_commits(
    client, world, outbox, django_capture_on_commit_callbacks
):
    # In the evaluator organisation but without the programme's evaluator role: hears nothing.
    MembershipFactory(organisation=world["evaluator_org"], user=UserFactory(email="not@x.org"))
    ProgrammeRoleFactory(
        programme=ProgrammeFactory(slug="another-programme"), user=UserFactory(email="other@x.org")
    )
    manager, evaluator = world["manager"].email, world["evaluator"].email

    with django_capture_on_commit_callbacks(execute=True):
        evaluation = appoint(client, world)
        as_user(client, world["evaluator"])
        client.post(reverse("evaluator:plan", args=[evaluation.pk]), plan_answers(world, 1))
        client.post(reverse("evaluator:plan_submit", args=[evaluation.pk]))
        as_user(client, world["manager"])
        detail = reverse("evaluations:detail", args=[evaluation.pk])
        client.post(detail, {"decision": "ask_for_changes", "comments": "Name the comparison"})
    sent = [(email.to, email.template) for email, *_ in outbox]
    assert sent == [
        (manager, "evaluation_submitted"),
        (evaluator, "evaluation_changes_requested"),
    ]
    _, subject, body = outbox[-1]
    assert subject == "Changes needed to the evaluation plan"
    assert "Name the comparison" in body
    assert f"/evaluate/evaluations/{evaluation.pk}/" in body

    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted_report(client, world)
        as_user(client, world["manager"])
        client.post(reverse("evaluations:report", args=[report.pk]), {"decision": "agree"})
        today = london_today()
        client.post(
            reverse("evaluations:publish", args=[report.pk]),
            {
                "report_number": "55",
                "published_on-day": today.day,
                "published_on-month": today.month,
                "published_on-year": today.year,
            },
        )
    templates = [(email.to, email.template) for email, *_ in outbox]
    assert templates[-3:] == [
        (manager, "evaluation_submitted"),
        (evaluator, "evaluation_agreed"),
        (evaluator, "evaluation_report_published"),
    ]
    _, subject, body = outbox[-1]
    assert subject == "Published: Evaluation Report 55"
    report.refresh_from_db()
    assert f"/evaluations/{report.slug}/" in body
    assert not {"not@x.org", "other@x.org"} & {email.to for email, *_ in outbox}
