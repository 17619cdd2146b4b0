"""Reading imported files and other funders' grants for pages."""

from django.db.models import Count, QuerySet, Sum

from innovation_fund.opendata.grant_search import area_totals, in_authority
from innovation_fund.opendata.models import IndexedGrant
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority

from .models import ImportedFile, OtherFunderGrant

GRANTS_SHOWN = 20


# What a list of files needs; the report and the grants as JSON can be large.
LARGE_FIELDS = ("report", "package")


def imported_files_page() -> dict:
    return {
        "imported_files": ImportedFile.objects.defer(*LARGE_FIELDS).select_related("uploaded_by"),
        "grants_held": OtherFunderGrant.objects.count(),
    }


def imported_files() -> QuerySet[ImportedFile]:
    """The files whose grants are on the site, for the sources page."""
    return ImportedFile.objects.filter(status=ImportedFile.Status.IMPORTED).defer(*LARGE_FIELDS)


def authority_summary(authority: LocalAuthority) -> dict:
    """`summary` of other funders' grants matched to the authority when they were imported: by
    a GSS code (where they benefit or where the recipient is), or paid to the council itself, by
    its org-id. The same match as the grants search's, so the two always agree.

    Counted from the tallies kept as grants are indexed, and only the few grants listed are read
    from other funders' records."""
    totals = area_totals(authority.pk, source=IndexedGrant.Source.OTHER)
    matched = in_authority(authority.pk, source=IndexedGrant.Source.OTHER)
    # The search's own "newest first" (award date, then id), which an index holds.
    newest = list(matched.values_list("grant_id", flat=True)[:GRANTS_SHOWN])
    recent = _listed(OtherFunderGrant.objects.filter(grant_id__in=newest))
    return {**totals, "recent": list(recent), "shown": GRANTS_SHOWN}


def grants_to_organisation(organisation: Organisation) -> QuerySet[OtherFunderGrant]:
    """Other funders' grants whose recipient has the organisation's org-id."""
    if not organisation.org_id:
        return OtherFunderGrant.objects.none()
    return _listed(OtherFunderGrant.objects.filter(recipient_org_id=organisation.org_id))


def _listed(grants: QuerySet[OtherFunderGrant]) -> QuerySet[OtherFunderGrant]:
    return grants.select_related("imported_file").defer(
        "data", "description", *(f"imported_file__{name}" for name in LARGE_FIELDS)
    )


def summary(grants: QuerySet[OtherFunderGrant]) -> dict:
    """How many grants, from how many funders, and the sums by currency (never added across
    currencies), plus the most recent few to list."""
    by_currency = list(
        grants.order_by("currency")
        .values("currency")
        .annotate(total=Sum("amount_awarded_minor"), count=Count("pk"))
    )
    funders = grants.order_by().aggregate(funders=Count("funder_org_id", distinct=True))
    return {
        "count": sum(row["count"] for row in by_currency),
        "funders": funders["funders"],
        "by_currency": by_currency,
        "recent": list(grants[:GRANTS_SHOWN]),
        "shown": GRANTS_SHOWN,
    }
