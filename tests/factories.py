"""factory_boy factories for every model the tests build by hand."""

from datetime import date, datetime, timedelta

import factory
from django.utils import timezone

from innovation_fund.accounts.models import User
from innovation_fund.applications.models import Application
from innovation_fund.evidence.models import Finding
from innovation_fund.grants.models import Project, ProjectArea, ProjectPartner
from innovation_fund.innovations.models import Adoption, Innovation
from innovation_fund.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationType,
)
from innovation_fund.places.models import Boundary, BoundarySet, LocalAuthority, Region
from innovation_fund.programmes.models import (
    Criterion,
    FocusArea,
    Outcome,
    Programme,
    ProgrammeRole,
    Round,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E1200{n % 10:04d}")
    name = factory.Sequence(lambda n: f"Region {n}")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority

    gss_code = factory.Sequence(lambda n: f"E06{n:06d}")
    name = factory.Sequence(lambda n: f"Authority {n}")
    slug = factory.Sequence(lambda n: f"authority-{n}")
    dfe_code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    region = factory.SubFactory(RegionFactory)
    valid_from = date(2009, 4, 1)
    valid_to = None


class BoundarySetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoundarySet

    key = factory.Sequence(lambda n: f"set-{n}")
    title = "Test boundaries"
    file_name = "test.geojson"
    resolution = "test"
    attribution = "Test data"
    view_box = "0 0 100 100"


class BoundaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Boundary

    boundary_set = factory.SubFactory(BoundarySetFactory)
    authority = factory.SubFactory(LocalAuthorityFactory)
    svg_path = "M0 0L10 0L10 10Z"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["slug"]

    name = "Children's Social Care Innovation Programme"
    slug = "innovation-programme"
    funder_name = "Department for Education"
    summary = "A test programme."
    starts_on = date(2014, 4, 1)
    ends_on = date(2020, 3, 31)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda r: f"Round {r.number}")
    slug = factory.LazyAttribute(lambda r: f"round-{r.number}")
    round_type = Round.RoundType.OPEN_COMPETITION
    announced_year = 2014
    state = Round.State.PUBLISHED


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Focus area {n}")
    slug = factory.Sequence(lambda n: f"focus-area-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    organisation_type = OrganisationType.CHARITY


class InnovationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Innovation

    name = factory.Sequence(lambda n: f"Innovation {n}")
    slug = factory.Sequence(lambda n: f"innovation-{n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    round = factory.SubFactory(RoundFactory)
    award_year = 2015
    amount_pence = 100_000_00


class ProjectPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ProjectAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectArea

    project = factory.SubFactory(ProjectFactory)
    authority = factory.SubFactory(LocalAuthorityFactory)
    involvement = ProjectArea.Involvement.LEAD


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adoption

    innovation = factory.SubFactory(InnovationFactory)
    authority = factory.SubFactory(LocalAuthorityFactory)
    year = 2016


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    project = factory.SubFactory(ProjectFactory)
    project_label = factory.LazyAttribute(lambda f: f.project.name)
    outcome = "Children on child protection plans"
    result = "A change"


# --- Applying (issue 3): people, memberships, roles, open rounds and bids ---------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.EDITOR


class ProgrammeRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeRole

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = ProgrammeRole.Role.PROGRAMME_MANAGER


class OpenRoundFactory(RoundFactory):
    """A published round that opened a week ago and closes in four weeks, with bid limits."""

    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=28))
    budget_pence = 10_000_000_00
    minimum_bid_pence = 50_000_00
    maximum_bid_pence = 2_000_000_00
    eligible_organisation_types = factory.LazyFunction(
        lambda: [choice.value for choice in OrganisationType]
    )
    funding_starts_on = date(2027, 4, 1)
    funding_ends_on = date(2029, 3, 31)
    state = Round.State.PUBLISHED


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(OpenRoundFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 50


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Outcome {n}")
    slug = factory.Sequence(lambda n: f"outcome-{n}")
    position = factory.Sequence(lambda n: n)
    # In the framework for a year, so rounds that opened recently (OpenRoundFactory) offer it.
    added_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=365))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    round = factory.SubFactory(OpenRoundFactory)
    lead_organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"T{n:03d}-TEST-BID")
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Bid {n}")


def aware(*args) -> datetime:
    """A London wall-clock time as an aware datetime: aware(2027, 3, 1, 12, 0)."""
    from innovation_fund.core.dates import LONDON

    return datetime(*args, tzinfo=LONDON)
