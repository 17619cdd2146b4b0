"""Writing the grants search's one table (IndexedGrant), from both sources.

- The programme's grants: replaced whole each time the open data is published, from the very
  grants the published package holds, so the search never shows a grant the open data does not.
- Other funders' grants: added or replaced by the import of their file, in its transaction.

Each grant is matched to authorities here, once, rather than at every page view: by every GSS
code it names (where it benefits, where its recipient is) and, where the recipient is a council,
by the council's org-id. Its regions are theirs, and any region it names by code (a grant for
"London" is found in London's region, not put on every borough's page). The counts and sums by
authority, funder and year (search_tallies.py) change here too, in the same transaction.

Called inside the caller's transaction; writes no audit event of its own, since it only mirrors
records whose change is already audited (the publication, the import).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from innovation_fund.core.batches import batched
from innovation_fund.core.money import pounds_to_pence
from innovation_fund.organisations.models import Organisation
from innovation_fund.places.models import LocalAuthority, Region
from innovation_fund.places.selectors import authority_ids_by_code

from .models import IndexedFunder, IndexedGrant, IndexedGrantArea, IndexedGrantRegion
from .search_tallies import TallyChanges, forget_source

BATCH = 500
ID_CHUNK = 900  # below SQLite's oldest limit on query parameters
Source = IndexedGrant.Source


@dataclass(frozen=True)
class GrantToIndex:
    grant_id: str
    title: str
    description: str
    currency: str
    amount_awarded_minor: int
    award_date: date
    funder_org_id: str
    funder_name: str
    recipient_org_id: str
    recipient_name: str
    page_url: str
    geo_codes: tuple[str, ...]


def programme_grant(record: dict) -> GrantToIndex:
    """One grant of the programme's published 360Giving package."""
    funder = record["fundingOrganization"][0]
    recipient = record["recipientOrganization"][0]
    return GrantToIndex(
        grant_id=record["id"],
        title=record["title"],
        description=record.get("description", ""),
        currency=record["currency"],
        amount_awarded_minor=pounds_to_pence(record["amountAwarded"]),
        award_date=_day(record["awardDate"]),
        funder_org_id=funder.get("id", ""),
        funder_name=funder.get("name", ""),
        recipient_org_id=recipient.get("id", ""),
        recipient_name=recipient.get("name", ""),
        page_url=record.get("dataSource", ""),
        geo_codes=tuple(
            location["geoCode"]
            for location in record.get("beneficiaryLocation", [])
            if location.get("geoCode")
        ),
    )


def replace_programme_grants(records: Iterable[dict]) -> int:
    """The programme's grants in the search become exactly these published ones."""
    forget_source(Source.PROGRAMME)
    IndexedGrant.objects.filter(source=Source.PROGRAMME).delete()
    return _add(Source.PROGRAMME, (programme_grant(record) for record in records), TallyChanges())


def index_other_funders_grants(grants: Iterable[GrantToIndex]) -> int:
    """Add other funders' grants, replacing any already indexed under the same ids."""
    grants = list(grants)
    tallies = TallyChanges()
    _take_away(Source.OTHER, [grant.grant_id for grant in grants], tallies)
    return _add(Source.OTHER, grants, tallies)


def remove_other_funders_grants(grant_ids: list[str]) -> None:
    """Other funders' grants leave the search (and its tallies)."""
    tallies = TallyChanges()
    _take_away(Source.OTHER, grant_ids, tallies)
    tallies.apply()


def _take_away(source: str, grant_ids: list[str], tallies: TallyChanges) -> None:
    for start in range(0, len(grant_ids), ID_CHUNK):
        leaving = IndexedGrant.objects.filter(
            source=source, grant_id__in=grant_ids[start : start + ID_CHUNK]
        )
        tallies.take_away_indexed(leaving)
        leaving.delete()


def _add(source: str, grants: Iterable[GrantToIndex], tallies: TallyChanges) -> int:
    authority_by_gss = authority_ids_by_code()  # districts' codes give their county
    region_of_authority = dict(LocalAuthority.objects.values_list("pk", "region_id"))
    region_by_gss = dict(Region.objects.values_list("code", "pk"))
    council_by_org_id = dict(
        Organisation.objects.filter(authority__isnull=False, org_id__gt="").values_list(
            "org_id", "authority_id"
        )
    )
    added = 0
    for batch in batched(grants, BATCH):
        rows = IndexedGrant.objects.bulk_create(
            [
                IndexedGrant(
                    source=source,
                    grant_id=grant.grant_id,
                    title=grant.title,
                    description=grant.description,
                    currency=grant.currency,
                    amount_awarded_minor=grant.amount_awarded_minor,
                    award_date=grant.award_date,
                    award_year=grant.award_date.year,
                    funder_org_id=grant.funder_org_id,
                    funder_name=grant.funder_name,
                    recipient_org_id=grant.recipient_org_id,
                    recipient_name=grant.recipient_name,
                    page_url=grant.page_url,
                )
                for grant in batch
            ]
        )
        areas, regions = [], []
        for row, grant in zip(rows, batch, strict=True):
            authority_ids = _authorities(grant, authority_by_gss, council_by_org_id)
            areas += [IndexedGrantArea(grant_id=row.pk, authority_id=pk) for pk in authority_ids]
            region_ids = {region_of_authority[pk] for pk in authority_ids} | {
                region_by_gss[code] for code in grant.geo_codes if code in region_by_gss
            }
            regions += [IndexedGrantRegion(grant_id=row.pk, region_id=pk) for pk in region_ids]
            tallies.add(row, authority_ids)
        IndexedGrantArea.objects.bulk_create(areas)
        IndexedGrantRegion.objects.bulk_create(regions)
        _keep_funders(batch)
        added += len(rows)
    tallies.apply()
    return added


def _keep_funders(batch: list[GrantToIndex]) -> None:
    """Each funder once, with the name the grants indexed last give it."""
    names = {grant.funder_org_id: grant.funder_name for grant in batch if grant.funder_org_id}
    IndexedFunder.objects.bulk_create(
        [IndexedFunder(org_id=org_id, name=name) for org_id, name in names.items()],
        update_conflicts=True,
        unique_fields=["org_id"],
        update_fields=["name"],
    )


def _authorities(grant: GrantToIndex, by_gss: dict, council_by_org_id: dict) -> set[int]:
    found = {by_gss[code] for code in grant.geo_codes if code in by_gss}
    if grant.recipient_org_id in council_by_org_id:
        found.add(council_by_org_id[grant.recipient_org_id])
    return found


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])
