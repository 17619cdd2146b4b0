"""The grants search's results as CSV, streamed a row at a time whatever their number.

Amounts are whole numbers of hundredths of the currency (pence for GBP), as stored, so no
figure is rounded or turned into a float on its way out. Text that a spreadsheet could take for
a formula is neutralised.
"""

import csv
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from innovation_fund.applications.exports import neutralise

from .models import IndexedGrant, IndexedGrantArea

CHUNK = 2_000
HEADERS = [
    "Identifier",
    "Title",
    "Description",
    "Whose grant",
    "Funder org-id",
    "Funder",
    "Recipient org-id",
    "Recipient",
    "Award date",
    "Currency",
    "Amount awarded (hundredths of the currency: pence for GBP)",
    "Local authorities",
    "Page",
]


class _Line:
    """A file-like object that hands back what csv.writer writes, instead of keeping it."""

    def write(self, text: str) -> str:
        return text


def csv_lines(grants: QuerySet[IndexedGrant]) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield writer.writerow(HEADERS)
    areas = IndexedGrantArea.objects.select_related("authority").order_by("authority__name")
    for grant in grants.prefetch_related(Prefetch("areas", queryset=areas)).iterator(
        chunk_size=CHUNK
    ):
        yield writer.writerow(
            [
                neutralise(grant.grant_id),
                neutralise(grant.title),
                neutralise(grant.description),
                grant.get_source_display(),
                neutralise(grant.funder_org_id),
                neutralise(grant.funder_name),
                neutralise(grant.recipient_org_id),
                neutralise(grant.recipient_name),
                grant.award_date.isoformat(),
                grant.currency,
                grant.amount_awarded_minor,
                "; ".join(area.authority.name for area in grant.areas.all()),
                grant.page_url,
            ]
        )
