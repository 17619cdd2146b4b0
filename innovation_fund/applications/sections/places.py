"""3. Where the work happens: the local authority areas, as they are when the round closes.

Authorities change (Northamptonshire split in 2021, Cumbria in 2023), so the list offered is the
authorities valid on the round's closing day in London (today if the round has no closing time),
and an authority that was not valid then is refused, even when posted by hand. One GOV.UK
checkboxes list, in one fieldset, with the authorities under their regions. On the first visit
a lead organisation that is a local authority finds its own area ticked.
"""

from collections import defaultdict
from datetime import date

from django import forms

from innovation_fund.core.dates import format_date, london_today, to_london
from innovation_fund.core.errors import DomainError
from innovation_fund.organisations.models import OrganisationType
from innovation_fund.places.models import LocalAuthority
from innovation_fund.programmes.models import Round

from ..models import Application, ApplicationPlace
from .base import FormSection, Row, VersionedForm


def round_day(round: Round) -> date:
    """The day authorities must be valid on: the round's closing day in London, or today."""
    return to_london(round.closes_at).date() if round.closes_at else london_today()


def _when(round: Round) -> str:
    day = round_day(round)
    return f"on {format_date(day)}, when the round closes" if round.closes_at else "today"


def not_valid_message(authority: LocalAuthority, round: Round) -> str:
    return (
        f"{authority.name} is not a local authority {_when(round)}: choose the authority that "
        "covers the area then"
    )


class PlacesForm(VersionedForm):
    authorities = forms.ModelMultipleChoiceField(
        label="Where will the work happen?",
        queryset=LocalAuthority.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one local authority where the work will happen",
            "invalid_choice": "Choose local authorities from the list",
            "invalid_pk_value": "Choose local authorities from the list",
        },
    )

    def __init__(self, *args, day: date, chosen: list[LocalAuthority], **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        self.chosen_not_valid = [a for a in chosen if not a.is_valid_on(day)]

    def regions(self) -> list[tuple[str, list[LocalAuthority]]]:
        """The authorities valid on the day, by region (one query), for the page."""
        by_region = defaultdict(list)
        authorities = (
            LocalAuthority.objects.valid_on(self.day)
            .select_related("region")
            .order_by("region__name", "name")
        )
        for authority in authorities:
            by_region[authority.region.name].append(authority)
        return list(by_region.items())

    def selected(self) -> set[str]:
        value = self["authorities"].value() or []
        return {str(getattr(item, "pk", item)) for item in value}


class PlacesSection(FormSection):
    form_class = PlacesForm

    def form_kwargs(self, application):
        return {
            "day": round_day(application.round),
            "chosen": [place.authority for place in application.places.all()],
        }

    def initial(self, application):
        chosen = [place.authority_id for place in application.places.all()]
        lead = application.lead_organisation
        if (
            not chosen
            and self.version(application) == 0
            and lead.organisation_type == OrganisationType.LOCAL_AUTHORITY
            and lead.authority_id
        ):
            chosen = [lead.authority_id]
        return {"authorities": chosen}

    def apply(self, application, data, user):
        authorities = sorted(data["authorities"], key=lambda a: a.name)
        for authority in authorities:
            if not authority.is_valid_on(round_day(application.round)):
                raise DomainError(
                    not_valid_message(authority, application.round), field="authorities"
                )
        places = list(application.places.select_related("authority"))
        before = {"authorities": [_audit(place.authority) for place in places]}
        wanted = {authority.pk for authority in authorities}
        ApplicationPlace.objects.filter(application=application).exclude(
            authority_id__in=wanted
        ).delete()
        have = {place.authority_id for place in places}
        ApplicationPlace.objects.bulk_create(
            ApplicationPlace(application=application, authority=authority)
            for authority in authorities
            if authority.pk not in have
        )
        return before, {"authorities": [_audit(authority) for authority in authorities]}

    def is_started(self, application: Application) -> bool:
        return bool(application.places.all()) or self.version(application) > 0

    def problems(self, application: Application) -> list[str]:
        places = application.places.all()
        if not places:
            return ["Add at least one local authority where the work will happen"]
        day = round_day(application.round)
        return [
            not_valid_message(place.authority, application.round)
            for place in places
            if not place.authority.is_valid_on(day)
        ]

    def summary_rows(self, application):
        names = [place.authority.name for place in application.places.all()]
        return [Row("Local authorities", names or "Not answered", "id_authorities")]


def _audit(authority: LocalAuthority) -> dict:
    return {"id": authority.pk, "gss_code": authority.gss_code, "name": authority.name}


PLACES = PlacesSection(
    slug="places",
    template="applications/sections/places.html",
    title="Where the work happens",
    hint="The local authority areas where the project will work",
)
