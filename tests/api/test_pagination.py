"""Cursor pagination: walking the pages gives every item once, in order; a bad cursor is a 422."""

import base64
import json

import pytest

from tests.api.conftest import grant_for, items
from tests.factories import (
    AdoptionFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    ProjectFactory,
    RoundFactory,
)

API = "/api/v1"


def walk(client, url: str, limit: int, **params) -> tuple[list[dict], int]:
    """Every item of every page, and how many pages there were."""
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": limit, **params}
        if cursor:
            query["cursor"] = cursor
        response = client.get(url, query)
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["items"]) <= limit
        seen += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, pages
        assert pages < 100, "the cursor never ran out"


@pytest.fixture
def many(world):
    """Seven more projects, two of them sharing a name so the slug must break the tie."""
    for number in range(5):
        project = ProjectFactory(
            name=f"Project {number}", slug=f"project-{number}", round=world.round_two
        )
        grant_for(project)
        LocalAuthorityFactory(name=f"Place {number}", gss_code=f"E0800020{number}")
        InnovationFactory(name=f"Model {number}", slug=f"model-{number}")
        AdoptionFactory(innovation=world.innovation, authority=LocalAuthorityFactory())
    ProjectFactory(name="Same name", slug="same-name-b", round=world.round_one)
    ProjectFactory(name="Same name", slug="same-name-a", round=world.round_one)
    RoundFactory(number=5, slug="round-5")
    return world


def test_walking_the_projects_gives_each_once_in_order(client, many):
    walked, pages = walk(client, f"{API}/projects", limit=2)
    names = [(item["name"], item["slug"]) for item in walked]
    assert names == sorted(names)
    assert len(names) == len(set(names)) == 9
    assert pages == 5
    assert ("Same name", "same-name-a") in names and ("Same name", "same-name-b") in names


def test_walking_a_filtered_list_keeps_the_filter(client, many):
    walked, _ = walk(client, f"{API}/projects", limit=1, round="round-1")
    assert [item["slug"] for item in walked] == ["family-support", "same-name-a", "same-name-b"]


@pytest.mark.parametrize(
    ("resource", "key"),
    [
        ("projects", "slug"),
        ("grants", "project_slug"),
        ("rounds", "slug"),
        ("organisations", "slug"),
        ("local-authorities", "gss_code"),
        ("innovations", "slug"),
    ],
)
def test_every_list_walks_to_the_same_items_as_one_big_page(client, many, resource, key):
    whole = [item[key] for item in items(client, f"{API}/{resource}")]
    walked, pages = walk(client, f"{API}/{resource}", limit=2)
    assert [item[key] for item in walked] == whole
    assert len(whole) == len(set(whole)) > 2
    assert pages == -(-len(whole) // 2)  # the last page says there is no next one


def test_the_default_limit_is_20_and_the_most_is_100(client, world):
    for number in range(25):
        ProjectFactory(name=f"Extra {number:02d}", round=world.round_one)
    first = client.get(f"{API}/projects").json()
    assert len(first["items"]) == 20 and first["next_cursor"]
    assert len(client.get(f"{API}/projects", {"limit": 100}).json()["items"]) == 27
    for limit in (0, 101, -1, "ten"):
        response = client.get(f"{API}/projects", {"limit": limit})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_a_project_added_before_the_cursor_does_not_shift_the_next_page(client, many):
    first = client.get(f"{API}/projects", {"limit": 3}).json()
    ProjectFactory(name="AAA first", slug="aaa-first", round=many.round_one)
    second = client.get(f"{API}/projects", {"limit": 3, "cursor": first["next_cursor"]}).json()
    seen_first = {item["slug"] for item in first["items"]}
    assert not seen_first & {item["slug"] for item in second["items"]}
    assert second["items"][0]["name"] > first["items"][-1]["name"]


def encoded(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor",
        "abc",
        "!!!!",
        "é",
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        encoded({"name": "x"}),
        encoded(["only one"]),
        encoded(["a", "b", "c"]),
        encoded(["a", 1]),
        encoded([True, "b"]),
        encoded(["a\x00", "b"]),
        encoded(["\ud800", "b"]),  # a lone surrogate: valid JSON, not encodable text
        encoded([None, "b"]),
        base64.urlsafe_b64encode(b"[" * 600).decode(),
    ],
)
def test_a_bad_cursor_answers_422_with_a_message(client, world, cursor):
    response = client.get(f"{API}/projects", {"cursor": cursor})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", "cursor"]
    assert "cursor is not one this API gave" in problem["msg"]


@pytest.mark.parametrize("cursor", [encoded(["1", 2]), encoded([2**64, 1]), encoded([1.5, 2])])
def test_a_cursor_of_the_wrong_types_answers_422(client, world, cursor):
    assert client.get(f"{API}/rounds", {"cursor": cursor}).status_code == 422


def test_a_cursor_made_for_another_list_is_refused_or_harmless(client, world):
    project_cursor = client.get(f"{API}/projects", {"limit": 1}).json()["next_cursor"]
    assert client.get(f"{API}/rounds", {"cursor": project_cursor}).status_code == 422
    assert client.get(f"{API}/grants", {"cursor": project_cursor}).status_code == 422
