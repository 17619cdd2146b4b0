"""What the API returns. Money is integer pence; dates are ISO 8601 (`2015-04-01`); times are
ISO 8601 in London time with their UTC offset. Unknown values are null, never 0 or ""."""

from datetime import date, datetime
from typing import Generic, Literal, TypeVar

from django.urls import reverse
from ninja import Field, Schema

from innovation_fund.core.dates import to_london
from innovation_fund.organisations.identifiers import org_id_of
from innovation_fund.organisations.models import OrganisationType
from innovation_fund.places.models import Measure, StatisticValue
from innovation_fund.programmes.models import FocusArea, Round

from . import selectors

# The choices of a model field, as an enum in the OpenAPI description.
FigureStatus = Literal[tuple(StatisticValue.Status.values)]  # type: ignore[valid-type]
OrganisationKind = Literal[tuple(OrganisationType.values)]  # type: ignore[valid-type]
FocusAreaKind = Literal[tuple(FocusArea.Kind.values)]  # type: ignore[valid-type]
RoundType = Literal[tuple(Round.RoundType.values)]  # type: ignore[valid-type]
Involvement = Literal["lead", "partner", "area"]
MeasureName = Literal[tuple(Measure.values)]  # type: ignore[valid-type]


def _absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


ORG_ID_HELP = (
    "The org-id.guide identifier (GB-CHC-…, GB-COH-…, GB-LAE-…), or this programme's own "
    "360G-cscip-org-… identifier where the organisation has no official one; the same as in "
    "the 360Giving open data file."
)


# --- Pages ----------------------------------------------------------------------------------

Item = TypeVar("Item")


class Page(Schema, Generic[Item]):
    """One page of a list. Each list names its own subclass, so that the OpenAPI description
    calls it ProjectPage rather than Page_ProjectOut_."""

    items: list[Item]
    next_cursor: str | None


# --- Errors ---------------------------------------------------------------------------------


class Message(Schema):
    detail: str


class Problem(Schema):
    loc: list[str | int] = Field(description='Where the problem is, such as ["query", "round"].')
    msg: str
    type: str


class Problems(Schema):
    detail: list[Problem]


# --- References between resources -----------------------------------------------------------


class RoundRef(Schema):
    number: int
    slug: str
    name: str


class FocusAreaRef(Schema):
    slug: str = Field(description="The value the `focus_area` filter takes.")
    name: str
    kind: FocusAreaKind

    @staticmethod
    def resolve_slug(focus_area) -> str:
        return focus_area.slug_with_round


class OrganisationRef(Schema):
    slug: str
    org_id: str = Field(description=ORG_ID_HELP)
    name: str
    organisation_type: OrganisationKind

    resolve_org_id = staticmethod(org_id_of)


class NamedOrganisation(Schema):
    org_id: str = Field(description=ORG_ID_HELP)
    name: str

    resolve_org_id = staticmethod(org_id_of)


class AuthorityRef(Schema):
    gss_code: str
    name: str


class InnovationRef(Schema):
    slug: str
    name: str


class RegionOut(Schema):
    code: str = Field(description="ONS GSS code (E12…).")
    name: str


# --- Projects -------------------------------------------------------------------------------


class PartnerOut(Schema):
    organisation: OrganisationRef | None = Field(
        description="The partner, where it is an organisation on the record."
    )
    description: str | None = Field(description="The partner as the source names it, otherwise.")

    @staticmethod
    def resolve_description(partner) -> str | None:
        return partner.description or None


class ProjectAreaOut(Schema):
    authority: AuthorityRef
    involvement: Involvement = Field(
        description="lead, partner, or area (where the work happened)."
    )


