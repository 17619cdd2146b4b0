"""Counts and sums of the grants search kept as grants are indexed (IndexedGrantTally), so an
authority's page, and a search by area, funder or currency alone, count from a few rows rather
than every grant: the busiest authority holds 123,366 of a million grants, and counting them at
every view took half a second.

One row per authority, source, funder, currency and award year, and the same again with no
authority for every grant wherever it is. Written only by search_index.py, inside the indexing
transaction, so the tallies always agree with the grants they count (a test checks this).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Sum

from .models import IndexedGrant, IndexedGrantArea, IndexedGrantTally

TABLE = IndexedGrantTally._meta.db_table
COLUMNS = '"source", "funder_org_id", "currency", "award_year"'
ADD_TO_HELD = (
    f'DO UPDATE SET "grants" = "{TABLE}"."grants" + excluded."grants", '
    f'"total_minor" = "{TABLE}"."total_minor" + excluded."total_minor"'
)
# Only constants go into the SQL (the table's own name); the values are parameters.
UPSERT_IN_AUTHORITY = (
    f'INSERT INTO "{TABLE}" ("authority_id", {COLUMNS}, "grants", "total_minor") '  # noqa: S608
    "VALUES (%s, %s, %s, %s, %s, %s, %s) "
    f'ON CONFLICT ("authority_id", {COLUMNS}) WHERE "authority_id" IS NOT NULL {ADD_TO_HELD}'
)
UPSERT_EVERYWHERE = (
    f'INSERT INTO "{TABLE}" ("authority_id", {COLUMNS}, "grants", "total_minor") '  # noqa: S608
    "VALUES (NULL, %s, %s, %s, %s, %s, %s) "
    f'ON CONFLICT ({COLUMNS}) WHERE "authority_id" IS NULL {ADD_TO_HELD}'
)
# (authority id or None for all grants, source, funder org-id, currency, award year)
TallyKey = tuple[int | None, str, str, str, int]


class TallyChanges:
    """Grants added to and taken from the search, by key, applied in one go."""

    def __init__(self):
        self.changes: dict[TallyKey, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, grant: IndexedGrant, authority_ids: Iterable[int], *, sign: int = 1) -> None:
        for authority_id in (None, *authority_ids):
            change = self.changes[
                (
                    authority_id,
                    grant.source,
                    grant.funder_org_id,
                    grant.currency,
                    grant.award_year,
                )
            ]
            change[0] += sign
            change[1] += sign * grant.amount_awarded_minor

    def take_away_indexed(self, grants) -> None:
        """The grants about to be removed from the search (a queryset of IndexedGrant)."""
        for grant in grants.only(
            "source", "funder_org_id", "currency", "award_year", "amount_awarded_minor"
        ).prefetch_related("areas"):
            self.add(grant, [area.authority_id for area in grant.areas.all()], sign=-1)

    def apply(self) -> None:
        """Add the changes to the kept rows in the database itself (INSERT … ON CONFLICT DO
        UPDATE adds to a row atomically, so two imports at once cannot lose each other's
        counts), then drop the rows no grant is left in."""
        changes = [
            (key, grants, total)
            for key, (grants, total) in self.changes.items()
            if grants or total  # a grant indexed again as it was changes nothing
        ]
        self.changes.clear()
        with connection.cursor() as cursor:
            in_authority = [(*key, n, total) for key, n, total in changes if key[0] is not None]
            everywhere = [(*key[1:], n, total) for key, n, total in changes if key[0] is None]
            if in_authority:
                cursor.executemany(UPSERT_IN_AUTHORITY, in_authority)
            if everywhere:
                cursor.executemany(UPSERT_EVERYWHERE, everywhere)
        if any(grants < 0 for _, grants, _ in changes):
            IndexedGrantTally.objects.filter(grants__lte=0).delete()


def _key(row: IndexedGrantTally) -> TallyKey:
    return (row.authority_id, row.source, row.funder_org_id, row.currency, row.award_year)


def _new_row(key: TallyKey, grants: int, total: int) -> IndexedGrantTally:
    authority_id, source, funder_org_id, currency, award_year = key
    return IndexedGrantTally(
        authority_id=authority_id,
        source=source,
        funder_org_id=funder_org_id,
        currency=currency,
        award_year=award_year,
        grants=grants,
        total_minor=total,
    )


def forget_source(source: str) -> None:
    """Every tally of a source, when all its grants leave the search at once."""
    IndexedGrantTally.objects.filter(source=source).delete()


def counted_from_grants():
    """The tallies as the grants themselves give them, counted the slow way: for checking the
    kept ones (tests, and `index_grant_search --check`)."""
    every = IndexedGrant.objects.values("source", "funder_org_id", "currency", "award_year")
    in_areas = IndexedGrantArea.objects.values(
        "authority_id",
        "grant__source",
        "grant__funder_org_id",
        "grant__currency",
        "grant__award_year",
    )
    counted = {}
    for row in every.annotate(grants=Count("pk"), total=Sum("amount_awarded_minor")).order_by():
        key = (None, row["source"], row["funder_org_id"], row["currency"], row["award_year"])
        counted[key] = (row["grants"], row["total"])
    for row in in_areas.annotate(
        grants=Count("pk"), total=Sum("grant__amount_awarded_minor")
    ).order_by():
        key = (
            row["authority_id"],
            row["grant__source"],
            row["grant__funder_org_id"],
            row["grant__currency"],
            row["grant__award_year"],
        )
        counted[key] = (row["grants"], row["total"])
    return counted


def recount() -> None:
    """Every tally counted again from the grants: after the search is filled again from the
    records (`index_grant_search`), whatever state it was in."""
    IndexedGrantTally.objects.all().delete()
    IndexedGrantTally.objects.bulk_create(
        (_new_row(key, grants, total) for key, (grants, total) in counted_from_grants().items()),
        batch_size=500,
    )


def kept() -> dict[TallyKey, tuple[int, int]]:
    return {_key(row): (row.grants, row.total_minor) for row in IndexedGrantTally.objects.all()}
