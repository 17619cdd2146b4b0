import pytest
from django.urls import reverse

from tests.factories import InnovationFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "query", "field", "message"),
    [
        (reverse("public:map"), {"year": "1800"}, "year", "Select a year from the list"),
        (reverse("public:map"), {"year": "abc"}, "year", "Select a year from the list"),
        (reverse("public:map"), {"round": "7"}, "round", "Select a round from the list"),
        (
            reverse("public:innovation_detail", args=["mockingbird"]),
            {"year": "2099"},
            "year",
            "Select a year from the list",
        ),
    ],
)
def test_a_bad_year_or_round_gets_a_clear_message_and_the_latest_map(
    client, url, query, field, message
):
    RoundFactory(number=1)
    InnovationFactory(slug="mockingbird")
    response = client.get(url, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'<a href="#id_{field}">{message}</a>' in html
    assert response.context["year"] == response.context["form"].latest_year


def test_an_unknown_innovation_is_not_found(client):
    assert client.get(reverse("public:innovation_detail", args=["nothing"])).status_code == 404
    assert client.get(reverse("public:authority_detail", args=["nowhere"])).status_code == 404


def selected_years(html: str) -> list[str]:
    select = html[html.index('name="year"') :]
    select = select[: select.index("</select>")]
    return [
        part.split('"', 1)[0]
        for part in select.split('<option value="')[1:]
        if part.split(">", 1)[0].endswith(" selected")
    ]


@pytest.mark.parametrize(
    ("url", "query"),
    [
        (reverse("public:map"), {}),
        (reverse("public:map"), {"year": ""}),
        (reverse("public:map"), {"year": "1800"}),
        (reverse("public:innovation_detail", args=["mockingbird"]), {}),
        (reverse("public:innovation_detail", args=["mockingbird"]), {"year": "2099"}),
    ],
)
def test_the_year_select_shows_the_year_the_page_shows(client, url, query):
    InnovationFactory(slug="mockingbird")
    response = client.get(url, query)
    year = response.context["year"]
    assert year == response.context["form"].latest_year
    assert selected_years(response.content.decode()) == [str(year)]


def test_the_year_select_shows_a_chosen_year(client):
    response = client.get(reverse("public:map"), {"year": "2016"})
    assert response.context["year"] == 2016
    assert selected_years(response.content.decode()) == ["2016"]
