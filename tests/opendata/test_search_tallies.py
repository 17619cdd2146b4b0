"""The counts kept per authority, funder and year (search_tallies.py) always equal the grants
they count, through every way grants enter and leave the search; and the search, the API and an
authority's page, which read them, agree with the grants themselves."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.grants.models import Grant
from innovation_fund.opendata.grant_search import GrantFilters, count_found, search_grants
from innovation_fund.opendata.models import IndexedGrant, IndexedGrantTally
from innovation_fund.opendata.search_index import remove_other_funders_grants
from innovation_fund.opendata.search_tallies import counted_from_grants, kept
from innovation_fund.opendata.services import publish_open_data_files
from innovation_fund.otherfunders import services
from innovation_fund.otherfunders.selectors import authority_summary
from tests.factories import LocalAuthorityFactory, ProjectAreaFactory, ProjectFactory, aware
from tests.otherfunders.builders import a_file, a_grant

pytestmark = pytest.mark.django_db
TRUST = [{"id": "GB-CHC-1000001", "name": "The Foster Trust"}]


def in_area(*gss_codes):
    return [{"geoCode": code, "geoCodeType": "UA", "name": "Somewhere"} for code in gss_codes]


def imported(folder, grants, name="grants.json"):
    received = services.receive_path(a_file(folder, grants, name), publisher_name="The Trust")
    checked = services.check_received_file(received.pk)
    assert checked.status == checked.Status.READY, checked.report
    return services.import_checked_file(checked)


@pytest.fixture
def areas():
    return {
        "hackney": LocalAuthorityFactory(gss_code="E09000012", name="Hackney"),
        "leeds": LocalAuthorityFactory(gss_code="E08000035", name="Leeds"),
    }


def a_programme_grant(authority):
    project = ProjectFactory(name="Safeguarding families", slug="safeguarding")
    ProjectAreaFactory(project=project, authority=authority)
    return Grant.objects.create(
        round=project.round,
        recipient=project.lead_organisation,
        project=project,
        amount_pence=250_000_00,
        awarded_on=date(2016, 3, 1),
        created_at=aware(2016, 3, 1, 9, 0),
    )


def programme_tallies(authority):
    return [
        (currency, year, grants, total)
        for (authority_id, source, _, currency, year), (grants, total) in kept().items()
        if authority_id == authority.pk and source == "programme"
    ]


def test_tallies_follow_imports_changes_and_publishing(tmp_path, areas):
    grant = a_programme_grant(areas["hackney"])
    publish_open_data_files()
    assert programme_tallies(areas["hackney"]) == [("GBP", 2016, 1, 250_000_00)]
    imported(
        tmp_path,
        [
            a_grant(
                1,
                amountAwarded=5000,
                awardDate="2018-06-01",
                beneficiaryLocation=in_area("E09000012"),
            ),
            a_grant(
                2,
                amountAwarded=700,
                awardDate="2019-01-15",
                beneficiaryLocation=in_area("E09000012", "E08000035"),
            ),
            a_grant(3, amountAwarded=80000, awardDate="2019-09-30", fundingOrganization=TRUST),
            a_grant(
                4,
                currency="EUR",
                amountAwarded=7000,
                awardDate="2020-02-02",
                beneficiaryLocation=in_area("E08000035"),
            ),
        ],
    )
    assert kept() == counted_from_grants()
    hackney = kept()[(areas["hackney"].pk, "other", "GB-CHC-1015648", "GBP", 2018)]
    assert hackney == (1, 500_000)  # £5,000 in pence

    # The same grants again, one moved from Hackney to Leeds, one larger, one a year later.
    imported(
        tmp_path,
        [
            a_grant(
                1,
                amountAwarded=5000,
                awardDate="2018-06-01",
                beneficiaryLocation=in_area("E08000035"),
            ),
            a_grant(
                2,
                amountAwarded=900,
                awardDate="2019-01-15",
                beneficiaryLocation=in_area("E09000012", "E08000035"),
            ),
            a_grant(3, amountAwarded=80000, awardDate="2020-09-30", fundingOrganization=TRUST),
        ],
        name="changed.json",
    )
    assert kept() == counted_from_grants()
    assert (areas["hackney"].pk, "other", "GB-CHC-1015648", "GBP", 2018) not in kept()
    # A key whose grants have all gone is not kept at zero.
    assert not IndexedGrantTally.objects.filter(grants=0).exists()

    grant.amount_pence = 300_000_00
    grant.save()
    publish_open_data_files()  # the programme's grants replaced whole
    assert kept() == counted_from_grants()
    assert programme_tallies(areas["hackney"]) == [("GBP", 2016, 1, 300_000_00)]

    remove_other_funders_grants(["360G-example-1", "360G-example-2"])
    assert kept() == counted_from_grants()
    leeds = [key for key in kept() if key[0] == areas["leeds"].pk and key[1] == "other"]
    assert leeds == [(areas["leeds"].pk, "other", "GB-CHC-1015648", "EUR", 2020)]  # grant 4


def test_an_import_that_fails_leaves_the_tallies_as_they_were(tmp_path, areas):
    imported(tmp_path, [a_grant(1, beneficiaryLocation=in_area("E09000012"))])
    before = kept()
    received = services.receive_path(
        a_file(tmp_path, [a_grant(1, amountAwarded=99), a_grant(2)], "other.json"),
        publisher_name="Somebody else entirely",
    )
    with pytest.raises(services.NotImportable):
        services.import_checked_file(services.check_received_file(received.pk))
    assert kept() == before == counted_from_grants()


def test_search_api_and_authority_page_count_the_same_grants_as_the_grants_themselves(
    client, tmp_path, areas
):
    imported(
        tmp_path,
        [
            a_grant(number, amountAwarded=100 * number, beneficiaryLocation=in_area("E09000012"))
            for number in range(1, 8)
        ]
        + [a_grant(8, currency="EUR", amountAwarded=50, beneficiaryLocation=in_area("E09000012"))],
    )
    hackney = areas["hackney"]
    filters = GrantFilters(authority_id=hackney.pk)
    held = IndexedGrant.objects.filter(areas__authority=hackney)
    assert count_found(filters, search_grants(filters)) == held.count() == 8
    page = client.get(reverse("public:grant_search"), {"local_authority": hackney.slug})
    assert page.context["found"].count == page.context["page"].paginator.count == 8
    api = client.get("/api/v1/grant-search", {"local_authority": hackney.slug}).json()
    assert api["count"] == 8
    summary = authority_summary(hackney)
    assert summary["count"] == 8
    assert {row["currency"]: (row["count"], row["total"]) for row in summary["by_currency"]} == {
        "EUR": (1, 50_00),
        "GBP": (7, sum(100_00 * number for number in range(1, 8))),
    }
    # A search with words is counted from the grants found, not the tallies.
    worded = GrantFilters(authority_id=hackney.pk, words=("nothing-like-this",))
    assert count_found(worded, search_grants(worded)) == 0


def test_an_authority_page_costs_the_same_queries_whatever_its_grants(client, tmp_path, areas):
    hackney = areas["hackney"]
    imported(tmp_path, [a_grant(1, beneficiaryLocation=in_area("E09000012"))])
    with CaptureQueriesContext(connection) as few:
        authority_summary(hackney)
    queries_few = len(few)
    imported(
        tmp_path,
        [a_grant(n, beneficiaryLocation=in_area("E09000012")) for n in range(2, 60)],
        name="more.json",
    )
    with CaptureQueriesContext(connection) as many:
        summary = authority_summary(hackney)
    assert summary["count"] == 59
    assert len(many) == queries_few
