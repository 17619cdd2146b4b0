"""The project list takes the directory's filters, by the same names and values."""

import pytest

from tests.api.conftest import slugs
from tests.factories import FocusAreaFactory

PROJECTS = "/api/v1/projects"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["council-practice", "family-support"]),
        ({"q": "conferencing"}, ["family-support"]),
        ({"q": "FAMILY adolescents"}, ["family-support"]),
        ({"q": "schools"}, ["council-practice"]),  # a partner named only in words
        ({"q": "family nothing"}, []),
        ({"round": "round-1"}, ["family-support"]),
        ({"round": "round-2"}, ["council-practice"]),
        ({"focus_area": "round-1-adolescents"}, ["family-support"]),
        ({"region": "E12000008"}, ["council-practice"]),
        ({"region": "E12000002"}, ["council-practice", "family-support"]),
        ({"local_authority": "southshire"}, ["council-practice"]),
        ({"local_authority": "northshire"}, ["council-practice", "family-support"]),
        ({"organisation_type": "charity"}, ["family-support"]),
        ({"organisation_type": "local_authority"}, ["council-practice"]),
        ({"organisation_type": "university"}, []),
        ({"innovation": "family-valued"}, ["family-support"]),
        ({"round": "round-2", "region": "E12000002"}, ["council-practice"]),
        ({"round": "round-1", "local_authority": "southshire"}, []),
        ({"round": "", "q": ""}, ["council-practice", "family-support"]),
    ],
)
def test_each_filter_narrows_the_list(client, world, params, expected):
    assert slugs(client, PROJECTS, **params) == expected


def test_filters_never_bring_back_a_hidden_project(client, world):
    # The draft is in round 1, in Southshire and uses the innovation.
    for params in ({"round": "round-1"}, {"local_authority": "southshire"}, {"q": "secret"}):
        assert "secret-draft" not in slugs(client, PROJECTS, **params)


# The demonstration and unpublished rounds.
@pytest.mark.parametrize("round_slug", ["round-3", "round-4"])
def test_a_round_the_public_may_not_see_answers_as_if_it_did_not_exist(client, world, round_slug):
    hidden = client.get(PROJECTS, {"round": round_slug})
    missing = client.get(PROJECTS, {"round": "round-9"})
    assert hidden.status_code == missing.status_code == 422
    assert hidden.json() == missing.json()


def test_a_focus_area_of_a_hidden_round_answers_as_if_it_did_not_exist(client, world):
    FocusAreaFactory(round=world.unpublished_round, name="Secret", slug="secret")
    FocusAreaFactory(round=world.demonstration_round, name="Practice", slug="practice")
    for slug in ("round-4-secret", "round-3-practice", "round-9-nothing"):
        response = client.get(PROJECTS, {"focus_area": slug})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "focus_area"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"round": "round-9"}, "round", "Select a round from the list"),
        ({"round": "one"}, "round", "Select a round from the list"),
        ({"focus_area": "adolescents"}, "focus_area", "Select a focus or policy area"),
        ({"region": "E12999999"}, "region", "Select a region from the list"),
        ({"local_authority": "nowhere"}, "local_authority", "Select a local authority"),
        ({"organisation_type": "club"}, "organisation_type", "Select a type of organisation"),
        ({"innovation": "unknown"}, "innovation", "Select an innovation from the list"),
        ({"q": " ".join(["word"] * 11)}, "q", "Search for 10 words or fewer"),
        ({"q": "x" * 201}, "q", "Search words must be 200 characters or fewer"),
        ({"q": "nul\x00"}, "q", "Null characters are not allowed"),
    ],
)
def test_an_invalid_filter_answers_422_naming_it(client, world, params, field, message):
    response = client.get(PROJECTS, params)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", field]
    assert problem["msg"].startswith(message)


def test_every_invalid_filter_is_named(client, world):
    response = client.get(PROJECTS, {"round": "round-9", "region": "nowhere", "q": "fine"})
    assert response.status_code == 422
    assert [problem["loc"][1] for problem in response.json()["detail"]] == ["round", "region"]
