"""What each resource says: money in pence, ISO dates, identifiers that link the resources."""

from datetime import date

from innovation_fund.places.models import Succession
from tests.api.conftest import items
from tests.factories import LocalAuthorityFactory

API = "/api/v1"


def test_a_project_in_full(client, world):
    body = client.get(f"{API}/projects/council-practice").json()
    assert body["name"] == "Council practice"
    assert body["amount_awarded_pence"] is None
    assert body["summary"] is None
    assert body["lead_organisation"] == {
        "slug": "southshire-council",
        "org_id": "GB-LAE-STH",
        "name": "Southshire Council",
        "organisation_type": "local_authority",
    }
    assert [
        (p["organisation"] and p["organisation"]["slug"], p["description"])
        for p in body["partners"]
    ] == [("research-partner", None), (None, "Local schools")]
    assert body["round"] == {"number": 2, "slug": "round-2", "name": "Round Two"}
    assert [(a["authority"]["gss_code"], a["involvement"]) for a in body["areas"]] == [
        ("E10000102", "lead"),
        ("E10000101", "partner"),
    ]
    assert body["page_url"] == "http://testserver/projects/council-practice/"


def test_a_project_gives_money_in_pence_and_iso_dates(client, world):
    body = client.get(f"{API}/projects/family-support").json()
    assert body["amount_awarded_pence"] == 123_456_78
    assert (body["starts_on"], body["ends_on"]) == ("2015-04-01", "2017-03-31")
    assert body["focus_area"] == {
        "slug": "round-1-adolescents",
        "name": "Adolescents",
        "kind": "focus_area",
    }
    assert body["innovation"] == {"slug": "family-valued", "name": "Family Valued"}


def test_a_list_item_is_the_same_as_the_detail(client, world):
    (listed,) = items(client, f"{API}/projects", q="conferencing")
    assert listed == client.get(f"{API}/projects/family-support").json()


def test_a_grant(client, world):
    body = client.get(f"{API}/grants/council-practice").json()
    assert body == {
        "project_slug": "council-practice",
        "title": "Council practice",
        "amount_awarded_pence": None,
        "round": {"number": 2, "slug": "round-2", "name": "Round Two"},
        "recipient": {"org_id": "GB-LAE-STH", "name": "Southshire Council"},
        "awarded_on": "2017-02-14",
        "award_year": 2017,
    }
    assert client.get(f"{API}/grants/family-support").json()["amount_awarded_pence"] == 123_456_78


def test_an_organisation_without_an_official_id_gets_the_open_data_one(client, world):
    body = client.get(f"{API}/organisations/research-partner").json()
    assert body["org_id"] == "360G-cscip-org-research-partner"
    assert body["partner_in_projects"] == ["council-practice"]
    assert body["led_projects"] == []
    charity = client.get(f"{API}/organisations/family-charity").json()
    assert (charity["org_id"], charity["charity_number"], charity["company_number"]) == (
        "GB-CHC-1000001",
        "1000001",
        None,
    )


def test_a_round(client, world):
    body = client.get(f"{API}/rounds/round-1").json()
    assert (body["number"], body["name"], body["round_type"]) == (
        1,
        "Round One",
        "open_competition",
    )
    assert body["focus_areas"] == [
        {"slug": "round-1-adolescents", "name": "Adolescents", "kind": "focus_area"}
    ]


def test_an_authority_with_its_successors_and_predecessors(client, world):
    body = client.get(f"{API}/local-authorities/{world.merged.gss_code}").json()
    assert body["valid_to"] == "2019-03-31"
    assert body["successor_codes"] == ["E10000102"]
    assert body["region"] == {"code": "E12000008", "name": "South East"}
    south = client.get(f"{API}/local-authorities/E10000102").json()
    assert south["predecessor_codes"] == ["E10000103"]
    assert south["valid_to"] is None


def test_successors_come_in_their_given_order(client, world):
    second = LocalAuthorityFactory(gss_code="E06000999", valid_from=date(2019, 4, 1))
    Succession.objects.create(predecessor=world.merged, successor=second, position=1)
    listed = {item["gss_code"]: item for item in items(client, f"{API}/local-authorities")}
    assert listed[world.merged.gss_code]["successor_codes"] == ["E10000102", "E06000999"]


def test_unknown_or_malformed_identifiers(client, world):
    assert client.get(f"{API}/local-authorities/E99999999").status_code == 404
    assert client.get(f"{API}/local-authorities/northshire").status_code == 422
    assert client.get(f"{API}/innovations/nothing").status_code == 404
    assert client.get(f"{API}/rounds/round-9").status_code == 404
