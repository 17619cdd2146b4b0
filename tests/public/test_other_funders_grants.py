"""Other funders' grants on the public authority and organisation pages, matched by the area's
GSS code and by org-id, and never mistaken for the programme's own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovation_fund.organisations.models import OrganisationType
from innovation_fund.otherfunders import services
from innovation_fund.programmes.models import Round
from tests.factories import (
    LocalAuthorityFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    RoundFactory,
)
from tests.otherfunders.builders import a_file, a_grant

pytestmark = pytest.mark.django_db


def imported(tmp_path, grants, publisher="The Example Trust"):
    received = services.receive_path(a_file(tmp_path, grants), publisher_name=publisher)
    services.import_checked_file(services.check_received_file(received.pk))


def in_area(gss_code):
    return [{"geoCode": gss_code, "geoCodeType": "UA", "name": "Somewhere"}]


def test_the_authority_page_lists_grants_naming_its_area_or_to_its_council(client, tmp_path):
    authority = LocalAuthorityFactory(gss_code="E06000001", name="Hartlepool")
    OrganisationFactory(
        name="Hartlepool Borough Council",
        org_id="GB-LAE-HPL",
        organisation_type=OrganisationType.LOCAL_AUTHORITY,
        authority=authority,
    )
    council = [{"id": "GB-LAE-HPL", "name": "Hartlepool Borough Council"}]
    imported(
        tmp_path,
        [
            a_grant(1, title="Youth club in the area", beneficiaryLocation=in_area("E06000001")),
            a_grant(2, title="Paid to the council", recipientOrganization=council),
            a_grant(3, title="Somewhere else", beneficiaryLocation=in_area("E06000002")),
        ],
    )
    page = client.get(reverse("public:authority_detail", args=[authority.slug])).content.decode()
    assert "Other funders’ grants" in page
    assert "Youth club in the area" in page
    assert "Paid to the council" in page
    assert "Somewhere else" not in page
    assert "2 grants from 1 other funder name Hartlepool" in page
    assert "£2,003 in all" in page  # 1,001 + 1,002, summed from the records
    assert "from The Example Trust’s file" in page


def test_an_authority_with_none_says_so(client):
    authority = LocalAuthorityFactory(name="Rutland")
    page = client.get(reverse("public:authority_detail", args=[authority.slug])).content.decode()
    assert "No grant in the other funders’ files imported so far names Rutland" in page


def test_the_authority_page_makes_the_same_queries_however_many_grants(client, tmp_path):
    authority = LocalAuthorityFactory(gss_code="E06000001")
    url = reverse("public:authority_detail", args=[authority.slug])
    imported(tmp_path, [a_grant(n, beneficiaryLocation=in_area("E06000001")) for n in (1, 2)])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    imported(tmp_path, [a_grant(n, beneficiaryLocation=in_area("E06000001")) for n in range(3, 11)])
    with CaptureQueriesContext(connection) as many:
        assert "10 grants" in client.get(url).content.decode()
    assert len(many) == len(few)


def test_an_organisation_page_shows_its_projects_and_other_funders_grants_by_org_id(
    client, tmp_path
):
    charity = OrganisationFactory(name="Family Matters", org_id="GB-CHC-1000147")
    project = ProjectFactory(lead_organisation=charity, name="Family group conferencing")
    imported(tmp_path, [a_grant(1, title="Counselling service")])  # recipient GB-CHC-1000147
    imported(
        tmp_path,
        [a_grant(2, title="Not theirs", recipientOrganization=[{"id": "GB-CHC-9", "name": "X"}])],
    )
    response = client.get(reverse("public:organisation_detail", args=[charity.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Family group conferencing" in page
    assert reverse("public:project_detail", args=[project.slug]) in page
    assert "Counselling service" in page
    assert "Not theirs" not in page


def test_a_partner_has_a_page_too(client):
    partner = ProjectPartnerFactory().organisation
    response = client.get(reverse("public:organisation_detail", args=[partner.slug]))
    assert response.status_code == 200
    assert "Partner" in response.content.decode()


@pytest.mark.parametrize("published", [False, None])
def test_an_organisation_without_a_published_project_has_no_page(client, published):
    organisation = OrganisationFactory()
    if published is False:
        ProjectFactory(lead_organisation=organisation, is_published=False)
    response = client.get(reverse("public:organisation_detail", args=[organisation.slug]))
    assert response.status_code == 404


def test_the_project_page_links_to_its_lead_organisations_page(client):
    project = ProjectFactory()
    page = client.get(reverse("public:project_detail", args=[project.slug])).content.decode()
    assert reverse("public:organisation_detail", args=[project.lead_organisation.slug]) in page


def test_a_grant_to_a_person_never_shows_their_name(client, tmp_path):
    authority = LocalAuthorityFactory(gss_code="E06000001")
    person = a_grant(
        1,
        recipientIndividual={"id": "360G-x-person-1", "name": "Jane Example"},
        beneficiaryLocation=in_area("E06000001"),
    )
    del person["recipientOrganization"]
    imported(tmp_path, [person])
    page = client.get(reverse("public:authority_detail", args=[authority.slug])).content.decode()
    assert "An individual" in page
    assert "Jane Example" not in page


def test_the_sources_page_names_each_imported_file_with_its_publisher_and_licence(client, tmp_path):
    received = services.receive_path(
        a_file(tmp_path, [a_grant(1)]),
        publisher_name="The Example Trust",
        source_url="https://example.org/grants.json",
        licence="CC BY 4.0",
    )
    checked = services.check_received_file(received.pk)
    page = client.get(reverse("public:about_data")).content.decode()
    assert "No other funder’s file has been imported yet" in page
    services.import_checked_file(checked)
    page = client.get(reverse("public:about_data")).content.decode()
    assert "The Example Trust" in page
    assert "https://example.org/grants.json" in page
    assert "CC BY 4.0" in page


@pytest.mark.parametrize(
    "round_kind", [{"is_demonstration": True}, {"state": Round.State.DRAFT}], ids=["demo", "draft"]
)
def test_a_project_in_a_demonstration_or_unpublished_round_gives_no_organisation_page(
    client, round_kind
):
    project = ProjectFactory(round=RoundFactory(**round_kind))
    slug = project.lead_organisation.slug
    assert client.get(reverse("public:organisation_detail", args=[slug])).status_code == 404
    assert client.get(reverse("public:project_detail", args=[project.slug])).status_code == 404


def test_amounts_in_different_currencies_are_never_added_together(client, tmp_path):
    authority = LocalAuthorityFactory(gss_code="E06000001", name="Hartlepool")
    imported(
        tmp_path,
        [
            a_grant(1, beneficiaryLocation=in_area("E06000001")),
            a_grant(2, currency="USD", beneficiaryLocation=in_area("E06000001")),
        ],
    )
    page = client.get(reverse("public:authority_detail", args=[authority.slug])).content.decode()
    assert "£1,001 and 1,002.00 USD in all" in page


def test_the_organisation_page_makes_the_same_queries_however_many_grants(client, tmp_path):
    charity = OrganisationFactory(org_id="GB-CHC-1000147")
    ProjectFactory(lead_organisation=charity)
    url = reverse("public:organisation_detail", args=[charity.slug])
    imported(tmp_path, [a_grant(n) for n in (1, 2)])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    imported(tmp_path, [a_grant(n) for n in range(3, 11)])
    with CaptureQueriesContext(connection) as many:
        assert "10 grants" in client.get(url).content.decode()
    assert len(many) == len(few)
