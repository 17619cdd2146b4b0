"""The public site shows only published records: an unpublished project leaks nowhere."""

import pytest
from django.urls import reverse

from innovation_fund.programmes.models import Round
from tests.factories import (
    AdoptionFactory,
    FindingFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    ProjectFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_project():
    innovation = InnovationFactory(name="Open model", slug="open-model")
    project = ProjectFactory(name="Draft pilot", is_published=False, innovation=innovation)
    authority = LocalAuthorityFactory(name="Testshire", slug="testshire")
    FindingFactory(project=project, innovation=innovation, outcome="Secret outcome")
    AdoptionFactory(innovation=innovation, authority=authority, project=project)
    return project


def test_an_unpublished_project_has_no_page(client, hidden_project):
    url = reverse("public:project_detail", args=[hidden_project.slug])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("public:evidence"),
        reverse("public:innovation_detail", args=["open-model"]),
        reverse("public:authority_detail", args=["testshire"]),
    ],
)
def test_its_findings_and_adoptions_are_not_shown(client, hidden_project, url):
    html = client.get(url).content.decode()
    assert "Secret outcome" not in html
    assert "Draft pilot" not in html


def test_its_adoptions_do_not_count(client, hidden_project):
    response = client.get(reverse("public:innovation_list"))
    (innovation,) = response.context["innovations"]
    assert (innovation.project_count, innovation.area_count) == (0, 0)
    page = client.get(reverse("public:authority_detail", args=["testshire"]))
    assert list(page.context["adoptions"]) == []


@pytest.mark.parametrize(
    "round_kind", [{"state": Round.State.DRAFT}, {"is_demonstration": True}], ids=["draft", "demo"]
)
def test_the_home_page_lists_only_public_rounds(client, round_kind):
    RoundFactory(name="Round Shown")
    RoundFactory(name="Round Hidden", **round_kind)
    page = client.get(reverse("public:home")).content.decode()
    assert "Round Shown" in page
    assert "Round Hidden" not in page
