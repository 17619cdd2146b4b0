"""The insight pages for a programme's managers, with the test client."""

import pytest
from django.urls import reverse

from innovation_fund.core.models import AuditEvent
from innovation_fund.insights.models import Insight
from tests.factories import (
    InnovationFactory,
    OutcomeFactory,
    ProgrammeFactory,
    ProjectFactory,
    UserFactory,
)
from tests.helpers import sign_in

from .builders import another_programme, draft, manager_of

pytestmark = pytest.mark.django_db


def _urls(insight):
    args = [insight.programme_id, insight.pk]
    return [
        reverse("insights:list", args=[insight.programme_id]),
        reverse("insights:add", args=[insight.programme_id]),
        reverse("insights:detail", args=args),
        reverse("insights:edit", args=args),
    ]


@pytest.mark.parametrize("who", ["manager of another programme", "anyone signed in"])
def test_someone_who_does_not_manage_the_programme_gets_not_found(client, who):
    programme = ProgrammeFactory()
    insight = draft(manager_of(programme), programme)
    sign_in(client, manager_of(another_programme()) if who.startswith("manager") else UserFactory())
    for url in _urls(insight):
        assert client.get(url).status_code == 404, url
    for name in ("publish", "unpublish"):
        url = reverse(f"insights:{name}", args=[programme.pk, insight.pk])
        assert client.post(url).status_code == 404, url
    insight.refresh_from_db()
    assert insight.state == Insight.State.DRAFT


def test_an_insight_is_not_reached_through_another_programmes_address(client):
    programme, other = ProgrammeFactory(), another_programme()
    insight = draft(manager_of(programme), programme)
    sign_in(client, manager_of(other))
    url = reverse("insights:detail", args=[other.pk, insight.pk])
    assert client.get(url).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client):
    programme = ProgrammeFactory()
    response = client.get(reverse("insights:list", args=[programme.pk]))
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]


def test_a_blank_title_shows_the_error_summary_and_keeps_the_text(client):
    programme = ProgrammeFactory()
    sign_in(client, manager_of(programme))
    response = client.post(
        reverse("insights:add", args=[programme.pk]),
        {"title": "", "summary": "A short summary", "body": "Keep these *words*"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert '<a href="#id_title">Enter a title</a>' in html
    assert "Keep these *words*</textarea>" in html
    assert "A short summary</textarea>" in html
    assert not Insight.objects.exists()


def test_writing_previewing_and_publishing_an_insight(client):
    programme = ProgrammeFactory()
    sign_in(client, manager_of(programme))
    project = ProjectFactory(round__programme=programme, name="Family Valued")
    innovation = InnovationFactory(name="Restorative practice")
    outcome = OutcomeFactory(programme=programme, name="Fewer children in care")

    form = client.get(reverse("insights:add", args=[programme.pk])).content.decode()
    assert "Family Valued" in form and "Restorative practice" in form
    assert "Fewer children in care" in form

    response = client.post(
        reverse("insights:add", args=[programme.pk]),
        {
            "title": "Relationships matter",
            "summary": "What we learnt.",
            "body": "## Findings\n\nFamilies **valued** it.",
            "projects": [project.pk],
            "innovations": [innovation.pk],
            "outcomes": [outcome.pk],
        },
    )
    insight = Insight.objects.get()
    preview_url = reverse("insights:detail", args=[programme.pk, insight.pk])
    assert response.status_code == 302 and response["Location"] == preview_url

    preview = client.get(preview_url).content.decode()
    assert "Not published yet" in preview
    assert '<h2 class="govuk-heading-m">Findings</h2>' in preview
    assert "<strong>valued</strong>" in preview
    assert reverse("public:project_detail", args=[project.slug]) in preview
    assert reverse("public:innovation_detail", args=[innovation.slug]) in preview
    assert "Fewer children in care" in preview
    publish_url = reverse("insights:publish", args=[programme.pk, insight.pk])
    assert f'action="{publish_url}"' in preview
    assert "/unpublish/" not in preview

    response = client.post(publish_url)
    assert response.status_code == 302
    insight.refresh_from_db()
    assert insight.state == Insight.State.PUBLISHED
    preview = client.get(preview_url).content.decode()
    assert "/unpublish/" in preview and f'action="{publish_url}"' not in preview
    assert reverse("public:insight_detail", args=[insight.slug]) in preview

    client.post(reverse("insights:unpublish", args=[programme.pk, insight.pk]))
    insight.refresh_from_db()
    assert insight.state == Insight.State.UNPUBLISHED
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "insight.created",
        "insight.published",
        "insight.unpublished",
    }


def test_an_insight_with_no_text_shows_why_it_cannot_be_published(client):
    programme = ProgrammeFactory()
    user = manager_of(programme)
    insight = draft(user, programme, summary="", body="")
    sign_in(client, user)
    preview = client.get(reverse("insights:detail", args=[programme.pk, insight.pk]))
    html = preview.content.decode()
    assert "You cannot publish it yet" in html and "Add a summary" in html
    response = client.post(reverse("insights:publish", args=[programme.pk, insight.pk]))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    insight.refresh_from_db()
    assert insight.state == Insight.State.DRAFT


def test_changing_an_insight_from_an_out_of_date_page_keeps_what_was_typed(client):
    programme = ProgrammeFactory()
    user = manager_of(programme)
    insight = draft(user, programme)
    sign_in(client, user)
    url = reverse("insights:edit", args=[programme.pk, insight.pk])
    page = client.get(url).content.decode()
    assert f'name="version" value="{insight.version}"' in page
    stale = {"title": "Mine", "summary": "s", "body": "My words", "version": insight.version}
    client.post(url, {**stale, "title": "Someone else's"})
    response = client.post(url, stale)
    html = response.content.decode()
    assert "Someone else changed this insight" in html
    assert "My words</textarea>" in html
    insight.refresh_from_db()
    assert insight.title == "Someone else's"
    # Told of the other change, they may save theirs over it.
    assert f'name="version" value="{insight.version}"' in html
    response = client.post(url, {**stale, "version": insight.version})
    assert response.status_code == 302
    insight.refresh_from_db()
    assert insight.title == "Mine"


def test_the_list_shows_the_programmes_insights_and_their_status(client):
    programme = ProgrammeFactory()
    user = manager_of(programme)
    draft(user, programme, title="A draft insight")
    other = another_programme()
    draft(manager_of(other), other, title="Someone else’s insight")
    sign_in(client, user)
    html = client.get(reverse("insights:list", args=[programme.pk])).content.decode()
    assert "A draft insight" in html and "Draft" in html
    assert "Someone else’s insight" not in html
