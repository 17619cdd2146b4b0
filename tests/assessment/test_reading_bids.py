"""Who may read a submitted bid and its documents from the assessment side: an assessor while
it is assigned to them, and the programme's moderators and managers. Everyone else: 404."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from innovation_fund.applications.models import Application, ApplicationDocument
from innovation_fund.assessment.models import Assignment
from tests.assessment.builders import (
    assessed_round,
    assessor_of,
    assigned,
    eligible,
    manager_of,
    moderator_of,
    submitted_bid,
)
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def bid():
    application = submitted_bid(assessed_round())
    eligible(application)
    return application


def statuses(client, user, application) -> tuple[int, int]:
    document = ApplicationDocument.objects.filter(application=application).first()
    sign_in(client, user)
    page = client.get(reverse("applications:check_answers", args=[application.reference]))
    download = (
        client.get(reverse("applications:document", args=[application.reference, document.pk]))
        if document
        else None
    )
    return page.status_code, download.status_code if download else None


def with_document(application: Application) -> Application:
    document = ApplicationDocument(
        application=application,
        original_name="plan.pdf",
        content_type="application/pdf",
        size_bytes=8,
        sha256="0" * 64,
        uploaded_by=application.created_by,
    )
    document.file.save("plan.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return application


def test_an_assigned_assessor_reads_the_bid_and_its_documents(client, bid):
    assessor = assessor_of(bid.round)
    assigned(bid, assessor)
    assert statuses(client, assessor, with_document(bid)) == (200, 200)


def test_an_assessor_it_is_not_assigned_to_gets_404(client, bid):
    assert statuses(client, assessor_of(bid.round), with_document(bid)) == (404, 404)


def test_a_withdrawn_assignment_no_longer_opens_the_bid(client, bid):
    assessor = assessor_of(bid.round)
    assigned(bid, assessor)
    Assignment.objects.update(state=Assignment.State.WITHDRAWN)
    assert statuses(client, assessor, with_document(bid)) == (404, 404)


def test_an_assignment_on_a_bid_since_withdrawn_by_its_applicant_opens_nothing(client, bid):
    assessor = assessor_of(bid.round)
    assigned(bid, assessor)
    Application.objects.filter(pk=bid.pk).update(state=Application.State.WITHDRAWN)
    assert statuses(client, assessor, with_document(bid)) == (404, 404)


@pytest.mark.parametrize("person", [moderator_of, manager_of])
def test_the_programmes_moderators_and_managers_read_it(client, bid, person):
    assert statuses(client, person(bid.round), with_document(bid)) == (200, 200)


def test_a_moderator_of_another_programme_gets_404(client, bid):
    other = moderator_of(assessed_round(programme__slug="another", programme__name="Another"))
    assert statuses(client, other, with_document(bid)) == (404, 404)
