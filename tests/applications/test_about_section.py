"""The first section, and the machinery every section page shares (save, conflict, kept answers)."""

import pytest
from django.urls import reverse

from innovation_fund.applications.models import Application
from innovation_fund.core.models import AuditEvent
from innovation_fund.organisations.models import MemberRole
from tests.factories import ApplicationFactory, FocusAreaFactory, MembershipFactory, UserFactory
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def bid():
    application = ApplicationFactory(title="")
    FocusAreaFactory(round=application.round, name="Adolescents")
    return application


@pytest.fixture
def editor(bid):
    return MembershipFactory(organisation=bid.lead_organisation, role=MemberRole.EDITOR).user


def url(bid):
    return reverse("applications:section", args=[bid.reference, "about"])


def test_saving_the_section_records_answers_version_and_audit(client, bid, editor):
    sign_in(client, editor)
    focus = bid.round.focus_areas.get()
    response = client.post(
        url(bid),
        {
            "title": "Family Safeguarding in Leeds",
            "summary": "What we do",
            "focus_area": focus.pk,
            "version": 0,
        },
    )
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.title == "Family Safeguarding in Leeds"
    assert bid.task_versions == {"about": 1}
    event = AuditEvent.objects.get(action="application.about_saved")
    assert event.after["title"] == "Family Safeguarding in Leeds"
    assert event.before["title"] == ""


def test_a_too_long_title_is_refused_and_everything_typed_is_kept(client, bid, editor):
    sign_in(client, editor)
    response = client.post(url(bid), {"title": "x" * 141, "summary": "Kept summary", "version": 0})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Project title must be 140 characters or fewer" in html
    assert "govuk-error-summary" in html
    assert "Kept summary" in html
    bid.refresh_from_db()
    assert bid.summary == ""


def test_the_second_of_two_editors_is_told_and_sees_both_versions(client, bid, editor):
    other = MembershipFactory(organisation=bid.lead_organisation).user
    sign_in(client, other)
    client.post(url(bid), {"title": "Their title", "summary": "Theirs", "version": 0})
    sign_in(client, editor)
    response = client.post(url(bid), {"title": "My title", "summary": "Mine", "version": 0})
    html = response.content.decode()
    assert response.status_code == 200
    assert "saved this page" in html
    assert "Their title" in html and "My title" in html
    bid.refresh_from_db()
    assert bid.title == "Their title"
    # Saving again on top of what is now saved works.
    response = client.post(url(bid), {"title": "My title", "summary": "Mine", "version": 1})
    assert response.status_code == 302
    bid.refresh_from_db()
    assert bid.title == "My title"


def test_answers_posted_after_the_session_ended_are_shown_back_after_signing_in(
    client, bid, editor
):
    response = client.post(
        url(bid), {"title": "Typed while signed out", "summary": "", "version": 0}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    sign_in(client, editor)  # keeps the session, as signing in by link does
    response = client.get(url(bid))
    assert "Typed while signed out" in response.content.decode()
    assert Application.objects.get(pk=bid.pk).title == ""


def test_someone_from_another_organisation_gets_404(client, bid):
    outsider = MembershipFactory().user
    sign_in(client, outsider)
    assert client.get(url(bid)).status_code == 404
    assert client.post(url(bid), {"title": "x", "version": 0}).status_code == 404


def test_a_signed_in_person_with_no_organisation_gets_404(client, bid):
    sign_in(client, UserFactory())
    assert client.get(reverse("applications:task_list", args=[bid.reference])).status_code == 404
