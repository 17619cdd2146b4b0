"""The API shows only published records: a draft project, one in a demonstration round and one
in an unpublished round appear in no list, answer 404, and leak through nothing else."""

import json

import pytest

from tests.api.conftest import items, slugs

API = "/api/v1"


def test_project_list_has_only_published_projects(client, world):
    assert slugs(client, f"{API}/projects") == ["council-practice", "family-support"]


@pytest.mark.parametrize("slug", ["secret-draft", "demonstration-bid", "unannounced"])
def test_hidden_projects_and_their_grants_answer_404(client, world, slug):
    for url in (f"{API}/projects/{slug}", f"{API}/grants/{slug}"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["detail"].startswith("No ")


def test_published_projects_have_a_detail(client, world):
    assert client.get(f"{API}/projects/family-support").status_code == 200
    assert client.get(f"{API}/grants/family-support").status_code == 200


def test_grant_list_has_only_grants_to_published_projects(client, world):
    assert slugs(client, f"{API}/grants", key="project_slug") == [
        "council-practice",
        "family-support",
    ]


def test_rounds_leave_out_demonstration_and_unpublished_rounds(client, world):
    assert slugs(client, f"{API}/rounds") == ["round-1", "round-2"]
    assert client.get(f"{API}/rounds/demo").status_code == 404
    assert client.get(f"{API}/rounds/round-4").status_code == 404


def test_round_project_counts_leave_out_drafts(client, world):
    counts = {item["slug"]: item["project_count"] for item in items(client, f"{API}/rounds")}
    assert counts == {"round-1": 1, "round-2": 1}


def test_organisations_are_those_in_a_published_project(client, world):
    assert slugs(client, f"{API}/organisations") == [
        "family-charity",
        "research-partner",
        "southshire-council",
    ]
    for slug in ("draft-lead", "draft-partner", world.demonstration.lead_organisation.slug):
        assert client.get(f"{API}/organisations/{slug}").status_code == 404


def test_an_organisation_lists_only_its_published_projects(client, world):
    from tests.factories import ProjectFactory

    ProjectFactory(slug="charity-draft", lead_organisation=world.charity, is_published=False)
    body = client.get(f"{API}/organisations/family-charity").json()
    assert body["led_projects"] == ["family-support"]


def test_a_published_project_does_not_name_a_draft_it_scales(client, world):
    body = client.get(f"{API}/projects/council-practice").json()
    assert body["scales"] == ["family-support"]
    assert client.get(f"{API}/projects/family-support").json()["scaled_by"] == ["council-practice"]


def test_an_innovation_shows_no_adoption_or_project_of_a_draft(client, world):
    body = client.get(f"{API}/innovations/family-valued").json()
    assert body["projects"] == ["family-support"]
    assert [(a["authority"]["name"], a["project_slug"]) for a in body["adoptions"]] == [
        ("Northshire", "family-support"),
        ("Southshire", None),
    ]


def test_an_authority_lists_only_published_projects(client, world):
    body = client.get(f"{API}/local-authorities/{world.south.gss_code}").json()
    assert body["projects"] == [{"slug": "council-practice", "involvements": ["lead"]}]


@pytest.mark.parametrize(
    "url",
    [
        "/projects",
        "/grants",
        "/rounds",
        "/organisations",
        "/innovations",
        "/local-authorities",
        "/local-authorities/E10000102",
        "/innovations/family-valued",
    ],
)
def test_nothing_names_a_hidden_record(client, world, url):
    text = json.dumps(client.get(f"{API}{url}", {"limit": 100}).json())
    for hidden in ("secret-draft", "Secret draft", "Draft Lead", "Draft Partner", "demonstration"):
        assert hidden not in text
    assert "unannounced" not in text