class ProjectOut(Schema):
    slug: str
    name: str = Field(description="The project's name, or a description where no source names it.")
    summary: str | None
    practice_description: str | None = Field(
        description="What the project does, as the source describes it."
    )
    lead_organisation: OrganisationRef
    partners: list[PartnerOut]
    round: RoundRef | None
    focus_area: FocusAreaRef | None
    innovation: InnovationRef | None
    amount_awarded_pence: int | None = Field(
        description="The award as it stands now, in pence: after any approved change to the "
        "grant (what it kept, if it was handed back); for grants from published sources, the "
        "announced award (or its cap, where it was 'up to'). Null where no source gives it."
    )
    award_year: int | None
    starts_on: date | None = Field(description="The planned start, where it is known.")
    ends_on: date | None = Field(
        description="The planned end as it stands now (an approved change may have moved it), "
        "where it is known."
    )
    areas: list[ProjectAreaOut]
    scales: list[str] = Field(description="Slugs of earlier projects this one scales or extends.")
    scaled_by: list[str] = Field(description="Slugs of later projects that scale this one.")
    page_url: str

    @staticmethod
    def resolve_name(project) -> str:
        return project.display_name

    @staticmethod
    def resolve_summary(project) -> str | None:
        return project.summary or None

    @staticmethod
    def resolve_practice_description(project) -> str | None:
        return project.practice_description or None

    @staticmethod
    def resolve_amount_awarded_pence(project) -> int | None:
        return project.amount_pence

    @staticmethod
    def resolve_scales(project) -> list[str]:
        return [scaled.slug for scaled in project.scales.all()]

    @staticmethod
    def resolve_scaled_by(project) -> list[str]:
        return [later.slug for later in project.scaled_by.all()]

    @staticmethod
    def resolve_page_url(project, context) -> str:
        return _absolute(context, reverse("public:project_detail", args=[project.slug]))


class ProjectPage(Page[ProjectOut]):
    pass


# --- Grants ---------------------------------------------------------------------------------


class GrantOut(Schema):
    project_slug: str = Field(description="The funded project; identifies the grant.")
    title: str
    amount_awarded_pence: int | None = Field(
        description="The amount awarded in pence; null where no source gives it."
    )
    round: RoundRef
    recipient: NamedOrganisation
    awarded_on: date | None = Field(description="The day of the award, where it is known.")
    award_year: int | None

    @staticmethod
    def resolve_project_slug(grant) -> str:
        return grant.project.slug

    @staticmethod
    def resolve_title(grant) -> str:
        return grant.project.display_name

    @staticmethod
    def resolve_amount_awarded_pence(grant) -> int | None:
        return grant.amount_pence


class GrantPage(Page[GrantOut]):
    pass


# --- Rounds ---------------------------------------------------------------------------------


class RoundOut(Schema):
    number: int
    slug: str
    name: str
    programme: str
    round_type: RoundType
    summary: str | None
    announced_year: int | None
    first_year: int | None
    last_year: int | None
    opens_at: datetime | None
    closes_at: datetime | None
    budget_pence: int | None
    minimum_bid_pence: int | None
    maximum_bid_pence: int | None
    funding_starts_on: date | None
    funding_ends_on: date | None
    focus_areas: list[FocusAreaRef]
    project_count: int = Field(description="Published projects in the round.")

    @staticmethod
    def resolve_programme(funding_round) -> str:
        return funding_round.programme.name

    @staticmethod
    def resolve_summary(funding_round) -> str | None:
        return funding_round.summary or None

    @staticmethod
    def resolve_opens_at(funding_round) -> datetime | None:
        return to_london(funding_round.opens_at) if funding_round.opens_at else None

    @staticmethod
    def resolve_closes_at(funding_round) -> datetime | None:
        return to_london(funding_round.closes_at) if funding_round.closes_at else None


class RoundPage(Page[RoundOut]):
    pass


# --- Organisations --------------------------------------------------------------------------


class OrganisationOut(OrganisationRef):
    charity_number: str | None
    company_number: str | None
    led_projects: list[str] = Field(description="Slugs of the published projects it leads.")
    partner_in_projects: list[str] = Field(
        description="Slugs of the published projects it is a partner in."
    )

    @staticmethod
    def resolve_charity_number(organisation) -> str | None:
        return organisation.charity_number or None

    @staticmethod
    def resolve_company_number(organisation) -> str | None:
        return organisation.company_number or None

    @staticmethod
    def resolve_led_projects(organisation) -> list[str]:
        return [project.slug for project in organisation.led_projects.all()]

    @staticmethod
    def resolve_partner_in_projects(organisation) -> list[str]:
        return sorted(
            {partner.project.slug for partner in organisation.partnerships_in_projects.all()}
        )


