"""A small programme with something of everything the API shows, and things it must not."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from innovation_fund.grants.models import Grant, Project, ProjectArea
from innovation_fund.innovations.models import Innovation
from innovation_fund.organisations.models import Organisation, OrganisationType
from innovation_fund.places.models import LocalAuthority, Measure, StatisticValue, Succession
from innovation_fund.programmes.models import FocusArea, Round
from tests.factories import (
    AdoptionFactory,
    FocusAreaFactory,
    InnovationFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    ProjectAreaFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    RegionFactory,
    RoundFactory,
)


@dataclass
class World:
    north: LocalAuthority
    south: LocalAuthority
    merged: LocalAuthority
    round_one: Round
    round_two: Round
    demonstration_round: Round
    unpublished_round: Round
    focus_area: FocusArea
    innovation: Innovation
    charity: Organisation
    council: Organisation
    partner: Organisation
    draft_only: Organisation
    family_project: Project
    council_project: Project
    draft: Project
    demonstration: Project
    in_unpublished_round: Project
    family_grant: Grant
    council_grant: Grant


def grant_for(project: Project, **fields) -> Grant:
    fields.setdefault("amount_pence", project.amount_pence)
    fields.setdefault("award_year", project.award_year)
    return Grant.objects.create(
        round=project.round, recipient=project.lead_organisation, project=project, **fields
    )


def statistic(authority, year, measure, value, status=StatisticValue.Status.PUBLISHED):
    return StatisticValue.objects.create(
        authority=authority,
        year=year,
        measure=measure,
        value=None if value is None else Decimal(value),
        status=status,
        source_file="test.csv",
    )


@pytest.fixture
def world(db) -> World:
    north_west = RegionFactory(code="E12000002", name="North West")
    south_east = RegionFactory(code="E12000008", name="South East")
    north = LocalAuthorityFactory(
        name="Northshire", slug="northshire", gss_code="E10000101", region=north_west
    )
    south = LocalAuthorityFactory(
        name="Southshire", slug="southshire", gss_code="E10000102", region=south_east
    )
    merged = LocalAuthorityFactory(
        name="Old Southshire",
        slug="old-southshire",
        gss_code="E10000103",
        region=south_east,
        valid_to=date(2019, 3, 31),
    )
    Succession.objects.create(predecessor=merged, successor=south, position=0)

    round_one = RoundFactory(number=1, name="Round One", slug="round-1")
    round_two = RoundFactory(number=2, name="Round Two", slug="round-2")
    demonstration_round = RoundFactory(
        number=3, name="Demonstration round (not real)", slug="demo", is_demonstration=True
    )
    unpublished_round = RoundFactory(
        number=4, name="Round Four", slug="round-4", state=Round.State.DRAFT
    )
    focus_area = FocusAreaFactory(round=round_one, name="Adolescents", slug="adolescents")
    innovation = InnovationFactory(name="Family Valued", slug="family-valued")

    charity = OrganisationFactory(
        name="Family Charity",
        slug="family-charity",
        organisation_type=OrganisationType.CHARITY,
        org_id="GB-CHC-1000001",
        charity_number="1000001",
    )
    council = OrganisationFactory(
        name="Southshire Council",
        slug="southshire-council",
        organisation_type=OrganisationType.LOCAL_AUTHORITY,
        org_id="GB-LAE-STH",
    )
    partner = OrganisationFactory(name="Research Partner", slug="research-partner")
    draft_only = OrganisationFactory(name="Draft Lead", slug="draft-lead")

    family_project = ProjectFactory(
        name="Family support",
        slug="family-support",
        summary="Family group conferencing for adolescents",
        lead_organisation=charity,
        round=round_one,
        focus_area=focus_area,
        innovation=innovation,
        amount_pence=123_456_78,
        award_year=2015,
        starts_on=date(2015, 4, 1),
        ends_on=date(2017, 3, 31),
    )
    ProjectAreaFactory(project=family_project, authority=north)
    council_project = ProjectFactory(
        name="Council practice",
        slug="council-practice",
        lead_organisation=council,
        round=round_two,
        amount_pence=None,
        award_year=2017,
    )
    council_project.scales.add(family_project)
    ProjectAreaFactory(project=council_project, authority=south)
    ProjectAreaFactory(
        project=council_project, authority=north, involvement=ProjectArea.Involvement.PARTNER
    )
    ProjectPartnerFactory(project=council_project, organisation=partner, position=0)
    ProjectPartnerFactory(
        project=council_project, organisation=None, description="Local schools", position=1
    )

    draft = ProjectFactory(
        name="Secret draft",
        slug="secret-draft",
        lead_organisation=draft_only,
        round=round_one,
        innovation=innovation,
        is_published=False,
    )
    ProjectAreaFactory(project=draft, authority=south)
    draft_partner = OrganisationFactory(name="Draft Partner", slug="draft-partner")
    ProjectPartnerFactory(project=draft, organisation=draft_partner)
    council_project.scales.add(draft)
    demonstration = ProjectFactory(
        name="Demonstration bid", slug="demonstration-bid", round=demonstration_round
    )
    in_unpublished_round = ProjectFactory(
        name="Unannounced", slug="unannounced", round=unpublished_round
    )

    family_grant = grant_for(family_project)
    council_grant = grant_for(council_project, awarded_on=date(2017, 2, 14))
    for hidden in (draft, demonstration, in_unpublished_round):
        grant_for(hidden)

    AdoptionFactory(innovation=innovation, authority=north, project=family_project, year=2015)
    AdoptionFactory(innovation=innovation, authority=south, project=draft, year=2016)
    AdoptionFactory(innovation=innovation, authority=south, project=None, year=None)

    return World(
        north=north,
        south=south,
        merged=merged,
        round_one=round_one,
        round_two=round_two,
        demonstration_round=demonstration_round,
        unpublished_round=unpublished_round,
        focus_area=focus_area,
        innovation=innovation,
        charity=charity,
        council=council,
        partner=partner,
        draft_only=draft_only,
        family_project=family_project,
        council_project=council_project,
        draft=draft,
        demonstration=demonstration,
        in_unpublished_round=in_unpublished_round,
        family_grant=family_grant,
        council_grant=council_grant,
    )


@pytest.fixture
def statistics(world):
    """Northshire's 2014 figures: small counts, a derived rate from one, and England's rates."""
    north = world.north
    statistic(north, 2014, Measure.CHILD_PROTECTION_PLANS, 3)
    statistic(north, 2014, Measure.CHILD_PROTECTION_PLAN_RATE, "2.1", "derived")
    statistic(north, 2014, Measure.LOOKED_AFTER, 7)
    statistic(north, 2014, Measure.LOOKED_AFTER_RATE, "4.9")
    statistic(north, 2014, Measure.CHILDREN_IN_NEED, None, "suppressed")
    statistic(north, 2014, Measure.CHILDREN_IN_NEED_RATE, None, "suppressed")
    statistic(north, 2014, Measure.CHILD_POPULATION, 14_250)
    statistic(None, 2014, Measure.LOOKED_AFTER_RATE, "60.0")
    return north


def items(client, url: str, **params) -> list[dict]:
    response = client.get(url, {"limit": 100, **params})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next_cursor"] is None
    return body["items"]


def slugs(client, url: str, key: str = "slug", **params) -> list[str]:
    return [item[key] for item in items(client, url, **params)]
