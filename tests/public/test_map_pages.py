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