class OrganisationPage(Page[OrganisationOut]):
    pass


# --- Innovations ----------------------------------------------------------------------------


class AdoptionOut(Schema):
    authority: AuthorityRef
    year: int | None = Field(description="The year it was taken up, where known.")
    is_origin: bool = Field(description="True where the innovation began here.")
    project_slug: str | None = Field(description="The published project it came through.")

    @staticmethod
    def resolve_project_slug(adoption) -> str | None:
        return adoption.project.slug if adoption.project_id else None


class InnovationOut(Schema):
    slug: str
    name: str
    summary: str | None
    originator: NamedOrganisation | None
    origin_authority: AuthorityRef | None
    origin_year: int | None
    projects: list[str] = Field(description="Slugs of the published projects that used it.")
    adoptions: list[AdoptionOut]
    page_url: str

    @staticmethod
    def resolve_summary(innovation) -> str | None:
        return innovation.summary or None

    @staticmethod
    def resolve_projects(innovation) -> list[str]:
        return [project.slug for project in innovation.projects.all()]

    @staticmethod
    def resolve_page_url(innovation, context) -> str:
        return _absolute(context, reverse("public:innovation_detail", args=[innovation.slug]))


class InnovationPage(Page[InnovationOut]):
    pass


# --- Local authorities ----------------------------------------------------------------------


class AuthorityOut(Schema):
    gss_code: str = Field(description="The ONS GSS code that was in force for the authority.")
    slug: str
    name: str
    dfe_code: str = Field(description="The DfE 3-digit local authority number.")
    region: RegionOut
    valid_from: date = Field(description="When this GSS code came into force.")
    valid_to: date | None = Field(description="The last day the code was in force.")
    successor_codes: list[str] = Field(description="GSS codes of the authorities that replaced it.")
    predecessor_codes: list[str] = Field(description="GSS codes of the authorities it replaced.")
    page_url: str

    @staticmethod
    def resolve_successor_codes(authority) -> list[str]:
        return [succession.successor.gss_code for succession in authority.successions.all()]

    @staticmethod
    def resolve_predecessor_codes(authority) -> list[str]:
        return [predecessor.gss_code for predecessor in authority.predecessors.all()]

    @staticmethod
    def resolve_page_url(authority, context) -> str:
        return _absolute(context, reverse("public:authority_detail", args=[authority.slug]))


class AuthorityPage(Page[AuthorityOut]):
    pass


FIGURE_VALUE_HELP = (
    "Null when not published: `status` says why. A count of children below 5 is suppressed "
    "(status `small_number`), as is a rate worked out here from such a count; `suppressed` is "
    "the publisher's own suppression."
)


class RateOut(Schema):
    measure: MeasureName
    label: str
    value: float | None = Field(description=FIGURE_VALUE_HELP)
    status: FigureStatus


class CountOut(Schema):
    measure: MeasureName
    label: str
    value: int | None = Field(description=FIGURE_VALUE_HELP)
    status: FigureStatus


class StatisticsYearOut(Schema):
    year: int = Field(description="The reporting year, ending 31 March.")
    published_as: str | None = Field(
        description="GSS code of the authority the figures were published under, which is a "
        "predecessor's for years before a change of code."
    )
    rates: list[RateOut] = Field(description="Rates per 10,000 children.")
    counts: list[CountOut]
    england_rates: list[RateOut]


class AuthorityProjectOut(Schema):
    slug: str
    involvements: list[Involvement]


class AuthorityDetailOut(AuthorityOut):
    projects: list[AuthorityProjectOut] = Field(
        description="Published projects the authority led, partnered or hosted."
    )
    statistics: list[StatisticsYearOut] = Field(
        description="Department for Education children's social care statistics "
        "(Open Government Licence v3.0)."
    )

    @staticmethod
    def resolve_projects(authority) -> list[dict]:
        return selectors.authority_projects(authority)

    @staticmethod
    def resolve_statistics(authority) -> list:
        return selectors.authority_statistics(authority)
