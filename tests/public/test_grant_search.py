"""The public grants search: the programme's published grants and other funders' together, found
by words, place, funder, recipient, date and amount; its CSV and the API find the same grants."""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.grants.models import Grant
from innovation_fund.opendata.models import IndexedGrant, IndexedGrantTally
from innovation_fund.opendata.search_tallies import counted_from_grants, kept
from innovation_fund.opendata.services import publish_open_data_files
from innovation_fund.organisations.models import OrganisationType
from innovation_fund.otherfunders import services
from innovation_fund.places.models import District
from tests.factories import (
    LocalAuthorityFactory,
    OrganisationFactory,
    ProjectAreaFactory,
    ProjectFactory,
    RegionFactory,
    aware,
)
from tests.otherfunders.builders import a_file, a_grant

pytestmark = pytest.mark.django_db

TRUST = [{"id": "GB-CHC-1000001", "name": "The Foster Trust"}]
FOUNDATION = [{"id": "GB-CHC-2000002", "name": "Northern Foundation"}]


def imported(folder, grants, publisher="The Example Trust", name="grants.json"):
    received = services.receive_path(a_file(folder, grants, name), publisher_name=publisher)
    services.import_checked_file(services.check_received_file(received.pk))


def in_area(gss_code):
    return [{"geoCode": gss_code, "geoCodeType": "UA", "name": "Somewhere"}]


@pytest.fixture
def world(tmp_path):
    london = RegionFactory(code="E12000007", name="London")
    north = RegionFactory(code="E12000001", name="North East")
    hackney = LocalAuthorityFactory(
        gss_code="E09000012", name="Hackney", slug="hackney", region=london
    )
    LocalAuthorityFactory(gss_code="E06000001", name="Hartlepool", slug="hartlepool", region=north)
    OrganisationFactory(
        name="Hackney Council",
        org_id="GB-LAE-HCK",
        organisation_type=OrganisationType.LOCAL_AUTHORITY,
        authority=hackney,
    )
    project = ProjectFactory(
        name="Safeguarding families in Hackney", slug="hackney-safeguarding", summary="Whole"
    )
    ProjectAreaFactory(project=project, authority=hackney)
    Grant.objects.create(
        round=project.round,
        recipient=project.lead_organisation,
        project=project,
        amount_pence=250_000_00,
        awarded_on=date(2016, 3, 1),
        created_at=aware(2016, 3, 1, 9, 0),
    )
    publish_open_data_files()
    imported(
        tmp_path,
        [
            a_grant(
                1,
                title="Fostering support in Hackney",
                amountAwarded=5000,
                awardDate="2018-06-01",
                fundingOrganization=TRUST,
                beneficiaryLocation=in_area("E09000012"),
            ),
            a_grant(
                2,
                title="Youth club, paid to the council",
                amountAwarded=12000.5,
                awardDate="2019-01-15",
                fundingOrganization=TRUST,
                recipientOrganization=[{"id": "GB-LAE-HCK", "name": "Hackney Council"}],
            ),
            a_grant(
                3,
                title="Family support in Hartlepool",
                amountAwarded=80000,
                awardDate="2019-09-30",
                fundingOrganization=FOUNDATION,
                beneficiaryLocation=in_area("E06000001"),
            ),
            a_grant(
                4,
                title="Fostering in euros",
                currency="EUR",
                amountAwarded=7000,
                awardDate="2020-02-02",
                fundingOrganization=FOUNDATION,
                recipientOrganization=[{"id": "GB-CHC-3000003", "name": "=HYPERLINK(1)"}],
            ),
        ],
    )
    return {"hackney": hackney, "project": project}


def titles(response) -> list[str]:
    return [grant.title for grant in response.context["page"].object_list]


def search(client, **params):
    return client.get(reverse("public:grant_search"), params)


def test_every_grant_of_both_kinds_is_found_newest_first(client, world):
    response = search(client)
    assert response.status_code == 200
    assert titles(response) == [
        "Fostering in euros",
        "Family support in Hartlepool",
        "Youth club, paid to the council",
        "Fostering support in Hackney",
        "Safeguarding families in Hackney",
    ]
    assert "5 grants" in response.content.decode()


def test_words_are_found_stemmed_in_title_funder_and_recipient(client, world):
    # "The Foster Trust" is a funder's name, searched too.
    assert titles(search(client, q="fosters")) == [
        "Fostering in euros",
        "Youth club, paid to the council",
        "Fostering support in Hackney",
    ]
    assert titles(search(client, q="safeguard")) == ["Safeguarding families in Hackney"]
    assert titles(search(client, q="northern")) == [
        "Fostering in euros",
        "Family support in Hartlepool",
    ]
    assert titles(search(client, q="fostering hartlepool")) == []
    assert titles(search(client, q="family hartlepool")) == ["Family support in Hartlepool"]
    # Quotes, brackets and stars are not read as search syntax.
    assert titles(search(client, q='"fostering" ( * -')) == titles(search(client, q="fostering"))
    assert titles(search(client, q='"hartlepool" ( *')) == ["Family support in Hartlepool"]


