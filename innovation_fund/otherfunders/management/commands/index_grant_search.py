"""Fill the grants search's table again from the records: the programme's publishable grants
and every other funder's grant held. Needed once after upgrading to a version with the grants
search, or after an org-id is given to a council (grants are matched to councils when indexed).
Publishing the open data and importing a file keep it up to date otherwise."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Prefetch

from innovation_fund.opendata.export import grant_records, grants_to_export
from innovation_fund.opendata.search_index import (
    index_other_funders_grants,
    replace_programme_grants,
)
from innovation_fund.opendata.search_tallies import recount
from innovation_fund.otherfunders.mapping import indexable
from innovation_fund.otherfunders.models import OtherFunderGrant, OtherFunderGrantLocation

CHUNK = 5_000


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        with transaction.atomic():
            programme = replace_programme_grants(grant_records(grants_to_export()))
        self.stdout.write(f"{programme:,} of the programme's grants indexed")
        grants = (
            OtherFunderGrant.objects.select_related("imported_file")
            .only(
                *(
                    field.name
                    for field in OtherFunderGrant._meta.concrete_fields
                    if field.name != "data"
                ),
                "imported_file__source_url",
            )
            .prefetch_related(
                Prefetch(
                    "locations", queryset=OtherFunderGrantLocation.objects.only("grant", "geo_code")
                )
            )
            .order_by("pk")
        )
        others = 0
        batch = []
        for grant in grants.iterator(chunk_size=CHUNK):
            batch.append(indexable(grant, list(grant.locations.all()), grant.imported_file))
            if len(batch) == CHUNK:
                others += self._index(batch)
                batch = []
        others += self._index(batch)
        self.stdout.write(f"{others:,} of other funders' grants indexed")
        with transaction.atomic():
            recount()
        self.stdout.write("Counts by authority, funder and year made again from the grants")

    def _index(self, batch) -> int:
        with transaction.atomic():
            return index_other_funders_grants(batch) if batch else 0