def test_an_authority_finds_grants_naming_it_or_paid_to_its_council(client, world):
    assert titles(search(client, local_authority="hackney")) == [
        "Youth club, paid to the council",
        "Fostering support in Hackney",
        "Safeguarding families in Hackney",
    ]
    assert titles(search(client, region="E12000001")) == ["Family support in Hartlepool"]


def test_a_region_finds_its_authorities_grants_and_those_naming_only_the_region(
    client, world, tmp_path
):
    london_wide = a_grant(
        20,
        title="Mentoring across London",
        awardDate="2017-05-05",
        beneficiaryLocation=[{"geoCode": "E12000007", "geoCodeType": "RGN", "name": "London"}],
    )
    imported(tmp_path, [london_wide], name="london.json")
    assert titles(search(client, region="E12000007")) == [
        "Youth club, paid to the council",
        "Fostering support in Hackney",
        "Mentoring across London",
        "Safeguarding families in Hackney",
    ]
    # Not put on each borough's page, nor found by a borough.
    assert "Mentoring across London" not in titles(search(client, local_authority="hackney"))
    other = client.get(reverse("public:authority_detail", args=["hackney"])).context["other"]
    assert london_wide["id"] not in {grant.grant_id for grant in other["recent"]}


def test_a_grant_naming_only_a_district_is_found_in_its_county(client, world, tmp_path):
    oxfordshire = LocalAuthorityFactory(gss_code="E10000025", name="Oxfordshire", slug="oxon")
    District.objects.create(gss_code="E07000178", name="Oxford", county=oxfordshire)
    in_oxford = [{"geoCode": "E07000178", "geoCodeType": "NMD", "name": "Oxford"}]
    imported(
        tmp_path,
        [a_grant(30, title="Youth work in Oxford", beneficiaryLocation=in_oxford)],
        name="oxford.json",
    )
    assert titles(search(client, local_authority="oxon")) == ["Youth work in Oxford"]
    page = client.get(reverse("public:authority_detail", args=["oxon"]))
    assert [grant.title for grant in page.context["other"]["recent"]] == ["Youth work in Oxford"]


def test_the_authority_page_lists_the_same_other_funders_grants(client, world):
    page = client.get(reverse("public:authority_detail", args=["hackney"]))
    listed = {grant.grant_id for grant in page.context["other"]["recent"]}
    found = search(client, local_authority="hackney", source="other")
    assert listed == {grant.grant_id for grant in found.context["page"].object_list}
    assert len(listed) == 2


def test_funder_recipient_source_dates_and_amounts_filter(client, world):
    assert titles(search(client, funder="GB-CHC-1000001")) == [
        "Youth club, paid to the council",
        "Fostering support in Hackney",
    ]
    assert titles(search(client, recipient="GB-LAE-HCK")) == ["Youth club, paid to the council"]
    assert titles(search(client, recipient="hackney council")) == [
        "Youth club, paid to the council"
    ]
    assert titles(search(client, source="programme")) == ["Safeguarding families in Hackney"]
    dates = {
        "awarded_from-day": "1",
        "awarded_from-month": "1",
        "awarded_from-year": "2019",
        "awarded_to-day": "31",
        "awarded_to-month": "dec",
        "awarded_to-year": "2019",
    }
    assert titles(search(client, **dates)) == [
        "Family support in Hartlepool",
        "Youth club, paid to the council",
    ]
    # Amounts are pounds; a grant in euros is left out rather than compared as if in pounds.
    assert titles(search(client, amount_from="5,000", amount_to="12000.50", sort="smallest")) == [
        "Fostering support in Hackney",
        "Youth club, paid to the council",
    ]


def test_a_bad_amount_gets_its_error_and_keeps_what_was_typed(client, world):
    response = search(client, q="fostering", amount_from="ten pounds", amount_to="1,00,0")
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'href="#id_amount_from"' in page
    assert 'value="ten pounds"' in page
    assert 'value="1,00,0"' in page
    # The other filters still apply.
    assert titles(response) == titles(search(client, q="fostering"))
    assert len(titles(response)) == 3


def test_dates_the_wrong_way_round_are_refused(client, world):
    response = search(
        client,
        **{
            "awarded_from-day": "1",
            "awarded_from-month": "1",
            "awarded_from-year": "2020",
            "awarded_to-day": "1",
            "awarded_to-month": "1",
            "awarded_to-year": "2019",
        },
    )
    assert "The latest award date must be on or after the earliest" in response.content.decode()


def test_counts_by_funder_and_by_year(client, world):
    response = search(client)
    found = response.context["found"]
    by_funder = {row["funder_name"]: row["count"] for row in found.by_funder}
    assert by_funder == {
        "The Foster Trust": 2,
        "Northern Foundation": 2,
        "Department for Education": 1,
    }
    assert found.funders_found == 3
    assert [(row["year"], row["count"]) for row in found.by_year] == [
        (2020, 1),
        (2019, 2),
        (2018, 1),
        (2016, 1),
    ]


def test_the_csv_holds_the_grants_the_page_finds_in_pence(client, world):
    params = {"q": "hackney", "sort": "largest"}
    page = search(client, **params)
    response = client.get(reverse("public:grant_search_csv"), params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Title"] for row in rows] == titles(page)
    amounts = {row["Title"]: row[next(k for k in row if k.startswith("Amount"))] for row in rows}
    assert amounts["Safeguarding families in Hackney"] == "25000000"
    assert amounts["Youth club, paid to the council"] == "1200050"
    authorities = {row["Title"]: row["Local authorities"] for row in rows}
    assert authorities["Fostering support in Hackney"] == "Hackney"


def test_the_csv_neutralises_text_a_spreadsheet_would_run(client, world):
    response = client.get(reverse("public:grant_search_csv"), {"q": "euros"})
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert row["Recipient"] == "'=HYPERLINK(1)"


def test_the_api_finds_the_same_grants_with_the_count(client, world):
    found = search(client, local_authority="hackney", amount_from="1000")
    answer = client.get(
        "/api/v1/grant-search", {"local_authority": "hackney", "amount_from_pence": 100000}
    ).json()
    assert answer["count"] == found.context["page"].paginator.count == 3
    assert {item["grant_id"] for item in answer["items"]} == {
        grant.grant_id for grant in found.context["page"].object_list
    }
    assert {item["amount_awarded_minor"] for item in answer["items"]} == {
        500000,
        1200050,
        25000000,
    }
    refused = client.get("/api/v1/grant-search", {"funder": "GB-NOPE-1"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "funder"]
    too_large = client.get("/api/v1/grant-search", {"amount_from_pence": 2**64})
    assert too_large.status_code == 422
    not_a_date = client.get("/api/v1/grant-search", {"awarded_from": "2019-02-30"})
    assert not_a_date.status_code == 422


def test_importing_a_changed_grant_replaces_it_in_the_search(client, world, tmp_path):
    imported(
        tmp_path,
        [a_grant(1, title="Renamed grant", fundingOrganization=TRUST)],
        name="again.json",
    )
    assert IndexedGrant.objects.filter(grant_id="360G-example-1").count() == 1
    assert titles(search(client, q="renamed")) == ["Renamed grant"]
    assert "Fostering support in Hackney" not in titles(search(client, q="fostering"))
    # No longer names Hackney, so it leaves the authority's results too.
    assert "Renamed grant" not in titles(search(client, local_authority="hackney"))


def test_publishing_again_replaces_the_programmes_grants(client, world):
    kept = ProjectFactory(name="Still published", round=world["project"].round)
    Grant.objects.create(
        round=kept.round,
        recipient=kept.lead_organisation,
        project=kept,
        amount_pence=100_00,
        awarded_on=date(2016, 3, 1),
        created_at=aware(2016, 3, 1, 9, 0),
    )
    world["project"].is_published = False
    world["project"].save()
    publish_open_data_files()
    assert titles(search(client, source="programme")) == ["Still published"]
    assert search(client).context["page"].paginator.count == 5


def test_the_search_makes_the_same_queries_however_many_grants(client, world, tmp_path):
    params = {"q": "grant", "local_authority": "hackney", "amount_from": "1"}
    with CaptureQueriesContext(connection) as few:
        search(client, **params)
    imported(
        tmp_path,
        [
            a_grant(n, title=f"Grant number {n}", beneficiaryLocation=in_area("E09000012"))
            for n in range(10, 40)
        ],
        name="more.json",
    )
    with CaptureQueriesContext(connection) as many:
        response = search(client, **params)
    assert response.context["page"].paginator.count == 32  # with grants 1 and 2
    assert len(many) == len(few)


def test_the_page_works_and_is_linked_from_the_home_page(client, world):
    home = client.get(reverse("public:home")).content.decode()
    assert reverse("public:grant_search") in home
    page = search(client).content.decode()
    # The dates are GOV.UK date inputs, with the names the form reads.
    for part in ("day", "month", "year"):
        assert f'name="awarded_from-{part}"' in page
        assert f'name="awarded_to-{part}"' in page


def test_the_command_fills_the_search_again_with_the_same_grants_and_areas(client, world):
    searches = [(), (("local_authority", "hackney"),), (("q", "fostering"),)]
    before = {params: titles(search(client, **dict(params))) for params in searches}
    IndexedGrant.objects.all().delete()
    IndexedGrantTally.objects.all().delete()  # as before upgrading to a version with them
    assert search(client).context["page"].paginator.count == 0
    call_command("index_grant_search", stdout=io.StringIO())
    assert {params: titles(search(client, **dict(params))) for params in before} == before
    assert search(client).context["page"].paginator.count == 5
    assert kept() == counted_from_grants()


def test_the_funders_table_says_when_it_shows_only_the_busiest_of_them(client, world, tmp_path):
    many = [
        a_grant(100 + n, fundingOrganization=[{"id": f"GB-CHC-5{n:06d}", "name": f"Funder {n}"}])
        for n in range(12)
    ]
    imported(tmp_path, many, name="many-funders.json")
    page = search(client).content.decode()
    assert "The 10 funders with the most grants found, of 15" in page
